@testable import SDLConcurrency
import SDLConcurrencyTesting
import Testing

/// Hosts run one after another in one process and share its one executor, timer heap included. A
/// sleeper one host leaves behind (a test that never cancelled it) must not change the time of the
/// next: a virtual-time host has a timeline of its own, and a real-time host never fires a deadline
/// set on a virtual one. Each test runs its hosts in a fixed order; the suite is serialized so that
/// no two of its tests interleave.
@Suite("Timelines of successive hosts", .serialized)
struct TimelineTests {}

/// How a leftover sleeper ended.
private enum SleeperEnd: Sendable, Equatable {
    case woke
    case cancelled
}

/// Starts an untracked `SDLActor` task that sleeps `duration` on `SDLClock` and records how it
/// ended, and returns it once its timer is set (`isAsleep` is `false` if that never happened).
@SDLActor
private func leaveSleeper(for duration: Duration, ended: Log<SleeperEnd>) async -> (task: Task<Void, Never>, isAsleep: Bool) {
    let executor = SDLExecutor.shared
    let deadline = SDLClock().now.advanced(by: duration)
    let before = executor.pendingTimerCount(dueAtOrAfter: deadline)
    let task = SDLActor.task {
        do {
            try await Task.sleep(for: duration, clock: .sdl)
            ended.append(.woke)
        } catch {
            ended.append(.cancelled)
        }
    }
    // The sleep sets its timer a few hops through the ready queue later (due at `deadline` on a
    // virtual timeline, which does not move meanwhile; a little later on real time).
    var hops = 0
    while executor.pendingTimerCount(dueAtOrAfter: deadline) == before, hops < 100 {
        await SDLActor.yield()
        hops += 1
    }
    return (task, executor.pendingTimerCount(dueAtOrAfter: deadline) > before)
}

/// Awaits `task` in a `ManualHost` after cancelling it (the cleanup of a leftover sleeper).
private func cancelOnManualHost(_ task: Task<Void, Never>) async throws {
    try await ManualHost().run {
        task.cancel()
        await withNonisolatedWorkOnSDLThread { await task.value }
    }
}

extension TimelineTests {
    @Test("a sleeper left by a virtual-time host neither moves nor fires on the next virtual-time host")
    func virtualLeftoverOnNextVirtualHost() async throws {
        let ended = Log<SleeperEnd>()
        // Host A: a sleeper due at 25 s of A's virtual time, never cancelled.
        let (leftover, isAsleep) = try await ManualHost().run { await leaveSleeper(for: .seconds(25), ended: ended) }
        try #require(isAsleep)

        // Host B, from the same start: while its root awaits work on another thread (a resume
        // through the global pool, which virtual time cannot see), B has no timer of its own, so its
        // clock must stay put; then a 30 s sleep must take exactly 30 s and pass A's deadline.
        let (whileAwaitingPool, ownSleep, endedDuringB) = try await ManualHost().run { () -> (Duration, Duration, [SleeperEnd]) in
            let clock = SDLClock()
            let start = clock.now
            _ = await Task.detached { slowWork(seconds: 0.05, returning: 0) }.value
            let afterPool = clock.now
            try await Task.sleep(for: .seconds(30), clock: .sdl)
            return (start.duration(to: afterPool), afterPool.duration(to: clock.now), ended.values)
        }
        #expect(whileAwaitingPool == .zero, "host B's virtual clock jumped to host A's leftover timer")
        #expect(ownSleep == .seconds(30))
        #expect(endedDuringB == [], "host A's sleeper fired on host B's timeline")

        // Not lost: its timeline ended, but cancelling it still ends it, truthfully.
        try await cancelOnManualHost(leftover)
        #expect(ended.values == [.cancelled])
    }

    @Test("a real-time host does not fire a sleeper left on a virtual timeline")
    func virtualLeftoverOnRealHost() async throws {
        let ended = Log<SleeperEnd>()
        // 25 s of virtual time from 1 s: a deadline long past on CLOCK_MONOTONIC.
        let (leftover, isAsleep) = try await ManualHost().run { await leaveSleeper(for: .seconds(25), ended: ended) }
        try #require(isAsleep)
        let endedDuringRealHost = try await HostHarness.runGuest(on: .sdlDummy) { () -> [SleeperEnd] in
            try await Task.sleep(for: .milliseconds(20), clock: .sdl)
            return ended.values
        }
        #expect(endedDuringRealHost == [], "a virtual deadline fired early on the real timeline")
        try await cancelOnManualHost(leftover)
        #expect(ended.values == [.cancelled])
    }

    @Test("a real-time sleeper is invisible to a virtual-time host and fires on the next real-time host")
    func realLeftoverAcrossVirtualHost() async throws {
        let ended = Log<SleeperEnd>()
        let (leftover, isAsleep) = try await HostHarness.runGuest(on: .sdlDummy) {
            await leaveSleeper(for: .milliseconds(500), ended: ended)
        }
        try #require(isAsleep)
        // A virtual-time host in between: the real deadline is no instant of its timeline. (Under
        // parallel testing another suite's real-time host may run first and fire the sleeper.)
        let (whileAwaitingPool, endedBefore, endedAfter) = try await ManualHost().run { () -> (Duration, [SleeperEnd], [SleeperEnd]) in
            let start = SDLClock().now
            let endedBefore = ended.values
            _ = await Task.detached { slowWork(seconds: 0.05, returning: 0) }.value
            return (start.duration(to: SDLClock().now), endedBefore, ended.values)
        }
        #expect(whileAwaitingPool == .zero, "the virtual clock jumped to a real-time deadline")
        #expect(endedAfter == endedBefore, "a real-time sleeper fired on a virtual-time host")
        // The next real-time host fires it (late, never early): a real timer is never lost.
        let endedOnRealHost = try await HostHarness.runGuest(on: .sdlDummy) { () -> [SleeperEnd] in
            await withNonisolatedWorkOnSDLThread { await leftover.value }
            return ended.values
        }
        #expect(endedOnRealHost == [.woke])
    }
}
