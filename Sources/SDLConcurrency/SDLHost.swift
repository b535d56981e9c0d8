public import CSDL2
internal import CMainQueue
import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The SDL event loop as the host of Swift Concurrency.
///
/// It owns its thread (the main thread in an app) and blocks in SDL's wait. One ``tick()`` is one
/// turn with four labelled phases: **wait** (until an SDL event, a guest wake-up or the next timer
/// deadline; not at all when work is ready) → **translate** SDL events → run **guest** jobs and due
/// timers, with a budget → **draw** when dirty. ``run(_:root:)`` is a loop over `tick()`.
///
/// Every guest job reaches the loop through ``SDLExecutor``'s ready queue; a cross-thread producer
/// wakes a sleeping host with one SDL user event whose `user.data1` is the executor (its re-entry
/// point, as PySide6's `ReenterQtEvent` carries trio's). Under the dummy video driver, where SDL
/// can only poll, the host instead blocks on its own semaphore, which every wake-up also signals;
/// under x11 it blocks in `ppoll` on the X connection and its own wake-up eventfd (SDL's wait would
/// carry each wake-up through the X server).
///
/// Threads: the class is `SDLActor`-isolated (the host thread). ``isHostThread``,
/// ``post(_:)`` and ``quit(status:)`` are safe from any thread.
@SDLActor
public final class SDLHost: HostLoop {
    // MARK: Configuration

    /// How a host runs: its video driver and first window, its timeline, what ends it, and how much
    /// each turn may do. Pass it to ``SDLHost/run(_:root:)``; the host keeps it, unchanged, as
    /// ``SDLHost/configuration``.
    public struct Configuration: Sendable {
        /// `"dummy"` for headless runs, `"x11"`, …; `nil` lets SDL choose (honouring `SDL_VIDEODRIVER`).
        public var videoDriver: String?
        /// The window to open, or `nil` for a loop with no window.
        public var window: WindowOptions?
        /// Real time, or virtual time that jumps to the next ``SDLClock`` deadline when idle.
        public var timeline: SDLExecutor.Timeline = .real
        /// What to do when the root operation ends: by default the run lasts while a window is open.
        public var afterRoot: AfterRoot = .quitWhenWindowsClose
        /// Turn `SIGINT`/`SIGTERM`/`SIGHUP` into the shutdown path (exit status 130/143/129).
        public var handlesSignals = true
        /// The root operation's priority: `.medium`, as Swift gives an `async` `main`; the tasks
        /// it starts inherit it.
        public var rootPriority: TaskPriority = .medium
        /// Drain budget per turn: at most this many guest jobs…
        public var maxJobsPerTurn = 8192
        /// …or this long, whichever comes first, before input and drawing get their turn.
        public var maxJobTimePerTurn: Duration = .milliseconds(8)
        /// SDL events translated per turn at most.
        public var maxEventsPerTurn = 4096
        /// How long shutdown waits for cancelled tasks before reporting them as leaked.
        public var shutdownGracePeriod: Duration = .seconds(2)
        /// How long an X display may take to answer before the start fails with
        /// ``SDLError/displayDidNotAnswer(display:seconds:)`` instead of blocking in `SDL_Init` (Xlib
        /// has no timeout of its own). Checked before SDL starts, when SDL may pick x11 and `DISPLAY`
        /// is set; `nil` (or `SDLCONCURRENCY_DISPLAY_TIMEOUT=0`) skips the check. The environment
        /// variable, in seconds, overrides this value.
        public var displayTimeout: Duration? = .seconds(10)
        /// Under virtual time, the least wall time between two frames. Virtual time runs through
        /// thousands of ticks a second; drawing a frame for each would make a virtual run as slow
        /// as its drawing. A dirty window is still drawn before the host would block, so the last
        /// state is always shown. Ignored in real time (frames there follow changes).
        public var virtualTimeFrameInterval: Duration = .milliseconds(16)
        /// The pace of ``SDLClock/frames`` while coroutines await them: `nil` follows the display
        /// (vsync when the main window's renderer has it, the display's refresh rate otherwise; 1/60 s
        /// under virtual time and without a window); `.zero` delivers a frame every turn (benchmarks).
        public var frameInterval: Duration?
        /// Code that holds the SDL thread longer than this — one job, one round of input handling,
        /// one frame — is reported once, with its phase (asyncio's `slow_callback_duration`). `nil`
        /// turns the detector off. On by default in debug builds (200 ms: unoptimised drawing of a
        /// large window takes 100 ms on its own), off in release builds;
        /// it costs about one coarse clock read per job, so it can be left on.
        public var stallThreshold: Duration? = Configuration.defaultStallThreshold
        /// Where stall reports go; `nil` writes them to standard error.
        public var onStall: (@Sendable (StallReport) -> Void)?

