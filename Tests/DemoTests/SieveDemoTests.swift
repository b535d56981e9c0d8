import ArgumentParser
@testable import Demo
import Eratosthenes
import Foundation
import SDLConcurrency
import SDLConcurrencyTesting
import SDLWidgets
import Synchronization
import Testing

/// The sieve half of the demo: its command-line options, the headless virtual-time run the command
/// makes, and the software-rendered pixels of a running sieve.
@Suite("Sieve demo: command line and end to end (dummy driver)")
struct SieveDemoTests {}

/// The command's own run (`DemoApp.run` on a host configured as `DemoCommand.run` does).
private func runDemo(_ arguments: [String]) async throws -> HostExit {
    let plan = DemoPlan(command: try DemoCommand.parse(arguments), environment: ["DISPLAY": ":0"])
    var configuration = HostHarness.dummyConfiguration(
        window: SDLHost.WindowOptions(title: "SDLConcurrency demo", width: 1280, height: 720, softwareRenderer: true))
    if plan.virtualTime { configuration.timeline = .virtual(startNanoseconds: 1_000_000_000) }
    configuration.afterRoot = .quit
    return try await HostHarness.runSDLHost(configuration) { host in try await DemoApp.run(host: host, plan: plan) }
}

/// Primes up to `limit`, by trial division.
private func primes(upTo limit: Int) -> [Int] {
    (2...limit).filter { n in !(2..<n).contains { d in d * d <= n && n % d == 0 } }
}

extension SieveDemoTests {
    @Test("--tick, --grid, --seed, --sieve-report and --autostart parse into the plan")
    func options() throws {
        let command = try DemoCommand.parse(["--tick", "0.02", "--grid", "12x30", "--seed", "99", "--sieve-report", "r.json", "--autostart", "--headless"])
        let plan = DemoPlan(command: command, environment: [:])
        #expect(plan.sieve == SieveModel.Configuration(rows: 12, columns: 30, tick: .milliseconds(20), seed: 99))
        #expect(plan.sieveReport == "r.json")
        #expect(plan.autostart)
        #expect(plan.quitsWhenSieveFinishes)
        #expect(plan.exitAfter == nil)
        #expect(GridSize(argument: "400×1") == GridSize(rows: 400, columns: 1))
        #expect(GridSize(argument: "7X8") == GridSize(rows: 7, columns: 8))
        // --exit-after wins over quitting at the sieve's end.
        let timed = DemoPlan(command: try DemoCommand.parse(["--headless", "--autostart", "--exit-after", "3"]), environment: [:])
        #expect(!timed.quitsWhenSieveFinishes && timed.exitAfter == 3)
        // Without a display the sieve starts by itself with a short tick; the timed exit stays.
        let automatic = DemoPlan(command: try DemoCommand.parse([]), environment: [:])
        #expect(automatic.autostart && automatic.sieve.tick == .milliseconds(10) && automatic.exitAfter == 2.0)
        #expect(!automatic.quitsWhenSieveFinishes)
    }

    @Test("bad sieve options are usage errors with exit code 64", arguments: [
        ["--tick", "-1"], ["--tick", "soon"], ["--tick", "nan"], ["--tick", "inf"], ["--tick", "1e9"],
        ["--grid", "40"], ["--grid", "0x40"], ["--grid", "40x401"], ["--grid", "x"], ["--grid", "4x4x4"], ["--grid", "-3x4"],
        ["--seed", "-1"], ["--seed", "one"], ["--sieve-report", "report.txt"], ["--sieve-report"],
        ["--restart-every", "0"], ["--restart-every", "-1"], ["--restart-every", "nan"], ["--restart-every", "1e9"],
    ])
    func usageErrors(arguments: [String]) {
        expectUsageError(arguments)
    }

    @Test("--headless --virtual-time --autostart --sieve-report: the whole default run, then quit; same seed, same report")
    func headlessVirtualRun() async throws {
        let directory = URL(fileURLWithPath: NSTemporaryDirectory())
        // The whole default run once (80 s of virtual time, 40 × 40); repeatability on a 20 × 20 grid,
        // whose runs take a fraction of the time (the drawing of 1,600 cells dominates a run).
        let runs: [(grid: String?, seed: Int)] = [(nil, 5), ("20x20", 5), ("20x20", 5), ("20x20", 6)]
        let files = runs.indices.map { directory.appendingPathComponent("sieve-\(UUID())-\($0).json") }
        defer { for file in files { try? FileManager.default.removeItem(at: file) } }
        for (file, run) in zip(files, runs) {
            let grid = run.grid.map { ["--grid", $0] } ?? []
            let exit = try await runDemo(["--headless", "--virtual-time", "--autostart", "--seed", "\(run.seed)"]
                + grid + ["--sieve-report", file.path])
            #expect(exit.reason == .requested(status: 0))
            #expect(exit.leakedTasks.isEmpty)
        }
        let data = try files.map { try Data(contentsOf: $0) }
        let reports = try data.map { try JSONDecoder().decode(SieveReport.self, from: $0) }
        let report = reports[0]
        #expect(report.phase == "finished")
        #expect(report.rows == 40 && report.columns == 40 && report.tickSeconds == 0.1)
        #expect(report.elapsedSeconds == 80)
        #expect(report.unmarked == [1] + primes(upTo: 1600))
        #expect(reports[1].phase == "finished")
        #expect(reports[1].unmarked == [1] + primes(upTo: 400))
        #expect(data[1] == data[2], "the same seed writes the same report")
        #expect(reports[3].unmarked == reports[1].unmarked)
        #expect(reports[3].markers.map(\.color) != reports[1].markers.map(\.color))
    }

    @Test("screenshot: the software-rendered frame shows the sieve's cells in their markers' colours")
    func screenshotShowsColouredCells() async throws {
        let result = Mutex<(RGBAImage, [(Rect, Color?)])?>(nil)
        _ = try await HostHarness.runSDLHost(HostHarness.dummyConfiguration(
            window: SDLHost.WindowOptions(title: "sieve", width: 1280, height: 720, softwareRenderer: true)).virtual()
        ) { host in
            let ui = try DemoUI(host: host, sieve: SieveModel(configuration: .init(rows: 100, columns: 100, tick: .milliseconds(10), seed: 3)))
            defer { ui.close() }
            ui.sieve.start()
            try await Task.sleep(for: .seconds(2), clock: .sdl)
            ui.sieve.stop()
            _ = await ui.sieve.currentRun?.result
            ui.window.render()
            let image = try ui.canvas.readPixels()
            let geometry = try #require(ui.sieve.grid.geometry)
            let samples = (1...10_000).map { (geometry.cellRect(forNumber: $0), ui.sieve.grid.marker(forNumber: $0)) }
            result.withLock { $0 = (image, samples) }
        }
        let (image, cells) = try #require(result.withLock { $0 })
        var coloured = 0
        var plain = 0
        for (rect, marker) in cells where rect.width > 0 && rect.height > 0 {
            let pixel = image.pixel(x: rect.center.x, y: rect.center.y)
            if let marker {
                #expect(pixel == marker, "cell \(rect)")
                coloured += 1
            } else {
                #expect(pixel == Color(62, 62, 78), "cell \(rect)")
                plain += 1
            }
        }
        #expect(coloured > 1000, "\(coloured) coloured cells")
        #expect(plain > 1000, "\(plain) plain cells")
    }
}

extension SDLHost.Configuration {
    func virtual() -> Self {
        var copy = self
        copy.timeline = .virtual(startNanoseconds: 1_000_000_000)
        return copy
    }
}
