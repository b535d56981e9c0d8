import Foundation
import SDLConcurrency

// frame-cost: the cost of one coroutine's step per frame, without drawing, on the bare executor
// (the physical limit) and on SDLHost (dummy driver, no window, frames unpaced), side by side.
//
//   swift run -c release frame-cost [--count N] [--frames F] [--runs R] [--only bare|loop|onSDLThread|default]
//
// Each figure is the median of R runs, each in a fresh process (the executor is process-wide, and
// leftover coroutines of one measurement must not weigh on the next). The step of every coroutine
// is the same: add the frame number to its slot and check that it saw the previous frame number.

/// The coroutines' state; one thread only (the bare executor's, or the SDL thread).
final class Sink: @unchecked Sendable {
    // @unchecked: only the thread that runs the coroutines touches it (see the callers).
    var positions: [Int]
    var last: [Int]
    var steps = 0
    var started = 0
    var misses = 0
    init(count: Int) {
        positions = Array(repeating: 0, count: count)
        last = Array(repeating: 0, count: count)
    }
    @inline(__always)
    func step(_ index: Int, _ number: Int) {
        if last[index] == 0 {
            started += 1
        } else if number != last[index] + 1 {
            misses += 1
        }
        last[index] = number
        positions[index] &+= number
        steps += 1
    }
}

/// Writes a line to standard output at once (a pipe would buffer `print`).
func say(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }

func monotonicNow() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
}

enum Kind: String, CaseIterable {
    case bare, loop, onSDLThread, `default`
}

/// Our cost: `count` coroutines (or one loop over `count` slots) under SDLHost, `frames` frames.
func sdlCost(_ kind: Kind, count: Int, frames: Int) -> (nanoseconds: Double, misses: Int) {
    let result = LockedResult()
    var configuration = SDLHost.Configuration(videoDriver: "dummy", handlesSignals: false)
    configuration.frameInterval = .zero
    _ = try? SDLHost.run(configuration) { _ in
        let sink = Sink(count: count)
        var movers: [Task<Void, Never>] = []
        if kind == .onSDLThread || kind == .default {
            for index in 0..<count {
                movers.append(SDLActor.task(nonisolatedWork: kind == .onSDLThread ? .onSDLThread : .offSDLThread) {
                    for await frame in SDLClock.frames { sink.step(index, frame.number) }
                })
            }
        }
        // Until every mover waits (their first jobs run in the first turns), then `frames` frames.
        var start: UInt64 = 0
        var seen = 0
        for await frame in SDLClock.frames {
            if kind == .loop {
                for index in 0..<count { sink.step(index, frame.number) }
            }
            if start == 0 {
                if sink.started == count { start = monotonicNow() }
                continue
            }
            seen += 1
            if seen == frames { break }
        }
        let elapsed = monotonicNow() - start
        for mover in movers { mover.cancel() }
        for mover in movers { await mover.value }
        result.set(Double(elapsed) / Double(count * frames), sink.misses)
    }
    return result.get()
}

final class LockedResult: @unchecked Sendable {
    // @unchecked: written once on the SDL thread before `SDLHost.run` returns, read after it.
    private var value: (Double, Int) = (.nan, 0)
    func set(_ nanoseconds: Double, _ misses: Int) { value = (nanoseconds, misses) }
    func get() -> (Double, Int) { value }
}

// MARK: - Command line

var count = 10_000
var frames = 120
var runs = 3
var only: Kind?
var arguments = CommandLine.arguments.dropFirst()
func usage() -> Never {
    FileHandle.standardError.write(Data("usage: frame-cost [--count N] [--frames F] [--runs R] [--only bare|loop|onSDLThread|default]\n".utf8))
    exit(2)
}
while let argument = arguments.popFirst() {
    guard let value = arguments.popFirst() else { usage() }
    switch argument {
    case "--count": count = Int(value) ?? 0
    case "--frames": frames = Int(value) ?? 0
    case "--runs": runs = Int(value) ?? 0
    case "--only": only = Kind(rawValue: value) ?? { usage() }()
    default: usage()
    }
}
guard (1...10_000_000).contains(count), (1...100_000).contains(frames), (1...100).contains(runs) else { usage() }

if let only {
    // A child: one measurement, one line: nanoseconds per coroutine-frame and misses.
    let (nanoseconds, misses): (Double, Int)
    if only == .bare {
        let (cost, steps) = bareCost(count: count, frames: frames)
        nanoseconds = cost
        misses = steps == count * (frames + 1) ? 0 : abs(count * (frames + 1) - steps)
    } else {
        (nanoseconds, misses) = sdlCost(only, count: count, frames: frames)
    }
    say("\(nanoseconds) \(misses)")
    exit(0)
}

// The parent: each kind `runs` times in fresh processes; the median, min and max.
let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
say("frame-cost: \(count) coroutines x \(frames) frames, \(runs) runs each; ns per coroutine-frame (median [min-max])")
var bare = Double.nan
for kind in Kind.allCases {
    var samples: [Double] = []
    var misses = 0
    for _ in 0..<runs {
        let process = Process()
        process.executableURL = executable
        process.arguments = ["--count", "\(count)", "--frames", "\(frames)", "--only", kind.rawValue]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let fields = output.split(whereSeparator: \.isWhitespace)
        guard fields.count == 2, let value = Double(fields[0]), let missed = Int(fields[1]) else {
            say("\(kind.rawValue): the child failed (\(output))")
            continue
        }
        samples.append(value)
        misses += missed
    }
    samples.sort()
    guard !samples.isEmpty else { continue }
    let median = samples[samples.count / 2]
    if kind == .bare { bare = median }
    let ratio = kind == .bare ? "" : String(format: "  %.2fx bare", median / bare)
    say(String(format: "%-8@ %8.1f ns [%.1f-%.1f]%@%@", kind.rawValue as NSString, median, samples.first!, samples.last!,
                 ratio as NSString, misses > 0 ? " MISSED \(misses) frames" as NSString : "" as NSString))
}

// The Python asyncio anchor, same count and frames, if python3 is there.
let anchor = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("../../anchors/asyncio_frames.py").standardizedFileURL
let python = Process()
python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
python.arguments = ["python3", anchor.path, "--count", "\(count)", "--frames", "\(frames)", "--runs", "\(runs)"]
let pythonOutput = Pipe()
python.standardOutput = pythonOutput
if (try? python.run()) != nil {
    let line = String(decoding: pythonOutput.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    python.waitUntilExit()
    let fields = line.split(whereSeparator: \.isWhitespace)
    if python.terminationStatus == 0, fields.count >= 3, let median = Double(fields[1]) {
        say(String(format: "%@  %.2fx bare", line.trimmingCharacters(in: .whitespacesAndNewlines), median / bare))
    } else {
        say("asyncio: the anchor failed (\(line.trimmingCharacters(in: .whitespacesAndNewlines)))")
    }
} else {
    say("asyncio: python3 not found")
}
