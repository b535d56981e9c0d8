import Foundation
import SDLConcurrencyTesting
import Synchronization
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The built `sdl-concurrency-demo` run as a child process, for what only a real process shows:
/// exit statuses, signals (`waitpid`'s verdict), start-up.
///
/// The binary is found next to the test bundle (`.build/<config>/`), where `swift build` and
/// `swift test` put it.
final class DemoProcess: @unchecked Sendable {
    // @unchecked: `pid` is set once in init; `output` is the mutex; the reader threads and the
    // reaper only touch those.

    /// How a child ended, as `waitpid` reports it.
    enum Verdict: Equatable, CustomStringConvertible {
        case exited(Int32)
        case killed(by: Int32)
        /// It did not end within the test's bound and was killed (SIGKILL).
        case timedOut

        var description: String {
            switch self {
            case .exited(let status): "exited with status \(status)"
            case .killed(let signal): "killed by signal \(signal) (\(String(cString: strsignal(signal))))"
            case .timedOut: "did not exit in time (killed)"
            }
        }
    }

    static var binary: String {
        let testBundle = URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0])
        return testBundle.deletingLastPathComponent().appendingPathComponent("sdl-concurrency-demo").path
    }

    let pid: pid_t
    private let heldStandardOutput: Mutex<Int32?>
    private let output = Mutex((stdout: "", stderr: "", changes: 0))
    private let outputChanged = DispatchSemaphore(value: 0)
    private let exited = DispatchSemaphore(value: 0)
    private let readersDone = DispatchSemaphore(value: 0)
    private let verdictBox = Mutex<Verdict?>(nil)

    /// Starts the demo with `arguments`; the environment is the test's, with `SDL_VIDEODRIVER=dummy`,
    /// no display, and `environment` on top (a `nil` value removes a variable).
    /// With `holdingStandardOutput`, nothing reads the child's standard output until
    /// ``releaseStandardOutput()``: a full pipe then stops the child at its next `print`.
    /// `launcher`: a program that starts the demo (`["/usr/bin/nohup"]`): it runs with the demo's
    /// path and `arguments` after its own.
    init(_ arguments: [String], environment: [String: String?] = [:], holdingStandardOutput: Bool = false,
         launcher: [String] = [], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let demo = Self.binary
        guard FileManager.default.isExecutableFile(atPath: demo) else {
            Issue.record("the demo binary is not built at \(demo) (swift build)", sourceLocation: sourceLocation)
            throw CancellationError()
        }
        var env = ProcessInfo.processInfo.environment
        env["SDL_VIDEODRIVER"] = "dummy"
        env["DISPLAY"] = nil
        env["WAYLAND_DISPLAY"] = nil
        for (key, value) in environment { env[key] = value }

        var outPipe: [Int32] = [0, 0]
        var errPipe: [Int32] = [0, 0]
        guard pipe(&outPipe) == 0, pipe(&errPipe) == 0 else { throw POSIXError(.EMFILE) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
        posix_spawn_file_actions_addclose(&actions, outPipe[0])
        posix_spawn_file_actions_addclose(&actions, errPipe[0])
        // The child starts with default signal dispositions and an empty mask, whatever the test
        // process has (SignalWatcher ignores SIGINT in it; ignored dispositions are inherited).
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for number in [SIGINT, SIGTERM, SIGHUP, SIGPIPE] { sigaddset(&defaults, number) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let binary = launcher.first ?? demo
        let argv = (launcher + [demo] + arguments).map { strdup($0) } + [nil]
        let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, binary, &actions, &attributes, argv, envp)
        close(outPipe[1])
        close(errPipe[1])
        guard spawned == 0 else {
            close(outPipe[0])
            close(errPipe[0])
            throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EINVAL)
        }
        self.pid = pid
        heldStandardOutput = Mutex(holdingStandardOutput ? outPipe[0] : nil)
        if !holdingStandardOutput { startReader(outPipe[0], isStandardError: false) }
        startReader(errPipe[0], isStandardError: true)
        let child = pid
        let thread = Thread { [self] in
            var status: Int32 = 0
            while waitpid(child, &status, 0) < 0 && errno == EINTR {}
            // WIFEXITED / WTERMSIG are macros Swift does not import.
            let verdict: Verdict = status & 0x7f == 0 ? .exited((status >> 8) & 0xff) : .killed(by: status & 0x7f)
            verdictBox.withLock { if $0 == nil { $0 = verdict } }
            exited.signal()
        }
        thread.start()
    }

    private func startReader(_ fd: Int32, isStandardError: Bool) {
        let thread = Thread { [self] in
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = read(fd, &buffer, buffer.count)
                if count < 0, errno == EINTR { continue }
                if count <= 0 { break }
                let text = String(decoding: buffer[0..<count], as: UTF8.self)
                output.withLock {
                    if isStandardError { $0.stderr += text } else { $0.stdout += text }
                    $0.changes += 1
                }
                outputChanged.signal()
            }
            close(fd)
            readersDone.signal()
        }
        thread.start()
    }

    /// Fills the child's standard output pipe (held: see init), so its next `print` blocks.
    func fillStandardOutput() {
        let fd = open("/proc/\(pid)/fd/1", O_WRONLY | O_NONBLOCK)
        guard fd >= 0 else { return }
        defer { close(fd) }
        let filler = [UInt8](repeating: UInt8(ascii: "."), count: 4096)
        while write(fd, filler, filler.count) > 0 {}
    }

    /// Starts reading the held standard output: a `print` blocked on the full pipe goes on.
    func releaseStandardOutput() {
        let held = heldStandardOutput.withLock { held -> Int32? in
            defer { held = nil }
            return held
        }
        if let fd = held { startReader(fd, isStandardError: false) }
    }

    var standardOutput: String { output.withLock { $0.stdout } }
    var standardError: String { output.withLock { $0.stderr } }

    /// Sends `signal` to the child.
    func send(_ signal: Int32) {
        kill(pid, signal)
    }

    /// Waits (blocking, up to `timeout` seconds) until standard output or error contains `text`.
    @discardableResult
    func waitForOutput(_ text: String, timeout: Double = 20) -> Bool {
        let end = DispatchTime.now() + timeout
        while true {
            if output.withLock({ $0.stdout.contains(text) || $0.stderr.contains(text) }) { return true }
            if outputChanged.wait(timeout: end) == .timedOut { return false }
        }
    }

    /// Waits until the child has installed its signal handling: its `SigIgn` or `SigCgt` mask (in
    /// `/proc/<pid>/status`) includes `signal` (libdispatch's signal sources catch it). A bounded
    /// look every 2 ms: the kernel sends no notification for it, and this is test code.
    func waitUntilHandling(_ signal: Int32, timeout: Double = 20) -> Bool {
        let end = Date().addingTimeInterval(timeout)
        let bit = UInt64(1) << UInt64(signal - 1)
        while Date() < end {
            if let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) {
                for line in status.split(separator: "\n") where line.hasPrefix("SigIgn:") || line.hasPrefix("SigCgt:") {
                    let hex = line.dropFirst("SigIgn:".count).trimmingCharacters(in: .whitespaces)
                    if let mask = UInt64(hex, radix: 16), mask & bit != 0 { return true }
                }
            }
            usleep(2000)
        }
        return false
    }

    /// Whether the child's disposition for `signal` is "ignore" (its `SigIgn` mask).
    func ignores(_ signal: Int32) -> Bool {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("SigIgn:") }),
              let mask = UInt64(line.dropFirst("SigIgn:".count).trimmingCharacters(in: .whitespaces), radix: 16) else { return false }
        return mask & (UInt64(1) << UInt64(signal - 1)) != 0
    }

    /// Waits for the child to end, up to `timeout` seconds; past that it is killed and the verdict
    /// is ``Verdict/timedOut``.
    func wait(timeout: Double = 60) -> Verdict {
        if exited.wait(timeout: .now() + timeout) == .timedOut {
            verdictBox.withLock { $0 = .timedOut }
            kill(pid, SIGKILL)
            exited.wait()
        }
        // The readers finish once the pipes close (a grandchild holding them open is not waited for).
        releaseStandardOutput()
        for _ in 0..<2 { _ = readersDone.wait(timeout: .now() + 5) }
        return verdictBox.withLock { $0! }
    }

    /// Runs the demo with `arguments` to its end (up to `timeout` seconds).
    static func run(_ arguments: [String], environment: [String: String?] = [:], timeout: Double = 60,
                    sourceLocation: SourceLocation = #_sourceLocation) throws -> (verdict: Verdict, process: DemoProcess) {
        let process = try DemoProcess(arguments, environment: environment, sourceLocation: sourceLocation)
        return (process.wait(timeout: timeout), process)
    }
}

/// A fresh temporary folder, removed by the caller.
func makeTemporaryFolder() throws -> String {
    let path = NSTemporaryDirectory() + "demo-test-\(UUID())"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// Runs blocking test code (waiting for a child) on its own thread, off the cooperative pool, while
/// holding the harness's host lock: a child demo then never competes for the CPU with a real-time
/// host test in this process (two shared cores make those flaky).
func offThePool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await HostHarness.onHostThread(body)
}
