import DequeModule
import Dispatch

// MARK: - The urgent lane: the host's own work ahead of a guest backlog

/// A flood of guest jobs (other threads posting as fast as they can) must not delay the host's own
/// work: signal delivery, quit requests, window close and due timers. Window close is an SDL event
/// and is translated every turn anyway; the rest travels through the **urgent lane**, a second
/// FIFO under the same lock as the ready queue, which the host runs completely at the start of its
/// guest phase, before any backlog job (and before due timers fire).
///
/// Jobs that resuming a timer or cancelling a tracked task enqueues *on the host thread* go to the
/// urgent lane too (``withUrgentCapture(_:)``): a 2 s `SDLClock` sleep then ends after 2 s
/// under a flood, and the tasks that shutdown cancels take their next step at once.
extension SDLExecutor {
    /// Runs `body` on the host thread at its next turn, ahead of every queued guest job.
    /// `SDLActor`-isolated; safe from any thread; never blocks the caller.
    public func postUrgent(_ body: @escaping @Sendable @SDLActor () -> Void) {
        submitUrgent(.hostCall(body))
    }

    func submitUrgent(_ job: ReadyJob) {
        let host = state.withLock { state -> (any HostLoop)? in
            state.urgent.append(job)
            return state.claimWake()
        }
        host?.wakeUp()
    }

    /// Host thread: runs `body`, sending every job it enqueues from this thread (a resumed timer, a
    /// cancelled task's next step) to the urgent lane.
    @_spi(Hosting)
    public func withUrgentCapture<T>(_ body: () throws -> T) rethrows -> T {
        precondition(isOnHostThread, "SDLExecutor.withUrgentCapture must run on the attached host's thread")
        let me = ThreadID.current.raw
        let outer = urgentCaptureThread.exchange(me, ordering: .relaxed)
        defer { urgentCaptureThread.store(outer, ordering: .relaxed) }
        return try body()
    }

    /// Host thread: runs every job in the urgent lane, including those it adds meanwhile, up to
    /// `maxJobs`. Returns how many ran.
    @_spi(Hosting)
    @discardableResult
    public func runUrgentJobs(maxJobs: Int = 4096) -> Int {
        precondition(isOnHostThread, "SDLExecutor.runUrgentJobs must run on the attached host's thread")
        var ran = 0
        while ran < maxJobs, let job = state.withLock({ $0.urgent.popFirst() }) {
            run(job)
            ran += 1
        }
        if ran > 0 { counters.jobsRun.add(ran, ordering: .relaxed) }
        return ran
    }

    /// Runs one ready job the way ``drain(maxJobs:deadline:inputPending:refill:)`` does.
    private func run(_ job: ReadyJob) {
        switch job {
        case .actor(let job):
            job.runSynchronously(on: asUnownedSerialExecutor())
        case .task(let job):
            job.runSynchronously(isolatedTo: asUnownedSerialExecutor(), taskExecutor: taskExecutor.asUnownedTaskExecutor())
        case .resume(let continuation):
            continuation.resume()
        case .hostCall(let body):
            // Sound for the same reason as in drain: host thread only (checked by the caller),
            // one job at a time.
            let plain = unsafe unsafeBitCast(body, to: (@Sendable () -> Void).self)
            plain()
        case .mainQueue(let bridge):
            bridge.runMainQueue()
        }
    }
}

// MARK: - Backpressure and memory under a flood

