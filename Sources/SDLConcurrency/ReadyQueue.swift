import DequeModule

/// One unit of guest work waiting for the host thread.
enum ReadyJob: Sendable {
    /// A job sent to `SDLActor`'s serial executor (actor-isolated code of any task).
    case actor(UnownedJob)
    /// A job sent to the SDL task executor (a task that prefers it: its nonisolated steps,
    /// continuation resumes and `Task.yield()`).
    case task(UnownedJob)
    /// ``SDLActor/yield()``'s fast path: the suspended continuation itself waits in the queue.
    case resume(UnsafeContinuation<Void, Never>)
    /// A coroutine parked in a frame wait (`SDLExecutor+Frames.swift`), run on the executors its
    /// code expects: resumed with the frame being delivered, or ended (cancelled, host gone).
    case frameWaiter(UnownedJob, FrameWaiterRun)
    /// Code posted with ``SDLExecutor/post(_:)``: runs on the host thread outside any job, as
    /// event-handler code does (quit requests, signal delivery, cross-thread callbacks).
    case hostCall(@Sendable @SDLActor () -> Void)
    /// One snapshot of Dispatch's main queue (`@MainActor` jobs, `DispatchQueue.main` blocks), when
    /// the host owns the main thread; see ``MainQueueBridge``.
    case mainQueue(MainQueueBridge)
}

/// The ready queue and the wake-up state machine, kept together under one lock in ``SDLExecutor``.
///
/// Invariant: whenever `jobs` or `urgent` is non-empty, the host is awake (`hostAwake`), or one wake-up is on
/// its way to it (`wakePending`), or the host is gone (`host == nil`; the jobs wait for the next).
/// Hence at most one wake event is ever in SDL's queue, and none is pushed while the host runs.
struct GuestState {
    var jobs = Deque<ReadyJob>()
    /// Host-internal work (signal delivery, quit requests, due timers' resumes), run ahead of
    /// `jobs` at every turn; see `SDLExecutor+Urgent.swift`.
    var urgent = Deque<ReadyJob>()
    /// Backpressure and memory return; see `SDLExecutor+Urgent.swift`.
    var flood = FloodState()
    /// The most jobs ever waiting at once (telemetry).
    var highWater = 0
    /// The host is between a wake-up and its next sleep, so it will look at `jobs` before sleeping.
    var hostAwake = false
    /// A wake-up was handed to the host and it has not acknowledged it yet.
    var wakePending = false
    var host: (any HostLoop)?
    /// Set while the host thread, inside a frame, waits for the steps of coroutines on other threads
    /// (`SDLExecutor+Frames.swift`): the next producer wakes that wait instead of the host loop,
    /// once, whatever `hostAwake` says (the host is awake, but blocked inside its turn).
    var frameStepWait: FrameStepWait?

    /// Appends a job to the ready queue, keeping the high-water marks.
    @inline(__always)
    mutating func append(_ job: ReadyJob) {
        jobs.append(job)
        if jobs.count > highWater { highWater = jobs.count }
        if jobs.count > flood.peakSinceShrink { flood.peakSinceShrink = jobs.count }
    }

    /// Decides whether a producer must wake the host, and records that it will.
    mutating func claimWake() -> (any HostLoop)? {
        if let frameStepWait {
            self.frameStepWait = nil
            return frameStepWait
        }
        guard !hostAwake, !wakePending, let host else { return nil }
        wakePending = true
        return host
    }
}
