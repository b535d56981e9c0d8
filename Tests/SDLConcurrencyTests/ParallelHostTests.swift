import Foundation
import SDLConcurrency
import SDLConcurrencyTesting
import Synchronization
import Testing

// Two suites that each run hosts, with no `.serialized` trait and no common parent: Swift Testing
// runs them in parallel, and the testing library makes their hosts take turns. Each host holds its
// turn for ~50 ms of real time (waiting for another thread), so without the turn they would overlap
// and one would fail with "a host is already running on another thread".

/// How many hosts of these suites run at once, and the most ever seen.
let hostsRunningNow = Atomic<Int>(0)
let hostsRunningMost = Atomic<Int>(0)

/// Marks a host as running for the duration of `body` (called on the host thread).
@SDLActor
func whileHostRuns<T>(_ body: () async throws -> T) async rethrows -> T {
    let now = hostsRunningNow.add(1, ordering: .sequentiallyConsistent).newValue
    hostsRunningMost.max(now, ordering: .sequentiallyConsistent)
    defer { hostsRunningNow.subtract(1, ordering: .sequentiallyConsistent) }
    return try await body()
}

/// Waits ~50 ms on another thread: keeps the host busy in real time, waiting to be woken.
func workElsewhere() async -> Int {
    await Task.detached { slowWork(seconds: 0.05, returning: 1) }.value
}

@Suite("Parallel hosts, suite A")
struct ParallelHostsA {}

extension ParallelHostsA {
    @Test("a ManualHost run in an async test", arguments: 0..<3)
    func manualHost(_ index: Int) async throws {
        let value = try await ManualHost().run { await whileHostRuns { await workElsewhere() + index } }
        #expect(value == 1 + index)
        #expect(hostsRunningMost.load(ordering: .sequentiallyConsistent) == 1)
    }

    @Test("an SDLHost run through HostHarness")
    func sdlHost() async throws {
        let value = try await HostHarness.runGuest(on: .sdlDummy) { await whileHostRuns { await workElsewhere() } }
        #expect(value == 1)
        #expect(hostsRunningMost.load(ordering: .sequentiallyConsistent) == 1)
    }
}

@Suite("Parallel hosts, suite B")
struct ParallelHostsB {}

extension ParallelHostsB {
    @Test("a ManualHost run in an async test", arguments: 0..<3)
    func manualHost(_ index: Int) async throws {
        let value = try await ManualHost().run { await whileHostRuns { await workElsewhere() * 10 + index } }
        #expect(value == 10 + index)
        #expect(hostsRunningMost.load(ordering: .sequentiallyConsistent) == 1)
    }

    @Test("a synchronous ManualHost run (virtual time only) waits its turn on the test's thread")
    func synchronousManualHost() throws {
        let elapsed = try ManualHost().run { () -> Duration in
            let clock = SDLClock()
            let start = clock.now
            try await clock.sleep(for: .seconds(60))
            return start.duration(to: clock.now)
        }
        #expect(elapsed == .seconds(60))
    }

    @Test("two hosts started at once from one test run one after the other")
    func twoAtOnce() async throws {
        async let first = ManualHost().run { await whileHostRuns { await workElsewhere() } }
        async let second = HostHarness.runGuest(on: .sdlDummy) { await whileHostRuns { await workElsewhere() } }
        let (a, b) = try await (first, second)
        #expect(a + b == 2)
        #expect(hostsRunningMost.load(ordering: .sequentiallyConsistent) == 1)
    }
}
