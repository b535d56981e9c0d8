internal import CSDL2
internal import CSDLWindowSystem
#if canImport(Glibc)
import Glibc
#endif

extension SDLHost {
    /// Runs an SDL host on the calling thread until it quits, with an optional root operation
    /// (QtAsyncio's `run`, asyncslot's runner).
    ///
    /// - The root runs as a tracked `SDLActor` task named `"root"`. With ``AfterRoot/quit`` its end
    ///   starts the shutdown; with ``AfterRoot/keepRunning`` the loop goes on until the window is
    ///   closed, a signal arrives, or ``quit(status:)``.
    /// - Window close, `SIGINT`/`SIGTERM`/`SIGHUP` and quit requests take one path: cancel every
    ///   tracked task, await them up to ``Configuration/shutdownGracePeriod``, report any still alive
    ///   by name, `SDL_Quit`. No job runs after that.
    /// - Exit status: 0, 1 when the root failed (also when it fails during the shutdown, e.g.
    ///   writing an output), 128+N after signal N, or what ``quit(status:)`` asked. A signal during
    ///   a shutdown another cause started keeps that shutdown's status; a second signal stops
    ///   waiting for tasks (the status becomes 128+N if it was 0 and tasks were cut short); a third
    ///   exits the process at once (see `SignalWatcher`).
    /// - On the process's main thread (a synchronous `main`), the loop also runs Dispatch's main
    ///   queue: `@MainActor` code and `DispatchQueue.main` blocks run on the SDL thread, in FIFO
    ///   turns with SDL jobs. Main-queue work queued before the call runs on the first turns; what
    ///   the main queue holds when the loop ends runs in a final drain; work queued after `run`
    ///   returns waits for the next host (or `dispatchMain()`). A host on any other thread (every
    ///   test host) never touches the main queue.
    /// - Throws ``SDLError`` when SDL fails to start (quoting `SDL_GetError()`), when a host is
    ///   already running, or when called from an `async` `main` (``SDLError/asyncMain``).
    public nonisolated static func run(
        _ configuration: Configuration = Configuration(),
        root: (@Sendable @SDLActor (SDLHost) async throws -> Void)? = nil
    ) throws(SDLError) -> HostExit {
        if MainQueueBridge.isAsyncMainContext { throw .asyncMain }
        // MainActor's executor is this one: whichever thread runs the host runs @MainActor code,
        // and Swift's promise is that it is the main thread.
        if SDLExecutor.isMainActorExecutor, !MainQueueBridge.isMainThread { throw .mainActorNeedsMainThread }
        let host = SDLHost(configuration: configuration)
        try SDLExecutor.shared.attach(host, timeline: configuration.timeline)
        if configuration.handlesSignals {
            // Before SDL starts (which takes 100–300 ms with a GL renderer): a signal meanwhile
            // waits in the urgent lane and shuts the host down at its first turn.
            SignalWatcher.install()
            SignalWatcher.shared.attach { [weak host] number, ordinal in
                SDLExecutor.shared.postUrgent { host?.signalArrived(number, ordinal: ordinal) }
            }
        }
        let result = SDLActor.assumeIsolated { host.runAttached(root: root) }
        return try result.get()
    }

    /// Runs the host like ``run(_:root:)`` and exits the process with its status; an ``SDLError``
    /// is printed as `error: …` with status 1. For an app's synchronous `main()`.
    public nonisolated static func runAndExit(
        _ configuration: Configuration = Configuration(),
        root: (@Sendable @SDLActor (SDLHost) async throws -> Void)? = nil
    ) -> Never {
        do {
            let result = try run(configuration, root: root)
            exit(result.status)
        } catch {
            writeToStandardError("error: \(error)\n")
            exit(1)
        }
    }

    /// Installs the host's `SIGINT`/`SIGTERM`/`SIGHUP` handling now, for the first line of an app's
    /// `main`: a signal before the host runs then waits for it (and takes the orderly path with
    /// status 128+N) instead of killing the process. Idempotent; never uninstalled.
    public nonisolated static func installSignalHandlers() {
        SignalWatcher.install()
    }

