import Dispatch
import DequeModule
import Synchronization

/// What a sleeping ``SDLClock`` caller leaves in the timer heap.
typealias TimerWaiter = UnsafeContinuation<Void, any Error>

/// The process-wide executor behind ``SDLActor``: a FIFO ready queue drained by the host thread,
/// and the timer heap behind ``SDLClock``.
///
/// It is a static singleton because `UnownedSerialExecutor` does not retain its executor. It
/// conforms to `SerialExecutor` (in `SDLExecutor+SerialExecutor.swift`); its companion
/// ``SDLTaskExecutor`` conforms to `TaskExecutor`, so tasks created with that executor preference
/// (`SDLActor.task(name:priority:operation:)`, `SDLHost.spawn(name:priority:nonisolatedWork:operation:)`) keep their
/// continuation resumes and `Task.yield()` on the SDL thread instead of bouncing through the global
/// pool.
///
/// Threads: `enqueue`, timers and telemetry are safe from any thread. Draining runs on the host
/// thread only: the one thread of the host (`HostLoop`) currently attached.
public final class SDLExecutor: @unchecked Sendable {
    // @unchecked: every stored property is immutable, a lock, or an `Atomic`, except `batch`,
    // `dueScratch`, `capturedJob`, `isRunningJobs`, `lastFrame` and `deliveredFrame`, which only
    // the attached host's thread touches (inside `drain`, `runUrgentJobs`, `fireDueTimers`,
    // `startEagerly` and `deliverFrameIfDue`, each checked against `hostThread`, and in the jobs
    // they run).

    /// The one executor of `SDLActor`.
    public static let shared = SDLExecutor()

    /// The `TaskExecutor` face of this executor (SE-0417 executor preference).
    public let taskExecutor: SDLTaskExecutor

    /// Ready queue and wake-up state; see ``GuestState`` for the invariant.
    let state = LockedState(GuestState())
    /// Timers set by ``SDLClock`` sleeps, from any thread.
    let timers = LockedState(TimerQueue<TimerWaiter>())
    /// Coroutines awaiting the next frame, and the frame pace (`SDLExecutor+Frames.swift`).
    let frames = LockedState(FrameClock())
    /// The attached host's thread (`ThreadID.none` when no host runs).
    let hostThread = Atomic<UInt>(ThreadID.none)
    let counters = TelemetryCounters()
    /// The stall detector's threshold and report handler.
    let stalls = StallDetector()

    /// `true` while the attached host runs on virtual time; then `virtualNow` is the time.
    let isVirtual = Atomic<Bool>(false)
    let virtualNow = Atomic<UInt64>(0)
    /// The id of the last virtual timeline handed out (see ``TimerQueue``'s timelines): every
    /// virtual-time attachment starts a timeline of its own.
    let lastVirtualTimeline = Atomic<UInt64>(TimerQueue<TimerWaiter>.realTimeline)

    /// The host thread while it resumes host-internal work (due timers, shutdown's cancellations),
    /// so the jobs that resumes enqueue go to the urgent lane (`ThreadID.none` otherwise).
    let urgentCaptureThread = Atomic<UInt>(ThreadID.none)
    /// Where producers on other threads wait while the ready queue is over its bound.
    let producerGate = DispatchSemaphore(value: 0)

    /// The thread inside ``startEagerly(_:)`` creating a task (`ThreadID.none` otherwise).
    let captureThread = Atomic<UInt>(ThreadID.none)
    /// The first job of the task ``startEagerly(_:)`` is creating. Host thread only.
    var capturedJob: UnownedJob?

    /// Jobs taken from `state.jobs` and not yet run. Host thread only.
    var batch = Deque<ReadyJob>()
    /// `true` while ``drain(maxJobs:deadline:inputPending:refill:)`` or ``runUrgentJobs(maxJobs:)``
    /// runs jobs: a turn started now would run other `SDLActor` jobs inside the current one.
    /// Host thread only.
    var isRunningJobs = false
    /// The frame the host delivered last (`SDLExecutor+Frames.swift`). Host thread only.
    var lastFrame: SDLFrame?
    /// Set while the host runs a parked frame waiter's job to resume it with this frame; taken by
    /// the waiter's first code after the wait. Host thread only.
    var deliveredFrame: SDLFrame?
    /// Reused buffer for due timers. Host thread only.
    private var dueScratch: [(deadline: UInt64, waiter: TimerWaiter)] = []

