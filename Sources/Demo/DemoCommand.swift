import ArgumentParser
import Eratosthenes
import Foundation
import SDLConcurrency
import SDLWidgets

/// `sdl-concurrency-demo`: the PySide6 `minimal` and `eratosthenes` examples on an SDL host.
///
/// A synchronous `ParsableCommand` on purpose: the SDL loop must own the main thread, so `run()`
/// calls the blocking `SDLHost.run` directly (an `AsyncParsableCommand` would hand the main thread
/// to the concurrency runtime).
@main
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sdl-concurrency-demo",
        abstract: "Swift Concurrency as a guest of the SDL2 event loop: a button whose async slot sleeps 1 s, then rewrites a label, beside a Sieve of Eratosthenes of many coroutines stepping in time with one tick.",
        discussion: """
            With no display (neither DISPLAY nor WAYLAND_DISPLAY set) and no SDL_VIDEODRIVER the demo runs headless, presses \
            "\(MinimalPanel.buttonTitle)" after 0.5 s, starts the sieve with a \(DemoPlan.automaticTick) s tick \
            (unless --tick says otherwise), writes a screenshot of the last frame and prints where it went.

            With --headless --autostart and no --exit-after the demo quits once the sieve has finished; \
            add --virtual-time and the whole run takes a fraction of a second.
            """)

    @Flag(help: "Run with SDL's dummy video driver (no window on screen). Exits on its own 1.5 s after the last --press unless --exit-after says otherwise.")
    var headless = false

    @Option(
        name: .customLong("press"),
        help: ArgumentHelp("Click the button with this title this many seconds after start (repeatable). A press of a button that is disabled or gone at that moment is reported, skipped, and makes the exit status 1.", valueName: "title@seconds"))
    var presses: [ScheduledPress] = []

    @Option(help: ArgumentHelp("Write the window's last frame as a PNG file when the app exits.", valueName: "path.png"))
    var screenshot: String?

    @Option(name: .customLong("exit-after"), help: ArgumentHelp("Quit cleanly after this many seconds (once the runs started by --press clicks have finished).", valueName: "seconds"))
    var exitAfter: Double?

    @Flag(name: .customLong("virtual-time"), help: "Run on virtual time: sleeps end at once when nothing else is ready (scripted runs in milliseconds).")
    var virtualTime = false

    @Flag(name: .customLong("software-renderer"), help: "Use SDL's software renderer (pixel-identical screenshots under every driver).")
    var softwareRenderer = false

    @Option(help: ArgumentHelp("The sieve's tick: every coroutine steps once per tick (default 0.1: the whole 40 × 40 run takes 80 s).", valueName: "seconds"))
    var tick: Double?

    @Option(help: ArgumentHelp("The sieve's grid, rows by columns, each 1…\(GridSize.maximum) (default 40x40).", valueName: "rowsxcols"))
    var grid: GridSize?

    @Option(help: ArgumentHelp("Seed of the sieve's random colours (same seed, same run).", valueName: "n"))
    var seed: UInt64?

    @Option(name: .customLong("sieve-report"), help: ArgumentHelp("Write the sieve's final grid and markers as JSON when the app exits.", valueName: "path.json"))
    var sieveReport: String?

    @Flag(help: "Start the sieve at launch.")
    var autostart = false

    @Option(name: .customLong("restart-every"), help: ArgumentHelp("Restart the sieve (as Start after Stop does) every this many seconds: for soak runs (scripts/soak.sh).", valueName: "seconds"))
    var restartEvery: Double?

    /// The program's first line installs the signal handling, so a Ctrl+C at any moment of the
    /// start-up takes the orderly path (exit 130) instead of killing the process.
    static func main() {
        SDLHost.installSignalHandlers()
        let (arguments, presses) = extractPresses(Array(CommandLine.arguments.dropFirst()))
        do {
            var command = try parseAsRoot(arguments)
            if var demo = command as? DemoCommand {
                demo.presses += try presses.map { value in
                    guard let press = ScheduledPress(argument: value) else {
                        throw ValidationError("The value '\(value)' is invalid for '--press <title@seconds>'")
                    }
                    return press
                }
                command = demo
            }
            try command.run()
        } catch {
            exit(withError: error)
        }
    }

    /// Takes the `--press` options out of `arguments` (in order), for a parse in linear time:
    /// swift-argument-parser removes each parsed value from an array, so 12,000 `--press` options
    /// took minutes. A `--press` without a value, or after `--`, is left for its error message.
    static func extractPresses(_ arguments: [String]) -> (rest: [String], presses: [String]) {
        var rest: [String] = []
        var presses: [String] = []
        rest.reserveCapacity(arguments.count)
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--" {
                rest += arguments[index...]
                break
            }
            if argument.hasPrefix("--press=") {
                presses.append(String(argument.dropFirst("--press=".count)))
            } else if argument == "--press", index + 1 < arguments.count, !arguments[index + 1].hasPrefix("--") {
                presses.append(arguments[index + 1])
                index += 1
            } else {
                rest.append(argument)
            }
            index += 1
        }
        return (rest, presses)
    }

    func validate() throws {
        if let tick, !(tick >= 0 && tick <= DemoPlan.maximumTick) {
            throw ValidationError("--tick must be a number of seconds from 0 to \(Int(DemoPlan.maximumTick)), not \(tick)")
        }
        if let sieveReport, !sieveReport.lowercased().hasSuffix(".json") {
            throw ValidationError("--sieve-report must name a .json file, not \"\(sieveReport)\"")
        }
        if let exitAfter, !(exitAfter >= 0 && exitAfter.isFinite) {
            throw ValidationError("--exit-after must be a number of seconds ≥ 0, not \(exitAfter)")
        }
        if let restartEvery, !(restartEvery > 0 && restartEvery <= DemoPlan.maximumTick) {
            throw ValidationError("--restart-every must be a number of seconds above 0 and at most \(Int(DemoPlan.maximumTick)), not \(restartEvery)")
        }
        if let screenshot, !screenshot.lowercased().hasSuffix(".png") {
            throw ValidationError("--screenshot must name a .png file, not \"\(screenshot)\"")
        }
    }

    func run() throws {
        let plan = DemoPlan(command: self, environment: ProcessInfo.processInfo.environment)
        if plan.isAutomaticallyHeadless {
            print("No display found (DISPLAY, WAYLAND_DISPLAY and SDL_VIDEODRIVER are unset): running headless, pressing \"\(MinimalPanel.buttonTitle)\" after 0.5 s and starting the sieve.")
        }
        // Outputs are checked before the host starts: a typo in a folder costs no time (exit 73,
        // sysexits' EX_CANTCREAT). One that fails later still fails the run (exit 1).
        for output in plan.outputs {
            do {
                try output.check()
            } catch {
                printError("error: \(error)")
                throw ExitCode(73)
            }
        }
        var configuration = SDLHost.Configuration(
            videoDriver: plan.headless ? "dummy" : nil,
            window: SDLHost.WindowOptions(title: "SDLConcurrency demo", width: DemoUI.windowSize.width, height: DemoUI.windowSize.height, softwareRenderer: plan.softwareRenderer),
            timeline: plan.virtualTime ? .virtual(startNanoseconds: 1_000_000_000) : .real,
            afterRoot: .quit,
            handlesSignals: true)
        // The root writes its outputs (screenshot, report) as the run ends: give it time to finish
        // them on a loaded machine rather than report it as leaked with the files missing. A
        // second signal still stops the wait at once.
        configuration.shutdownGracePeriod = .seconds(10)
        let exit: HostExit
        do {
            exit = try SDLHost.run(configuration) { host in try await DemoApp.run(host: host, plan: plan) }
        } catch {
            printError("error: \(error)")
            throw ExitCode(1)
        }
        if exit.status != 0 { throw ExitCode(exit.status) }
    }
}