        #if DEBUG
        /// The default ``stallThreshold``: 200 ms in debug builds, `nil` (off) in release builds.
        public static let defaultStallThreshold: Duration? = .milliseconds(200)
        #else
        /// The default ``stallThreshold``: 200 ms in debug builds, `nil` (off) in release builds.
        public static let defaultStallThreshold: Duration? = nil
        #endif
        /// Closing the last open window starts the shutdown (as `SDL_QUIT` does). When `false`, the
        /// host runs on without windows until ``SDLHost/quit(status:)``, a signal or the root's end.
        public var quitsWhenLastWindowCloses = true
        /// The usable bounds new windows are fitted to, instead of the display's own (tests: "a
        /// display that reports 1280 × 800"). `nil`: ask SDL (`SDL_GetDisplayUsableBounds`).
        var usableDisplayBounds: DisplayBounds?

        /// The settings most programs choose; every other property keeps its default and can be set
        /// on the value afterwards.
        public init(
            videoDriver: String? = nil,
            window: WindowOptions? = nil,
            timeline: SDLExecutor.Timeline = .real,
            afterRoot: AfterRoot = .quitWhenWindowsClose,
            handlesSignals: Bool = true
        ) {
            self.videoDriver = videoDriver
            self.window = window
            self.timeline = timeline
            self.afterRoot = afterRoot
            self.handlesSignals = handlesSignals
        }
    }

    /// A window to open: its title, the size asked for, where it goes and its SDL window flags. The first comes
    /// from ``SDLHost/Configuration/window``; open more with ``SDLHost/openWindow(_:)``.
    public struct WindowOptions: Sendable {
        /// The text in the window's title bar as it opens (change it later through
        /// ``HostWindow/title``).
        public var title: String
        /// The width asked for, in points; clamped to the display's usable width (see
        /// ``SDLHost/openWindow(_:)``).
        public var width: Int32
        /// The height asked for, in points; clamped to the display's usable height.
        public var height: Int32
        /// Whether the user can resize the window (`SDL_WINDOW_RESIZABLE`).
        public var resizable = true
        /// Asks for a renderer at the display's full pixel density (`SDL_WINDOW_ALLOW_HIGHDPI`);
        /// sizes stay in points. Not an initializer parameter: set it on the value.
        public var highDPI = true
        /// Use SDL's software renderer (pixel-identical under every driver: use it for screenshots).
        public var softwareRenderer = false
        /// Where the window opens: by default the first window is centred and later ones are
        /// cascaded from the last one opened (``WindowPosition/automatic``). Not an initializer
        /// parameter: set it on the value.
        public var position: WindowPosition = .automatic

        /// A window titled `title`, `width` × `height` points, with ``highDPI`` on.
        public init(title: String, width: Int32, height: Int32, resizable: Bool = true, softwareRenderer: Bool = false) {
            self.title = title
            self.width = width
            self.height = height
            self.resizable = resizable
            self.softwareRenderer = softwareRenderer
        }
    }

