public import CSDL2
public import SDLWidgets

/// SDL events that imitate a user, for `--press`, tests and scripted demos. Post them with
/// `SDLHost.post(_:)`: they travel the same path as real input.
public enum SyntheticInput {
    /// Pointer moves to `point`, then the left button goes down and up there. `windowID` names
    /// the window it happens in (`HostWindow.id`); 0 means the host's first window.
    public static func click(at point: Point, windowID: UInt32 = 0) -> [SDL_Event] {
        let down = buttonDown(at: point, windowID: windowID)
        var up = down
        up.button.type = SDL_MOUSEBUTTONUP.rawValue
        up.button.state = UInt8(SDL_RELEASED)
        return [move(to: point, windowID: windowID), down, up]
    }

    /// The pointer moves to `point` (with the left button held when `dragging`).
    public static func move(to point: Point, windowID: UInt32 = 0, dragging: Bool = false) -> SDL_Event {
        var motion = SDL_Event()
        motion.motion.type = SDL_MOUSEMOTION.rawValue
        motion.motion.windowID = windowID
        motion.motion.x = Int32(point.x)
        motion.motion.y = Int32(point.y)
        if dragging { motion.motion.state = csdl_button_mask(SDL_BUTTON_LEFT) }
        return motion
    }

    /// The left button goes down at `point`.
    public static func buttonDown(at point: Point, windowID: UInt32 = 0) -> SDL_Event {
        var down = SDL_Event()
        down.button.type = SDL_MOUSEBUTTONDOWN.rawValue
        down.button.windowID = windowID
        down.button.button = UInt8(SDL_BUTTON_LEFT)
        down.button.state = UInt8(SDL_PRESSED)
        down.button.clicks = 1
        down.button.x = Int32(point.x)
        down.button.y = Int32(point.y)
        return down
    }

    /// The window's close button (SDL_WINDOWEVENT_CLOSE for `windowID`).
    public static func closeWindow(windowID: UInt32) -> SDL_Event {
        var event = SDL_Event()
        event.window.type = SDL_WINDOWEVENT.rawValue
        event.window.event = UInt8(SDL_WINDOWEVENT_CLOSE.rawValue)
        event.window.windowID = windowID
        return event
    }

    /// A key press and release (`SDLK_*` keycode), with optional `KMOD_*` modifiers.
    public static func keyPress(_ keycode: SDL_KeyCode, modifiers: SDL_Keymod = KMOD_NONE) -> [SDL_Event] {
        var down = SDL_Event()
        down.key.type = SDL_KEYDOWN.rawValue
        down.key.state = UInt8(SDL_PRESSED)
        down.key.keysym.sym = SDL_Keycode(keycode.rawValue)
        down.key.keysym.mod = UInt16(modifiers.rawValue)
        var up = down
        up.key.type = SDL_KEYUP.rawValue
        up.key.state = UInt8(SDL_RELEASED)
        return [down, up]
    }

    /// Text committed by the keyboard or an input method (`SDL_TEXTINPUT`), split into as many
    /// events as SDL's 32-byte buffer needs, never inside a character.
    public static func text(_ text: String, windowID: UInt32 = 0) -> [SDL_Event] {
        chunks(of: text, maxBytes: 31).map { chunk in
            var event = SDL_Event()
            event.text.type = SDL_TEXTINPUT.rawValue
            event.text.windowID = windowID
            withUnsafeMutableBytes(of: &event.text.text) { buffer in
                // A single character longer than the buffer (a long emoji sequence) is cut short.
                let bytes = chunk.utf8.prefix(buffer.count - 1)
                for (index, byte) in bytes.enumerated() { buffer[index] = byte }
                buffer[bytes.count] = 0
            }
            return event
        }
    }

    /// An input method's composition in progress (`SDL_TEXTEDITING`): `text` so far (at most 31
    /// bytes of it), the caret at `cursor` characters. An empty `text` ends the composition.
    public static func composition(_ text: String, cursor: Int, windowID: UInt32 = 0) -> SDL_Event {
        var event = SDL_Event()
        event.edit.type = SDL_TEXTEDITING.rawValue
        event.edit.windowID = windowID
        let chunk = chunks(of: text, maxBytes: 31).first ?? ""
        withUnsafeMutableBytes(of: &event.edit.text) { buffer in
            let bytes = chunk.utf8.prefix(buffer.count - 1)
            for (index, byte) in bytes.enumerated() { buffer[index] = byte }
            buffer[bytes.count] = 0
        }
        event.edit.start = Int32(clamping: cursor)
        event.edit.length = 0
        return event
    }

    /// The wheel turned `dy` steps up (negative: down) and `dx` right, with the pointer at `point`.
    public static func wheel(at point: Point, dx: Int = 0, dy: Int, windowID: UInt32 = 0) -> SDL_Event {
        var event = SDL_Event()
        event.wheel.type = SDL_MOUSEWHEEL.rawValue
        event.wheel.windowID = windowID
        event.wheel.x = Int32(clamping: dx)
        event.wheel.y = Int32(clamping: dy)
        event.wheel.preciseX = Float(dx)
        event.wheel.preciseY = Float(dy)
        event.wheel.direction = UInt32(SDL_MOUSEWHEEL_NORMAL.rawValue)
        event.wheel.mouseX = Int32(clamping: point.x)
        event.wheel.mouseY = Int32(clamping: point.y)
        return event
    }

    /// `text` cut into pieces of at most `maxBytes` UTF-8 bytes, between characters.
    private static func chunks(of text: String, maxBytes: Int) -> [String] {
        var result: [String] = []
        var current = ""
        for character in text {
            if current.utf8.count + character.utf8.count > maxBytes, !current.isEmpty {
                result.append(current)
                current = ""
            }
            current.append(character)
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    /// A window-resize notification to `size` (as SDL sends after the user resized).
    public static func resize(to size: Size) -> SDL_Event {
        var event = SDL_Event()
        event.window.type = SDL_WINDOWEVENT.rawValue
        event.window.event = UInt8(SDL_WINDOWEVENT_SIZE_CHANGED.rawValue)
        event.window.data1 = Int32(size.width)
        event.window.data2 = Int32(size.height)
        return event
    }
}