/// A `--press` value: a button title and a time, `"What is the question?"@0.5`.
struct ScheduledPress: ExpressibleByArgument, Sendable, Equatable {
    var title: String
    var seconds: Double

    init(title: String, seconds: Double) {
        self.title = title
        self.seconds = seconds
    }

    init?(argument: String) {
        // The last "@" separates the time, so titles may contain "@".
        guard let at = argument.lastIndex(of: "@") else { return nil }
        let title = String(argument[..<at])
        guard !title.isEmpty, let seconds = Double(argument[argument.index(after: at)...]),
              seconds >= 0, seconds.isFinite
        else { return nil }
        self.init(title: title, seconds: seconds)
    }
}

/// A `--grid` value: `40x40` (also `40X40` or `40×40`), rows then columns, each 1…``maximum``.
struct GridSize: ExpressibleByArgument, Sendable, Equatable {
    static let maximum = 400

    var rows: Int
    var columns: Int

    init(rows: Int, columns: Int) {
        self.rows = rows
        self.columns = columns
    }

    init?(argument: String) {
        let parts = argument.split(omittingEmptySubsequences: false) { "xX×".contains($0) }
        guard parts.count == 2, let rows = Int(parts[0]), let columns = Int(parts[1]),
              (1...Self.maximum).contains(rows), (1...Self.maximum).contains(columns)
        else { return nil }
        self.init(rows: rows, columns: columns)
    }
}

