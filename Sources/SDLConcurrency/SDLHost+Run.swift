internal import CSDL2
#if canImport(Glibc)
import Glibc
#endif

extension SDLHost {
    /// Runs an SDL host on the calling thread until it quits, with an optional root operation
    /// (QtAsyncio's `run`, asyncslot's runner).
    ///
    /// - The root runs as a tracked `SDLActor` task named `"root"`. With ``AfterRoot/quit`` its end
    ///   starts the shutdown; with ``AfterRoot/keepRunning`` the loop goes on until the window is
    ///   closed, a signal arrives, or ``requestQuit(status:)``.
    /// - Window close, `SIGINT`/`SIGTERM` and quit requests take one path: cancel every tracked task,
    ///   await them up to ``Configuration/shutdownGracePeriod``, report any still alive by name,
    ///   `SDL_Quit`. No job runs after that.
    /// - Throws ``SDLError`` when SDL fails to start (quoting `SDL_GetError()`), or when a host is
    ///   already running.
    public nonisolated static func run(
        _ configuration: Configuration = Configuration(),
        root: (@Sendable @SDLActor (SDLHost) async throws -> Void)? = nil
    ) throws(SDLError) -> HostExit {
        if MainQueueBridge.isAsyncMainContext { throw .asyncMain }
        let host = SDLHost(configuration: configuration)
        try SDLExecutor.shared.attach(host, timeline: configuration.timeline)
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

    /// Starts a task that shutdown cancels and awaits. Spawned during shutdown, it starts cancelled.
    /// `nonisolatedWork` is as in ``SDLActor/task(name:priority:nonisolatedWork:operation:)``: by
    /// default `@concurrent` functions it awaits run off the SDL thread.
    @discardableResult
    public func spawn<Success: Sendable>(
        name: String,
        nonisolatedWork: NonisolatedWork = .offSDLThread,
        operation: @escaping @Sendable @SDLActor () async throws -> Success
    ) -> Task<Success, any Error> {
        let id = nextTaskID
        nextTaskID += 1
        let task = SDLActor.task(name: name, nonisolatedWork: nonisolatedWork) {
            @Sendable @SDLActor [weak self] () async throws -> Success in
            defer { self?.tracked[id] = nil }
            return try await operation()
        }
        tracked[id] = TrackedTask(name: name, cancel: { task.cancel() })
        if phase != .running { task.cancel() }
        return task
    }

    /// Names of the tracked tasks still running.
    public var trackedTaskNames: [String] { tracked.values.map(\.name).sorted() }

    /// Starts the shutdown path (as a window close does) with `status`. Host thread.
    public func quit(status: Int32 = 0) {
        beginShutdown(.requested(status: status))
    }

    // MARK: - Machinery

    private func runAttached(root: (@Sendable @SDLActor (SDLHost) async throws -> Void)?) -> Result<HostExit, SDLError> {
        do {
            try startSDL()
        } catch {
            SDLExecutor.shared.detach(self)
            return .failure(error)
        }
        SDLHost.current = self
        executor.stalls.configure(threshold: configuration.stallThreshold, handler: configuration.onStall)
        // On the main thread the loop also runs Dispatch's main queue: @MainActor is this thread.
        mainQueue = MainQueueBridge()
        mainQueue?.start()
        // Timers are timed by this thread's waits: ask the kernel not to delay them (default 50 µs
        // of slack). Best effort: where it fails, timers are only a little later, never early.
        let previousTimerSlack = csdl_get_timer_slack()
        _ = csdl_set_timer_slack(1)
        defer { if previousTimerSlack > 0 { _ = csdl_set_timer_slack(UInt(previousTimerSlack)) } }
        if configuration.handlesSignals {
            signalWatcher = SignalWatcher(signals: [SIGINT, SIGTERM]) { [weak self] number in
                SDLExecutor.shared.post { self?.beginShutdown(.signal(number)) }
            }
        }
        if let root {
            spawn(name: "root") { [unowned self] in
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
        } else if configuration.afterRoot == .quit, configuration.window == nil {
            // Nothing to run and nothing to show: quit at once rather than block forever.
            beginShutdown(.rootReturned)
        }

        while phase != .finished { tick() }

        signalWatcher?.cancel()
        signalWatcher = nil
        // The last main-queue snapshot runs while SDL is still up (main-actor code may touch it).
        mainQueue?.stop()
        mainQueue = nil
        executor.stalls.configure(threshold: nil, handler: nil)
        stopSDL()
        SDLHost.current = nil
        SDLExecutor.shared.detach(self)
        let leaked = leakedNames
        return .success(HostExit(reason: exitReason, status: HostExit.status(for: exitReason), leakedTasks: leaked))
    }

    private func startSDL() throws(SDLError) {
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
        hostSettings = pushState.withLock { state in
            state.wakeEventType = wakeType
            state.signalsSemaphore = signalsSemaphore
            state.sdlAlive = true
            return state
        }
    }

    private func stopSDL() {
        // Close the gate first: producers on other threads stop pushing before SDL goes away.
        pushState.withLock { $0.sdlAlive = false }
        destroyWindows()
        SDL_Quit()
    }

    func rootFinished(_ outcome: GuestOutcome) {
        switch outcome {
        case .returned, .cancelled:
            if configuration.afterRoot == .quit { beginShutdown(.rootReturned) }
        case .failed(let error):
            writeToStandardError("error: the root operation failed: \(error)\n")
            if configuration.afterRoot == .quit { beginShutdown(.rootFailed(message: "\(error)")) }
        }
    }

    func beginShutdown(_ reason: HostExit.Reason) {
        switch phase {
        case .running:
            exitReason = reason
            phase = .draining(deadline: monotonicNanoseconds() &+ configuration.shutdownGracePeriod.nanosecondsRoundedUp)
            for task in tracked.values { task.cancel() }
        case .draining:
            // A second Ctrl+C stops waiting for tasks that ignore cancellation.
            if case .signal = reason {
                exitReason = reason
                finishShutdown()
            }
        case .finished:
            break
        }
    }

    func finishShutdown() {
        guard phase != .finished else { return }
        phase = .finished
        leakedNames = trackedTaskNames
        if !leakedNames.isEmpty {
            let grace = configuration.shutdownGracePeriod
            writeToStandardError(
                "SDLConcurrency: \(leakedNames.count) task(s) still running \(grace) after shutdown began: "
                    + leakedNames.joined(separator: ", ") + "\n")
        }
    }
}