    // MARK: State readable from any thread

    /// What producers on other threads need; guarded by its lock.
    struct PushState {
        /// SDL is initialised and not yet quit: pushing events is allowed.
        var sdlAlive = false
        var wakeEventType: UInt32 = 0
        /// The host blocks on `wakeSemaphore` rather than in SDL's wait.
        var signalsSemaphore = false
        /// `≥ 0`: under the x11 driver the host blocks in `ppoll` on this X connection and on
        /// `wakeFD` rather than in SDL's wait, whose wake-up from another thread is a round trip
        /// through the X server (milliseconds when the server waits for a busy CPU).
        var x11ConnectionFD: Int32 = -1
    }

    /// What the host was started with; fixed for the whole run. Safe from any thread.
    public nonisolated let configuration: Configuration
    nonisolated let pushState = LockedState(PushState())
    nonisolated let wakeSemaphore = DispatchSemaphore(value: 0)
    /// The x11 host's wake-up (see ``PushState/x11ConnectionFD``); `-1` if it could not be made.
    nonisolated let wakeFD: Int32 = cmq_eventfd_new()
    /// Raised by ``post(_:)`` (an SDL event pushed from any thread) before it signals the semaphore;
    /// taken by the host when the semaphore wakes it.
    nonisolated let sdlEventPosted = Atomic<Bool>(false)
    nonisolated let thread: ThreadID

    // MARK: Host-thread state

    /// The running host (`SDLHost.run` is on the stack); the library's own bookkeeping (slot runs
    /// are tracked by it).
    static var running: SDLHost?

    /// The running host (`SDLHost.run` is on the stack).
    @available(*, deprecated, message: "pass the host your root operation receives instead")
    public static var current: SDLHost? { running }

    /// The SDL window of ``mainWindow``, when ``Configuration/window`` asked for one: `nil` once it
    /// closes, unless it was the last window and stays until SDL quits. More windows:
    /// ``openWindow(_:)``.
    public internal(set) var window: OpaquePointer?
    /// The SDL renderer of ``mainWindow``, set and cleared together with ``window``.
    public internal(set) var renderer: OpaquePointer?
    /// The first window opened (``Configuration/window``'s), while it is open or lingering for shutdown.
    public internal(set) var mainWindow: HostWindow?
    /// The open windows, in opening order (see `SDLHost+Windows.swift`).
    var hostWindows: [HostWindow] = []
    /// Last windows closed while the host shuts down: destroyed when SDL quits.
    var lastClosedWindows: [HostWindow] = []
    /// The name of the video driver SDL started with (`"dummy"`, `"x11"`, …).
    public internal(set) var videoDriverName = ""

    /// Called for every SDL event except the host's own wake events and `SDL_QUIT` (which starts the
    /// shutdown), in the translate phase,
    /// before the window the event happened in gets it (``HostWindow/onEvent``).
    public var onEvent: ((SDL_Event) -> Void)?
    /// Draws ``mainWindow`` in the draw phase when it is dirty, instead of its
    /// ``HostWindow/onDraw``; the host presents the renderer afterwards.
    public var onDraw: ((SDLHost) -> Void)?

    /// Running, draining or finished, and why (ShutdownStateMachine.swift).
    var shutdown: ShutdownStateMachine
    var needsDisplay = true
    /// Wall time (monotonic ns) of the last frame, for ``Configuration/virtualTimeFrameInterval``.
    var lastFrameWallTime: UInt64 = 0
    var tracked: [UInt64: TrackedTask] = [:]
    /// The root operation has ended (it returned, was cancelled or threw).
    var rootHasEnded = false
    var nextTaskID: UInt64 = 1
    /// Runs Dispatch's main queue (`@MainActor`) on this thread; only for a host on the main thread.
    var mainQueue: MainQueueBridge? {
        didSet { mainQueueRefill = mainQueue.map { bridge in { bridge.drainIfSignalled() } } }
    }
    /// The drain's look at Dispatch's main queue when its jobs run out (host on the main thread);
    /// made once with `mainQueue`, not on every turn.
    private var mainQueueRefill: (() -> Bool)?
    /// `pushState`'s settings, fixed once SDL has started; a copy the host thread reads lock-free.
    var hostSettings = PushState()
    /// The wait phase pumped SDL's events and found some, so translate need not pump again.
    private var pumpedThisTurn = false
    /// The semaphore woke the host and no SDL event was posted meanwhile (see ``tick()``).
    private var wokeForGuestWorkOnly = false
    var leakedNames: [String] = []
    private var eventBuffer = [SDL_Event](repeating: SDL_Event(), count: 256)

