@testable import Demo
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The demo as a process (issue 11): every exit status tells the truth, no input hangs or traps it.
/// Each test runs the built binary and checks `waitpid`'s verdict; each has a bound on time, so a
/// hang fails instead of blocking CI.
@Suite("Demo exit statuses (child process)", .serialized, .timeLimit(.minutes(2)))
struct DemoExitStatusTests {}

// MARK: - Outputs

extension DemoExitStatusTests {
    @Test("an output that cannot be written is an error before the run: path, reason, exit 73", arguments: [
        ("--screenshot", "/nonexistent-folder/shot.png", "No such file or directory"),
        ("--screenshot", "/proc/shot.png", "No such file or directory"),
        ("--sieve-report", "/nonexistent-folder/report.json", "No such file or directory"),
    ])
    func unwritableOutput(option: String, path: String, reason: String) async throws {
        // --exit-after 600: only a check before the run can end this within the test's bound.
        let (verdict, process) = try await offThePool { try DemoProcess.run(["--headless", "--exit-after", "600", option, path], timeout: 30) }
        #expect(verdict == .exited(73), "\(verdict); stderr: \(process.standardError)")
        #expect(process.standardError.contains("\(option): cannot write \(path): \(reason)"), "stderr: \(process.standardError)")
    }

    @Test("a folder in place of the file, and a read-only folder, are errors before the run")
    func directoryAndReadOnlyFolder() async throws {
        let folder = try makeTemporaryFolder()
        defer { chmod(folder, 0o755); try? FileManager.default.removeItem(atPath: folder) }
        let directory = folder + "/shot.png"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
        var (verdict, process) = try await offThePool { try DemoProcess.run(["--headless", "--exit-after", "600", "--screenshot", directory], timeout: 30) }
        #expect(verdict == .exited(73), "\(verdict)")
        #expect(process.standardError.contains("cannot write \(directory): Is a directory"), "stderr: \(process.standardError)")

        // Root may write anywhere: the read-only case only means something for other users.
        if geteuid() != 0 {
            let readOnly = folder + "/ro"
            try FileManager.default.createDirectory(atPath: readOnly, withIntermediateDirectories: false)
            chmod(readOnly, 0o555)
            (verdict, process) = try await offThePool { try DemoProcess.run(["--headless", "--exit-after", "600", "--screenshot", readOnly + "/shot.png"], timeout: 30) }
            #expect(verdict == .exited(73), "\(verdict)")
            #expect(process.standardError.contains("Permission denied"), "stderr: \(process.standardError)")
        }
    }

    @Test("with no display and an unusable TMPDIR the automatic run fails before it starts")
    func unusableTemporaryFolder() async throws {
        let (verdict, process) = try await offThePool {
            // No display and no explicit driver: only that selects the automatic headless run.
            try DemoProcess.run([], environment: ["TMPDIR": "/nonexistent-tmpdir", "SDL_VIDEODRIVER": nil], timeout: 30)
        }
        #expect(verdict == .exited(73), "\(verdict)")
        #expect(process.standardError.contains("/nonexistent-tmpdir/sdl-concurrency-demo.png: No such file or directory"),
                "stderr: \(process.standardError)")
    }

    @Test("an output that fails while shutting down makes the exit status 1, with path and reason")
    func lateWriteFailure() async throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let report = folder + "/report.json"
        let process = try DemoProcess(["--headless", "--exit-after", "2", "--sieve-report", report])
        // The check passed at start-up; the folder goes away before the write.
        try await Task.sleep(for: .seconds(1))
        try FileManager.default.removeItem(atPath: folder)
        let verdict = try await offThePool { process.wait(timeout: 30) }
        #expect(verdict == .exited(1), "\(verdict); stderr: \(process.standardError)")
        #expect(process.standardError.contains("--sieve-report: cannot write \(report): No such file or directory"),
                "stderr: \(process.standardError)")
    }
}

// MARK: - Scripted presses

extension DemoExitStatusTests {
    @Test("a scripted press of a disabled button is reported at once; the timed exit still happens (exit 1)", arguments: [
        (["--press", "Stop@0.1"], "Stop", "disabled"),
        (["--press", "Reset@0.1"], "Reset", "disabled"),
        (["--autostart", "--press", "Start@0.1"], "Start", "disabled"),
    ])
    func disabledButtonPress(options: [String], title: String, reason: String) async throws {
        let (verdict, process) = try await offThePool {
            try DemoProcess.run(["--headless", "--exit-after", "0.5"] + options, timeout: 30)
        }
        #expect(verdict == .exited(1), "\(verdict); stderr: \(process.standardError)")
        #expect(process.standardError.contains("--press \"\(title)\"@0.1: not pressed: the button is \(reason)"),
                "stderr: \(process.standardError)")
    }
}

// MARK: - Durations

extension DemoExitStatusTests {
    @Test("huge durations saturate instead of trapping", arguments: [
        ["--exit-after", "9.3e18"],
        ["--exit-after", "1e300"],
        ["--press", "What is the question?@2e20"],
    ])
    func hugeDurations(options: [String]) async throws {
        // Under virtual time the clock jumps to the saturated deadline at once.
        let (verdict, process) = try await offThePool {
            try DemoProcess.run(["--headless", "--virtual-time"] + options, timeout: 30)
        }
        #expect(verdict == .exited(0), "\(verdict); stderr: \(process.standardError)")
    }
}

// MARK: - Scale

extension DemoExitStatusTests {
    @Test("12,000 scripted presses within a second of virtual time run and exit 0 (no quadratic parse or wait)")
    func manyPresses() async throws {
        let presses = (0..<12_000).flatMap { ["--press", "What is the question?@0.\($0 % 10)"] }
        // Quadratic before (argument parsing alone ran for minutes); about 10 s in a debug build now.
        let (verdict, process) = try await offThePool {
            try DemoProcess.run(["--headless", "--virtual-time"] + presses, timeout: 90)
        }
        #expect(verdict == .exited(0), "\(verdict); stderr: \(process.standardError.prefix(500))")
    }

    @Test("--press options are taken out before parsing, in order; malformed ones stay usage errors")
    func pressExtraction() throws {
        let (rest, presses) = DemoCommand.extractPresses(
            ["--headless", "--press", "a@1", "--press=b@2", "--exit-after", "3", "--press", "--", "--press", "c@3"])
        #expect(presses == ["a@1", "b@2"])
        #expect(rest == ["--headless", "--exit-after", "3", "--press", "--", "--press", "c@3"])
        expectUsageError(["--press"])
    }
}
