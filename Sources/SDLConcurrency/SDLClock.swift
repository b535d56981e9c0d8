/// The host's clock: sleeps are timers in the host's own heap, timed by the loop's own wait.
///
/// - Never early: a sleep resumes only once ``now`` has reached its deadline.
/// - Cancellation-aware: cancelling the sleeping task removes its timer and resumes it promptly with
///   `CancellationError`.
/// - Virtual under a virtual-time host (`ManualHost`, or ``SDLHost`` configured with
///   `.virtual`): time then jumps to the next deadline whenever nothing else is ready.
///
/// Sleeps set while no host runs are on real time and wait for the next real-time host. A sleep set
/// under a virtual-time host waits on that host's own timeline, which ends when the host returns
/// (see <doc:TestingWithVirtualTime>).
public struct SDLClock: Clock {
    /// A point on the host's timeline, in nanoseconds.
    public struct Instant: InstantProtocol, Sendable, Hashable, Comparable, CustomStringConvertible {
        /// Nanoseconds on the host's timeline (`CLOCK_MONOTONIC` in real time).
        public var nanoseconds: UInt64

        /// The instant `nanoseconds` after the timeline's origin.
        public init(nanoseconds: UInt64) { self.nanoseconds = nanoseconds }

        /// The instant `duration` later (earlier when negative), clamped to the timeline's range.
        public func advanced(by duration: Duration) -> Instant {
            // Saturates at both ends of the timeline; never traps on a finite Duration.
            if duration < .zero {
                let back = duration.magnitudeNanosecondsRoundedUp
                return Instant(nanoseconds: nanoseconds > back ? nanoseconds - back : 0)
            }
            return Instant(nanoseconds: nanoseconds.saturatingAdd(duration.nanosecondsRoundedUp))
        }

        /// The time from this instant to `other` (negative when `other` is earlier).
        public func duration(to other: Instant) -> Duration {
            if other.nanoseconds >= nanoseconds {
                return .nanoseconds(Int64(clamping: other.nanoseconds - nanoseconds))
            }
            return .zero - .nanoseconds(Int64(clamping: nanoseconds - other.nanoseconds))
        }

        /// Whether `a` comes before `b`.
        public static func < (a: Instant, b: Instant) -> Bool { a.nanoseconds < b.nanoseconds }

        /// The instant's nanoseconds, for logs.
        public var description: String { "SDLClock.Instant(\(nanoseconds) ns)" }
    }

    /// The clock of whichever host runs (all `SDLClock` values are the same clock).
    public init() {}

    /// The current time: monotonic, or the host's virtual time under a virtual-time host.
    public var now: Instant { Instant(nanoseconds: SDLExecutor.shared.now()) }

    /// The host times sleeps to the nanosecond under the dummy driver and to the millisecond plus
    /// a short precise sleep under a real driver.
    public var minimumResolution: Duration { .nanoseconds(1) }

    /// Suspends until `deadline` (never earlier); throws `CancellationError` at once when the task
    /// is cancelled. `tolerance` is ignored: timers fire in deadline order as soon as they are due.
    public nonisolated(nonsending) func sleep(until deadline: Instant, tolerance: Duration? = nil) async throws {
        try await SDLExecutor.shared.sleep(untilNanoseconds: deadline.nanoseconds)
    }

    /// Sleeps for `duration` from ``now``. Unlike the generic `Clock.sleep(for:)`, it runs on the
    /// caller's actor (no hop through the global pool), so under virtual time the deadline is read
    /// from the virtual clock before anything else can move it.
    public nonisolated(nonsending) func sleep(for duration: Duration, tolerance: Duration? = nil) async throws {
        try await SDLExecutor.shared.sleep(untilNanoseconds: now.advanced(by: duration).nanoseconds)
    }
}

extension Task where Success == Never, Failure == Never {
    /// `Task.sleep(for:clock:)` on the host's clock, without the generic version's hop through the
    /// global pool: the deadline is computed on the caller's actor and the task resumes through the
    /// SDL ready queue. (Chosen over the standard library's generic overload for `clock: .sdl`.)
    public nonisolated(nonsending) static func sleep(
        for duration: Duration, tolerance: Duration? = nil, clock: SDLClock
    ) async throws {
        try await clock.sleep(for: duration, tolerance: tolerance)
    }

    /// `Task.sleep(until:clock:)` on the host's clock, resuming through the SDL ready queue.
    public nonisolated(nonsending) static func sleep(
        until deadline: SDLClock.Instant, tolerance: Duration? = nil, clock: SDLClock
    ) async throws {
        try await clock.sleep(until: deadline, tolerance: tolerance)
    }
}

extension Clock where Self == SDLClock {
    /// The host's clock: `try await Task.sleep(for: .seconds(1), clock: .sdl)`.
    public static var sdl: SDLClock { SDLClock() }
}