    private init() {
        taskExecutor = SDLTaskExecutor()
    }

    // MARK: - Any thread

    /// Whether the caller runs on the thread of the attached host (the SDL thread): `false` when no
    /// host is attached. The same question as `SDLHost.isHostThread`, asked of whichever host runs.
    public var isHostThread: Bool {
        let host = hostThread.load(ordering: .acquiring)
        return host != ThreadID.none && host == ThreadID.current.raw
    }

    /// Whether the caller runs on the thread of the attached host.
    @available(*, deprecated, renamed: "isHostThread")
    public var isOnHostThread: Bool { isHostThread }

    /// A snapshot of the counters.
    public var telemetry: SDLTelemetry {
        SDLTelemetry(
            wakeEventsPushed: counters.wakeEventsPushed.load(ordering: .relaxed),
            wakePushFailures: counters.wakePushFailures.load(ordering: .relaxed),
            jobsRun: counters.jobsRun.load(ordering: .relaxed),
            readyQueueHighWater: state.withLock { $0.highWater },
            timersFired: counters.timersFired.load(ordering: .relaxed),
            timerLatenessMaxNanoseconds: counters.timerLatenessMax.load(ordering: .relaxed),
            timerLatenessTotalNanoseconds: counters.timerLatenessTotal.load(ordering: .relaxed),
            turns: counters.turns.load(ordering: .relaxed),
            framesDrawn: counters.framesDrawn.load(ordering: .relaxed))
    }

    /// Sets every counter to zero (the high-water mark to the current queue length).
    public func resetTelemetry() {
        counters.reset()
        state.withLock { $0.highWater = $0.jobs.count }
    }

    /// The current time of ``SDLClock``, in nanoseconds: monotonic, or virtual under a virtual-time host.
    @inline(__always)
        package func now() -> UInt64 {
        isVirtual.load(ordering: .acquiring) ? virtualNow.load(ordering: .acquiring) : monotonicNanoseconds()
    }

    /// Appends a job to the ready queue and wakes the host if it sleeps. Never waits: the runtime
    /// calls it (through `enqueue`) on cooperative-pool threads and on threads running cancellation
    /// handlers with a task's status lock held, where waiting for the host could starve the pool
    /// or deadlock with the SDL thread. Backpressure belongs to the calls an app makes on purpose:
    /// ``post(_:)`` and ``postWithBackpressure(_:)`` (`SDLExecutor+Urgent.swift`).
    @inline(__always)
    func submit(_ job: ReadyJob) {
        if urgentCaptureThread.load(ordering: .relaxed) == ThreadID.current.raw {
            submitUrgent(job)
            return
        }
        let host = state.withLock { state -> (any HostLoop)? in
            state.append(job)
            return state.claimWake()
        }
        host?.wakeUp()
    }

    /// Runs `body` on the host thread at its next turn, `SDLActor`-isolated. Safe from any thread.
    ///
    /// Under a flood — when 8,192 jobs are already queued while an ``SDLHost`` runs —
    /// a caller on another thread waits (its job already queued, so order and exactly-once hold)
    /// until the host has drained the backlog: that keeps a producer looping on `post` from
    /// growing memory without bound. From `async` code, use ``postWithBackpressure(_:)``, which
    /// suspends instead of holding a thread of the cooperative pool.
    public func post(_ body: @escaping @Sendable @SDLActor () -> Void) {
        if urgentCaptureThread.load(ordering: .relaxed) == ThreadID.current.raw {
            submitUrgent(.hostCall(body))
            return
        }
        let (host, mustWait) = state.withLock { state -> ((any HostLoop)?, Bool) in
            state.append(.hostCall(body))
            return (state.claimWake(), state.jobs.count >= state.flood.limit && mustWaitForDrain(&state))
        }
        host?.wakeUp()
        if mustWait { producerGate.wait() }
    }

