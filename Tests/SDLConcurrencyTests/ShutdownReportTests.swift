@testable import SDLConcurrency
import SDLConcurrencyTesting
import Synchronization
import Testing

/// The leak report (issue 11: one 10 MB line naming 723,258 tasks, and "2.0 seconds" printed
/// 60 ms after the shutdown began).
@Suite("Shutdown report", .timeLimit(.minutes(3)))
struct ShutdownReportTests {}

extension ShutdownReportTests {
    @Test("the report names the first ten tasks and counts the rest, on one short line")
    func bounded() {
        let names = (0..<723_258).map { "task \($0)" }
        let line = ShutdownStateMachine.leakReport(names: names, elapsedSeconds: 0.061)
        #expect(line == "SDLConcurrency: 723258 task(s) still running 0.06 s after shutdown began: "
            + (0..<10).map { "task \($0)" }.joined(separator: ", ") + " and 723248 more")
        #expect(ShutdownStateMachine.leakReport(names: ["a", "b"], elapsedSeconds: 2.004)
            == "SDLConcurrency: 2 task(s) still running 2.0 s after shutdown began: a, b")
    }

    @Test("tasks that ignore cancellation are reported after the grace period, all of them in HostExit")
    func leakedTasks() async throws {
        var configuration = HostHarness.dummyConfiguration()
        configuration.shutdownGracePeriod = .milliseconds(100)
        let stuck = Mutex<[CheckedContinuation<Void, Never>]>([])
        let exit = try await HostHarness.runSDLHost(configuration) { host in
            for index in 0..<25 {
                host.spawn(name: "stuck \(index)") {
                    // Ignores cancellation: resumed only by the test, after the host is gone.
                    await withCheckedContinuation { continuation in stuck.withLock { $0.append(continuation) } }
                }
            }
            await SDLActor.yield()
        }
        for continuation in stuck.withLock({ $0 }) { continuation.resume() }
        #expect(exit.leakedTasks.count == 25)
        #expect(exit.leakedTasks.first == "stuck 0")
    }
}
