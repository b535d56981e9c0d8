public import CSDL2

/// Input as widgets see it. Raw `SDL_Event`s are translated in exactly one place,
/// ``InputEvent/init(_:)``; no widget ever looks at an SDL event.
public enum InputEvent: Sendable, Equatable {
    /// The pointer moved to this point.
    case pointerMoved(Point)
    /// A mouse button went down at this point.
    case pointerDown(Point, button: MouseButton)
    /// A mouse button was released at this point. ``WidgetWindow`` passes a left release on only
    /// to the widget the press began on, and only when it is still under the pointer: a click.
    case pointerUp(Point, button: MouseButton)
    /// The pointer left the window.
    case pointerLeft
    /// A key went down; `isRepeat` marks the keyboard's auto-repeat while it is held (a ``Button``
    /// ignores those).
    case keyDown(Key, modifiers: KeyModifiers, isRepeat: Bool)
    /// A key was released.
    case keyUp(Key, modifiers: KeyModifiers)
    /// The window's logical size changed.
    case resized(Size)
    /// The window lost keyboard focus.
    case focusLost
    /// Text typed, as the keyboard layout or input method committed it (one or more characters;
    /// `SDL_TEXTINPUT`). Only sent while the focused widget ``Widget/acceptsTextInput``; the key
    /// events of the same keystrokes arrive too, and a text field ignores their printable keys.
    case textInput(String)
    /// An input method's composition in progress (`SDL_TEXTEDITING`): the text so far, not yet
    /// committed, and the caret's position in it (in characters). An empty text ends the
    /// composition; the committed result then arrives as ``textInput(_:)``.
    case textEditing(String, cursor: Int)
    /// The wheel turned over `point` (the pointer's position): `dy` > 0 scrolls up (content moves
    /// down), `dx` > 0 scrolls right, in wheel steps, with "natural" scrolling already undone.
    /// It goes to the deepest widget under the pointer, then up its parents until one handles it.
    case wheel(Point, dx: Int, dy: Int)

    /// Which mouse button. Only ``left`` presses and clicks widgets.
    public enum MouseButton: Sendable, Equatable {
        /// The primary button.
        case left
        /// The middle button (often the wheel).
        case middle
        /// The secondary button.
        case right
        /// Any other button, by SDL's button number (`SDL_BUTTON_X1` is 4).
        case other(UInt8)
    }

    /// A key, named when widgets react to it.
    public enum Key: Sendable, Hashable {
        /// Tab. ``WidgetWindow`` uses its key-downs to move focus (Shift+Tab backwards): they never
        /// reach a widget.
        case tab
        /// The space bar.
        case space
        /// Return, or Enter on the keypad: both arrive as this.
        case enter
        /// Escape.
        case escape
        /// Backspace.
        case backspace
        /// Delete (forward delete).
        case delete
        /// The arrow keys.
        case left, right, up, down
        /// Home and End.
        case home, end
        /// Page Up and Page Down.
        case pageUp, pageDown
        /// A key that types a character, by its unshifted character on the current layout ("a" for
        /// the A key, "1", "/"): what keyboard shortcuts name (Ctrl+W is `.character("w")` with
        /// ``KeyModifiers/control``). Text typed arrives as ``InputEvent/textInput(_:)``, not as this.
        case character(Character)
        /// Any other key, by its SDL keycode.
        case other(Int32)
    }

    /// The modifier keys held during a key event; the left and right keys are not told apart.
    public struct KeyModifiers: OptionSet, Sendable, Hashable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        /// Either Shift key.
        public static let shift = KeyModifiers(rawValue: 1 << 0)
        /// Either Control key.
        public static let control = KeyModifiers(rawValue: 1 << 1)
        /// Either Alt key.
        public static let alt = KeyModifiers(rawValue: 1 << 2)
        /// Either Super ("Windows", Command) key.
        public static let gui = KeyModifiers(rawValue: 1 << 3)
    }
}