    /// Wakes the host if it sleeps, without a job (a new earliest timer from another thread).
    func requestWake() {
        state.withLock { $0.claimWake() }?.wakeUp()
    }

    // MARK: - Timers (any thread)

    /// Suspends until `deadline` on this executor's timeline; throws `CancellationError` promptly
    /// (and removes the timer) if the task is cancelled. Never resumes before the deadline.
    ///
    /// The resume comes back through the SDL ready queue, never the global pool, whatever the
    /// task's executor preference: the continuation is awaited with the SDL executor preferred, so
    /// the runtime hands the resumed task to ``SDLTaskExecutor``. (Without that, Swift 6.3 resumes on
    /// the generic executor and hops back: a round trip through the pool per sleep, and under
    /// virtual time a hop the host cannot see.)
    nonisolated(nonsending) func sleep(untilNanoseconds deadline: UInt64) async throws {
        // A task that already prefers the SDL executor resumes through it anyway: skip the scope.
        if currentTaskPrefersSDLExecutor {
            return try await sleepOnSDLExecutor(untilNanoseconds: deadline)
        }
        try await withNonisolatedWorkOnSDLThread { () async throws in
            try await sleepOnSDLExecutor(untilNanoseconds: deadline)
        }
    }

    /// Whether the current task has the SDL task executor as its preference.
    var currentTaskPrefersSDLExecutor: Bool {
        let sdl = taskExecutor.asUnownedTaskExecutor()
        return withUnsafeCurrentTask { task in
            guard let preferred = task?.unownedTaskExecutor else { return false }
            return preferred == sdl
        }
    }

    private nonisolated(nonsending) func sleepOnSDLExecutor(untilNanoseconds deadline: UInt64) async throws {
        let sequence = timers.withLock { $0.reserve() }
        try await withTaskCancellationHandler {
            try await withUnsafeThrowingContinuation { (waiter: TimerWaiter) in
                switch timers.withLock({ $0.add(sequence: sequence, deadline: deadline, waiter: waiter) }) {
                case .cancelled:
                    waiter.resume(throwing: CancellationError())
                case .added(let isEarliest):
                    if isEarliest { requestWake() }
                }
            }
        } onCancel: {
            timers.withLock { $0.cancel(sequence: sequence) }?.resume(throwing: CancellationError())
        }
    }

    /// Timers set and not yet fired or cancelled, on any timeline (those left on the timeline of an
    /// earlier virtual-time host included).
    var pendingTimerCount: Int { timers.withLock { $0.liveCount } }

    /// Timers set on the current timeline, not yet fired or cancelled, and due at or after
    /// `instant` (diagnostics, tests).
    func pendingTimerCount(dueAtOrAfter instant: SDLClock.Instant) -> Int {
        timers.withLock { $0.liveCount(dueAtOrAfter: instant.nanoseconds) }
    }
}

// MARK: - Hosting (the machinery a HostLoop drives)

extension SDLExecutor {
    /// The timeline a host runs on.
    public enum Timeline: Sendable, Equatable {
        /// `CLOCK_MONOTONIC`.
        case real
        /// Virtual time starting at the given nanoseconds; it moves only when the host advances it.
        case virtual(startNanoseconds: UInt64)
    }

    /// Makes `host` the one host of this executor, running on the calling thread.
        package func attach(_ host: any HostLoop, timeline: Timeline) throws(SDLError) {
        let me = ThreadID.current.raw
        let otherThread: UInt? = state.withLock { state in
            if state.host != nil { return hostThread.load(ordering: .acquiring) }
            state.host = host
            state.hostAwake = true
            state.wakePending = false
            return nil
        }
        if let otherThread { throw .hostAlreadyRunning(onThisThread: otherThread == me) }
        resetFrameClock()
        switch timeline {
        case .real:
            isVirtual.store(false, ordering: .releasing)
            timers.withLock { $0.switchTimeline(to: TimerQueue<TimerWaiter>.realTimeline) }
        case .virtual(let start):
            virtualNow.store(start, ordering: .releasing)
            isVirtual.store(true, ordering: .releasing)
            // A fresh timeline: timers left by earlier hosts (a test's sleeper nobody cancelled)
            // neither move this host's virtual clock nor fire on it. (A sleep on another thread that
            // read the time just before this switch and adds its timer just after lands on the new
            // timeline with a deadline from the old one; sleeps on the host thread cannot race it.)
            let fresh = lastVirtualTimeline.add(1, ordering: .relaxed).newValue
            timers.withLock { $0.switchTimeline(to: fresh) }
        }
        hostThread.store(me, ordering: .releasing)
    }

