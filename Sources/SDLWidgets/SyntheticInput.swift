public import CSDL2

/// SDL events that imitate a user, for `--press`, tests and scripted demos. Post them with
/// `SDLHost.post(_:)`: they travel the same path as real input.
public enum SyntheticInput {
    /// Pointer moves to `point`, then the left button goes down and up there.
    public static func click(at point: Point) -> [SDL_Event] {
        var motion = SDL_Event()
        motion.motion.type = SDL_MOUSEMOTION.rawValue
        motion.motion.x = Int32(point.x)
        motion.motion.y = Int32(point.y)
        var down = SDL_Event()
        down.button.type = SDL_MOUSEBUTTONDOWN.rawValue
        down.button.button = UInt8(SDL_BUTTON_LEFT)
        down.button.state = UInt8(SDL_PRESSED)
        down.button.clicks = 1
        down.button.x = Int32(point.x)
        down.button.y = Int32(point.y)
        var up = down
        up.button.type = SDL_MOUSEBUTTONUP.rawValue
        up.button.state = UInt8(SDL_RELEASED)
        return [motion, down, up]
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
