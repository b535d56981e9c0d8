/// The host's shutdown as a pure state machine, in the manner of swift-async-algorithms': events
/// in, actions out. No SDL, no tasks, no clock of its own: ``SDLHost`` feeds it the time and the
/// tracked tasks it holds, and carries out what it returns. Host thread.
///
/// ```text
/// running ──begin(reason)──▶ draining(deadline) ──every task ended, or deadline──▶ finished
///    └──────────────── a second signal while draining: finished at once ────────────────┘
/// ```
///
/// Rules: the first cause of a shutdown sets the exit status; a later cause may only turn a status
/// of 0 into a failure (a root that fails while outputs are written, a second signal that cuts
/// tasks short); a third signal is the signal watcher's (it exits the process at once).
struct ShutdownStateMachine {
    enum Phase: Equatable {
        case running
        /// Tracked tasks are cancelled; waiting for them until `deadline` (monotonic ns).
        case draining(deadline: UInt64)
        case finished
    }

    /// What the host must do after an event, in order.
    enum Action: Equatable {
        /// The shutdown began: cancel every tracked task.
        case cancelTrackedTasks
        /// The exit status is now this: tell the signal watcher (a third signal exits with it).
        case publishStatus(Int32)
        /// Write this line to standard error.
        case warn(String)
        /// Stop waiting: the loop ends after this turn.
        case finish
    }

    private(set) var phase = Phase.running
    /// Why the run ends; `.rootReturned` until a shutdown begins.
    private(set) var reason = HostExit.Reason.rootReturned
    /// Monotonic nanoseconds at which the shutdown began.
    private(set) var startedAt: UInt64 = 0
    /// How long a shutdown waits for its cancelled tasks.
    let gracePeriodNanoseconds: UInt64

    init(gracePeriodNanoseconds: UInt64) {
        self.gracePeriodNanoseconds = gracePeriodNanoseconds
    }

    var status: Int32 { HostExit.status(for: reason) }
    var isRunning: Bool { phase == .running }
    var isFinished: Bool { phase == .finished }

    /// A cause to end the run: a window closed, a quit request, a signal, the root's end.
    mutating func begin(_ reason: HostExit.Reason, now: UInt64) -> [Action] {
        guard phase == .running else { return [] }
        self.reason = reason
        startedAt = now
        phase = .draining(deadline: now.saturatingAdd(gracePeriodNanoseconds))
        return [.publishStatus(status), .cancelTrackedTasks]
    }

    /// The root operation ended.
    mutating func rootFinished(_ outcome: GuestOutcome, quitsAfterRoot: Bool, now: UInt64) -> [Action] {
        switch outcome {
        case .returned, .cancelled:
            return quitsAfterRoot ? begin(.rootReturned, now: now) : []
        case .failed(let error):
            let failed = HostExit.Reason.rootFailed(message: "\(error)")
            var actions: [Action] = [.warn("error: the root operation failed: \(error)")]
            if case .draining = phase, status == 0 {
                // It failed while shutting down (writing an output, typically): the run failed.
                reason = failed
                actions.append(.publishStatus(status))
            } else if quitsAfterRoot {
                actions += begin(failed, now: now)
            }
            return actions
        }
    }

    /// A handled signal arrived; `ordinal` counts the signals since the host started (1 or 2; the
    /// third never reaches the host).
    mutating func signalArrived(_ number: Int32, ordinal: Int, trackedTasks: Int, now: UInt64) -> [Action] {
        switch phase {
        case .running:
            return begin(.signal(number), now: now)
        case .draining:
            guard ordinal >= 2 else {
                // Another cause started this shutdown: it keeps its status and its outputs.
                return [.warn("SDLConcurrency: signal \(number) during shutdown: finishing it (another signal stops waiting for tasks, a third exits at once)")]
            }
            var actions: [Action] = []
            if trackedTasks > 0 {
                actions.append(.warn("SDLConcurrency: signal \(number) again: not waiting for \(trackedTasks) task(s)"))
                // A run cut short did not do all it was asked: it does not exit 0.
                if status == 0 {
                    reason = .signal(number)
                    actions.append(.publishStatus(status))
                }
            }
            phase = .finished
            return actions + [.finish]
        case .finished:
            return []
        }
    }

    /// The end of a turn: whether the shutdown is over (every tracked task ended, or the grace
    /// period ran out). Returns `.finish` once.
    mutating func turnEnded(trackedTasks: Int, now: UInt64) -> Action? {
        guard case .draining(let deadline) = phase, trackedTasks == 0 || now >= deadline else { return nil }
        phase = .finished
        return .finish
    }

    /// How long the wait phase may block while draining (until the grace period's end); `nil`
    /// when not draining.
    func drainDeadline() -> UInt64? {
        if case .draining(let deadline) = phase { return deadline }
        return nil
    }

    /// How many task names the leak report lists before "and N more".
    static let reportedNames = 10

    /// One bounded line: the real time since shutdown began, the first names and a count.
    static func leakReport(names: [String], elapsedSeconds: Double) -> String {
        let shown = names.prefix(reportedNames).joined(separator: ", ")
        let more = names.count > reportedNames ? " and \(names.count - reportedNames) more" : ""
        let seconds = (elapsedSeconds * 100).rounded() / 100
        return "SDLConcurrency: \(names.count) task(s) still running \(seconds) s after shutdown began: \(shown)\(more)"
    }
}
