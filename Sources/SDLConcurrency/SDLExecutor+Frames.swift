import Synchronization

/// What a coroutine awaiting a frame leaves in ``FrameWaiterList``: resumed with the frame, or with
/// `nil` when its wait was cancelled.
typealias FrameWaiter = UnsafeContinuation<SDLFrame?, Never>

/// The frame clock: who waits for the next frame, and when that frame is due. Part of
/// ``SDLExecutor`` (guarded by the `frames` lock), so every host — ``SDLHost``, ``AttachedGuest``,
/// a virtual-time test host — delivers frames the same way.
struct FrameClock {
    var waiters = FrameWaiterList<FrameWaiter>()
    /// The last frame's number (0 before the first since the host attached).
    var number = 0
    /// The last frame's timestamp (`nil` before the first since the host attached).
    var previousTimestamp: UInt64?
    /// The host looked for the next frame's deadline and nobody awaited one: the animation paused.
    /// The next frame starts a new run.
    var paused = true
    /// When the next frame is due, on the executor's timeline.
    var nextDue: UInt64 = 0
    /// The frame interval in nanoseconds (0: a frame every turn, unpaced).
    var interval: UInt64 = FrameClock.defaultInterval
    /// Presenting blocks until the display's vertical blank: frames need only a lower bound.
    var pacedByVSync = false
    /// The last frame's waiters, swapped out to be resumed outside the lock (capacity reused).
    var scratch: [FrameWaiterList<FrameWaiter>.Entry] = []

    /// 1/60 s: the pace without a display (and under virtual time unless a host says otherwise).
    static let defaultInterval: UInt64 = 16_666_667

    /// Starts a frame at `now` (at or after `nextDue`): its description, and the due time of the
    /// one after it.
    ///
    /// The first frame after a pause reports the nominal interval as `sincePrevious`, and the
    /// cadence restarts from it. Frames stay on the cadence whatever one turn's lateness; a frame a
    /// whole interval late (a stalled loop) restarts the cadence instead of bunching frames up.
    mutating func begin(at now: UInt64) -> SDLFrame {
        number += 1
        let newRun = paused || previousTimestamp == nil
        paused = false
        let since = newRun ? interval : now &- (previousTimestamp ?? now)
        if pacedByVSync {
            // The present blocks until the next vertical blank; the lower bound only keeps a renderer
            // that claims vsync but does not block (some compositors) from spinning.
            nextDue = now &+ interval * 3 / 4
        } else if newRun || now &- nextDue >= interval {
            nextDue = now &+ interval
        } else {
            nextDue &+= interval
        }
        previousTimestamp = now
        return SDLFrame(
            number: number,
            timestamp: SDLClock.Instant(nanoseconds: now),
            sincePrevious: .nanoseconds(Int64(clamping: since)))
    }
}

extension SDLExecutor {
    // MARK: - Awaiting a frame (any task)

    /// Suspends until the next frame; `nil` when the task is cancelled. The resume comes through the
    /// SDL ready queue, never the global pool, whatever the task's executor preference (as in
    /// ``sleep(untilNanoseconds:)``).
    nonisolated(nonsending) func awaitFrame() async -> SDLFrame? {
        if prefersSDLTaskExecutor { return await awaitFrameOnSDLExecutor() }
        return await withNonisolatedWorkOnSDLThread { () async -> SDLFrame? in
            await awaitFrameOnSDLExecutor()
        }
    }

    /// ``awaitFrame()`` for callers that pass their isolation explicitly (`AsyncIteratorProtocol`).
    func awaitFrame(isolation actor: isolated (any Actor)?) async -> SDLFrame? {
        if prefersSDLTaskExecutor { return await awaitFrameOnSDLExecutor() }
        return await withNonisolatedWorkOnSDLThread(isolation: actor) { () async -> SDLFrame? in
            await awaitFrameOnSDLExecutor()
        }
    }

    /// Whether the current task already prefers the SDL task executor (``NonisolatedWork/onSDLThread``):
    /// then its resumes stay on the SDL thread without another preference scope.
    private var prefersSDLTaskExecutor: Bool {
        withUnsafeCurrentTask { task in
            task?.unownedTaskExecutor == taskExecutor.asUnownedTaskExecutor()
        }
    }

    private nonisolated(nonsending) func awaitFrameOnSDLExecutor() async -> SDLFrame? {
        let (ticket, wasEmpty) = frames.withLock { $0.waiters.reserve() }
        // The first waiter starts the frames: a host asleep with no deadline must look again.
        // (On the host thread the host is awake, and this finds nothing to wake.)
        if wasEmpty { requestWake() }
        return await withTaskCancellationHandler {
            await withUnsafeContinuation { (waiter: FrameWaiter) in
                switch frames.withLock({ $0.waiters.fill(ticket, with: waiter) }) {
                case .stored:
                    break
                case .cancelled:
                    waiter.resume(returning: nil)
                case .missedFrame(let frame):
                    waiter.resume(returning: frame)
                }
            }
        } onCancel: {
            frames.withLock { $0.waiters.cancel(ticket) }?.resume(returning: nil)
        }
    }