    /// Starts a task that shutdown cancels and awaits — the *tracked* way to start SDL work, with
    /// the same parameters as `SDLActor.task(name:priority:nonisolatedWork:operation:)` (the
    /// untracked way). Spawned during shutdown, it starts cancelled.
    ///
    /// - Parameters:
    ///   - name: the task's name (`Task.name`), also used in the report of tasks still running when
    ///     shutdown's grace period ends; `nil` names it `"task N"` there.
    ///   - priority: as in `Task.init` (`nil`: the caller's).
    ///   - nonisolatedWork: where nonisolated and `@concurrent` functions it awaits run: off the SDL
    ///     thread by default (Swift's rule), or on it (``NonisolatedWork/onSDLThread``).
    ///   - operation: the task's body, `@SDLActor`-isolated.
    @discardableResult
    public func spawn<Success: Sendable>(
        name: String? = nil,
        priority: TaskPriority? = nil,
        nonisolatedWork: NonisolatedWork = .offSDLThread,
        operation: @escaping @Sendable @SDLActor () async throws -> Success
    ) -> Task<Success, any Error> {
        let id = reserveTaskID()
        let task = SDLActor.task(name: name, priority: priority, nonisolatedWork: nonisolatedWork) {
            @Sendable @SDLActor [weak self] () async throws -> Success in
            defer { self?.tracked[id] = nil }
            return try await operation()
        }
        track(id: id, name: name, cancel: task.cancel)
        return task
    }

    /// The non-throwing form of `spawn(name:priority:nonisolatedWork:operation:)`: tracked alike.
    @discardableResult
    public func spawn<Success: Sendable>(
        name: String? = nil,
        priority: TaskPriority? = nil,
        nonisolatedWork: NonisolatedWork = .offSDLThread,
        operation: @escaping @Sendable @SDLActor () async -> Success
    ) -> Task<Success, Never> {
        let id = reserveTaskID()
        let task = SDLActor.task(name: name, priority: priority, nonisolatedWork: nonisolatedWork) {
            @Sendable @SDLActor [weak self] () async -> Success in
            defer { self?.tracked[id] = nil }
            return await operation()
        }
        track(id: id, name: name, cancel: task.cancel)
        return task
    }

    private func reserveTaskID() -> UInt64 {
        defer { nextTaskID += 1 }
        return nextTaskID
    }

    /// Records a spawned task for shutdown; one spawned while shutting down starts cancelled.
    private func track(id: UInt64, name: String?, cancel: @escaping @Sendable () -> Void) {
        tracked[id] = TrackedTask(name: name ?? "task \(id)", cancel: cancel)
        if !shutdown.isRunning { cancel() }
    }

    /// Names of the tracked tasks still running.
    public var trackedTaskNames: [String] { tracked.values.map(\.name).sorted() }

    // MARK: - Machinery

