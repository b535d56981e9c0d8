public import CSDL2
import Synchronization

/// Swift Concurrency as a guest inside **your own** SDL event loop (attached mode).
///
/// ``SDLHost`` owns the loop for you. When you already have a hand-written `while` loop — a game,
/// an emulator, an existing C-style SDL program — create an `AttachedGuest` after `SDL_Init` on the
/// thread that runs your loop, and make three calls each turn, as trio's guest mode and asyncslot's
/// attached runner do:
///
/// 1. ``waitTimeout()`` — how long your `SDL_WaitEventTimeout` may block (0 when guest work is
///    ready, until the next ``SDLClock`` deadline otherwise, `-1` for "until an event arrives");
/// 2. ``handle(_:)`` — give it each event you take from SDL: it returns `true` for the guest's own
///    wake-up event (skip it) and `false` for yours;
/// 3. ``runReadyWork(maxJobs:maxDuration:)`` — run due timers and ready jobs within a budget, so
///    input and drawing keep their turn under a flood of jobs, and deliver a due frame to the
///    coroutines awaiting ``SDLClock/frames``. While ``isAnimating``, draw every turn.
///
/// ```swift
/// let guest = try AttachedGuest()
/// SDLActor.task { await somethingAsync() }
/// var running = true
/// while running {
///     var event = SDL_Event()
///     if SDL_WaitEventTimeout(&event, guest.waitTimeout()) == 1 {
///         repeat {
///             if guest.handle(event) { continue }
///             if event.type == SDL_QUIT.rawValue { running = false }
///         } while SDL_PollEvent(&event) == 1
///     }
///     guest.runReadyWork()
///     // draw…
/// }
/// guest.detach()
/// SDL_Quit()
/// ```
///
/// While it is attached, the loop's thread *is* the SDL thread: `@SDLActor` code, signals, async
/// slots and ``SDLClock`` sleeps run there, and `SDLActor.assumeIsolated { }` works in your event
/// handling. Another thread (a network callback, a `Task.detached`) wakes a blocked loop by pushing
/// one SDL user event, at most one at a time; that is the event ``handle(_:)`` recognises.
///
/// Threads: create it, and call everything but ``isHostThread`` on the thread that
/// runs your loop. Only one host (this, an ``SDLHost`` or a test host) may be attached at a time.
/// Call ``detach()`` before `SDL_Quit`; jobs enqueued after that wait for the next host.
public final class AttachedGuest: HostLoop, Sendable {
    /// The SDL event type of the guest's wake-up event (registered with `SDL_RegisterEvents`).
    public let wakeEventType: UInt32

    private let thread: ThreadID
    /// Attached and SDL usable: wake-ups may push events. Guarded by its lock, so that no push can
    /// follow ``detach()`` (and hence `SDL_Quit`).
    private let attached = LockedState(false)

    /// Attaches the guest to the calling thread. Call it after `SDL_Init` (any subsystem; the
    /// events subsystem is enough), on the thread that runs your loop.
    ///
    /// - Throws: ``SDLError/callFailed(call:sdlError:)`` when SDL has no event type left to register
    ///   (or is not initialised); ``SDLError/hostAlreadyRunning(onThisThread:)`` when another host is
    ///   attached.
    ///
    /// - Parameter frameInterval: the pace of ``SDLClock/frames`` while coroutines await them: one
    ///   frame per interval (1/60 s by default; match your display), or `.zero` for one frame per
    ///   ``runReadyWork(maxJobs:maxDuration:)`` call — for a loop that paces itself with vsync.
    public init(frameInterval: Duration = .nanoseconds(16_666_667)) throws(SDLError) {
        let type = SDL_RegisterEvents(1)
        guard type != UInt32.max else {
            throw .callFailed(call: "SDL_RegisterEvents", sdlError: SDLError.currentSDLError())
        }
        wakeEventType = type
        thread = .current
        try SDLExecutor.shared.attach(self, timeline: .real)
        SDLExecutor.shared.setFramePacing(interval: frameInterval)
        attached.withLock { $0 = true }
    }

    // MARK: - Each turn (the loop's thread)

    /// How long the loop may block in `SDL_WaitEventTimeout`, in milliseconds: `0` when guest work
    /// is ready (poll, do not block), the time to the next ``SDLClock`` deadline rounded up (so a
    /// timer is never early and at most a millisecond late), or `-1` when only an event — input, or
    /// the guest's wake-up from another thread — can make progress.
    ///
    /// While coroutines await frames, the next frame is a deadline too.
    ///
    /// After it returns anything but `0`, work from other threads wakes the loop with one SDL event;
    /// block only in SDL's wait (or return to it promptly), or wake-ups are delayed.
    public func waitTimeout() -> Int32 {
        checkThread("waitTimeout()")
        let executor = SDLExecutor.shared
        guard executor.prepareToSleep() else { return 0 }
        // Read the deadline only now: a timer set after prepareToSleep() wakes the loop instead.
        guard let deadline = executor.nextDeadline() else { return -1 }
        let now = executor.now()
        if deadline <= now {
            executor.didWake()
            return 0
        }
        let millis = (deadline - now + 999_999) / 1_000_000
        return Int32(clamping: millis)
    }

