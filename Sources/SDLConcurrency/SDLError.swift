internal import CSDL2

/// Errors the host reports instead of crashing.
///
/// Every case that comes from SDL carries the text of `SDL_GetError()` copied at the failure site,
/// before another SDL call can overwrite it.
public enum SDLError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `SDL_Init` failed (for example: no display and no dummy driver requested).
    case initializationFailed(sdlError: String)
    /// Creating the window or its renderer failed.
    case windowCreationFailed(sdlError: String)
    /// Another host is already running (on this thread or another): `SDLActor` has one executor per process.
    case hostAlreadyRunning(onThisThread: Bool)
    /// Any other SDL call that failed, named by `call`.
    case callFailed(call: String, sdlError: String)

    public var description: String {
        switch self {
        case .initializationFailed(let message):
            return "SDL failed to start: \(message.isEmpty ? "(SDL gave no reason)" : message). "
                + "With no display, run headless (SDL_VIDEODRIVER=dummy or the app's --headless option)."
        case .windowCreationFailed(let message):
            return "SDL could not create the window: \(message.isEmpty ? "(SDL gave no reason)" : message)"
        case .hostAlreadyRunning(let onThisThread):
            return onThisThread
                ? "a host is already running on this thread; SDLHost.run cannot be nested"
                : "a host is already running on another thread; SDLActor has one executor per process"
        case .callFailed(let call, let message):
            return "\(call) failed: \(message.isEmpty ? "(SDL gave no reason)" : message)"
        }
    }

    /// Reads `SDL_GetError()` now. Call it immediately after the failing SDL call.
    static func currentSDLError() -> String {
        guard let text = SDL_GetError() else { return "" }
        return String(cString: text)
    }
}
