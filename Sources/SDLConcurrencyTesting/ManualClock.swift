public import SDLConcurrency

/// The clock of a ``ManualHost``: `SDLClock` on the host's virtual timeline, plus the host's
/// ``advance(by:)`` for tests that step time by hand.
///
/// Code under test can sleep on either this clock or `SDLClock`: while a `ManualHost` runs, both
/// read and wait on the same virtual time.
public struct ManualClock: Clock {
    /// An instant of virtual time (the same type as `SDLClock`'s).
    public typealias Instant = SDLClock.Instant

    let host: ManualHost

    /// The current virtual time.
    public var now: Instant { SDLClock().now }

    /// One nanosecond: virtual time moves exactly to each deadline.
    public var minimumResolution: Duration { .nanoseconds(1) }

    /// Suspends until virtual time reaches `deadline` (see `SDLClock.sleep(until:tolerance:)`).
    public nonisolated(nonsending) func sleep(until deadline: Instant, tolerance: Duration? = nil) async throws {
        try await SDLClock().sleep(until: deadline, tolerance: tolerance)
    }

    /// Sleeps on the virtual timeline without a hop through the global pool (see `SDLClock.sleep(for:tolerance:)`).
    public nonisolated(nonsending) func sleep(for duration: Duration, tolerance: Duration? = nil) async throws {
        try await SDLClock().sleep(for: duration, tolerance: tolerance)
    }

    /// Moves virtual time forward, firing timers in deadline order. Call on the host thread.
    public func advance(by duration: Duration) {
        host.advance(by: duration)
    }
}

extension Task where Success == Never, Failure == Never {
    /// `Task.sleep(for:clock:)` on a ``ManualClock``, without the generic version's hop through the
    /// global pool (which virtual time could not see).
    public nonisolated(nonsending) static func sleep(
        for duration: Duration, tolerance: Duration? = nil, clock: ManualClock
    ) async throws {
        try await clock.sleep(for: duration, tolerance: tolerance)
    }
}