    /// The ``waitTimeout()`` as a `Duration` for loops that block elsewhere (`nil`: no deadline).
    public func waitDuration() -> Duration? {
        let millis = waitTimeout()
        return millis < 0 ? nil : .milliseconds(millis)
    }

    /// Hands over an event taken from SDL. Returns `true` when it was the guest's own wake-up event
    /// (nothing else to do with it), `false` for any other event (handle it yourself).
    @discardableResult
    public func handle(_ event: SDL_Event) -> Bool {
        guard event.type == wakeEventType else { return false }
        checkThread("handle(_:)")
        // The wake-up arrived: the next producer may wake the loop again.
        SDLExecutor.shared.acknowledgeWake()
        return true
    }

    /// Runs the host's own urgent work and due ``SDLClock`` timers, then ready guest jobs in FIFO
    /// order until none is left, `maxJobs` have run or `maxDuration` has passed (checked every 64
    /// jobs). The rest wait for the next turn, in order. Then, if coroutines await a frame and one
    /// is due, delivers it: they all take their step before this call returns, so draw after it.
    /// Returns the number of jobs run (frame steps not included).
    ///
    /// Call it from your loop, never from inside a job it runs (an `@SDLActor` task, a posted
    /// call): a nested call would run other `SDLActor` jobs inside that one, so it stops the
    /// program with a message saying so.
    @discardableResult
    public func runReadyWork(maxJobs: Int = 8192, maxDuration: Duration = .milliseconds(8)) -> Int {
        checkThread("runReadyWork(maxJobs:maxDuration:)")
        let executor = SDLExecutor.shared
        executor.refuseNestedTurn("AttachedGuest.runReadyWork()")
        // The loop is awake: producers need not push wake-ups until it next asks to wait.
        executor.didWake()
        executor.recordTurn()
        // As in SDLHost's turn: the host's own work (`postUrgent`, due timers' resumes) runs ahead
        // of any backlog of guest jobs; left unrun, it would also keep `waitTimeout()` at 0 forever.
        executor.withUrgentCapture { _ = executor.fireDueTimers() }
        var ran = executor.runUrgentJobs()
        ran += executor.drain(
            maxJobs: max(0, maxJobs - ran),
            deadline: monotonicNanoseconds() &+ maxDuration.nanosecondsRoundedUp)
        executor.afterDrain()
        executor.deliverFrameIfDue()
        return ran
    }

    /// Whether coroutines await ``SDLClock/frames``: draw every turn while it is `true`.
    public var isAnimating: Bool {
        checkThread("isAnimating")
        return SDLExecutor.shared.hasFrameWaiters
    }

    /// Whether guest jobs are waiting to run (the loop should not block).
    public var hasReadyWork: Bool {
        checkThread("hasReadyWork")
        return SDLExecutor.shared.hasReadyJobs
    }

    /// Detaches the guest from the executor. Call it on the loop's thread before `SDL_Quit`. Tasks
    /// still suspended stay suspended; jobs enqueued later wait for the next host. Idempotent.
    public func detach() {
        checkThread("detach()")
        let wasAttached = attached.withLock { attached in
            defer { attached = false }
            return attached
        }
        if wasAttached { SDLExecutor.shared.detach(self) }
    }

    // MARK: - HostLoop

    /// Pushes the wake-up event (any thread). Called by the executor at most once per loop sleep.
    package func wakeUp() {
        let pushed: Bool? = attached.withLock { attached in
            guard attached else { return nil }
            var event = SDL_Event()
            event.user.type = wakeEventType
            event.user.data1 = Unmanaged.passUnretained(SDLExecutor.shared).toOpaque()
            return SDL_PushEvent(&event) == 1
        }
        if let pushed { SDLExecutor.shared.recordWakePush(succeeded: pushed) }
        // Not pushed (SDL's queue is full, or detached): let the next producer retry. Nothing is
        // lost — the loop runs ready work every turn and SDL's full queue keeps it from blocking.
        if pushed != true { SDLExecutor.shared.acknowledgeWake() }
    }

    /// Whether the caller runs on the loop's thread (any thread).
    public var isHostThread: Bool { ThreadID.current == thread }

    /// An attached guest has no root operation; nothing to do.
    package func guestDidFinish(_ outcome: GuestOutcome) {}

    private func checkThread(_ call: StaticString) {
        precondition(isHostThread, "AttachedGuest.\(call) must be called on the thread that created the guest (your loop's)")
    }
}
