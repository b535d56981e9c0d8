import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// What held the SDL thread too long: asyncio's debug-mode "Executing … took 0.2 seconds".
public struct StallReport: Sendable, CustomStringConvertible {
    /// Where in the loop's turn the thread was held.
    public enum Phase: Sendable, Equatable, CustomStringConvertible {
        /// A step of a task isolated to `SDLActor` (actor-isolated code between two suspensions).
        case actorJob
        /// A step of a task that runs with the SDL executor preference (``NonisolatedWork/onSDLThread``),
        /// including nonisolated code it awaited.
        case pinnedTaskJob
        /// A continuation resumed by ``SDLActor/yield()``.
        case yieldResume
        /// A call posted with ``SDLExecutor/post(_:)``.
        case postedCall
        /// `@MainActor` jobs and `DispatchQueue.main` blocks (one snapshot of the main queue).
        case mainQueue
        /// Input handling: widgets' event handlers and synchronous slots run here.
        case events
        /// The draw phase.
        case draw

        init(_ job: ReadyJob) {
            switch job {
            case .actor: self = .actorJob
            case .task: self = .pinnedTaskJob
            case .resume: self = .yieldResume
            case .hostCall: self = .postedCall
            case .mainQueue: self = .mainQueue
            }
        }

        public var description: String {
            switch self {
            case .actorJob: "an @SDLActor job"
            case .pinnedTaskJob: "a job of a task pinned to the SDL thread (nonisolated work included)"
            case .yieldResume: "a task resumed after SDLActor.yield()"
            case .postedCall: "a call posted with SDLExecutor.post"
            case .mainQueue: "@MainActor / DispatchQueue.main work"
            case .events: "event handling (input handlers and synchronous slots)"
            case .draw: "drawing"
            }
        }
    }

    public let phase: Phase
    /// How long the thread was held, measured with a coarse clock (a few milliseconds' resolution).
    public let duration: Duration
    /// The current task's name when the stalled code ran in a named task the host knows.
    public let taskName: String?

    init(phase: Phase, nanoseconds: UInt64, taskName: String? = nil) {
        self.phase = phase
        self.duration = .nanoseconds(Int64(clamping: nanoseconds))
        self.taskName = taskName
    }

    public var description: String {
        let millis = Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
        let name = taskName.map { " (task \"\($0)\")" } ?? ""
        return "the SDL thread was held for \(Int(millis.rounded())) ms by \(phase)\(name): input and drawing "
            + "waited. Move CPU work off the SDL thread (a @concurrent function or Task.detached)."
    }
}

/// Reports code that holds the SDL thread longer than a threshold; see
/// ``SDLHost/Configuration/stallThreshold``. Costs one coarse clock read per job when on.
final class StallDetector: Sendable {
    /// 0 when off. Set by the host at start.
    private let threshold = Atomic<UInt64>(0)
    private let handler = Mutex<(@Sendable (StallReport) -> Void)?>(nil)

    var thresholdNanoseconds: UInt64 { threshold.load(ordering: .relaxed) }

    func configure(threshold: Duration?, handler: (@Sendable (StallReport) -> Void)?) {
        self.handler.withLock { $0 = handler }
        self.threshold.store(threshold.map { max(1, $0.nanosecondsRoundedUp) } ?? 0, ordering: .relaxed)
    }

    func report(_ report: StallReport) {
        let handler = self.handler.withLock { $0 }
        if let handler {
            handler(report)
        } else {
            writeToStandardError("SDLConcurrency: \(report)\n")
        }
    }
}

/// `CLOCK_MONOTONIC_COARSE`: the last tick's time, read without a syscall in a few nanoseconds.
@inline(__always)
func coarseMonotonicNanoseconds() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC_COARSE, &ts)
    return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
}