    struct TrackedTask {
        let name: String
        let cancel: @Sendable () -> Void
    }

    nonisolated init(configuration: Configuration) {
        self.configuration = configuration
        self.thread = .current
        self.shutdown = ShutdownStateMachine(gracePeriodNanoseconds: configuration.shutdownGracePeriod.nanosecondsRoundedUp)
    }

    deinit {
        if wakeFD >= 0 { close(wakeFD) }
    }

    nonisolated var executor: SDLExecutor { .shared }

    // MARK: HostLoop

    public nonisolated var isHostThread: Bool { ThreadID.current == thread }

    package nonisolated func wakeUp() {
        let outcome = pushState.withLock { state -> (pushed: Bool?, signal: Bool, writeFD: Bool) in
            // Where the host blocks on its semaphore (or its eventfd), that is the wake-up: an SDL
            // event on top would only add SDL's queue lock here and a peek there, on the latency path
            // of every wake-up. Acknowledged at once: a second producer before the host wakes only
            // adds a count.
            let ownWait = state.signalsSemaphore || state.x11ConnectionFD >= 0
            guard state.sdlAlive, !ownWait else { return (nil, state.signalsSemaphore, state.x11ConnectionFD >= 0) }
            var event = SDL_Event()
            event.user.type = state.wakeEventType
            event.user.data1 = Unmanaged.passUnretained(SDLExecutor.shared).toOpaque()
            return (SDL_PushEvent(&event) == 1, false, false)
        }
        if let pushed = outcome.pushed {
            executor.recordWakePush(succeeded: pushed)
            // A refused push (SDL's queue is full) loses nothing: the host drains the ready queue on
            // every turn and cannot sleep while SDL's queue holds events. Let the next producer retry.
            if !pushed { executor.acknowledgeWake() }
        } else {
            executor.acknowledgeWake()
        }
        signalOwnWait(semaphore: outcome.signal, eventfd: outcome.writeFD)
    }

    /// Wakes a host blocked on its own semaphore (dummy driver) or its eventfd (x11).
    private nonisolated func signalOwnWait(semaphore: Bool, eventfd: Bool) {
        if semaphore { wakeSemaphore.signal() }
        if eventfd { cmq_eventfd_signal(wakeFD) }
    }

    package nonisolated func guestDidFinish(_ outcome: GuestOutcome) {
        SDLActor.assumeIsolated { self.rootFinished(outcome) }
    }

    /// Pushes an SDL event into the loop from any thread (synthesized input, tests). Returns `false`
    /// when SDL refused it (queue full, or the host is not running).
    @discardableResult
    public nonisolated func post(_ event: SDL_Event) -> Bool {
        let (pushed, signal, writeFD) = pushState.withLock { state -> (Bool, Bool, Bool) in
            guard state.sdlAlive else { return (false, false, false) }
            var copy = event
            let pushed = SDL_PushEvent(&copy) == 1
            if pushed, state.signalsSemaphore { sdlEventPosted.store(true, ordering: .releasing) }
            return (pushed, state.signalsSemaphore, state.x11ConnectionFD >= 0)
        }
        // The host thread is awake by definition (and looks at SDL's queue before it blocks), so
        // only other threads need to signal it; a needless signal would cost it an empty turn.
        if !isHostThread { signalOwnWait(semaphore: signal, eventfd: writeFD) }
        return pushed
    }