    private func runAttached(root: (@Sendable @SDLActor (SDLHost) async throws -> Void)?) -> Result<HostExit, SDLError> {
        do {
            try startSDL()
        } catch {
            if configuration.handlesSignals { SignalWatcher.shared.detach() }
            SDLExecutor.shared.detach(self)
            return .failure(error)
        }
        // Under a flood, producers on other threads wait for this host's drains (SDLExecutor+Urgent).
        SDLExecutor.shared.setProducersMayWait(true)
        SDLHost.running = self
        executor.stalls.configure(threshold: configuration.stallThreshold, handler: configuration.onStall)
        // On the main thread the loop also runs Dispatch's main queue: @MainActor is this thread.
        mainQueue = MainQueueBridge()
        mainQueue?.start()
        // Timers are timed by this thread's waits: ask the kernel not to delay them (default 50 µs
        // of slack). Best effort: where it fails, timers are only a little later, never early.
        let previousTimerSlack = csdl_get_timer_slack()
        _ = csdl_set_timer_slack(1)
        defer { if previousTimerSlack > 0 { _ = csdl_set_timer_slack(UInt(previousTimerSlack)) } }
        if let root {
            // At the priority an async `main`'s task gets (`.medium`), whatever the thread's own
            // (a task created from the main thread outside any task would inherit `.high`); every
            // task the root starts inherits it.
            // The root holds the host strongly: a root that outlives the shutdown's grace period (a
            // leaked task, finishing later on another host's thread) must not find it freed.
            spawn(name: "root", priority: configuration.rootPriority) { [self] in
                let outcome: GuestOutcome
                do {
                    try await root(self)
                    outcome = .returned
                } catch is CancellationError {
                    outcome = .cancelled
                } catch {
                    outcome = .failed(error)
                }
                self.guestDidFinish(outcome)
            }
        } else if configuration.afterRoot != .keepRunning, configuration.window == nil {
            // Nothing to run and nothing to show: quit at once rather than block forever.
            beginShutdown(.rootReturned)
        }

        while !shutdown.isFinished { turn() }

        // The handlers stay installed (ignoring signals) until the process exits: see SignalWatcher.
        if configuration.handlesSignals { SignalWatcher.shared.detach() }
        SDLExecutor.shared.setProducersMayWait(false)
        // The last main-queue snapshot runs while SDL is still up (main-actor code may touch it).
        mainQueue?.stop()
        mainQueue = nil
        executor.stalls.configure(threshold: nil, handler: nil)
        stopSDL()
        SDLHost.running = nil
        SDLExecutor.shared.detach(self)
        return .success(HostExit(reason: shutdown.reason, status: shutdown.status, leakedTasks: leakedNames))
    }

    private func startSDL() throws(SDLError) {
        // Short of descriptors, SDL fails somewhere and libdispatch traps: say so first.
        try FileDescriptorHeadroom.check()
        // A display that never answers is an error here, not a hang in SDL_Init; the probe's
        // connection keeps the X server from resetting until SDL's own connections exist.
        let probeConnection = try probeDisplayBeforeSDL()
        defer { if probeConnection >= 0 { close(probeConnection) } }
        // Our own handlers (SignalWatcher) tell Ctrl+C from a window close; SDL's would not.
        SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1")
        // Each window's close button closes that window; the host itself decides when the last one
        // ends the app (`quitsWhenLastWindowCloses`), so SDL must not also post SDL_QUIT for it.
        SDL_SetHint(SDL_HINT_QUIT_ON_LAST_WINDOW_CLOSE, "0")
        if let driver = configuration.videoDriver {
            // Override: a plain hint loses to the SDL_VIDEODRIVER environment variable.
            SDL_SetHintWithPriority(SDL_HINT_VIDEODRIVER, driver, SDL_HINT_OVERRIDE)
        } else {
            // Hints outlive SDL_Quit: a driver an earlier host asked for must not stick.
            SDL_ResetHint(SDL_HINT_VIDEODRIVER)
        }
        if SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0 {
            let message = SDLError.currentSDLError()
            throw .initializationFailed(sdlError: message)
        }
        videoDriverName = SDL_GetCurrentVideoDriver().map { String(cString: $0) } ?? ""
        // With a DISPLAY that cannot be opened, SDL 2.26 quietly falls back to its offscreen
        // driver: the window would never be seen nor closed. Only an explicit request may get it.
        if configuration.videoDriver == nil, getenv("SDL_VIDEODRIVER") == nil,
           configuration.window != nil, videoDriverName == "offscreen" {
            // SDL_GetError() holds nothing useful here (the failed driver's error was overwritten),
            // so name what the environment pointed at instead.
            let names: [String] = ["DISPLAY", "WAYLAND_DISPLAY"]
            let displays = names.compactMap { (name: String) -> String? in
                guard let value = getenv(name) else { return nil }
                return "\(name)=\(String(cString: value))"
            }.joined(separator: " or ")
            SDL_Quit()
            throw .noDisplay(fallbackDriver: videoDriverName, displays: displays)
        }

        // SDL_RegisterEvents is not thread-safe in SDL2: register once, here, on the host thread.
        let wakeType = SDL_RegisterEvents(1)
        if wakeType == UInt32.max {
            let message = SDLError.currentSDLError()
            SDL_Quit()
            throw .callFailed(call: "SDL_RegisterEvents", sdlError: message)
        }

        if let options = configuration.window {
            do {
                try openWindow(options)
            } catch {
                SDL_Quit()
                throw error
            }
        }
        // SDL can only poll under the dummy and offscreen drivers (and without a window): block on
        // our own semaphore there.
        let signalsSemaphore = videoDriverName == "dummy" || videoDriverName == "offscreen" || window == nil
        let x11FD = signalsSemaphore ? -1 : x11ConnectionFD(of: window)
        hostSettings = pushState.withLock { state in
            state.wakeEventType = wakeType
            state.signalsSemaphore = signalsSemaphore
            state.x11ConnectionFD = x11FD
            state.sdlAlive = true
            return state
        }
        // Started: from now on a signal takes the orderly path only (see SignalWatcher).
        if configuration.handlesSignals { SignalWatcher.shared.hostStarted() }
    }

