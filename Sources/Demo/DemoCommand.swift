import ArgumentParser
import Foundation
import SDLConcurrency
import SDLWidgets

/// `sdl-concurrency-demo`: the PySide6 `minimal` example on an SDL host.
///
/// A synchronous `ParsableCommand` on purpose: the SDL loop must own the main thread, so `run()`
/// calls the blocking `SDLHost.run` directly (an `AsyncParsableCommand` would hand the main thread
/// to the concurrency runtime).
@main
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sdl-concurrency-demo",
        abstract: "Swift Concurrency as a guest of the SDL2 event loop: a button whose async slot sleeps 1 s, then rewrites a label.",
        discussion: """
            With no display (neither DISPLAY nor WAYLAND_DISPLAY set) the demo runs headless, presses \
            "\(MinimalPanel.buttonTitle)" after 0.5 s, writes a screenshot of the last frame and prints where it went.
            """)

    @Flag(help: "Run with SDL's dummy video driver (no window on screen). Exits on its own 1.5 s after the last --press unless --exit-after says otherwise.")
    var headless = false

    @Option(
        name: .customLong("press"),
        help: ArgumentHelp("Click the button with this title this many seconds after start (repeatable).", valueName: "title@seconds"))
    var presses: [ScheduledPress] = []

    @Option(help: ArgumentHelp("Write the window's last frame as a PNG file when the app exits.", valueName: "path.png"))
    var screenshot: String?

    @Option(name: .customLong("exit-after"), help: ArgumentHelp("Quit cleanly after this many seconds (once the runs started by --press clicks have finished).", valueName: "seconds"))
    var exitAfter: Double?

    @Flag(name: .customLong("virtual-time"), help: "Run on virtual time: sleeps end at once when nothing else is ready (scripted runs in milliseconds).")
    var virtualTime = false

    @Flag(name: .customLong("software-renderer"), help: "Use SDL's software renderer (pixel-identical screenshots under every driver).")
    var softwareRenderer = false

    func validate() throws {
        if let exitAfter, !(exitAfter >= 0 && exitAfter.isFinite) {
            throw ValidationError("--exit-after must be a number of seconds ≥ 0, not \(exitAfter)")
        }
        if let screenshot, !screenshot.lowercased().hasSuffix(".png") {
            throw ValidationError("--screenshot must name a .png file, not \"\(screenshot)\"")
        }
    }

    func run() throws {
        let plan = DemoPlan(command: self, environment: ProcessInfo.processInfo.environment)
        if plan.isAutomaticallyHeadless {
            print("No display found (DISPLAY and WAYLAND_DISPLAY are unset): running headless, pressing \"\(MinimalPanel.buttonTitle)\" after 0.5 s.")
        }
        let configuration = SDLHost.Configuration(
            videoDriver: plan.headless ? "dummy" : nil,
            window: SDLHost.WindowOptions(title: "SDLConcurrency demo", width: 960, height: 360, softwareRenderer: plan.softwareRenderer),
            timeline: plan.virtualTime ? .virtual(startNanoseconds: 1_000_000_000) : .real,
            afterRoot: .quit,
            handlesSignals: true)
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

/// The options after defaults: what the run will actually do.
struct DemoPlan: Sendable {
    var headless: Bool
    var isAutomaticallyHeadless: Bool
    var presses: [ScheduledPress]
    var screenshot: String?
    var exitAfter: Double?
    var virtualTime: Bool
    var softwareRenderer: Bool

    init(command: DemoCommand, environment: [String: String]) {
        let hasDisplay = !(environment["DISPLAY"] ?? "").isEmpty || !(environment["WAYLAND_DISPLAY"] ?? "").isEmpty
        isAutomaticallyHeadless = !command.headless && !hasDisplay
        headless = command.headless || isAutomaticallyHeadless
        presses = command.presses
        screenshot = command.screenshot
        exitAfter = command.exitAfter
        virtualTime = command.virtualTime
        softwareRenderer = command.softwareRenderer
        if isAutomaticallyHeadless {
            if presses.isEmpty { presses = [ScheduledPress(title: MinimalPanel.buttonTitle, seconds: 0.5)] }
            if screenshot == nil {
                screenshot = FileManager.default.temporaryDirectory.appendingPathComponent("sdl-concurrency-demo.png").path
            }
        }
        if headless, exitAfter == nil {
            // Long enough for the last press's 1-second slot to finish and show.
            exitAfter = (presses.map(\.seconds).max() ?? 0) + 1.5
        }
    }
}

/// Writes a line to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