    /// Coroutines awaiting the next frame now (any thread; diagnostics and tests).
    var frameWaiterCount: Int { frames.withLock { $0.waiters.liveCount } }

    // MARK: - Delivering frames (the host)

    /// Sets the frame pace: one frame per `interval` (`.zero`: one every turn, unpaced), or — with
    /// `pacedByVSync` — as fast as presenting allows (the present blocks until the vertical blank).
    @_spi(Hosting)
    public func setFramePacing(interval: Duration, pacedByVSync: Bool = false) {
        let nanoseconds = interval <= .zero ? 0 : interval.nanosecondsRoundedUp
        frames.withLock { clock in
            clock.interval = nanoseconds
            clock.pacedByVSync = pacedByVSync
        }
    }

    /// The host detached: every frame wait ends (`nextFrame()` throws `CancellationError`, a `frames`
    /// loop ends), so a coroutine left awaiting frames cannot keep the next host drawing forever.
    func endFrameWaits() {
        var ended: [FrameWaiter] = []
        frames.withLock { $0.waiters.endAll(into: &ended) }
        for waiter in ended { waiter.resume(returning: nil) }
    }

    /// Frame numbering and pacing start afresh (a host attached). Waiters stay.
    func resetFrameClock() {
        frames.withLock { clock in
            clock.number = 0
            clock.previousTimestamp = nil
            clock.paused = true
            clock.nextDue = 0
            clock.interval = FrameClock.defaultInterval
            clock.pacedByVSync = false
        }
    }

    /// Host thread: whether any coroutine awaits a frame (the host should draw continuously).
    @_spi(Hosting)
    public var hasFrameWaiters: Bool { frames.withLock { !$0.waiters.isEmpty } }

    /// Host thread: when the next frame is due (in the past after a pause: at once), or `nil` when
    /// nobody awaits one: the host may then block as long as it likes; the first waiter wakes it.
    /// Asking when nobody waits pauses the animation (the next frame starts a new run), so ask only
    /// once the turn's jobs have run (before blocking), when a coroutine between two frames has
    /// awaited its next one.
    @_spi(Hosting)
    public func nextFrameDeadline() -> UInt64? {
        frames.withLock { clock in
            guard !clock.waiters.isEmpty else {
                clock.paused = true
                return nil
            }
            return clock.nextDue
        }
    }

    /// Host thread: the earlier of the next timer deadline and the next frame deadline.
    @_spi(Hosting)
    public func nextDeadline() -> UInt64? {
        let timer = nextTimerDeadline()
        guard let frame = nextFrameDeadline() else { return timer }
        return min(timer ?? .max, frame)
    }

    /// Host thread: if a frame is due and anyone awaits it, delivers it — resumes every waiter in
    /// the order it began to wait and runs them (ahead of any job backlog) until each has awaited
    /// again or finished — and returns it. Draw after this call. `nil`: no frame this turn.
    @_spi(Hosting)
    @discardableResult
    public func deliverFrameIfDue() -> SDLFrame? {
        precondition(isHostThread, "SDLExecutor.deliverFrameIfDue must run on the attached host's thread")
        let now = now()
        var taken: [FrameWaiterList<FrameWaiter>.Entry] = []
        let frame = frames.withLock { clock -> SDLFrame? in
            guard !clock.waiters.isEmpty, now >= clock.nextDue else { return nil }
            let frame = clock.begin(at: now)
            swap(&taken, &clock.scratch)
            _ = clock.waiters.takeAll(frame: frame, into: &taken)
            return frame
        }
        guard let frame else { return nil }
        // The resumed tasks go to the urgent lane, in this order, and run now: every waiter sees the
        // frame before it is drawn, even behind a flood of ordinary jobs. The capture stays on while
        // they run, so the hops a resumed task takes on its way back to its actor (one for a task with
        // the SDL executor preference) stay in the lane too, instead of waiting behind the backlog
        // (or past this turn's drain budget, after the draw). A waiter that starts endless other work
        // instead of awaiting the next frame is cut off after 64 jobs per waiter; the rest runs next turn.
        var resumed = 0
        withUrgentCapture {
            for entry in taken {
                if case .waiting(let waiter) = entry {
                    waiter.resume(returning: frame)
                    resumed += 1
                }
            }
            taken.removeAll(keepingCapacity: true)
            frames.withLock { swap(&$0.scratch, &taken) }
            runUrgentJobs(maxJobs: max(4096, resumed &* 64))
        }
        return frame
    }
}