/// The ready queue's bound and the producers waiting for it; part of ``GuestState``.
///
/// Measured before the bound: eight threads posting as fast as they can grew the queue without
/// limit (1.4 GB with `post`, 11.7 GB with `Task { @SDLActor in }`) because producers outrun the one
/// host thread. Now a producer **on another thread** whose job makes the queue reach `limit` waits
/// (its job already queued, so order and exactly-once hold) until the host has drained it to
/// `resumeBelow`. The host thread never waits (it is the consumer), nor does anything posted to
/// the urgent lane, nor anything while no ``SDLHost`` runs (a ``ManualHost`` or no host at all:
/// then nobody would drain). Memory therefore stays near `limit` jobs plus one per producer.
///
/// The bound is small on purpose: a task's own hops (an `await` that leaves `SDLActor` and comes
/// back) queue behind the backlog like everything else, so the backlog's length is their latency.
/// Measured (debug build, dummy driver, 8 producers posting empty jobs): with a bound of 65,536 a
/// 0.3 s `SDLClock` sleep took 0.96 s (two hops behind ~130,000 jobs); with 8,192 it takes
/// 0.375 s, at about 530,000 jobs/s instead of 630,000, and a quit acts within 40–60 ms.
///
/// A producer that waits holds its thread: code on the host thread must not block on a producer
/// thread (`DispatchQueue.sync` to a queue that posts to `SDLActor`) while the queue is full.
struct FloodState {
    /// Queue length at which producers on other threads start to wait.
    var limit = 8_192
    /// Queue length below which the host releases them.
    var resumeBelow = 2_048
    /// Whether producers may wait: only while an ``SDLHost`` runs and drains every turn.
    var producersMayWait = false
    /// Producers waiting on `SDLExecutor.producerGate`.
    var waitingProducers = 0
    /// The longest the queue has been since it last gave its memory back.
    var peakSinceShrink = 0
    /// Producers that ever waited (telemetry, tests).
    var totalWaits = 0
    /// Times the queue gave its memory back after a backlog (telemetry, tests).
    var shrinks = 0
}

extension SDLExecutor {
    /// Under the lock, for `submit`: whether this producer must wait for the host to drain.
    /// The queue's length has reached `state.flood.limit`.
    func mustWaitForDrain(_ state: inout GuestState) -> Bool {
        if state.jobs.count > state.flood.peakSinceShrink { state.flood.peakSinceShrink = state.jobs.count }
        guard state.flood.producersMayWait, state.host != nil, !isOnHostThread else { return false }
        state.flood.waitingProducers += 1
        state.flood.totalWaits += 1
        return true
    }

    /// Host thread, after a drain: releases waiting producers once the backlog is short, and gives
    /// the queue's memory back once it is empty after a flood (a `Deque` never shrinks by itself).
    @_spi(Hosting)
    public func afterDrain() {
        let release = state.withLock { state -> Int in
            if state.jobs.count > state.flood.peakSinceShrink { state.flood.peakSinceShrink = state.jobs.count }
            var release = 0
            if state.flood.waitingProducers > 0, state.jobs.count < state.flood.resumeBelow {
                release = state.flood.waitingProducers
                state.flood.waitingProducers = 0
            }
            if state.jobs.isEmpty, batch.isEmpty, state.flood.peakSinceShrink > 4096 {
                state.jobs = Deque()
                batch = Deque()
                state.flood.peakSinceShrink = 0
                state.flood.shrinks += 1
            }
            return release
        }
        for _ in 0..<release { producerGate.signal() }
    }

    /// Host thread: lets producers wait while this host runs (`true`), or stops that and releases
    /// every waiting producer (`false`, before the host detaches).
    @_spi(Hosting)
    public func setProducersMayWait(_ mayWait: Bool) {
        let release = state.withLock { state -> Int in
            state.flood.producersMayWait = mayWait
            let waiting = mayWait ? 0 : state.flood.waitingProducers
            if !mayWait { state.flood.waitingProducers = 0 }
            return waiting
        }
        for _ in 0..<release { producerGate.signal() }
    }

    /// How many times a producer waited for the host to drain (telemetry, tests).
    public var producerWaitCount: Int { state.withLock { $0.flood.totalWaits } }

    /// How many times the ready queue gave its memory back once a backlog had drained.
    public var readyQueueShrinkCount: Int { state.withLock { $0.flood.shrinks } }

    /// The ready queue's bound: producers on other threads wait once this many jobs are queued.
    public var readyQueueLimit: Int { state.withLock { $0.flood.limit } }
}