    /// Detaches `host`. Jobs enqueued later wait in the ready queue for the next host: none runs now.
    ///
    /// Timers stay too. After a virtual-time host, time is real again: that host's timeline ends,
    /// and sleeps still waiting on it never fire (cancelling their tasks ends them, as ever).
        package func detach(_ host: any HostLoop) {
        precondition(isHostThread, "SDLExecutor.detach must be called on the host's own thread")
        state.withLock { state in
            precondition(state.host === host, "SDLExecutor.detach: this host is not attached")
            state.host = nil
            state.hostAwake = false
            state.wakePending = false
        }
        endFrameWaits()
        hostThread.store(ThreadID.none, ordering: .releasing)
        isVirtual.store(false, ordering: .releasing)
        timers.withLock { $0.switchTimeline(to: TimerQueue<TimerWaiter>.realTimeline) }
    }

    /// Host thread: the host is about to block. Returns `false` (and the host stays awake) when jobs
    /// are ready. After `true`, any producer wakes the host through `HostLoop.wakeUp()`; read the
    /// next timer deadline only after this call, so a timer set meanwhile is never missed.
        package func prepareToSleep() -> Bool {
        guard batch.isEmpty else { return false }
        return state.withLock { state in
            guard state.jobs.isEmpty, state.urgent.isEmpty else { return false }
            state.hostAwake = false
            return true
        }
    }

    /// Host thread: the host woke up (or decided not to block after ``prepareToSleep()``).
        package func didWake() {
        state.withLock { $0.hostAwake = true }
    }

    /// Host thread: the wake-up handed to the host arrived (the host's re-entry point), or it could
    /// not be delivered. Either way the next producer may wake the host again.
        package func acknowledgeWake() {
        state.withLock { $0.wakePending = false }
    }

    /// Whether jobs are waiting. Host thread.
        package var hasReadyJobs: Bool {
        !batch.isEmpty || state.withLock { !$0.jobs.isEmpty || !$0.urgent.isEmpty }
    }

    /// Host thread: runs ready jobs in FIFO order until none is left, `maxJobs` have run, the
    /// monotonic clock passes `deadline`, or `inputPending` says input is waiting (both checked every
    /// 64 jobs; `inputPending` at most every half millisecond). Returns the number run.
    ///
    /// With a stall threshold set (``StallDetector``), a job that held the thread longer than the
    /// threshold is reported once, after it returns.
    ///
    /// `refill`, when the queue runs dry, may queue more jobs (the host's look at Dispatch's main
    /// queue); it returns whether it did.
    @discardableResult
    package func drain(maxJobs: Int, deadline: UInt64, inputPending: (() -> Bool)? = nil,
                      refill: (() -> Bool)? = nil) -> Int {
        precondition(isHostThread, "SDLExecutor.drain must run on the attached host's thread")
        refuseNestedTurn("SDLExecutor.drain")
        isRunningJobs = true
        defer { isRunningJobs = false }
        let serial = asUnownedSerialExecutor()
        let task = taskExecutor.asUnownedTaskExecutor()
        let stallThreshold = stalls.thresholdNanoseconds
        var jobStart = stallThreshold == 0 ? 0 : coarseMonotonicNanoseconds()
        var ran = 0
        var counted = 0
        var nextInputCheck = monotonicNanoseconds() + 500_000
        while ran < maxJobs {
            if batch.isEmpty {
                let tookMore = state.withLock { state -> Bool in
                    if state.jobs.isEmpty { return false }
                    swap(&state.jobs, &batch)
                    return true
                }
                if !tookMore {
                    if let refill {
                        // Count what ran so far: jobs the refill brings may read the telemetry.
                        counters.jobsRun.add(ran - counted, ordering: .relaxed)
                        counted = ran
                        if refill() { continue }
                    }
                    break
                }
            }
            let next = batch.removeFirst()
            if stallThreshold != 0 { stalls.willRun(next) }
            switch next {
            case .actor(let job):
                job.runSynchronously(on: serial)
            case .task(let job):
                job.runSynchronously(isolatedTo: serial, taskExecutor: task)
            case .resume(let continuation):
                continuation.resume()
            case .frameWaiter(let job, let run):
                runFrameWaiter(job, run)
            case .hostCall(let body):
                // Sound: drain runs only on the host thread, the one thread that runs SDLActor
                // code, and runs one job at a time. (SDLActor.assumeIsolated would check the thread
                // again for every job; drain's caller has already been checked.)
                let plain = unsafe unsafeBitCast(body, to: (@Sendable () -> Void).self)
                plain()
            case .mainQueue(let bridge):
                bridge.runMainQueue()
            }
            ran += 1
            if stallThreshold != 0 {
                // One coarse clock read per job (a few ns): a stall is tens of milliseconds.
                let now = coarseMonotonicNanoseconds()
                if now &- jobStart > stallThreshold {
                    stalls.reportJob(next, nanoseconds: now &- jobStart)
                }
                jobStart = now
            }
            if ran & 63 == 0 {
                let now = monotonicNanoseconds()
                if now >= deadline { break }
                if let inputPending, now >= nextInputCheck {
                    nextInputCheck = now + 500_000
                    if inputPending() { break }
                }
            }
        }
        counters.jobsRun.add(ran - counted, ordering: .relaxed)
        return ran
    }

