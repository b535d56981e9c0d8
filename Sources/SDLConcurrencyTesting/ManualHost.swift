import Dispatch
public import SDLConcurrency
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A host with no SDL and virtual time, for tests: it runs guest jobs on the calling thread and,
/// whenever nothing is ready, jumps `SDLClock` (and ``ManualClock``) to the next timer deadline.
/// An 80-second sieve runs in milliseconds, with exact, repeatable timing.
///
/// Each run is a timeline of its own, starting at `startNanoseconds`: only sleeps set during the
/// run move its clock. A sleep another test left behind (on an earlier run's timeline, or on real
/// time) neither moves nor fires here; one this run leaves never fires after it returns, and
/// cancelling its task ends it (see "What one test leaves behind" in the `SDLConcurrency` documentation).
///
/// Like trio's fake hosts, it fails loudly when the contract is broken: a wake-up on its own thread
/// (the executor's fast path must make those unnecessary) or `guestDidFinish` off its thread is
/// recorded and turns the run into a ``ManualHostError``.
///
/// **Parallel tests.** `SDLActor` has one executor per process, so only one host runs at a time. A
/// `ManualHost` waits for its turn (see ``HostHarness``) instead of failing, so `@Test`s that each
/// run one work under Swift Testing's default parallelism. In an `async` test, write
/// `try await ManualHost().run { … }`: the host runs on a thread of its own, and the test's task
/// suspends while it waits. The synchronous `run(realTimeout:_:)` (and ``withAttached(_:)``) run
/// on the calling thread and block it while they wait.
public final class ManualHost: HostLoop, @unchecked Sendable {
    // @unchecked: `startNanoseconds` and `frameInterval` are immutable; everything mutable is inside `state` (a pthread mutex the thread sanitizer understands),
    // is the `thread` Atomic, or is the DispatchSemaphore, which is thread-safe.

    struct State {
        var rootFinished = false
        var wakeUps = 0
        var violations: [String] = []
    }

    private let state = LockedState(State())
    private let semaphore = DispatchSemaphore(value: 0)
    /// The thread the host runs on while attached (0 otherwise).
    private let thread = Atomic<UInt>(0)
    /// Virtual time at which runs start, in nanoseconds.
    public let startNanoseconds: UInt64
    /// Virtual time between two frames (`SDLClock.frames`): each frame moves the clock this far.
    public let frameInterval: Duration

    /// Creates a host. It runs on the thread that calls `run(realTimeout:_:)` or
    /// ``withAttached(_:)``; the `async` `run(realTimeout:_:)` gives it a thread of its own.
    /// Frames come every `frameInterval` of virtual time (1/60 s by default, rounded to the nanosecond).
    public init(startNanoseconds: UInt64 = 1_000_000_000, frameInterval: Duration = .nanoseconds(16_666_667)) {
        self.startNanoseconds = startNanoseconds
        self.frameInterval = frameInterval
    }

    /// The host's clock: `SDLClock` on this host's virtual timeline.
    public var clock: ManualClock { ManualClock(host: self) }

    /// Cross-thread wake-ups received (telemetry for tests of the fast path).
    public var wakeUpCount: Int { state.withLock { $0.wakeUps } }

    // MARK: HostLoop

    package func wakeUp() {
        let onHostThread = isHostThread
        state.withLock { state in
            state.wakeUps += 1
            if onHostThread {
                state.violations.append("wakeUp() was called on the host thread while the host was awake")
            }
        }
        semaphore.signal()
    }

    public var isHostThread: Bool {
        let host = thread.load(ordering: .acquiring)
        return host != 0 && host == UInt(pthread_self())
    }

    package func guestDidFinish(_ outcome: GuestOutcome) {
        let onHostThread = isHostThread
        state.withLock { state in
            state.rootFinished = true
            if !onHostThread { state.violations.append("guestDidFinish(_:) was called off the host thread") }
        }
    }

    // MARK: Running

    /// Runs `root` to completion on a thread of its own in virtual time, once no other host runs,
    /// and returns its result. The calling task suspends meanwhile (no thread is blocked).
    ///
    /// Throws ``ManualHostError/deadlocked(after:)`` as the synchronous form does.
    public func run<T: Sendable>(
        realTimeout: Duration = .seconds(30),
        _ root: @escaping @Sendable @SDLActor () async throws -> T
    ) async throws -> T {
        try await HostHarness.onHostThread { try self.run(realTimeout: realTimeout, root) }
    }

