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
    public enum Key: Sendable, Equatable {
        /// Tab. ``WidgetWindow`` uses its key-downs to move focus (Shift+Tab backwards): they never
        /// reach a widget.
        case tab
        /// The space bar.
        case space
        /// Return, or Enter on the keypad: both arrive as this.
        case enter
        /// Escape.
        case escape
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
        default: .other(sym)
        }
    }

    private static func modifiers(_ mod: UInt16) -> KeyModifiers {
        var result: KeyModifiers = []
        let mod = UInt32(mod)
        if mod & KMOD_SHIFT.rawValue != 0 { result.insert(.shift) }
        if mod & KMOD_CTRL.rawValue != 0 { result.insert(.control) }
        if mod & KMOD_ALT.rawValue != 0 { result.insert(.alt) }
        return result
    }
}