extension InputEvent {
    /// The one translation from SDL events: `nil` for events widgets do not handle.
    ///
    /// Mouse positions stay in SDL's window coordinates, which are the widgets' logical points
    /// (on HiDPI displays the renderer has more pixels; ``SDLCanvas`` scales).
    public init?(_ event: SDL_Event) {
        switch event.type {
        case SDL_MOUSEMOTION.rawValue:
            self = .pointerMoved(Point(x: Int(event.motion.x), y: Int(event.motion.y)))
        case SDL_MOUSEBUTTONDOWN.rawValue:
            self = .pointerDown(Point(x: Int(event.button.x), y: Int(event.button.y)), button: Self.button(event.button.button))
        case SDL_MOUSEBUTTONUP.rawValue:
            self = .pointerUp(Point(x: Int(event.button.x), y: Int(event.button.y)), button: Self.button(event.button.button))
        case SDL_KEYDOWN.rawValue:
            self = .keyDown(Self.key(event.key.keysym.sym), modifiers: Self.modifiers(event.key.keysym.mod), isRepeat: event.key.repeat != 0)
        case SDL_KEYUP.rawValue:
            self = .keyUp(Self.key(event.key.keysym.sym), modifiers: Self.modifiers(event.key.keysym.mod))
        case SDL_TEXTINPUT.rawValue:
            let text = withUnsafeBytes(of: event.text.text) { Self.string(fromNulTerminated: $0) }
            guard !text.isEmpty else { return nil }
            self = .textInput(text)
        case SDL_TEXTEDITING.rawValue:
            let text = withUnsafeBytes(of: event.edit.text) { Self.string(fromNulTerminated: $0) }
            self = .textEditing(text, cursor: Int(max(0, event.edit.start)))
        case SDL_MOUSEWHEEL.rawValue:
            let flip: Int32 = event.wheel.direction == UInt32(SDL_MOUSEWHEEL_FLIPPED.rawValue) ? -1 : 1
            self = .wheel(Point(x: Int(event.wheel.mouseX), y: Int(event.wheel.mouseY)),
                          dx: Int(event.wheel.x * flip), dy: Int(event.wheel.y * flip))
        case SDL_WINDOWEVENT.rawValue:
            switch UInt32(event.window.event) {
            case SDL_WINDOWEVENT_SIZE_CHANGED.rawValue:
                self = .resized(Size(width: Int(event.window.data1), height: Int(event.window.data2)))
            case SDL_WINDOWEVENT_LEAVE.rawValue:
                self = .pointerLeft
            case SDL_WINDOWEVENT_FOCUS_LOST.rawValue:
                self = .focusLost
            default:
                return nil
            }
        default:
            return nil
        }
    }

    /// The UTF-8 text in a fixed-size C buffer, up to its first NUL (invalid bytes repaired).
    private static func string(fromNulTerminated bytes: UnsafeRawBufferPointer) -> String {
        let length = bytes.firstIndex(of: 0) ?? bytes.count
        return String(decoding: bytes[..<length], as: UTF8.self)
    }

    private static func button(_ raw: UInt8) -> MouseButton {
        switch Int32(raw) {
        case SDL_BUTTON_LEFT: .left
        case SDL_BUTTON_MIDDLE: .middle
        case SDL_BUTTON_RIGHT: .right
        default: .other(raw)
        }
    }

    private static func key(_ sym: SDL_Keycode) -> Key {
        switch sym {
        case SDL_Keycode(SDLK_TAB.rawValue): .tab
        case SDL_Keycode(SDLK_SPACE.rawValue): .space
        case SDL_Keycode(SDLK_RETURN.rawValue), SDL_Keycode(SDLK_KP_ENTER.rawValue): .enter
        case SDL_Keycode(SDLK_ESCAPE.rawValue): .escape
        case SDL_Keycode(SDLK_BACKSPACE.rawValue): .backspace
        case SDL_Keycode(SDLK_DELETE.rawValue): .delete
        case SDL_Keycode(SDLK_LEFT.rawValue): .left
        case SDL_Keycode(SDLK_RIGHT.rawValue): .right
        case SDL_Keycode(SDLK_UP.rawValue): .up
        case SDL_Keycode(SDLK_DOWN.rawValue): .down
        case SDL_Keycode(SDLK_HOME.rawValue): .home
        case SDL_Keycode(SDLK_END.rawValue): .end
        case SDL_Keycode(SDLK_PAGEUP.rawValue): .pageUp
        case SDL_Keycode(SDLK_PAGEDOWN.rawValue): .pageDown
        // Keys that type a character have their (unshifted) Unicode scalar as keycode; keycodes with
        // SDLK_SCANCODE_MASK set (F1, the keypad, …) and control characters do not.
        case 0x21..<0x7F, 0xA0..<0x4000_0000:
            Unicode.Scalar(UInt32(sym)).map { .character(Character($0)) } ?? .other(sym)
        default: .other(sym)
        }
    }

    private static func modifiers(_ mod: UInt16) -> KeyModifiers {
        var result: KeyModifiers = []
        let mod = UInt32(mod)
        if mod & KMOD_SHIFT.rawValue != 0 { result.insert(.shift) }
        if mod & KMOD_CTRL.rawValue != 0 { result.insert(.control) }
        if mod & KMOD_ALT.rawValue != 0 { result.insert(.alt) }
        if mod & KMOD_GUI.rawValue != 0 { result.insert(.gui) }
        return result
    }
}