/// The options after defaults: what the run will actually do.
struct DemoPlan: Sendable {
    /// The tick of the sieve started automatically when there is no display: the screenshot then
    /// shows a quarter of the run in colour.
    static let automaticTick = 0.01
    /// The longest tick accepted (an hour; longer would overflow the run's tick arithmetic soon).
    static let maximumTick = 3600.0

    var headless: Bool
    var isAutomaticallyHeadless: Bool
    var presses: [ScheduledPress]
    var screenshot: String?
    var exitAfter: Double?
    var virtualTime: Bool
    var softwareRenderer: Bool
    var sieve: SieveModel.Configuration
    var autostart: Bool
    /// Headless with --autostart and no --exit-after: quit once the sieve has finished.
    var quitsWhenSieveFinishes: Bool
    var sieveReport: String?
    /// Restart the sieve this often (seconds), if set.
    var restartEvery: Double?

    /// The files the run will write, in the order it writes them.
    var outputs: [OutputFile] {
        [screenshot.map { OutputFile(option: "--screenshot", path: $0) },
         sieveReport.map { OutputFile(option: "--sieve-report", path: $0) }].compactMap { $0 }
    }

    init(command: DemoCommand, environment: [String: String]) {
        let hasDisplay = !(environment["DISPLAY"] ?? "").isEmpty || !(environment["WAYLAND_DISPLAY"] ?? "").isEmpty
        // An explicit SDL_VIDEODRIVER (kmsdrm, wayland, …) is honoured even with no display
        // variable: SDL then uses it, or fails with its own error.
        let explicitDriver = !(environment["SDL_VIDEODRIVER"] ?? "").isEmpty
        isAutomaticallyHeadless = !command.headless && !hasDisplay && !explicitDriver
        headless = command.headless || isAutomaticallyHeadless
        presses = command.presses
        screenshot = command.screenshot
        exitAfter = command.exitAfter
        virtualTime = command.virtualTime
        softwareRenderer = command.softwareRenderer
        sieve = SieveModel.Configuration()
        if let grid = command.grid {
            sieve.rows = grid.rows
            sieve.columns = grid.columns
        }
        if let tick = command.tick { sieve.tick = .seconds(tick) }
        if let seed = command.seed { sieve.seed = seed }
        sieveReport = command.sieveReport
        restartEvery = command.restartEvery
        autostart = command.autostart
        quitsWhenSieveFinishes = headless && command.autostart && command.exitAfter == nil
        if isAutomaticallyHeadless {
            if presses.isEmpty { presses = [ScheduledPress(title: MinimalPanel.buttonTitle, seconds: 0.5)] }
            if screenshot == nil {
                screenshot = FileManager.default.temporaryDirectory.appendingPathComponent("sdl-concurrency-demo.png").path
            }
            if !autostart {
                autostart = true
                if command.tick == nil { sieve.tick = .seconds(Self.automaticTick) }
            }
        }
        if headless, exitAfter == nil, !quitsWhenSieveFinishes {
            // Long enough for the last press's 1-second slot to finish and show.
            exitAfter = (presses.map(\.seconds).max() ?? 0) + 1.5
        }
    }
}

extension Duration {
    /// `seconds` (finite, ≥ 0) as a `Duration`, saturating at `Int64.max` seconds instead of
    /// trapping: `Duration.seconds(_: Double)` traps past about 1.7e20 s.
    static func saturatingSeconds(_ seconds: Double) -> Duration {
        precondition(seconds >= 0 && seconds.isFinite, "saturatingSeconds: the caller validates \(seconds)")
        // 2^63 is the first Double past Int64.max; below 1e15 s the plain conversion is exact enough.
        if seconds < 1e15 { return .seconds(seconds) }
        if seconds >= 0x1p63 { return Duration(secondsComponent: .max, attosecondsComponent: 0) }
        return Duration(secondsComponent: Int64(seconds), attosecondsComponent: 0)
    }
}

/// Writes a line to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
