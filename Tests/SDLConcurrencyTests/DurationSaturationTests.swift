@testable import SDLConcurrency
import SDLConcurrencyTesting
import Testing

/// Every finite `Duration` saturates on the host's timeline (issue 11: `--exit-after 9.3e18`
/// trapped in `Instant.advanced(by:)` → `nanosecondsRoundedUp` → `components`).
@Suite("Duration saturation", .timeLimit(.minutes(3)))
struct DurationSaturationTests {}

extension DurationSaturationTests {
    @Test("SDLClock.Instant.advanced(by:) clamps to the timeline's ends and rounds up")
    func instantAdvanced() {
        let start = SDLClock.Instant(nanoseconds: 1_000)
        #expect(start.advanced(by: .seconds(9.3e18)).nanoseconds == .max)
        #expect(start.advanced(by: Duration(attoseconds: .max)).nanoseconds == .max)
        #expect(start.advanced(by: Duration(secondsComponent: .max, attosecondsComponent: 999_999_999_999_999_999)).nanoseconds == .max)
        #expect(start.advanced(by: .zero - .seconds(9.3e18)).nanoseconds == 0)
        #expect(start.advanced(by: Duration(attoseconds: .min)).nanoseconds == 0)
        #expect(start.advanced(by: .nanoseconds(5)).nanoseconds == 1_005)
        #expect(start.advanced(by: .nanoseconds(-5)).nanoseconds == 995)
        #expect(start.advanced(by: Duration(attoseconds: 1)).nanoseconds == 1_001, "rounded up: never early")
        #expect(SDLClock.Instant(nanoseconds: .max - 1).advanced(by: .nanoseconds(2)).nanoseconds == .max)
    }

    @Test("nanosecondsRoundedUp never traps", arguments: [
        (Duration.zero, UInt64(0)),
        (Duration(attoseconds: 1), UInt64(1)),
        (Duration.nanoseconds(-1), UInt64(0)),
        (Duration.seconds(2), UInt64(2_000_000_000)),
        (Duration.seconds(1e20), UInt64.max),
        (Duration(attoseconds: .max), UInt64.max),
        (Duration(attoseconds: .min), UInt64(0)),
    ])
    func roundedUp(duration: Duration, nanoseconds: UInt64) {
        #expect(duration.nanosecondsRoundedUp == nanoseconds)
    }

    @Test("a huge shutdown grace period saturates: the host still waits for its tasks")
    func hugeGracePeriod() async throws {
        var configuration = HostHarness.dummyConfiguration()
        configuration.shutdownGracePeriod = .seconds(1e19)
        let finishedAfterCancel = Flag()
        let exit = try await HostHarness.runSDLHost(configuration) { host in
            // Waits on a signal, not a timer: another suite counts far-off timers in the shared heap.
            let never = Signal<Void>(name: "never")
            host.spawn(name: "slow to stop") {
                do { try await never.next() } catch {}
                // Ignores the cancellation for a moment; a wrapped deadline would not wait for it.
                await Task.yield()
                for _ in 0..<3 { await SDLActor.yield() }
                finishedAfterCancel.set()
            }
        }
        #expect(exit.status == 0)
        #expect(exit.leakedTasks.isEmpty)
        #expect(finishedAfterCancel.isSet)
    }
}
