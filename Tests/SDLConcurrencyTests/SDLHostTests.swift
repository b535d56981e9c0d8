import CSDL2
import Foundation
@testable import SDLConcurrency
import SDLConcurrencyTesting
import Testing

/// End-to-end tests of the real loop under the dummy video driver, in real time.
@Suite("SDLHost (dummy driver)")
struct SDLHostTests {}

extension SDLHostTests {
    @Test("8 threads × 100,000 enqueues while the loop runs: every job runs exactly once, in per-thread order")
    func manyProducers() async throws {
        let producers = 8
        let perProducer = 100_000
        let seen = UnsafeCounters(count: producers)
        let outOfOrder = Counter()
        let exit = try await HostHarness.runSDLHost { _ in
            await withCheckedContinuation { (allDone: CheckedContinuation<Void, Never>) in
                let total = Counter()
                for producer in 0..<producers {
                    Thread.detachNewThread {
                        for index in 0..<perProducer {
                            SDLExecutor.shared.post {
                                // Host thread only: no lock needed for `seen`.
                                if seen[producer] != index { outOfOrder.increment() }
                                seen[producer] += 1
                                if total.increment() == producers * perProducer { allDone.resume() }
                            }
                        }
                    }
                }
            }
        }
        #expect(exit.status == 0)
        #expect(outOfOrder.count == 0)
        #expect((0..<producers).map { seen[$0] } == Array(repeating: perProducer, count: producers))
    }

    @Test("with SDL's event queue full, 200,000 jobs from another thread all run; under dummy no wake event is pushed at all")
    func fullSDLQueue() async throws {
        let jobs = 200_000
        let ran = Counter()
        let filled = Counter()
        let telemetry = Log<SDLTelemetry>()
        let refusedWakes = Counter()
        let exit = try await HostHarness.runSDLHost { host in
            // Fill SDL's queue (65,535 events) with events of another type, from the host thread.
            let otherType = SDL_RegisterEvents(1)
            var event = SDL_Event()
            event.user.type = otherType
            while SDL_PushEvent(&event) == 1 { filled.increment() }
            SDLExecutor.shared.resetTelemetry()
            // Under the dummy driver the host's semaphore carries wake-ups: none is pushed into SDL's
            // (full) queue, so none can be refused.
            host.wakeUp()
            refusedWakes.increment(by: SDLExecutor.shared.telemetry.wakePushFailures)
            await withCheckedContinuation { (allDone: CheckedContinuation<Void, Never>) in
                Thread.detachNewThread {
                    for _ in 0..<jobs {
                        SDLExecutor.shared.post {
                            if ran.increment() == jobs { allDone.resume() }
                        }
                    }
                }
            }
            telemetry.append(SDLExecutor.shared.telemetry)
        }
        #expect(exit.status == 0)
        #expect(filled.count >= 65_000)
        #expect(ran.count == jobs)
        #expect(refusedWakes.count == 0)
        let counters = try #require(telemetry.values.first)
        #expect(counters.wakeEventsPushed + counters.wakePushFailures == 0, "\(counters)")
    }

    @Test("shutdown with 1,000 sleeping tasks: all cancelled and awaited, none leaked, status 0")
    func shutdownCancelsTrackedTasks() async throws {
        let cancelled = Counter()
        let farTimers = Log<(set: Int, afterShutdown: Int)>()
        // Only these sleepers sleep an hour; the heap is process-wide, so count timers due that far.
        let far = SDLClock.Instant(nanoseconds: SDLClock().now.nanoseconds).advanced(by: .seconds(3000))
        let tracked = Locked(0)
        let exit = try await HostHarness.runSDLHost { host in
            for index in 0..<1000 {
                host.spawn(name: "sleeper \(index)") {
                    do {
                        try await Task.sleep(for: .seconds(3600), clock: .sdl)
                    } catch is CancellationError {
                        cancelled.increment()
                    }
                }
            }
            try await Task.sleep(for: .milliseconds(5), clock: .sdl)  // every sleeper is asleep by now
            tracked.withLock { $0 = host.trackedTaskNames.count }
            farTimers.append((SDLExecutor.shared.pendingTimerCount(dueAtOrAfter: far), 0))
            // Returning from the root quits (AfterRoot.quit): the shutdown path.
        }
        #expect(tracked.withLock { $0 } == 1001)  // the sleepers and the root
        #expect(exit.status == 0)
        #expect(exit.reason == .rootReturned)
        #expect(exit.leakedTasks.isEmpty)
        #expect(cancelled.count == 1000)
        #expect(farTimers.values.first?.set == 1000)
        #expect(SDLExecutor.shared.pendingTimerCount(dueAtOrAfter: far) == 0, "the 1,000 sleepers' timers are gone")
    }

