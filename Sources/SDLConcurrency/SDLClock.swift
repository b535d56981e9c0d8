/// The host's clock: sleeps are timers in the host's own heap, timed by the loop's own wait.
///
/// - Never early: a sleep resumes only once ``now`` has reached its deadline.
/// - Cancellation-aware: cancelling the sleeping task removes its timer and resumes it promptly with
///   `CancellationError`.
/// - Virtual under a virtual-time host (`ManualHost`, or ``SDLHost`` configured with
///   `.virtual`): time then jumps to the next deadline whenever nothing else is ready.
///
/// Sleeps set while no host runs wait for the next host.
public struct SDLClock: Clock {
    public struct Instant: InstantProtocol, Sendable, Hashable, Comparable, CustomStringConvertible {
        /// Nanoseconds on the host's timeline (`CLOCK_MONOTONIC` in real time).
        public var nanoseconds: UInt64

        public init(nanoseconds: UInt64) { self.nanoseconds = nanoseconds }

        public func advanced(by duration: Duration) -> Instant {
            // Saturates at both ends of the timeline; never traps on a finite Duration.
            if duration < .zero {
                let back = duration.magnitudeNanosecondsRoundedUp
                return Instant(nanoseconds: nanoseconds > back ? nanoseconds - back : 0)
            }
            return Instant(nanoseconds: nanoseconds.saturatingAdd(duration.nanosecondsRoundedUp))
        }

        public func duration(to other: Instant) -> Duration {
            if other.nanoseconds >= nanoseconds {
                return .nanoseconds(Int64(clamping: other.nanoseconds - nanoseconds))
            }
            return .zero - .nanoseconds(Int64(clamping: nanoseconds - other.nanoseconds))
        }

        public static func < (a: Instant, b: Instant) -> Bool { a.nanoseconds < b.nanoseconds }

        public var description: String { "SDLClock.Instant(\(nanoseconds) ns)" }
    }

    public init() {}

    public var now: Instant { Instant(nanoseconds: SDLExecutor.shared.now()) }

    /// The host times sleeps to the nanosecond under the dummy driver and to the millisecond plus
    /// a short precise sleep under a real driver.
    public var minimumResolution: Duration { .nanoseconds(1) }

    public nonisolated(nonsending) func sleep(until deadline: Instant, tolerance: Duration? = nil) async throws {
        try await SDLExecutor.shared.sleep(untilNanoseconds: deadline.nanoseconds)
    }
}

extension Clock where Self == SDLClock {
    /// The host's clock: `try await Task.sleep(for: .seconds(1), clock: .sdl)`.
    public static var sdl: SDLClock { SDLClock() }
}
