public import CSDL2

/// Input as widgets see it. Raw `SDL_Event`s are translated in exactly one place,
/// ``InputEvent/init(_:)``; no widget ever looks at an SDL event.
public enum InputEvent: Sendable, Equatable {
    case pointerMoved(Point)
    case pointerDown(Point, button: MouseButton)
    case pointerUp(Point, button: MouseButton)
    /// The pointer left the window.
    case pointerLeft
    case keyDown(Key, modifiers: KeyModifiers, isRepeat: Bool)
    case keyUp(Key, modifiers: KeyModifiers)
    /// The window's logical size changed.
    case resized(Size)
    /// The window lost keyboard focus.
    case focusLost

    public enum MouseButton: Sendable, Equatable {
        case left
        case middle
        case right
        case other(UInt8)
    }

    public enum Key: Sendable, Equatable {
        case tab
        case space
        case enter
        case escape
        /// Any other key, by its SDL keycode.
        case other(Int32)
    }

    public struct KeyModifiers: OptionSet, Sendable, Hashable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        public static let shift = KeyModifiers(rawValue: 1 << 0)
        public static let control = KeyModifiers(rawValue: 1 << 1)
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