    @Test("a task that ignores cancellation is reported by name after the grace period")
    func leakedTaskReported() async throws {
        let release = Flag()
        var configuration = HostHarness.dummyConfiguration()
        configuration.shutdownGracePeriod = .milliseconds(200)
        let exit = try await HostHarness.runSDLHost(configuration) { host in
            host.spawn(name: "stubborn") {
                while !release.isSet {
                    try? await Task.sleep(for: .milliseconds(5), clock: .sdl)
                }
            }
            host.spawn(name: "polite") { try await Task.sleep(for: .seconds(3600), clock: .sdl) }
        }
        release.set()
        // Let the stubborn task see the release and end, so it does not linger in later tests.
        _ = try await HostHarness.runSDLHost { _ in try await Task.sleep(for: .milliseconds(20), clock: .sdl) }
        #expect(exit.leakedTasks == ["stubborn"])
        #expect(exit.status == 0)
    }

    @Test("no job runs after SDL_Quit; it waits for the next host instead of being lost")
    func noJobAfterQuit() async throws {
        let (ranBetweenHosts, ranInNextHost) = try await HostHarness.onHostThread { () -> (Bool, Bool) in
            // One critical section: no other test's host may run in between.
            _ = try SDLHost.run(HostHarness.dummyConfiguration()) { _ in }
            let ran = Flag()
            SDLExecutor.shared.post { ran.set() }
            // No host is attached, so nothing can run it: it waits in the ready queue.
            let queued = SDLExecutor.shared.state.withLock { $0.jobs.count }
            let between = ran.isSet || queued == 0
            _ = try SDLHost.run(HostHarness.dummyConfiguration()) { _ in }
            return (between, ran.isSet)
        }
        #expect(!ranBetweenHosts)
        #expect(ranInNextHost)
    }

    @Test("SDL failing to start is a typed error quoting SDL_GetError()")
    func sdlInitFailure() async throws {
        let configuration = SDLHost.Configuration(videoDriver: "no-such-driver", handlesSignals: false)
        let error = await #expect(throws: SDLError.self) {
            _ = try await HostHarness.runSDLHost(configuration) { _ in }
        }
        guard case .initializationFailed(let message) = error else {
            Issue.record("unexpected error \(String(describing: error))")
            return
        }
        #expect(message.contains("no-such-driver"))
        #expect(error?.description.contains("SDL failed to start") == true)
    }

    @Test("a window with a DISPLAY that cannot be opened is a clear error, not an invisible window")
    func unreachableDisplay() async throws {
        let outcome = try await HostHarness.onHostThread { () -> String in
            // Inside the host lock: no other test starts SDL while the environment is changed.
            let saved: [(String, String?)] = ["DISPLAY", "SDL_VIDEODRIVER", "WAYLAND_DISPLAY"].map { name in
                (name, getenv(name).map { String(cString: $0) })
            }
            defer {
                for (name, value) in saved {
                    if let value { setenv(name, value, 1) } else { unsetenv(name) }
                }
            }
            setenv("DISPLAY", ":93", 1)  // no X server there
            unsetenv("SDL_VIDEODRIVER")
            unsetenv("WAYLAND_DISPLAY")
            let configuration = SDLHost.Configuration(
                window: .init(title: "nowhere", width: 64, height: 64), handlesSignals: false)
            do {
                _ = try SDLHost.run(configuration) { _ in }
                return "ran"
            } catch {
                return "\(error)"
            }
        }
        #expect(outcome.hasPrefix("no display: SDL could not open DISPLAY=:93"), "got: \(outcome)")
    }

    @Test("a second run on the same thread fails with a clear message")
    func nestedRunFails() async throws {
        let message = Log<String>()
        let exit = try await HostHarness.runSDLHost { _ in
            do {
                _ = try SDLHost.run(HostHarness.dummyConfiguration()) { _ in }
                message.append("no error")
            } catch {
                message.append("\(error)")
            }
        }
        #expect(exit.status == 0)
        #expect(message.values == ["a host is already running on this thread; SDLHost.run cannot be nested"])
    }

    @Test("idle means idle: a 300 ms sleep takes a handful of loop turns, not a poll every millisecond")
    func idleLoopBlocks() async throws {
        let turns = Log<Int>()
        _ = try await HostHarness.runSDLHost { _ in
            SDLExecutor.shared.resetTelemetry()
            try await Task.sleep(for: .milliseconds(300), clock: .sdl)
            turns.append(SDLExecutor.shared.telemetry.turns)
        }
        let count = try #require(turns.values.first)
        #expect(count <= 5, "the loop took \(count) turns while idle for 300 ms")
    }

    @Test("a flood of jobs cannot starve input: events are handled between drain budgets")
    func budgetLetsInputThrough() async throws {
        let yieldsWhenEventArrived = Log<Int>()
        let exit = try await HostHarness.runSDLHost { host in
            var yields = 0
            host.onEvent = { event in
                if event.type == SDL_KEYDOWN.rawValue { yieldsWhenEventArrived.append(yields) }
            }
            var key = SDL_Event()
            key.key.type = SDL_KEYDOWN.rawValue
            host.post(key)
            for _ in 0..<200_000 {
                yields += 1
                await SDLActor.yield()
            }
        }
        #expect(exit.status == 0)
        let atEvent = try #require(yieldsWhenEventArrived.values.first)
        #expect(atEvent < 200_000)
    }

    @Test("SIGINT takes the shutdown path: tasks cancelled, exit status 130")
    func sigintShutsDown() async throws {
        var configuration = HostHarness.dummyConfiguration()
        configuration.handlesSignals = true
        configuration.afterRoot = .keepRunning
        let cancelled = Flag()
        let exit = try await HostHarness.runSDLHost(configuration) { host in
            host.spawn(name: "worker") {
                do { try await Task.sleep(for: .seconds(3600), clock: .sdl) } catch { cancelled.set() }
            }
            try await Task.sleep(for: .milliseconds(20), clock: .sdl)
            kill(getpid(), SIGINT)
        }
        #expect(exit.reason == .signal(SIGINT))
        #expect(exit.status == 130)
        #expect(cancelled.isSet)
        #expect(exit.leakedTasks.isEmpty)
    }

    @Test("telemetry counts timers and their lateness")
    func timerTelemetry() async throws {
        let snapshot = Log<SDLTelemetry>()
        _ = try await HostHarness.runSDLHost { _ in
            SDLExecutor.shared.resetTelemetry()
            for _ in 0..<5 { try await Task.sleep(for: .milliseconds(2), clock: .sdl) }
            snapshot.append(SDLExecutor.shared.telemetry)
        }
        let telemetry = try #require(snapshot.values.first)
        #expect(telemetry.timersFired == 5)
        #expect(telemetry.jobsRun > 0)
    }
}

