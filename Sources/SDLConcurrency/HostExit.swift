/// How a run of ``SDLHost`` ended.
public struct HostExit: Sendable, Equatable, CustomStringConvertible {
    /// Why the loop ended.
    public enum Reason: Sendable, Equatable {
        /// The root operation returned (with ``AfterRoot/quit``).
        case rootReturned
        /// The root operation threw; the message describes the error.
        case rootFailed(message: String)
        /// The window was closed (SDL's quit event).
        case windowClosed
        /// A signal (`SIGINT`, `SIGTERM`, `SIGHUP`) arrived; with a second signal the status stays
        /// that of the shutdown already under way (see ``SDLHost/run(_:root:)``).
        case signal(Int32)
        /// ``SDLHost/quit(status:)`` was called.
        case requested(status: Int32)
    }

    /// Why the loop ended.
    public var reason: Reason
    /// The process exit status this run implies: 0, 1 after a failed root, 128+N after signal N.
    public var status: Int32
    /// Tracked tasks still alive when the shutdown grace period ran out, by name.
    public var leakedTasks: [String]

    /// The reason, status and leaked tasks, for logs.
    public var description: String {
        "HostExit(reason: \(reason), status: \(status), leaked: \(leakedTasks))"
    }

    static func status(for reason: Reason) -> Int32 {
        switch reason {
        case .rootReturned, .windowClosed: return 0
        case .rootFailed: return 1
        case .signal(let number): return 128 + number
        case .requested(let status): return status
        }
    }
}
