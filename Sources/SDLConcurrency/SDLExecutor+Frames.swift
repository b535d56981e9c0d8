import CTaskCancellation
import Dispatch
import Synchronization

/// What a coroutine awaiting a frame leaves in ``FrameWaiterList``.
enum FrameWaiter: Sendable {
    /// A continuation, resumed with the frame, or with `nil` when its wait was cancelled: the wait
    /// of a coroutine whose code after the wait does not run on the SDL thread (a default task's
    /// nonisolated code, another actor), or that waited off the SDL thread.
    case continuation(UnsafeContinuation<SDLFrame?, Never>)
    /// The coroutine's own job, parked: its code after the wait runs on the SDL thread, so the
    /// frame runs the job right there, on the executors that code expects (`run`), with no
    /// continuation, no ready-queue trip and no hop back (see ``FrameWaitSlot``).
    case parked(UnownedJob, FrameWaiterRun)
}

/// How the host runs a parked frame waiter's job: the executors its code expects to run on, and
/// whether it resumes with the frame being delivered or ends (cancelled, host gone).
struct FrameWaiterRun: Sendable {
    enum Context: UInt8, Sendable {
        /// `SDLActor`-isolated code of a task without the SDL executor preference.
        case serial
        /// `SDLActor`-isolated code of a task with the SDL executor preference (`.onSDLThread`).
        case serialAndTask
        /// Nonisolated code of a task with the SDL executor preference.
        case task
    }
    var context: Context
    /// Resumes with the frame being delivered (`false`: the wait ends with `nil`).
    var delivered = false
}

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
    /// Continuations among `waiters` (parked waiters run inside the frame: nothing to count).
    var continuationsWaiting = 0
    /// Continuations the last frame resumed whose code after the wait has not run yet.
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

    /// Adds a waiter; returns its ticket and whether nobody waited before.
    mutating func add(_ waiter: FrameWaiter) -> (ticket: FrameWaiterList<FrameWaiter>.Ticket, wasEmpty: Bool) {
        if case .continuation = waiter { continuationsWaiting += 1 }
        return waiters.add(waiter)
    }

    /// Cancels the wait of `ticket`; the waiter to end, if it still waited.
    mutating func cancel(_ ticket: FrameWaiterList<FrameWaiter>.Ticket) -> FrameWaiter? {
        let waiter = waiters.cancel(ticket)
        if case .continuation = waiter { continuationsWaiting -= 1 }
        return waiter
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

    /// Suspends until the next frame; `nil` when the task is cancelled. `slot` carries the wait
    /// (one per `frames` iteration, reused by its waits; a fresh one per ``SDLClock/nextFrame()``).
    ///
    /// The wait is registered in the caller's own isolation, with no hop before it: a hop between
    /// taking the ticket and storing the waiter let a frame pass in between, and every coroutine
    /// then got each frame late, after it had been drawn. The resume goes where the caller runs:
    /// code that runs on the SDL thread (`@SDLActor` code, `@MainActor` code when the SDL executor is
    /// the main actor's, the nonisolated code of a task started with `.onSDLThread`) is parked and
    /// run by the frame itself; a caller on another executor (a default task's nonisolated code,
    /// another actor) is resumed there through a continuation, and the frame waits for its step.
    nonisolated(nonsending) func awaitFrame(slot: FrameWaitSlot) async -> SDLFrame? {
        await awaitFrame(isolation: #isolation, slot: slot)
    }

    /// ``awaitFrame(slot:)`` for callers that pass their isolation explicitly (`AsyncIteratorProtocol`).
    @inline(__always)
    func awaitFrame(isolation: isolated (any Actor)?, slot: FrameWaitSlot) async -> SDLFrame? {
        if let context = parkedContext(isolation, slot: slot) {
            // The job parks in the slot's executor (`parkFrameWaiter`) as the task hops into
            // `pass()`: the hop itself registers the wait, so no frame can pass in between.
            slot.pending = FrameWaiterRun(context: context)
            // The cancellation handler, registered as `withTaskCancellationHandler` registers it,
            // without that function's call, closure and hops (on Linux it is not inlined: three
            // executor checks and two task allocations per wait, a third of the wait's cost).
            // Added before the hop and removed after it, so records and task allocations stay in
            // stack order; its context, the slot, lives as long as the wait. If the task is already
            // cancelled, the handler runs at once, and the hop into `pass()` then ends the wait.
            let record = unsafe ctc_add_cancellation_handler(frameWaitCancelled, Unmanaged.passUnretained(slot).toOpaque())
            let frame = await slot.pass()
            unsafe ctc_remove_cancellation_handler(record)
            return frame
        }
        return await awaitFrameThroughContinuation(isolation, slot: slot)
    }

    /// How a parked waiter of the current task in `isolation` is to be run, if its code after the
    /// wait runs on the SDL thread; `nil` for a wait through a continuation.
    @inline(__always)
    private func parkedContext(_ isolation: (any Actor)?, slot: FrameWaitSlot) -> FrameWaiterRun.Context? {
        guard isHostThread else { return nil }
        if let isolation {
            guard runsOnSDLExecutor(isolation) else { return nil }
            // The task's preference, asked once per iteration (asking takes the task's status
            // lock). Should it change within an iteration (a preference scope around one `next()`),
            // a wrong answer costs one hop, as the runtime then switches executors itself.
            let prefers: Bool
            if let known = slot.taskPrefersSDLExecutor {
                prefers = known
            } else {
                prefers = currentTaskPrefersSDLExecutor
                slot.taskPrefersSDLExecutor = prefers
            }
            return prefers ? .serialAndTask : .serial
        }
        // Nonisolated code stays on the SDL thread after the wait only with the preference: ask.
        return currentTaskPrefersSDLExecutor ? .task : nil
    }

    /// Called by ``FrameWaitSlot/enqueue(_:)``, on the waiting task's thread (the SDL thread), as the
    /// task hops into the slot: parks the task's job until the next frame, or — when the wait was
    /// cancelled first — sends it on at once to end the wait.
    func parkFrameWaiter(_ job: UnownedJob, slot: FrameWaitSlot) {
        var run = slot.pending
        // Sound: an `UnownedJob` of a task's step is the task itself, the key `currentTaskKey` gives.
        let task = unsafe unsafeBitCast(job, to: UInt.self)
        let (parked, wake, wasEmpty) = frames.withLock { clock -> (Bool, Bool, Bool) in
            let wake = clock.stepCameBack(task)
            if slot.cancelledEarly { return (false, wake, false) }
            let (ticket, wasEmpty) = clock.add(.parked(job, run))
            slot.ticket = ticket
            return (true, wake, wasEmpty)
        }
        if wake { frameStepWakeUp.wakeUp() }
        if !parked {
            run.delivered = false
            submit(.frameWaiter(job, run))
        }
        // The first waiter starts the frames: a host asleep with no deadline must look again.
        if wasEmpty { requestWake() }
    }

    /// Host thread: runs a parked frame waiter's job (see ``FrameWaitSlot``).
    @inline(__always)
    func runFrameWaiter(_ job: UnownedJob, _ run: FrameWaiterRun) {
        deliveredFrame = run.delivered ? lastFrame : nil
        switch run.context {
        case .serial:
            job.runSynchronously(on: asUnownedSerialExecutor())
        case .serialAndTask:
            job.runSynchronously(isolatedTo: asUnownedSerialExecutor(), taskExecutor: taskExecutor.asUnownedTaskExecutor())
        case .task:
            job.runSynchronously(on: taskExecutor.asUnownedTaskExecutor())
        }
        deliveredFrame = nil
    }

    /// Host thread, the first code of a parked waiter after its wait: the frame it resumed with,
    /// or `nil` when its wait ended.
    func takeDeliveredFrame() -> SDLFrame? {
        let frame = deliveredFrame
        deliveredFrame = nil
        return frame
    }

    /// A frame wait's cancellation handler (any thread): ends the wait in `slot` if it is
    /// registered, or notes that the cancellation came first, so its registration ends it at once.
    func cancelFrameWait(_ slot: FrameWaitSlot) {
        let waiter = frames.withLock { clock -> FrameWaiter? in
            // A ticket of an earlier wait of this slot (or none) finds nothing: then this wait is
            // not registered yet. (Or it was resumed already; the note then only ends the slot's
            // next wait at once, which a cancelled task's next wait does anyway.)
            if let ticket = slot.ticket, let waiter = clock.cancel(ticket) { return waiter }
            slot.cancelledEarly = true
            return nil
        }
        if let waiter { end(waiter) }
    }

    /// Ends a wait that no frame resumed (cancelled, or its host is gone).
    private func end(_ waiter: FrameWaiter) {
        switch waiter {
        case .continuation(let continuation):
            continuation.resume(returning: nil)
        case .parked(let job, var run):
            run.delivered = false
            submit(.frameWaiter(job, run))
        }
    }

    /// The current task's key (its address: unique among live tasks, which is all the frame needs;
    /// a key reused by a later task can only end one frame's wait early), 0 outside a task.
    private var currentTaskKey: UInt {
        withUnsafeCurrentTask { task in task.map { unsafe unsafeBitCast($0, to: UInt.self) } ?? 0 }
    }

    private func awaitFrameThroughContinuation(_ isolation: isolated (any Actor)?, slot: FrameWaitSlot) async -> SDLFrame? {
        if isolation != nil, isHostThread, !currentTaskPrefersSDLExecutor {
            // Actor-isolated code on the SDL thread in a task without the SDL executor preference
            // (an actor of the app's own on the SDL executor, `@MainActor` on the main queue): the
            // runtime resumes such a task on the generic executor (Swift's pool), whence it hops
            // back as an ordinary job. With the preference for the wait, the resume is a job of the
            // SDL thread, run inside the frame.
            let frame = await withTaskExecutorPreference(taskExecutor, isolation: isolation) {
                await registerFrameWait(isolation: isolation, slot: slot)
            }
            stepBegins(frame)
            return frame
        }
        let frame = await registerFrameWait(isolation: isolation, slot: slot)
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

    private func registerFrameWait(isolation: isolated (any Actor)?, slot: FrameWaitSlot) async -> SDLFrame? {
        let task = isHostThread ? 0 : currentTaskKey
        // The slot is taken in the continuation's closure, in one step with storing it: whatever
        // executor hop the runtime takes on the way into the wait (one into a preference scope, say),
        // no frame can pass between the ticket and the continuation. `slot` tells a cancellation
        // that comes first.
        return await withTaskCancellationHandler(operation: {
            await withUnsafeContinuation(isolation: isolation) { (waiter: UnsafeContinuation<SDLFrame?, Never>) in
                let (wasEmpty, wake, cancelled) = frames.withLock { clock -> (Bool, Bool, Bool) in
                    let wake = clock.stepCameBack(task)
                    if slot.cancelledEarly { return (false, wake, true) }
                    let (ticket, wasEmpty) = clock.add(.continuation(waiter))
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
            cancelFrameWait(slot)
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
            clock.continuationsWaiting = 0
            clock.stepsOut.removeAll()
            clock.resumesOut = 0
        }
        for waiter in ended { end(waiter) }
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
        let taking = frames.withLock { clock -> (frame: SDLFrame, continuations: Int)? in
            guard !clock.waiters.isEmpty, now >= clock.nextDue else { return nil }
            let frame = clock.begin(at: now)
            swap(&taken, &clock.scratch)
            _ = clock.waiters.takeAll(frame: frame, into: &taken)
            // Before any resume: a resumed task may run on another thread at once.
            clock.resumesOut = clock.continuationsWaiting
            clock.continuationsWaiting = 0
            clock.stepsOut.removeAll(keepingCapacity: true)
            return (frame, clock.resumesOut)
        }
        guard let (frame, continuations) = taking else { return nil }
        lastFrame = frame
        // Every waiter runs now, in the order it began to wait, ahead of any backlog of ordinary
        // jobs: every waiter sees the frame before it is drawn. Parked waiters (code on the SDL
        // thread) run right here, each to its next await; when continuations wait too, all of
        // them go to the urgent lane in order instead. The capture stays on while they run, so the
        // jobs and hops they start stay in the lane too, instead of waiting behind the backlog.
        // A waiter that starts endless other work instead of awaiting the next frame is cut off
        // after 64 jobs per waiter; the rest runs next turn.
        var resumed = 0
        withUrgentCapture {
            if continuations == 0 {
                refuseNestedTurn("SDLExecutor.deliverFrameIfDue")
                isRunningJobs = true
                for entry in taken {
                    if case .waiting(.parked(let job, var run)) = entry {
                        run.delivered = true
                        runFrameWaiter(job, run)
                        resumed += 1
                    }
                }
                isRunningJobs = false
                counters.jobsRun.add(resumed, ordering: .relaxed)
            } else {
                for entry in taken {
                    switch entry {
                    case .waiting(.continuation(let waiter)):
                        waiter.resume(returning: frame)
                    case .waiting(.parked(let job, var run)):
                        run.delivered = true
                        submitUrgent(.frameWaiter(job, run))
                    case .reserved, .cancelled:
                        continue
                    }
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

/// A parked frame wait's cancellation handler (`ctc_add_cancellation_handler`): `context` is the
/// wait's ``FrameWaitSlot``, unretained (the waiting task holds it until the handler is removed).
private func frameWaitCancelled(_ context: UnsafeMutableRawPointer?) {
    guard let context else { return }
    SDLExecutor.shared.cancelFrameWait(unsafe Unmanaged<FrameWaitSlot>.fromOpaque(context).takeUnretainedValue())
}

/// The frame waits of one `frames` iteration (or one ``SDLClock/nextFrame()`` call): what the
/// cancellation handler needs, and the executor a waiter on the SDL thread parks in.
///
/// A coroutine whose code after the wait runs on the SDL thread does not suspend on a
/// continuation: it hops into ``pass()``, isolated to this actor, whose executor is the slot
/// itself. The runtime hands the task's job to ``enqueue(_:)`` on the waiting thread, in the hop,
/// and the job waits in the frame's list; the frame runs it on the SDL executor as the code after
/// the wait expects (``FrameWaiterRun``), so ``pass()`` returns the frame and the task goes on
/// within that same job — the hop back to its actor is no hop. That is one job per coroutine and
/// frame, as a continuation resumed straight onto the SDL executor would be, without the
/// continuation.
actor FrameWaitSlot: SerialExecutor {
    /// The ticket of the slot's current (or last) wait. Read and written only under
    /// `SDLExecutor.frames`' lock.
    nonisolated(unsafe) var ticket: FrameWaiterList<FrameWaiter>.Ticket?
    /// A cancellation came before the wait was registered. Under `SDLExecutor.frames`' lock.
    nonisolated(unsafe) var cancelledEarly = false
    /// How the next parked wait is to be run. Written by the waiting task before its hop into
    /// ``pass()`` and read by ``enqueue(_:)`` on the same thread within that hop (the runtime
    /// enqueues a task switching to a custom executor synchronously): one task, one thread.
    nonisolated(unsafe) var pending = FrameWaiterRun(context: .serial)
    /// Whether the waiting task has the SDL executor preference, once a wait of `SDLActor` code
    /// asked (see ``SDLExecutor/awaitFrame(isolation:slot:)``). The waiting task's own, like `pending`.
    nonisolated(unsafe) var taskPrefersSDLExecutor: Bool?
    /// Whether the end of this slot is the end of a `frames` iteration.
    private let endsIteration: Bool

    init(endsIteration: Bool) {
        self.endsIteration = endsIteration
    }

    deinit {
        if endsIteration { SDLExecutor.shared.frameIterationEnded() }
    }

    nonisolated var unownedExecutor: UnownedSerialExecutor { asUnownedSerialExecutor() }

    nonisolated func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }

    /// The runtime calls this as a waiting task hops into ``pass()``: the job is the task's.
    nonisolated func enqueue(_ job: consuming ExecutorJob) {
        SDLExecutor.shared.parkFrameWaiter(UnownedJob(job), slot: self)
    }

    /// The first code after a parked wait, run by the host thread: the frame, or `nil` when the
    /// wait ended without one.
    func pass() -> SDLFrame? {
        SDLExecutor.shared.takeDeliveredFrame()
    }
}