/// Per-producer counters touched only on the host thread.
final class UnsafeCounters: @unchecked Sendable {
    // @unchecked: only ever read and written on the SDL host thread (inside posted jobs), and read
    // by the test after the host has stopped.
    private var values: [Int]
    init(count: Int) { values = Array(repeating: 0, count: count) }
    subscript(index: Int) -> Int {
        get { values[index] }
        set { values[index] = newValue }
    }
}

extension SDLHostTests {
    /// A close request for window `id`, as the window manager's close button sends it.
    private static func closeEvent(windowID id: UInt32) -> SDL_Event {
        var event = SDL_Event()
        event.window.type = SDL_WINDOWEVENT.rawValue
        event.window.event = UInt8(SDL_WINDOWEVENT_CLOSE.rawValue)
        event.window.windowID = id
        return event
    }

    @Test("by default a root that returns with a window open leaves it up, and closing the window ends the run", .timeLimit(.minutes(3)))
    func windowOutlivesRoot() async throws {
        var configuration = HostHarness.dummyConfiguration(window: .init(title: "kept", width: 64, height: 64))
        configuration.afterRoot = .quitWhenWindowsClose
        configuration.quitsWhenLastWindowCloses = false  // the root's end alone decides here
        let run = configuration
        let exit = try await HostHarness.onHostThread {
            try SDLHost.run(run) { host in
                let id = try #require(host.mainWindow?.id)
                // Runs after the root has ended: had that ended the run, the reason would be
                // `rootReturned`, not the window's close.
                SDLExecutor.shared.post { host.post(Self.closeEvent(windowID: id)) }
            }
        }
        #expect(exit.reason == .windowClosed)
        #expect(exit.status == 0)
    }

    @Test("by default a root that returns with no window open ends the run", .timeLimit(.minutes(3)))
    func noWindowRootEnds() async throws {
        var configuration = HostHarness.dummyConfiguration()
        configuration.afterRoot = .quitWhenWindowsClose
        let run = configuration
        let exit = try await HostHarness.onHostThread { try SDLHost.run(run) { _ in } }
        #expect(exit.reason == .rootReturned)
    }
}
