import Foundation
import Testing

/// What a host does when the process is short of file descriptors at its start (issue 16): a clear
/// error and status 1, never libdispatch's SIGILL with no message.
@Suite("Start-up limits (child process)", .serialized, .timeLimit(.minutes(2)))
struct StartupLimitTests {}

extension StartupLimitTests {
    @Test("with ulimit -n 16 the demo refuses to start with a clear error and status 1, every time", arguments: 1...3)
    func tooFewFileDescriptors(run: Int) async throws {
        // The shell lowers the limit and becomes the demo (same pid).
        let process = try DemoProcess(["--headless", "--exit-after", "0.5", "--autostart"],
                                      environment: ["SWIFT_BACKTRACE": "enable=no"],
                                      launcher: ["/bin/sh", "-c", "ulimit -n 16 && exec \"$0\" \"$@\""])
        let verdict = try await offThePool { process.wait(timeout: 30) }
        #expect(verdict == .exited(1), "run \(run): \(verdict); stderr: \(process.standardError)")
        #expect(process.standardError.contains("free (the limit, ulimit -n, is 16): an SDL host needs at least 16 to start"),
                "run \(run): stderr: \(process.standardError)")
    }
}
