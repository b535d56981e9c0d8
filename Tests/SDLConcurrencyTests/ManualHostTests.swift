import SDLConcurrency
import SDLConcurrencyTesting
import Testing

/// The virtual-time host.
@Suite("ManualHost (virtual time)")
struct ManualHostTests {}

extension ManualHostTests {
    @Test("time jumps to the next deadline when nothing is ready")
    func timeJumps() async throws {
        let (elapsed, order) = try await HostHarness.onHostThread {
            try ManualHost().run { () -> (Duration, [String]) in
                let clock = SDLClock()
                let start = clock.now
                let log = Log<String>()
                // @SDLActor tasks are enqueued straight onto the SDL executor, in the order they are
                // created. (An `async let` child starts on the global pool before it hops here, so
                // under virtual time it could set its timer after the clock has moved.)
                let sleepers = [(80, "80 s"), (1, "1 s"), (1, "1 s again")].map { seconds, name in
                    Task { @SDLActor in
                        try await clock.sleep(until: start.advanced(by: .seconds(seconds)))
                        log.append(name)
                    }
                }
                for sleeper in sleepers { try await sleeper.value }
                return (start.duration(to: clock.now), log.values)
            }
        }
        #expect(elapsed == .seconds(80))
        // Equal deadlines fire in the order they were set.
        #expect(order == ["1 s", "1 s again", "80 s"])
    }

    @Test("advance(by:) fires timers in deadline order and runs what they wake")
    func manualStepping() async throws {
        let steps = try await HostHarness.onHostThread { () -> [[Int]] in
            let host = ManualHost()
            return try host.withAttached { host in
                let log = Log<Int>()
                for seconds in [3, 1, 2] {
                    SDLActor.task {
                        try? await Task.sleep(for: .seconds(seconds), clock: host.clock)
                        log.append(seconds)
                    }
                }
                host.runUntilIdle()
                var steps = [log.values]
                host.clock.advance(by: .milliseconds(1500))
                steps.append(log.values)
                host.clock.advance(by: .seconds(10))
                steps.append(log.values)
                return steps
            }
        }
        #expect(steps == [[], [1], [1, 2, 3]])
    }

    @Test("a root that waits on nothing is reported as a deadlock, not a hang")
    func deadlockDetected() async throws {
        await #expect(throws: ManualHostError.self) {
            try await HostHarness.onHostThread {
                try ManualHost().run(realTimeout: .milliseconds(100)) {
                    // Never resumed, on purpose (unchecked: a checked one would warn when dropped).
                    await withUnsafeContinuation { (_: UnsafeContinuation<Void, Never>) in }
                }
            }
        }
    }

    @Test("cross-thread work wakes the manual host")
    func crossThreadWake() async throws {
        let value = try await HostHarness.onHostThread {
            try ManualHost().run { () -> Int in
                await Task.detached { 21 }.value * 2
            }
        }
        #expect(value == 42)
    }
}
