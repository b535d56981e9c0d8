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