    /// Starts the shutdown path (as closing the last window does) with exit status `status`. Safe
    /// from any thread: on the SDL thread it begins at once; from another thread it goes ahead of
    /// any backlog of guest jobs, at the host's next turn.
    public nonisolated func quit(status: Int32 = 0) {
        if isHostThread {
            SDLActor.assumeIsolated { beginShutdown(.requested(status: status)) }
        } else {
            SDLExecutor.shared.postUrgent { [weak self] in self?.beginShutdown(.requested(status: status)) }
        }
    }

    /// Asks the host to shut down with `status`, from any thread.
    @available(*, deprecated, renamed: "quit(status:)", message: "quit(status:) works from any thread")
    public nonisolated func requestQuit(status: Int32 = 0) {
        quit(status: status)
    }

    /// Marks every window dirty: the draw phase of this turn (or the next) redraws them.
    public func setNeedsDisplay() { setAllWindowsNeedDisplay() }

    // MARK: The loop

    /// One turn of the loop: wait → translate → guest jobs and timers → draw.
    ///
    /// ``run(_:root:)`` calls it; calling it from inside a job the loop runs (a nested event loop)
    /// would run other `SDLActor` jobs inside that one, so it stops the program with a message.
    @available(*, deprecated, message: "the loop is SDLHost.run; to drive SDL from your own loop, use AttachedGuest")
    public func tick() { turn() }

    /// One turn of the loop (see ``tick()``).
    func turn() {
        guard !shutdown.isFinished else { return }
        executor.refuseNestedTurn("SDLHost.tick()")
        executor.recordTurn()

        // Phase 1: wait — for an SDL event, a guest wake-up or the next deadline; not when work is ready.
        waitForWork()
        // One budget for the whole turn's jobs.
        var jobsLeft = configuration.maxJobsPerTurn
        let jobDeadline = monotonicNanoseconds().saturatingAdd(configuration.maxJobTimePerTurn.nanosecondsRoundedUp)

        // Phase 1b: a wake-up that brought guest work only (the semaphore, and no SDL event posted
        // since the host looked at SDL's queue before it blocked) runs that work first. Nothing
        // waits in SDL's queue that could have been handled earlier, and SDL's pump and peek on a
        // cold cache would otherwise be most of the wake-up's latency. Events are still translated
        // this turn, right after.
        if wokeForGuestWorkOnly {
            wokeForGuestWorkOnly = false
            jobsLeft -= executor.drain(maxJobs: jobsLeft, deadline: jobDeadline, inputPending: Self.inputPending,
                                       refill: mainQueueRefill)
        }

        // Phase 2: translate — every SDL event, in one place.
        let stallThreshold = executor.stalls.thresholdNanoseconds
        var phaseStart = stallThreshold == 0 ? 0 : coarseMonotonicNanoseconds()
        translateEvents()
        if stallThreshold != 0 { checkStall(.events, since: &phaseStart, threshold: stallThreshold) }

        // Phase 3: guest — due timers, then ready jobs within the budget. Input that arrives
        // meanwhile ends the drain early, so a click is handled within about half a millisecond
        // even under a flood of jobs (the rest wait for the next turn, in order).
        // The host's own work goes first, ahead of any backlog (SDLExecutor+Urgent.swift): posted
        // signals and quit requests, and the resumes of due timers.
        executor.withUrgentCapture { _ = executor.fireDueTimers() }
        executor.runUrgentJobs()
        executor.drain(maxJobs: jobsLeft, deadline: jobDeadline, inputPending: Self.inputPending,
                       refill: mainQueueRefill)
        executor.afterDrain()

        // Phase 3b: frame — when coroutines await frames and one is due, they all take their step
        // now, in order, and every window is drawn below (SDLHost+Frames.swift).
        deliverDueFrame()

        // Phase 4: draw — only when something changed (under virtual time, at a wall-time pace).
        if needsDisplay, isFrameDue {
            if stallThreshold != 0 { phaseStart = coarseMonotonicNanoseconds() }
            draw()
            if stallThreshold != 0 { checkStall(.draw, since: &phaseStart, threshold: stallThreshold) }
        }

        if shutdown.drainDeadline() != nil,
           let action = shutdown.turnEnded(trackedTasks: tracked.count, now: monotonicNanoseconds()) {
            perform([action])
        }
    }


