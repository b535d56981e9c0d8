import Eratosthenes
import SDLConcurrency
import SDLConcurrencyTesting
import Testing

/// The sieve visualizer's model, mostly in virtual time.
@Suite("Sieve of Eratosthenes")
struct SieveTests {}

/// Primes up to `limit`, by trial division (independent of the model under test).
private func primes(upTo limit: Int) -> [Int] {
    guard limit >= 2 else { return [] }
    return (2...limit).filter { n in !(2..<n).contains { d in d * d <= n && n % d == 0 } }
}

/// What the algorithm implies, by a plain tick-by-tick simulation (no tasks, no clock): at each
/// tick the main coroutine acts first (its timer was set first), then every live marker in the
/// order they started; a new marker makes its first mark in the tick it starts. Marker p ends one
/// tick after its last multiple, so the run ends at max(start + ⌊count/p⌋ - 1).
private struct Simulation {
    var markers: [(number: Int, startTick: Int)] = []
    var markedBy: [Int?]
    var endTick = 0

    init(count: Int) {
        markedBy = Array(repeating: nil, count: count + 1)
        var walkers: [(number: Int, next: Int)] = []
        var current = 1
        var picking = true
        var tick = 0
        while picking || walkers.contains(where: { $0.next <= count }) {
            tick += 1
            if picking {
                if 2 * (current - 1) > count {
                    picking = false
                } else if let next = ((current + 1)...max(current + 1, count)).first(where: { $0 <= count && markedBy[$0] == nil }) {
                    current = next
                    markers.append((next, tick))
                    walkers.append((next, 2 * next))
                } else {
                    picking = false
                }
            }
            for index in walkers.indices where walkers[index].next <= count {
                let multiple = walkers[index].next
                if markedBy[multiple] == nil { markedBy[multiple] = walkers[index].number }
                walkers[index].next += walkers[index].number
            }
        }
        endTick = markers.map { $0.startTick + count / $0.number - 1 }.max() ?? 0
    }
}

@SDLActor
private func runToEnd(_ configuration: SieveModel.Configuration) async -> SieveReport {
    let model = SieveModel(configuration: configuration)
    await model.run()
    #expect(model.markersAlive == 0)
    return model.report
}

extension SieveTests {
    @Test("the full default run in virtual time: 1 and the 251 primes stay plain, ending at tick 800")
    func fullDefaultRun() async throws {
        let report = try await HostHarness.onHostThread {
            try ManualHost().run { await runToEnd(SieveModel.Configuration()) }
        }
        let expected = Simulation(count: 1600)
        #expect(report.unmarked == [1] + primes(upTo: 1600))
        #expect(primes(upTo: 1600).count == 251)
        #expect(report.phase == "finished")
        #expect(report.markers.map(\.number) == expected.markers.map(\.number))
        #expect(report.markers.map(\.startTick) == expected.markers.map(\.startTick))
        #expect(report.numbers.map(\.markedBy) == Array(expected.markedBy.dropFirst()))
        #expect(expected.endTick == 800)  // marker 2: started at tick 1, 799 multiples
        #expect(report.elapsedSeconds == Double(expected.endTick) * 0.1)
        for entry in report.numbers where entry.marked {
            let by = try #require(entry.markedBy)
            #expect(entry.number % by == 0)
            #expect(entry.color == report.markers.first { $0.number == by }?.color)
        }
        for marker in report.markers {
            #expect(RGB.contrastRatio(marker.color, .sieveCellBackground) >= 4.5, "marker \(marker.number): \(marker.color)")
        }
    }

    @Test("the same seed gives the same report; another seed other colours and the same primes")
    func reproducible() async throws {
        let (first, second, other) = try await HostHarness.onHostThread { () -> (SieveReport, SieveReport, SieveReport) in
            let a = try ManualHost().run { await runToEnd(.init(rows: 20, columns: 20, seed: 7)) }
            let b = try ManualHost().run { await runToEnd(.init(rows: 20, columns: 20, seed: 7)) }
            let c = try ManualHost().run { await runToEnd(.init(rows: 20, columns: 20, seed: 8)) }
            return (a, b, c)
        }
        #expect(try first.jsonData() == second.jsonData())
        #expect(first.unmarked == other.unmarked)
        #expect(first.markers.map(\.color) != other.markers.map(\.color))
    }

