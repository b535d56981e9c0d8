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
    func postUrgent(_ body: @escaping @Sendable @SDLActor () -> Void) {
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
        package func withUrgentCapture<T>(_ body: () throws -> T) rethrows -> T {
        precondition(isHostThread, "SDLExecutor.withUrgentCapture must run on the attached host's thread")
        let me = ThreadID.current.raw
        let outer = urgentCaptureThread.exchange(me, ordering: .relaxed)
        defer { urgentCaptureThread.store(outer, ordering: .relaxed) }
        return try body()
    }

    /// Host thread: runs every job in the urgent lane, including those it adds meanwhile, up to
    /// `maxJobs`. Returns how many ran.
    @discardableResult
    package func runUrgentJobs(maxJobs: Int = 4096) -> Int {
        precondition(isHostThread, "SDLExecutor.runUrgentJobs must run on the attached host's thread")
        refuseNestedTurn("SDLExecutor.runUrgentJobs")
        isRunningJobs = true
        defer { isRunningJobs = false }
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
        case .frameWaiter(let job, let run):
            runFrameWaiter(job, run)
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

/// The ready queue's bound for the app's own posts, and the producers waiting for it; part of
/// ``GuestState``.
///
/// Eight threads posting as fast as they can outrun the one host thread: unbounded, the queue grew
/// to gigabytes. So a caller of ``SDLExecutor/post(_:)`` **on another thread** whose job makes the
/// queue reach `limit` waits (its job already queued, so order and exactly-once hold) until the host
/// has drained it to `resumeBelow`; ``SDLExecutor/postWithBackpressure(_:)`` suspends instead of
/// waiting. The host thread never waits (it is the consumer), nor does anything posted to the
/// urgent lane, nor anything while no ``SDLHost`` runs (then nobody would drain).
///
/// The runtime's own `enqueue` never waits, whatever the queue's length (see
/// ``SDLExecutor/submit(_:)``): a program that creates tasks in an endless loop from another
/// thread grows memory as it would on any executor (its tasks are the memory, not the queue).
///
/// The bound is small on purpose: a task's own hops queue behind the backlog like everything else,
/// so the backlog's length is their latency (a 0.3 s `SDLClock` sleep takes about 0.4 s behind
/// 8,192 posted jobs, and a quit acts within tens of milliseconds).
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
    /// Producers suspended in ``SDLExecutor/postWithBackpressure(_:)``, in arrival order.
    var suspendedProducers: [UnsafeContinuation<Void, Never>] = []
    /// The longest the queue has been since it last gave its memory back.
    var peakSinceShrink = 0
    /// Producers that ever waited or suspended (telemetry, tests).
    var totalWaits = 0
    /// Times the queue gave its memory back after a backlog (telemetry, tests).
    var shrinks = 0

    /// Takes every waiting and suspended producer, to be released after the lock is dropped.
    mutating func takeWaiting() -> (waiting: Int, suspended: [UnsafeContinuation<Void, Never>]) {
        defer {
            waitingProducers = 0
            suspendedProducers = []
        }
        return (waitingProducers, suspendedProducers)
    }
}

extension SDLExecutor {
    /// Under the lock, for ``post(_:)``: whether this producer must wait for the host to drain.
    /// The queue's length has reached `state.flood.limit`.
    func mustWaitForDrain(_ state: inout GuestState) -> Bool {
        guard state.flood.producersMayWait, state.host != nil, !isHostThread else { return false }
        state.flood.waitingProducers += 1
        state.flood.totalWaits += 1
        return true
    }

    /// ``post(_:)`` for `async` code: queues `body` at once, then, under a flood (8,192
    /// jobs queued while an ``SDLHost`` runs), suspends — holding no thread — until the host has
    /// drained the backlog. A producer loop that awaits it keeps memory bounded.
    ///
    /// Returns when `body` is queued and there is room again, not when `body` has run; to wait for
    /// the result, `await` an `@SDLActor` function instead.
    public func postWithBackpressure(_ body: @escaping @Sendable @SDLActor () -> Void) async {
        if isHostThread {
            post(body)
            return
        }
        let host = state.withLock { state -> (any HostLoop)? in
            state.append(.hostCall(body))
            return state.claimWake()
        }
        host?.wakeUp()
        await withUnsafeContinuation { (continuation: UnsafeContinuation<Void, Never>) in
            let suspended = state.withLock { state -> Bool in
                // Checked again here: the host may have drained the backlog since the job went in.
                guard state.jobs.count >= state.flood.limit, state.flood.producersMayWait,
                      state.host != nil else { return false }
                state.flood.suspendedProducers.append(continuation)
                state.flood.totalWaits += 1
                return true
            }
            if !suspended { continuation.resume() }
        }
    }

    /// Host thread, after a drain: releases waiting producers once the backlog is short, and gives
    /// the queue's memory back once it is empty after a flood (a `Deque` never shrinks by itself).
        package func afterDrain() {
        let release = state.withLock { state -> (waiting: Int, suspended: [UnsafeContinuation<Void, Never>]) in
            var release: (waiting: Int, suspended: [UnsafeContinuation<Void, Never>]) = (0, [])
            if state.jobs.count < state.flood.resumeBelow,
               state.flood.waitingProducers > 0 || !state.flood.suspendedProducers.isEmpty {
                release = state.flood.takeWaiting()
            }
            if state.jobs.isEmpty, batch.isEmpty, state.flood.peakSinceShrink > 4096 {
                state.jobs = Deque()
                batch = Deque()
                state.flood.peakSinceShrink = 0
                state.flood.shrinks += 1
            }
            return release
        }
        self.release(release)
    }

    private func release(_ producers: (waiting: Int, suspended: [UnsafeContinuation<Void, Never>])) {
        for _ in 0..<producers.waiting { producerGate.signal() }
        for continuation in producers.suspended { continuation.resume() }
    }

    /// Host thread: lets producers wait while this host runs (`true`), or stops that and releases
    /// every waiting producer (`false`, before the host detaches).
        package func setProducersMayWait(_ mayWait: Bool) {
        let release = state.withLock { state -> (waiting: Int, suspended: [UnsafeContinuation<Void, Never>]) in
            state.flood.producersMayWait = mayWait
            return mayWait ? (0, []) : state.flood.takeWaiting()
        }
        self.release(release)
    }

    /// How many times a producer waited or suspended for the host to drain (telemetry, tests).
    var producerWaitCount: Int { state.withLock { $0.flood.totalWaits } }

    /// Producers suspended in ``postWithBackpressure(_:)`` right now (tests).
    var suspendedProducerCount: Int { state.withLock { $0.flood.suspendedProducers.count } }

    /// How many times the ready queue gave its memory back once a backlog had drained.
    var readyQueueShrinkCount: Int { state.withLock { $0.flood.shrinks } }

    /// The ready queue's bound: callers of ``post(_:)`` on other threads wait (and of
    /// ``postWithBackpressure(_:)`` suspend) once this many jobs are queued.
    var readyQueueLimit: Int { state.withLock { $0.flood.limit } }
}