    private func checkStall(_ phase: StallReport.Phase, since start: inout UInt64, threshold: UInt64) {
        let now = coarseMonotonicNanoseconds()
        if now &- start > threshold { executor.stalls.report(StallReport(phase: phase, nanoseconds: now &- start)) }
        start = now
    }

    /// Whether a dirty window may be drawn now: always in real time; under virtual time once
    /// ``Configuration/virtualTimeFrameInterval`` of wall time has passed since the last frame.
    private var isFrameDue: Bool {
        guard executor.isVirtual.load(ordering: .relaxed) else { return true }
        return monotonicNanoseconds() &- lastFrameWallTime >= configuration.virtualTimeFrameInterval.nanosecondsRoundedUp
    }

    /// Whether input (or any other SDL event) waits: pumps the display connection, then looks.
    private static let inputPending: () -> Bool = {
        SDL_PumpEvents()
        return SDL_HasEvents(SDL_FIRSTEVENT.rawValue, SDL_LASTEVENT.rawValue) == SDL_TRUE
    }

    private func waitForWork() {
        if needsDisplay, hasOpenWindows, isFrameDue { return }
        let signalsSemaphore = hostSettings.signalsSemaphore
        let x11FD = hostSettings.x11ConnectionFD
        // Events already in SDL's queue (posted during this turn, or SDL's own) need no wait, and
        // the host stays marked awake, so producers push no wake-ups meanwhile. (An event posted
        // after this look still wakes the wait below: `post` signals the semaphore or the eventfd,
        // and SDL_WaitEventTimeout sees SDL's queue; under a real driver it also pumps the display.
        // Before waiting on the X connection ourselves, the pump empties Xlib's buffer, so whatever
        // the server sends next makes the descriptor readable.)
        if signalsSemaphore || x11FD >= 0 {
            SDL_PumpEvents()
            pumpedThisTurn = true
        }
        if SDL_HasEvents(SDL_FIRSTEVENT.rawValue, SDL_LASTEVENT.rawValue) == SDL_TRUE { return }
        pumpedThisTurn = false
        // Main-actor work queued during this turn (on this thread, say) runs now rather than after a
        // round trip through the main-queue watcher's wake-up.
        if let mainQueue, mainQueue.drainIfSignalled() { return }

        guard executor.prepareToSleep() else { return }
        defer {
            mainQueue?.didWake()
            executor.didWake()
        }

        // Read the timer deadline only now: a timer set after prepareToSleep() wakes us instead.
        // The next frame counts only while coroutines await frames: idle stays idle.
        var timeoutNanoseconds: UInt64? = nil
        if let deadline = executor.nextDeadline() {
            let now = executor.now()
            if deadline <= now { return }
            if executor.isVirtual.load(ordering: .relaxed), shutdown.isRunning {
                executor.advanceVirtualTime(to: deadline)
                return
            }
            timeoutNanoseconds = deadline - now
        }
        // A frame held back by the virtual-time pace is drawn now rather than after the wait.
        if needsDisplay, hasOpenWindows {
            lastFrameWallTime = 0
            return
        }
        if let shutdownDeadline = shutdown.drainDeadline() {
            let now = monotonicNanoseconds()
            if shutdownDeadline <= now { return }
            timeoutNanoseconds = min(timeoutNanoseconds ?? .max, shutdownDeadline - now)
        }

        mainQueue?.armBeforeSleep()
        if signalsSemaphore {
            if let timeout = timeoutNanoseconds {
                _ = wakeSemaphore.wait(timeout: .now() + .nanoseconds(Int(clamping: timeout)))
            } else {
                wakeSemaphore.wait()
            }
            // `post(_:)` raises the flag before it signals: no event can slip past this look.
            wokeForGuestWorkOnly = !sdlEventPosted.exchange(false, ordering: .acquiringAndReleasing)
        } else if x11FD >= 0 {
            waitOnX11Connection(x11FD, timeoutNanoseconds: timeoutNanoseconds)
        } else if let timeout = timeoutNanoseconds {
            let millis = timeout / 1_000_000
            if millis > 0 {
                // Whole milliseconds, rounded down; the sub-millisecond rest is slept precisely on a
                // later turn, so timers are neither early nor a millisecond late.
                SDL_WaitEventTimeout(nil, Int32(clamping: millis))
            } else {
                // Under a millisecond to go: sleep it out precisely. Input and wake-ups arriving in
                // this window wait for it to end (at most 1 ms), which keeps timers on time.
                var rest = timespec(tv_sec: 0, tv_nsec: Int(timeout))
                nanosleep(&rest, nil)
            }
        } else {
            SDL_WaitEventTimeout(nil, -1)
        }
    }

