@testable import SDLConcurrency
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

    @Test("a 200 ms busy job is reported once, as an @SDLActor job of at least 200 ms", .timeLimit(.minutes(3)))
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
        // The job resumed inside SDLActor.yield(); the busy loop is in the caller it returned to.
        if StallDetector.namesTasks { #expect(seen.first?.function == "closure #1 in SDLConcurrencyTests.StallDetectorTests.busyJobReported()") }
        // The host names the root operation's task.
        if StallDetector.namesTasks { #expect(seen.first?.taskName == "root") }
    }

    @Test("a long loop of short jobs is not a stall", .timeLimit(.minutes(3)))
    func shortJobsSilent() async throws {
        let reports = Log<StallReport>()
        // The loop runs three times as long as the threshold, so counting it as one job would
        // report it; the threshold is well above 1 ms, so that a busy machine preempting one short
        // job for a while (seen: 120 ms under the thread sanitizer with other builds running) is
        // not mistaken for a stall.
        let threshold = runsUnderSanitizer ? 1_000 : 250
        var configuration = Self.configuration(reports)
        configuration.stallThreshold = .milliseconds(threshold)
        _ = try await HostHarness.runSDLHost(configuration) { _ in
            // Never more than 1 ms without a suspension.
            for _ in 0..<(3 * threshold) {
                busy(milliseconds: 1)
                await SDLActor.yield()
            }
        }
        #expect(reports.values.isEmpty)
    }

    @Test("a slow posted call is reported as one", .timeLimit(.minutes(3)))
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
        #expect(seen.first?.taskName == nil)
        #expect(seen.first?.function == nil)
    }

    @Test("a named task's stall names the task and the closure it ran", .timeLimit(.minutes(3)))
    func namedTaskNamed() async throws {
        let reports = Log<StallReport>()
        _ = try await HostHarness.runSDLHost(Self.configuration(reports)) { _ in
            await Task(name: "busy") { @SDLActor in busy(milliseconds: 250) }.value
        }
        let seen = reports.values
        #expect(seen.count == 1)
        let report = try #require(seen.first)
        #expect(report.phase == .actorJob)
        if StallDetector.namesTasks { #expect(report.taskName == "busy") }
        if StallDetector.namesTasks { #expect(report.function == "closure #1 in closure #1 in SDLConcurrencyTests.StallDetectorTests.namedTaskNamed()") }
        #expect(report.description.contains(#"by an @SDLActor job of task "busy" in closure #1 in closure #1 in "#))
    }

    @SDLActor static func countPrimes() async {
        await SDLActor.yield()
        busy(milliseconds: 250)
    }

    @Test("a stall after a suspension names the function the job resumed into", .timeLimit(.minutes(3)))
    func resumedFunctionNamed() async throws {
        let reports = Log<StallReport>()
        _ = try await HostHarness.runSDLHost(Self.configuration(reports)) { _ in
            await SDLActor.task(name: "prime counter") { await Self.countPrimes() }.value
        }
        let seen = reports.values
        #expect(seen.count == 1)
        let report = try #require(seen.first)
        #expect(report.phase == .actorJob)
        if StallDetector.namesTasks { #expect(report.taskName == "prime counter") }
        if StallDetector.namesTasks { #expect(report.function == "static SDLConcurrencyTests.StallDetectorTests.countPrimes()") }
        #expect(report.description.contains(#"of task "prime counter" in static SDLConcurrencyTests.StallDetectorTests.countPrimes(): "#))
    }

    @Test("an unnamed task's stall has no name, and a posted call neither name nor function", .timeLimit(.minutes(3)))
    func unnamedHasNoName() async throws {
        let reports = Log<StallReport>()
        _ = try await HostHarness.runSDLHost(Self.configuration(reports)) { _ in
            await Task { @SDLActor in busy(milliseconds: 150) }.value
            await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
                SDLExecutor.shared.post {
                    busy(milliseconds: 150)
                    done.resume()
                }
            }
        }
        let seen = reports.values
        #expect(seen.map(\.phase) == [.actorJob, .postedCall])
        #expect(seen.first?.taskName == nil)
        if StallDetector.namesTasks { #expect(seen.first?.function?.hasPrefix("closure #1 in closure #1 in ") == true) }
        #expect(seen.last?.taskName == nil)
        #expect(seen.last?.function == nil)
    }
}
