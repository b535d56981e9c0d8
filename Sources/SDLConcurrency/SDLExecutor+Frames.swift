import Dispatch
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
    /// Waiters the last frame resumed whose code after the wait has not run yet.
    var resumesOut = 0
    /// Tasks the last frame resumed onto another thread (a default task's nonisolated code, another
    /// actor), keyed by task, whose step there has not ended yet: they have not awaited a frame
    /// again nor ended their frame iteration.
    var stepsOut: Set<UInt> = []
    /// The host thread waits for the last frame's steps (and is woken when the last one is back).
    var hostWaitsForSteps = false

    /// Whether every step of the last frame is over (or known to run on the host thread).
    var stepsDone: Bool { resumesOut == 0 && stepsOut.isEmpty }

    /// A resumed waiter's code runs: on the host thread its step runs on to its next await in this
    /// very job; elsewhere the frame waits for `step` to come back. Returns whether to wake the host.
    mutating func resumed(by frame: SDLFrame, onHostThread: Bool, step: UInt) -> Bool {
        guard frame.number == number, resumesOut > 0 else { return false }
        resumesOut -= 1
        if !onHostThread { stepsOut.insert(step) }
        return stepsDone && hostWaitsForSteps
    }

    /// A step of the last frame came back (its task awaits a frame again or stopped iterating).
    /// Returns whether it was the last one the host waits for: then wake the host.
    mutating func stepCameBack(_ step: UInt) -> Bool {
        guard !stepsOut.isEmpty, stepsOut.remove(step) != nil else { return false }
        return stepsDone && hostWaitsForSteps
    }

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

    /// Suspends until the next frame; `nil` when the task is cancelled.
    ///
    /// The wait is registered in the caller's own isolation, with no hop before it: a hop between
    /// taking the ticket and storing the continuation let a frame pass in between, and every
    /// coroutine then got each frame late, after it had been drawn. The resume goes where the
    /// caller runs: an `@SDLActor` or `@MainActor` caller, or a task started with `.onSDLThread`, gets
    /// it on the SDL thread inside the frame; a caller on another executor (a default task's
    /// nonisolated code, another actor) gets it there, and the frame waits for its step.
    nonisolated(nonsending) func awaitFrame() async -> SDLFrame? {
        await awaitFrameInIsolation()
    }

    /// ``awaitFrame()`` for callers that pass their isolation explicitly (`AsyncIteratorProtocol`).
    func awaitFrame(isolation actor: isolated (any Actor)?) async -> SDLFrame? {
        await awaitFrameInIsolation(actor)
    }

    /// The current task's key (its address: unique among live tasks, which is all the frame needs;
    /// a key reused by a later task can only end one frame's wait early), 0 outside a task.
    private var currentTaskKey: UInt {
        withUnsafeCurrentTask { task in task.map { unsafe unsafeBitCast($0, to: UInt.self) } ?? 0 }
    }

    private func awaitFrameInIsolation(_ isolation: isolated (any Actor)? = #isolation) async -> SDLFrame? {
        if isolation != nil, isHostThread, !currentTaskPrefersSDLExecutor {
            // Actor-isolated code on the SDL thread in a task without the SDL executor preference:
            // the runtime resumes such a task on the generic executor (Swift's pool), whence it hops
            // back as an ordinary job. With the preference for the wait, the resume is a job of the
            // SDL thread, run inside the frame.
            let frame = await withTaskExecutorPreference(taskExecutor, isolation: isolation) {
                await registerFrameWait(isolation: isolation)
            }
            stepBegins(frame)
            return frame
        }
        let frame = await registerFrameWait(isolation: isolation)
        stepBegins(frame)
        return frame
    }

    /// The caller's code after its frame wait runs now, where it runs (the hop back from the wait,
    /// if any, is behind us): on the host thread, its step runs on to its next await within this
    /// job; elsewhere the frame waits for it to come back.
    private func stepBegins(_ frame: SDLFrame?) {
        guard let frame else { return }
        let onHostThread = isHostThread
        let task = onHostThread ? 0 : currentTaskKey
        if frames.withLock({ $0.resumed(by: frame, onHostThread: onHostThread, step: task) }) {
            frameStepWakeUp.wakeUp()
        }
    }

    private func registerFrameWait(isolation: isolated (any Actor)?) async -> SDLFrame? {
        let task = isHostThread ? 0 : currentTaskKey
        let slot = FrameWaitSlot()
        // The slot is taken in the continuation's closure, in one step with storing it: whatever
        // executor hop the runtime takes on the way into the wait (one into a preference scope, say),
        // no frame can pass between the ticket and the continuation. `slot` tells a cancellation
        // that comes first.
        return await withTaskCancellationHandler(operation: {
            await withUnsafeContinuation(isolation: isolation) { (waiter: FrameWaiter) in
                let (wasEmpty, wake, cancelled) = frames.withLock { clock -> (Bool, Bool, Bool) in
                    let wake = clock.stepCameBack(task)
                    if slot.cancelledEarly { return (false, wake, true) }
                    let (ticket, wasEmpty) = clock.waiters.add(waiter)
                    slot.ticket = ticket
                    return (wasEmpty, wake, false)
                }
                if wake { frameStepWakeUp.wakeUp() }
                if cancelled { waiter.resume(returning: nil) }
                // The first waiter starts the frames: a host asleep with no deadline must look again.
                // (On the host thread the host is awake, and this finds nothing to wake.)
                if wasEmpty { requestWake() }
            }
        }, onCancel: {
            frames.withLock { clock -> FrameWaiter? in
                guard let ticket = slot.ticket else {
                    slot.cancelledEarly = true
                    return nil
                }
                return clock.waiters.cancel(ticket)
            }?.resume(returning: nil)
        }, isolation: isolation)
    }

    /// The iteration of a frame sequence ended (its iterator is gone): the frame need not wait for
    /// the current task's next frame wait.
    func frameIterationEnded() {
        let task = currentTaskKey
        guard task != 0 else { return }
        if frames.withLock({ $0.stepCameBack(task) }) { frameStepWakeUp.wakeUp() }
    }

    /// Coroutines awaiting the next frame now (any thread; diagnostics and tests).
    var frameWaiterCount: Int { frames.withLock { $0.waiters.liveCount } }

    // MARK: - Delivering frames (the host)

    /// Sets the frame pace: one frame per `interval` (`.zero`: one every turn, unpaced), or — with
    /// `pacedByVSync` — as fast as presenting allows (the present blocks until the vertical blank).
        package func setFramePacing(interval: Duration, pacedByVSync: Bool = false) {
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
        frames.withLock { clock in
            clock.waiters.endAll(into: &ended)
            clock.stepsOut.removeAll()
            clock.resumesOut = 0
        }
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
            clock.stepsOut.removeAll()
            clock.resumesOut = 0
        }
    }

    /// Host thread: whether any coroutine awaits a frame (the host should draw continuously).
        package var hasFrameWaiters: Bool { frames.withLock { !$0.waiters.isEmpty } }

    /// Host thread: when the next frame is due (in the past after a pause: at once), or `nil` when
    /// nobody awaits one: the host may then block as long as it likes; the first waiter wakes it.
    /// Asking when nobody waits pauses the animation (the next frame starts a new run), so ask only
    /// once the turn's jobs have run (before blocking), when a coroutine between two frames has
    /// awaited its next one.
        package func nextFrameDeadline() -> UInt64? {
        frames.withLock { clock in
            guard !clock.waiters.isEmpty else {
                clock.paused = true
                return nil
            }
            return clock.nextDue
        }
    }

    /// Host thread: the earlier of the next timer deadline and the next frame deadline.
        package func nextDeadline() -> UInt64? {
        let timer = nextTimerDeadline()
        guard let frame = nextFrameDeadline() else { return timer }
        return min(timer ?? .max, frame)
    }

    /// Host thread: if a frame is due and anyone awaits it, delivers it — resumes every waiter in
    /// the order it began to wait and runs them (ahead of any job backlog) until each has awaited
    /// again or finished — and returns it. Draw after this call. `nil`: no frame this turn.
    ///
    /// However many coroutines wait and however long their steps take, the frame takes as long as
    /// they need: no time budget cuts it short (input and other work wait for the next turn).
    @discardableResult
    package func deliverFrameIfDue() -> SDLFrame? {
        precondition(isHostThread, "SDLExecutor.deliverFrameIfDue must run on the attached host's thread")
        let now = now()
        var taken: [FrameWaiterList<FrameWaiter>.Entry] = []
        let frame = frames.withLock { clock -> SDLFrame? in
            guard !clock.waiters.isEmpty, now >= clock.nextDue else { return nil }
            let frame = clock.begin(at: now)
            swap(&taken, &clock.scratch)
            // Before any resume: a resumed task may run on another thread at once.
            clock.resumesOut = clock.waiters.takeAll(frame: frame, into: &taken)
            clock.stepsOut.removeAll(keepingCapacity: true)
            return frame
        }
        guard let frame else { return nil }
        // The resumed tasks go to the urgent lane, in this order, and run now: every waiter sees the
        // frame before it is drawn, even behind a flood of ordinary jobs. The capture stays on while
        // they run, so the hops a resumed task takes on its way back to its actor stay in the lane
        // too, instead of waiting behind the backlog. A waiter that starts endless other work
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
        waitForStepsOnOtherThreads()
        return frame
    }

    /// How long the frame waits, idle, for steps on other threads while none of them comes back: a
    /// task that took a frame with ``SDLClock/nextFrame()`` on another thread and then ended, or went
    /// on to await something else there, never comes back, and the animation must not stop for it.
    /// Time spent running jobs meanwhile does not count, up to ten times as long.
    static let frameStepPatienceNanoseconds: UInt64 = 250_000_000

    /// Host thread, inside a frame: waits until every waiter of the frame has run its code after the
    /// wait (a resume that went through another thread comes back as a job), and every step that
    /// runs on another thread (a default task's nonisolated code, another actor) has awaited a frame
    /// again or ended its frame iteration — running the jobs that arrive meanwhile. Blocks only while
    /// such steps are out; each one that comes back renews the patience.
    private func waitForStepsOnOtherThreads() {
        var outstanding = frames.withLock { $0.resumesOut + $0.stepsOut.count }
        guard outstanding > 0 else { return }
        let patience = Self.frameStepPatienceNanoseconds
        var lastProgress = monotonicNanoseconds()
        var idleSinceProgress: UInt64 = 0
        while true {
            withUrgentCapture {
                runUrgentJobs()
                drain(maxJobs: 8192, deadline: .max)
            }
            let left = frames.withLock { $0.resumesOut + $0.stepsOut.count }
            if left == 0 { return }
            let now = monotonicNanoseconds()
            if left < outstanding {
                outstanding = left
                lastProgress = now
                idleSinceProgress = 0
            } else if idleSinceProgress >= patience || now &- lastProgress >= 10 &* patience {
                // Whatever never came back waits for a later frame like a new waiter.
                frames.withLock { clock in
                    clock.resumesOut = 0
                    clock.stepsOut.removeAll(keepingCapacity: true)
                }
                return
            }
            // Block until a job arrives (the next producer wakes this wait, once) or the last step
            // comes back; look at both under their locks first, so neither wake-up is missed.
            let armed = batch.isEmpty && state.withLock { state -> Bool in
                guard state.jobs.isEmpty, state.urgent.isEmpty else { return false }
                state.frameStepWait = frameStepWakeUp
                return true
            }
            guard armed else { continue }
            let mustWait = frames.withLock { clock -> Bool in
                clock.hostWaitsForSteps = !clock.stepsDone
                return clock.hostWaitsForSteps
            }
            if mustWait {
                frameStepWakeUp.wait(untilMonotonic: now &+ (patience - idleSinceProgress))
                idleSinceProgress += monotonicNanoseconds() &- now
            }
            frames.withLock { $0.hostWaitsForSteps = false }
            state.withLock { $0.frameStepWait = nil }
        }
    }

    var frameStepWakeUp: FrameStepWait { FrameStepWait.shared }
}