    /// Runs `root` to completion on the calling thread in virtual time and returns its result.
    /// Waits (blocking the thread) while another host runs.
    ///
    /// Throws ``ManualHostError/deadlocked(after:)`` when nothing is ready, no timer is set, the root
    /// has not finished and no other thread wakes the host within `realTimeout`.
    public func run<T: Sendable>(
        realTimeout: Duration = .seconds(30),
        _ root: @escaping @Sendable @SDLActor () async throws -> T
    ) throws -> T {
        let result = ResultBox<Result<T, any Error>>()
        return try withAttached { host in
            SDLActor.task(name: "root") {
                let outcome: Result<T, any Error>
                do { outcome = .success(try await root()) } catch { outcome = .failure(error) }
                result.set(outcome)
                host.guestDidFinish(.returned)
            }
            try host.runUntil(realTimeout: realTimeout) { host.state.withLock { $0.rootFinished } }
            guard let outcome = result.get() else {
                preconditionFailure("ManualHost: the root finished without a result")
            }
            return try outcome.get()
        }
    }

    /// Attaches this host to `SDLExecutor` for the duration of `body`, on the calling thread, once
    /// no other host runs (blocking the thread while it waits). Inside, drive time by hand with
    /// ``runUntilIdle()`` and ``advance(by:)``.
    public func withAttached<T>(_ body: (ManualHost) throws -> T) throws -> T {
        HostTurn.acquire()
        defer { HostTurn.release() }
        let me = UInt(pthread_self())
        let (exchanged, _) = thread.compareExchange(expected: 0, desired: me, ordering: .acquiringAndReleasing)
        precondition(exchanged, "ManualHost: this host is already running")
        defer { thread.store(0, ordering: .releasing) }
        try SDLExecutor.shared.attach(self, timeline: .virtual(startNanoseconds: startNanoseconds))
        defer { SDLExecutor.shared.detach(self) }
        SDLExecutor.shared.setFramePacing(interval: frameInterval)
        let value = try body(self)
        let violations = state.withLock { $0.violations }
        if !violations.isEmpty { throw ManualHostError.contractViolated(violations) }
        return value
    }

    /// Runs ready jobs, due timers and a due frame until nothing is ready; time does not move.
    public func runUntilIdle() {
        let executor = SDLExecutor.shared
        repeat {
            // As SDLHost's turn does: the urgent lane (resumed timers, posted host work) first.
            executor.withUrgentCapture { _ = executor.fireDueTimers() }
            executor.runUrgentJobs()
            executor.deliverFrameIfDue()
            executor.drain(maxJobs: .max, deadline: .max)
        } while executor.hasReadyJobs || (executor.nextFrameDeadline().map { $0 <= executor.now() } ?? false)
    }

    /// Moves virtual time forward by `duration`, firing each timer at its own deadline (in order),
    /// delivering each frame at its own time while coroutines await frames, and running what they
    /// wake before moving on.
    public func advance(by duration: Duration) {
        let executor = SDLExecutor.shared
        let target = SDLClock.Instant(nanoseconds: executor.now()).advanced(by: duration).nanoseconds
        runUntilIdle()
        while let next = executor.nextDeadline(), next <= target {
            executor.advanceVirtualTime(to: next)
            runUntilIdle()
        }
        executor.advanceVirtualTime(to: target)
        runUntilIdle()
    }

    private func runUntil(realTimeout: Duration, _ isDone: () -> Bool) throws {
        let executor = SDLExecutor.shared
        while true {
            runUntilIdle()
            if isDone() { return }
            guard executor.prepareToSleep() else { continue }
            if let next = executor.nextDeadline() {
                executor.advanceVirtualTime(to: next)
                executor.didWake()
                continue
            }
            // Nothing ready and no timer: only another thread can make progress now.
            let timedOut = semaphore.wait(timeout: .now() + .nanoseconds(Int(clamping: realTimeout.nanosecondsForTesting)))
            executor.didWake()
            executor.acknowledgeWake()
            if timedOut == .timedOut, !executor.hasReadyJobs {
                throw ManualHostError.deadlocked(after: realTimeout)
            }
        }
    }
}

/// Why a ``ManualHost`` run failed.
public enum ManualHostError: Error, CustomStringConvertible {
    /// Nothing could make progress: no ready job, no timer, no wake-up from another thread.
    case deadlocked(after: Duration)
    /// The host/guest contract was broken (see ``ManualHost``).
    case contractViolated([String])

    public var description: String {
        switch self {
        case .deadlocked(let duration):
            return "ManualHost: the root did not finish and nothing was ready, scheduled or woken for \(duration)"
        case .contractViolated(let violations):
            return "ManualHost: host/guest contract violated: " + violations.joined(separator: "; ")
        }
    }
}

extension Duration {
    var nanosecondsForTesting: Int64 {
        let (seconds, attoseconds) = components
        return seconds.multipliedReportingOverflow(by: 1_000_000_000).overflow
            ? .max : seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
