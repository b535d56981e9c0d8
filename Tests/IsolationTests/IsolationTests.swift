import Foundation
import Testing

/// Where `@MainActor` and `@concurrent` code runs while an SDL host owns the main thread. Each
/// test runs a small program as a child process: this test process's own main thread is parked in
/// `dispatchMain()` by the test runner, so only a child can own its main thread with an SDL loop.
@Suite("Isolation model (child processes)", .serialized)
struct IsolationTests {}

/// The folder holding the package's built executables (beside the test bundle).
private func productsFolder() -> URL {
    URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("debug", isDirectory: true)
}

private func executable(_ name: String) -> URL {
    // The test bundle lives in the products folder itself (…/debug/…PackageTests.xctest).
    let beside = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
    for folder in [beside, productsFolder()] {
        let candidate = folder.appendingPathComponent(name)
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
    }
    return beside.appendingPathComponent(name)
}

struct ChildResult {
    let status: Int32
    let output: String
}

private func runChild(_ name: String, _ arguments: [String], timeout: TimeInterval = 60) throws -> ChildResult {
    let process = Process()
    process.executableURL = executable(name)
    process.arguments = arguments
    var environment = ProcessInfo.processInfo.environment
    environment["SDL_VIDEODRIVER"] = "dummy"
    process.environment = environment
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let deadline = Date().addingTimeInterval(timeout)
    while process.isRunning, Date() < deadline { usleep(10_000) }
    if process.isRunning {
        process.terminate()
        process.waitUntilExit()
        Issue.record("\(name) \(arguments) did not finish within \(timeout) s")
    }
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    return ChildResult(status: process.terminationStatus, output: output)
}

extension IsolationTests {
    @Test("@MainActor code, DispatchQueue.main, MainActor.run and main-actor tasks run on the SDL thread; @concurrent work does not",
          .timeLimit(.minutes(2)))
    func mainActorIsTheSDLThread() throws {
        try expectAllFactsHold(["--check"], count: 18)
    }

    @Test("the one-executor opt-in: MainActor's executor is the SDL executor, round trips run no job, a second call is refused",
          .timeLimit(.minutes(2)))
    func oneExecutor() throws {
        let lines = try expectAllFactsHold(["--check", "--one-executor"], count: 20)
        #expect(lines.contains("ok one executor: 1,000 @MainActor → @SDLActor → back round trips ran 0 jobs (0 expected)"))
    }

    @Test("the one-executor opt-in called after main-queue work was queued is refused with a clear error", .timeLimit(.minutes(1)))
    func oneExecutorTooLate() throws {
        let result = try runChild("MainActorApp", ["--one-executor-late"], timeout: 20)
        #expect(result.status == 4, "\(result.output)")
        #expect(result.output.contains("too late"), "\(result.output)")
    }

    /// Runs the check program and expects every one of its `count` facts to hold.
    @discardableResult
    private func expectAllFactsHold(_ arguments: [String], count: Int) throws -> [String] {
        let result = try runChild("MainActorApp", arguments)
        let lines = result.output.split(separator: "\n").map(String.init)
        let failed = lines.filter { $0.hasPrefix("FAIL") }
        #expect(failed.isEmpty, "\(failed)")
        // Every fact was checked (a crash or early exit would leave some out).
        #expect(lines.filter { $0.hasPrefix("ok ") }.count == count, "\(result.output)")
        #expect(result.status == 0, "\(result.output)")
        return lines
    }

    @Test("an async main that calls SDLHost.run gets a clear error instead of a hang", .timeLimit(.minutes(1)))
    func asyncMainRejected() throws {
        let result = try runChild("AsyncMainCheck", [], timeout: 20)
        #expect(result.status == 3, "\(result.output)")
        #expect(result.output.contains("async main"))
        #expect(result.output.contains("synchronous"))
    }
}
