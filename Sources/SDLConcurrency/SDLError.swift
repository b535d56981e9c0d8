internal import CSDL2

/// Errors the host reports instead of crashing.
///
/// Every case that comes from SDL carries the text of `SDL_GetError()` copied at the failure site,
/// before another SDL call can overwrite it.
public enum SDLError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `SDL_Init` failed (for example: no display and no dummy driver requested).
    case initializationFailed(sdlError: String)
    /// A window was asked for but SDL found no display it could open, and fell back to a driver
    /// that shows nothing (`offscreen`): the window would be invisible and could never be closed.
    /// `displays` names what the environment pointed at (`DISPLAY=:7`), if anything.
    case noDisplay(fallbackDriver: String, displays: String)
    /// The X display `display` accepted the connection but did not answer within `seconds` (a hung
    /// X server, or a remote one behind a dead link): SDL would have blocked in `SDL_Init` for good.
    /// See ``SDLHost/Configuration/displayTimeout``.
    case displayDidNotAnswer(display: String, seconds: Double)
    /// Fewer than `needed` file descriptors were free when a host started (`limit`: `ulimit -n`, or
    /// -1). SDL, the host and libdispatch need some, and libdispatch stops the process with
    /// `SIGILL` when it cannot get one, so the host does not start short of them.
    case tooFewFileDescriptors(free: Int, needed: Int, limit: Int)
    /// Creating the window or its renderer failed.
    case windowCreationFailed(sdlError: String)
    /// Another host is already running (on this thread or another): `SDLActor` has one executor per process.
    case hostAlreadyRunning(onThisThread: Bool)
    /// Any other SDL call that failed, named by `call`.
    case callFailed(call: String, sdlError: String)
    /// `SDLHost.run` was called from Dispatch's main queue on a thread that is not the process's
    /// main thread: the program's `main` is `async`, so the runtime has parked the main thread in
    /// `dispatchMain()` and the SDL loop could never own it (nor run `@MainActor` code).
    case asyncMain
    /// ``SDLHost/shareExecutorWithMainActor()`` could not make the SDL executor `MainActor`'s.
    case mainExecutorNotInstalled(reason: String)
    /// `SDLHost.run` was called off the main thread after ``SDLHost/shareExecutorWithMainActor()``:
    /// the host's thread runs `@MainActor` code then, and that must be the main thread.
    case mainActorNeedsMainThread

    public var description: String {
        switch self {
        case .initializationFailed(let message):
            return "SDL failed to start: \(message.isEmpty ? "(SDL gave no reason)" : message). "
                + "With no display, run headless (SDL_VIDEODRIVER=dummy or the app's --headless option)."
        case .noDisplay(let driver, let displays):
            return "no display: SDL could not open "
                + (displays.isEmpty ? "one (neither DISPLAY nor WAYLAND_DISPLAY is set)" : displays)
                + " and fell back to its \(driver) driver, which shows nothing. "
                + "Check DISPLAY / WAYLAND_DISPLAY, or run headless (SDL_VIDEODRIVER=dummy, or the app's --headless)."
        case .displayDidNotAnswer(let display, let seconds):
            let shown = seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
            return "the X display \(display) did not answer within \(shown) s (it took the connection and sent nothing: "
                + "a hung or unreachable X server). Check DISPLAY, allow it longer (SDLCONCURRENCY_DISPLAY_TIMEOUT=seconds), "
                + "or run headless (SDL_VIDEODRIVER=dummy, or the app's --headless)."
        case .tooFewFileDescriptors(let free, let needed, let limit):
            return "only \(free) file descriptor\(free == 1 ? " is" : "s are") free"
                + (limit >= 0 ? " (the limit, ulimit -n, is \(limit))" : "")
                + ": an SDL host needs at least \(needed) to start (SDL, its own wake-ups, and libdispatch, which stops the "
                + "process with SIGILL when it cannot get one). Close descriptors or raise the limit."
        case .windowCreationFailed(let message):
            return "SDL could not create the window: \(message.isEmpty ? "(SDL gave no reason)" : message)"
        case .hostAlreadyRunning(let onThisThread):
            return onThisThread
                ? "a host is already running on this thread; SDLHost.run cannot be nested"
                : "a host is already running on another thread; SDLActor has one executor per process"
        case .callFailed(let call, let message):
            return "\(call) failed: \(message.isEmpty ? "(SDL gave no reason)" : message)"
        case .mainExecutorNotInstalled(let reason):
            return "SDLHost.shareExecutorWithMainActor() did nothing: \(reason)"
        case .mainActorNeedsMainThread:
            return "SDLHost.run was called off the main thread after SDLHost.shareExecutorWithMainActor(): "
                + "the host's thread would run @MainActor code, which must run on the main thread. "
                + "Run the host on the main thread (from a synchronous main), or do not share the executor."
        case .asyncMain:
            return "SDLHost.run was called from an async main: Swift has parked the main thread in dispatchMain(), "
                + "so the SDL loop cannot own it. Make `static func main()` synchronous (not `async`) "
                + "and call SDLHost.run or SDLHost.runAndExit from it."
        }
    }

    /// Reads `SDL_GetError()` now. Call it immediately after the failing SDL call.
    static func currentSDLError() -> String {
        guard let text = SDL_GetError() else { return "" }
        return String(cString: text)
    }
}