    /// The x11 wait: the X connection, the host's wake-up eventfd and (on the main thread)
    /// Dispatch's main queue, with a nanosecond timeout.
    private func waitOnX11Connection(_ x11FD: Int32, timeoutNanoseconds: UInt64?) {
        var fds: (Int32, Int32, Int32) = (x11FD, wakeFD, mainQueue?.port ?? -1)
        let count: Int32 = fds.2 >= 0 ? 3 : 2
        // A long wait ends 1 ms early and the next turn waits out the rest: the kernel lets a timed
        // poll end up to 0.1 % of its timeout late (a 20 ms wait overshot by ~140 µs at p50 on this
        // kind of VM), and the turn in between warms what the timer's own turn touches. SDL's wait
        // (whole milliseconds, then a precise sleep) timed timers the same way.
        let lastStretch: UInt64 = 1_000_000
        let timeout = timeoutNanoseconds.map { Int64(clamping: $0 > lastStretch ? $0 - lastStretch : $0) } ?? -1
        withUnsafeMutablePointer(to: &fds) { tuple in
            tuple.withMemoryRebound(to: Int32.self, capacity: 3) { pointer in
                _ = cmq_wait_any_readable(pointer, count, timeout)
            }
        }
        // Acknowledged before the turn runs: a wake-up sent from now on makes the next wait return.
        _ = cmq_eventfd_try_read(wakeFD)
    }

    private func translateEvents() {
        // Pump once a turn: the wait phase may just have done it without blocking.
        if !pumpedThisTurn { SDL_PumpEvents() }
        pumpedThisTurn = false
        var handled = 0
        let wakeType = hostSettings.wakeEventType
        while handled < configuration.maxEventsPerTurn {
            let count = Int(eventBuffer.withUnsafeMutableBufferPointer { buffer in
                SDL_PeepEvents(buffer.baseAddress, Int32(buffer.count), SDL_GETEVENT,
                               SDL_FIRSTEVENT.rawValue, SDL_LASTEVENT.rawValue)
            })
            if count <= 0 { break }
            for index in 0..<count {
                let event = eventBuffer[index]
                if event.type == wakeType {
                    // The executor's re-entry point: acknowledging lets the next producer wake us.
                    Unmanaged<SDLExecutor>.fromOpaque(event.user.data1).takeUnretainedValue().acknowledgeWake()
                    continue
                }
                handle(event)
            }
            handled += count
        }
    }

    private func draw() {
        drawWindows()
    }
}