    /// Host thread: stops the program when `entry` — a loop's turn — is called from inside a job
    /// that a turn is running (an `@SDLActor` task's step, a posted call, a main-actor job).
    ///
    /// A nested turn would run other `SDLActor` jobs in the middle of this one: two pieces of
    /// actor-isolated code interleaved on one thread, the isolation the actor promises broken
    /// (a counter incremented by 11,000 jobs lost most of its updates). That is always a bug in
    /// the calling code, so it is refused as loudly as a data race would be, with a message that
    /// says so (`fatalError`: printed in release builds too, where a precondition's is not).
    func refuseNestedTurn(_ entry: StaticString) {
        if isRunningJobs {
            fatalError("""
                \(entry) was called from inside a job that the SDL loop is running (an @SDLActor or \
                @MainActor task's step, or a posted call). A nested turn would run other SDLActor jobs \
                in the middle of this one and break the actor's isolation, so it is refused. Fix the \
                calling code: return from the job (or await) and let the loop take its next turn.
                """)
        }
    }

    /// Host thread: the earliest timer deadline, if any.
        package func nextTimerDeadline() -> UInt64? {
        timers.withLock { $0.nextDeadline() }
    }

    /// Host thread: resumes every timer due now (in deadline order). Returns how many fired.
    @discardableResult
    package func fireDueTimers() -> Int {
        let now = now()
        timers.withLock { $0.popDue(now: now, into: &dueScratch) }
        let fired = dueScratch.count
        for (deadline, waiter) in dueScratch {
            counters.recordLateness(now >= deadline ? now - deadline : 0)
            waiter.resume()
        }
        dueScratch.removeAll(keepingCapacity: true)
        return fired
    }

    /// Host thread, virtual timeline: moves time forward to `nanoseconds` (never backward).
        package func advanceVirtualTime(to nanoseconds: UInt64) {
        precondition(isVirtual.load(ordering: .relaxed), "advanceVirtualTime needs a virtual-time host")
        if nanoseconds > virtualNow.load(ordering: .relaxed) {
            virtualNow.store(nanoseconds, ordering: .releasing)
        }
    }

    /// Host thread: counts a turn of the loop / a drawn frame / a wake push (telemetry).
        package func recordTurn() { counters.turns.add(1, ordering: .relaxed) }
        package func recordFrame() { counters.framesDrawn.add(1, ordering: .relaxed) }
        package func recordWakePush(succeeded: Bool) {
        if succeeded {
            counters.wakeEventsPushed.add(1, ordering: .relaxed)
        } else {
            counters.wakePushFailures.add(1, ordering: .relaxed)
        }
    }
}
