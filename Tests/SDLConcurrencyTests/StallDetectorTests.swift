import SDLConcurrency
import SDLConcurrencyTesting
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The stall detector: asyncio's debug-mode "slow callback" report.
@Suite("Stall detector")
struct StallDetectorTests {}

/// Holds the calling thread for `milliseconds` without sleeping (a stand-in for CPU work).
private func busy(milliseconds: Int) {
    var start = timespec()
    clock_gettime(CLOCK_MONOTONIC, &start)
    while true {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        let elapsed = (now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1_000_000
        if elapsed >= milliseconds { return }
    }
}

extension StallDetectorTests {
    static func configuration(_ reports: Log<StallReport>) -> SDLHost.Configuration {
        var configuration = HostHarness.dummyConfiguration()
        configuration.stallThreshold = .milliseconds(100)
        configuration.onStall = { report in reports.append(report) }
        return configuration
    }

    @Test("a 200 ms busy job is reported once, as an @SDLActor job of at least 200 ms", .timeLimit(.minutes(1)))
    func busyJobReported() async throws {
        let reports = Log<StallReport>()
        _ = try await HostHarness.runSDLHost(Self.configuration(reports)) { _ in
            await SDLActor.yield()
            busy(milliseconds: 200)
            await SDLActor.yield()
        }
        let seen = reports.values
        #expect(seen.count == 1)
        #expect(seen.first?.phase == .actorJob)
        #expect((seen.first?.duration ?? .zero) >= .milliseconds(190))  // the coarse clock ticks every few ms
    }

    @Test("a long loop of short jobs is not a stall", .timeLimit(.minutes(1)))
    func shortJobsSilent() async throws {
        let reports = Log<StallReport>()
        _ = try await HostHarness.runSDLHost(Self.configuration(reports)) { _ in
            // 400 ms in all, never more than 1 ms without a suspension.
            for _ in 0..<400 {
                busy(milliseconds: 1)
                await SDLActor.yield()
            }
        }
        #expect(reports.values.isEmpty)
    }

    @Test("a slow posted call is reported as one", .timeLimit(.minutes(1)))
    func slowPostedCall() async throws {
        let reports = Log<StallReport>()
        _ = try await HostHarness.runSDLHost(Self.configuration(reports)) { _ in
            await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
                SDLExecutor.shared.post {
                    busy(milliseconds: 150)
                    done.resume()
                }
            }
        }
        let seen = reports.values
        #expect(seen.map(\.phase) == [.postedCall])
    }
}
