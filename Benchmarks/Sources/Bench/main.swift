import ArgumentParser
import Foundation
import SDLConcurrency

/// Runs the same workloads on several systems, each measurement in a fresh process, and prints
/// named figures (a table, or one JSON object per line with `--json`).
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sdl-concurrency-bench",
        abstract: "Measures @SDLActor on SDLHost against MainActor, a plain actor and a swift-nio event loop.")

    @Option(help: "Fresh processes per measurement; the median is reported with min and max.")
    var runs = 3

    @Option(help: "Comma-separated workloads (W1…W12).")
    var workloads = Workload.allCases.map(\.rawValue).joined(separator: ",")

    @Option(help: "Comma-separated systems: sdl, sdl-stall (sdl with the stall detector on), sdl-one (sdl with the one-executor opt-in), mainactor, actor, nio.")
    var systems = "sdl,mainactor,actor,nio"

    @Option(help: "SDL video driver for the sdl system: dummy or x11 (x11 needs DISPLAY).")
    var driver = "dummy"

    @Flag(help: "Print one JSON object per line instead of a table.")
    var json = false

    @Flag(help: "Tiny sizes: proves the program works (CI); the figures mean nothing.")
    var tiny = false

    @Option(help: .hidden) var child: String?

    func validate() throws {
        guard runs >= 1 else { throw ValidationError("--runs must be at least 1") }
        guard ["dummy", "x11"].contains(driver) else { throw ValidationError("--driver must be dummy or x11") }
        if driver == "x11", ProcessInfo.processInfo.environment["DISPLAY"] == nil {
            throw ValidationError("--driver x11 needs a display (DISPLAY is not set)")
        }
        _ = try parsedWorkloads()
        _ = try parsedSystems()
    }

    func parsedWorkloads() throws -> [Workload] {
        try workloads.split(separator: ",").map {
            guard let workload = Workload(rawValue: $0.uppercased()) else {
                throw ValidationError("unknown workload '\($0)' (expected W1…W12)")
            }
            return workload
        }
    }

    func parsedSystems() throws -> [String] {
        let known = ["sdl", "sdl-stall", "sdl-one", "mainactor", "actor", "nio"]
        return try systems.split(separator: ",").map(String.init).map {
            guard known.contains($0) else { throw ValidationError("unknown system '\($0)' (expected \(known.joined(separator: ", ")))") }
            return $0
        }
    }

    func run() throws {
        if let child { runChild(child) }
        let scale = tiny ? "tiny" : "full"
        var rows: [Row] = []
        for workload in try parsedWorkloads() {
            for system in try parsedSystems() where system.hasPrefix("sdl") || !workload.sdlOnly {
                var samples: [String: (unit: String, values: [Double])] = [:]
                var order: [String] = []
                for _ in 0..<runs {
                    for figure in try runChildProcess(system: system, workload: workload, scale: scale) {
                        if samples[figure.metric] == nil { order.append(figure.metric) }
                        samples[figure.metric, default: (figure.unit, [])].values.append(figure.value)
                    }
                }
                for metric in order {
                    let (unit, values) = samples[metric]!
                    rows.append(Row(system: system, workload: workload, metric: metric, unit: unit, values: values))
                }
                if !json { FileHandle.standardError.write(Data("done: \(system) \(workload.rawValue)\n".utf8)) }
            }
        }
        json ? printJSON(rows) : printTable(rows)
    }

    /// Child mode: `--child SYSTEM:WORKLOAD:SCALE` runs one measurement and exits.
    func runChild(_ spec: String) -> Never {
        let parts = spec.split(separator: ":").map(String.init)
        guard parts.count == 3, let workload = Workload(rawValue: parts[1]) else { Foundation.exit(2) }
        let scale = parts[2] == "tiny" ? Scale.tiny : Scale.full
        let system: any LoopSystem
        switch parts[0] {
        case "sdl", "sdl-stall", "sdl-one":
            system = SDLSystem(driver: driver, windowSize: workload == .w7 || workload == .w9 || workload == .w11 || workload == .w12 ? (1280, 720) : (320, 200),
                               stallDetector: parts[0] == "sdl-stall",
                               // W9 measures the work of a frame: frames back to back, not at 60 Hz.
                               frameInterval: workload == .w9 ? .zero : nil)
        case "mainactor": system = MainActorSystem()
        case "actor": system = PlainActorSystem()
        default: system = NIOSystem()
        }
        system.runMain { system in await Bench_runWorkload(workload, system, scale) }
    }

    func runChildProcess(system: String, workload: Workload, scale: String) throws -> [Figure] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        process.arguments = ["--child", "\(system):\(workload.rawValue):\(scale)", "--driver", driver]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ValidationError("\(system) \(workload.rawValue) failed with status \(process.terminationStatus)")
        }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ")
            guard fields.count == 4, fields[0] == "RESULT", let value = Double(fields[2]) else { return nil }
            return Figure(metric: String(fields[1]), value: value, unit: String(fields[3]))
        }
    }
}

/// A free function so the child's root closure captures no `ParsableCommand` state.
func Bench_runWorkload(_ workload: Workload, _ system: any LoopSystem, _ scale: Scale) async -> [Figure] {
    await run(workload, on: system, scale: scale)
}

struct Row {
    var system: String
    var workload: Workload
    var metric: String
    var unit: String
    var values: [Double]
    var median: Double { SDLConcurrencyBenchMedian(values) }
}

func SDLConcurrencyBenchMedian(_ values: [Double]) -> Double { median(values) }

func format(_ value: Double) -> String {
    if value.isNaN { return "-" }
    if abs(value) >= 1_000_000 { return String(format: "%.2fM", value / 1_000_000) }
    if abs(value) >= 10_000 { return String(format: "%.0fk", value / 1_000) }
    if abs(value) >= 100 { return String(format: "%.0f", value) }
    if abs(value) >= 1 { return String(format: "%.2f", value) }
    return String(format: "%.3f", value)
}

func printTable(_ rows: [Row]) {
    let header = ["workload", "system", "metric", "median", "min", "max", "unit", "runs"]
    var lines = [header]
    for row in rows {
        lines.append([row.workload.rawValue, row.system, row.metric, format(row.median),
                      format(row.values.min() ?? .nan), format(row.values.max() ?? .nan), row.unit, "\(row.values.count)"])
    }
    let widths = header.indices.map { column in lines.map { $0[column].count }.max() ?? 0 }
    for (index, line) in lines.enumerated() {
        print("| " + line.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: " | ") + " |")
        if index == 0 { print("|" + widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "|") + "|") }
    }
}

func printJSON(_ rows: [Row]) {
    for row in rows {
        let object: [String: Any] = [
            "system": row.system, "workload": row.workload.rawValue, "metric": row.metric,
            "value": row.median, "unit": row.unit, "runs": row.values.count,
            "min": row.values.min() ?? 0, "max": row.values.max() ?? 0,
        ]
        let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        print(String(decoding: data, as: UTF8.self))
    }
}

// The one-executor opt-in must be the first statement of a synchronous main: before the argument
// parser runs, a child measuring it installs the SDL executor as MainActor's.
if CommandLine.arguments.contains(where: { $0.hasPrefix("sdl-one:") }) {
    do {
        try SDLHost.shareExecutorWithMainActor()
    } catch {
        FileHandle.standardError.write(Data("error: \(error)\n".utf8))
        exit(1)
    }
}
Bench.main()