    @Test("stop in the middle: every marker is cancelled at once and nothing changes afterwards")
    func stopCancelsMarkers() async throws {
        let (aliveBefore, aliveAfter, phase, markedAtStop, markedLater, stopTook) = try await HostHarness.onHostThread {
            try ManualHost().run { () -> (Int, Int, SieveModel.Phase, Int, Int, Duration) in
                let model = SieveModel()
                let run = model.start()
                try await Task.sleep(for: .seconds(10), clock: .sdl)
                let aliveBefore = model.markersAlive
                let markedAtStop = model.markedCount
                let stopped = SDLClock().now
                model.stop()
                await run.value
                // Within one tick of the stop (here: no virtual time at all).
                let stopTook = stopped.duration(to: SDLClock().now)
                let aliveAfter = model.markersAlive
                try await Task.sleep(for: .seconds(10), clock: .sdl)
                return (aliveBefore, aliveAfter, model.phase, markedAtStop, model.markedCount, stopTook)
            }
        }
        // Within one tick of the stop (here: no virtual time at all).
        #expect(stopTook < .milliseconds(100))
        #expect(aliveBefore > 0)
        #expect(aliveAfter == 0)
        #expect(phase == .stopped)
        #expect(markedLater == markedAtStop)
    }

    @Test("a real-time run of a small grid with a short tick matches its virtual-time run")
    func realTimeMatchesVirtual() async throws {
        let configuration = SieveModel.Configuration(rows: 6, columns: 8, tick: .milliseconds(4), seed: 3)
        let virtual = try await HostHarness.onHostThread {
            try ManualHost().run { await runToEnd(configuration) }
        }
        let box = ReportBox()
        let exit = try await HostHarness.runSDLHost { _ in box.report = await runToEnd(configuration) }
        #expect(exit.status == 0)
        let real = try #require(box.report)
        #expect(real.numbers == virtual.numbers)
        #expect(real.markers == virtual.markers)
        #expect(real.elapsedSeconds >= virtual.elapsedSeconds)
    }

    @Test("the status line alternates about once a second and ends with the congratulations")
    func statusAlternates() async throws {
        let changes = try await HostHarness.onHostThread {
            try ManualHost().run { () -> [(Duration, SieveModel.Status)] in
                let model = SieveModel(configuration: .init(rows: 10, columns: 10))
                let start = SDLClock().now
                var log: [(Duration, SieveModel.Status)] = []
                model.onChange = { change in
                    if change == .status { log.append((start.duration(to: SDLClock().now), model.status)) }
                }
                await model.run()
                return log
            }
        }
        let statuses = changes.map(\.1)
        #expect(statuses.last == .finished)
        let alternating = statuses.dropLast()
        #expect(alternating.contains(.hacking) && alternating.contains(.calculating))
        for (previous, next) in zip(alternating, alternating.dropFirst()) { #expect(previous != next) }
        let times = changes.dropLast().map(\.0)
        for (previous, next) in zip(times, times.dropFirst()) { #expect(next - previous == .seconds(1)) }
    }

    @Test("reset clears the grid and a new run starts from scratch")
    func resetClears() async throws {
        let (markedAfterReset, unmarkedAfterRerun) = try await HostHarness.onHostThread {
            try ManualHost().run { () -> (Int, [Int]) in
                let model = SieveModel(configuration: .init(rows: 5, columns: 5))
                model.start()
                try await Task.sleep(for: .milliseconds(450), clock: .sdl)
                model.reset()
                let marked = model.markedCount
                await model.start().value
                return (marked, model.report.unmarked)
            }
        }
        #expect(markedAfterReset == 0)
        #expect(unmarkedAfterRerun == [1, 2, 3, 5, 7, 11, 13, 17, 19, 23])
    }
}

private final class ReportBox: @unchecked Sendable {
    // @unchecked: written once on the host thread before the host stops, read after it has stopped.
    var report: SieveReport?
}