    /// The X connection to wait on ourselves (x11 driver, with a wake-up eventfd), or -1.
    /// `SDLCONCURRENCY_X11_WAIT=sdl` keeps SDL's own wait (for comparisons and diagnosis).
    func x11ConnectionFD(of window: OpaquePointer?) -> Int32 {
        guard videoDriverName == "x11", wakeFD >= 0, let window else { return -1 }
        if let choice = getenv("SDLCONCURRENCY_X11_WAIT"), String(cString: choice) == "sdl" { return -1 }
        return csdl_x11_connection_fd(UnsafeMutableRawPointer(window))
    }

    private func stopSDL() {
        // Close the gate first: producers on other threads stop pushing before SDL goes away.
        pushState.withLock { $0.sdlAlive = false }
        destroyWindows()
        SDL_Quit()
    }

    func rootFinished(_ outcome: GuestOutcome) {
        // A root that outlived its run (reported as leaked) ends after the exit was decided.
        guard !shutdown.isFinished else { return }
        rootHasEnded = true
        let quits: Bool
        switch configuration.afterRoot {
        case .quit: quits = true
        // Open windows keep the run alive after the root returns; a failed root ends it anyway.
        case .quitWhenWindowsClose:
            if case .failed = outcome { quits = true } else { quits = hostWindows.isEmpty }
        case .keepRunning: quits = false
        }
        perform(shutdown.rootFinished(outcome, quitsAfterRoot: quits, now: monotonicNanoseconds()))
    }

    func beginShutdown(_ reason: HostExit.Reason) {
        perform(shutdown.begin(reason, now: monotonicNanoseconds()))
    }

    /// A handled signal arrived (`ordinal`: 1 or 2 since the host started; see SignalWatcher).
    func signalArrived(_ number: Int32, ordinal: Int) {
        perform(shutdown.signalArrived(number, ordinal: ordinal, trackedTasks: tracked.count, now: monotonicNanoseconds()))
    }

    /// Carries out what the shutdown state machine asked for, in order.
    func perform(_ actions: [ShutdownStateMachine.Action]) {
        for action in actions {
            switch action {
            case .cancelTrackedTasks:
                // The cancelled tasks' next steps go ahead of any backlog of guest jobs.
                executor.withUrgentCapture {
                    for task in tracked.values { task.cancel() }
                }
            case .publishStatus(let status):
                // A third signal exits the process at once, with this status.
                if configuration.handlesSignals { SignalWatcher.shared.setStatus(status) }
            case .warn(let line):
                writeToStandardError(line + "\n")
            case .finish:
                leakedNames = trackedTaskNames
                if !leakedNames.isEmpty {
                    let elapsed = Double(monotonicNanoseconds() &- shutdown.startedAt) / 1e9
                    writeToStandardError(ShutdownStateMachine.leakReport(names: leakedNames, elapsedSeconds: elapsed) + "\n")
                }
            }
        }
    }
}