/// What the host thread blocks on inside a frame while steps of its coroutines run on other threads.
/// It stands in for the host in ``GuestState/claimWake()``, so a job submitted meanwhile wakes it.
final class FrameStepWait: HostLoop {
    static let shared = FrameStepWait()
    private let semaphore = DispatchSemaphore(value: 0)

    /// Any thread. A wake-up nobody waits for leaves the semaphore signalled: the next wait returns
    /// at once and looks again (one spare turn of the loop, nothing lost).
    func wakeUp() { semaphore.signal() }

    /// Host thread: blocks until woken or until `deadline` on the monotonic clock.
    func wait(untilMonotonic deadline: UInt64) {
        let now = monotonicNanoseconds()
        guard deadline > now else { return }
        _ = semaphore.wait(timeout: .now() + .nanoseconds(Int(clamping: deadline - now)))
    }

    var isHostThread: Bool { SDLExecutor.shared.isHostThread }

    /// Never called: this is no host of a root operation.
    func guestDidFinish(_ outcome: GuestOutcome) {}
}

/// One frame wait's slot, for its cancellation handler: the ticket once the wait is registered, or
/// the note that the cancellation came first.
final class FrameWaitSlot: @unchecked Sendable {
    // @unchecked: both fields are read and written only under `SDLExecutor.frames`' lock.
    var ticket: FrameWaiterList<FrameWaiter>.Ticket?
    var cancelledEarly = false
}
