@testable import Demo
import Eratosthenes
import SDLConcurrency
import SDLConcurrencyTesting
import SDLWidgets
import Synchronization
import Testing

/// Restarting the sieve again and again (issue 16, item 8: the demo's RSS grew 67 → 101 MB in a
/// minute of restarts, the text cache filling with one texture per progress line). Whatever a run
/// leaves behind must not accumulate: tracked tasks, connections, cached text.
@Suite("Sieve restarts retain nothing (dummy driver, virtual time)", .timeLimit(.minutes(3)))
struct SieveRestartTests {}

private struct Retained: Sendable, Equatable {
    var trackedTasks: Int
    var connections: Int
    var cacheBytes: Int
    var cacheEntries: Int
}

extension SieveRestartTests {
    @Test("40 restarts of a running sieve, drawn every tick: tasks, connections and text cache stay bounded")
    func restartsAreFlat() async throws {
        let cacheLimit = 2 << 20
        let samples = Mutex<[Retained]>([])
        let created = Mutex(0)
        var configuration = HostHarness.dummyConfiguration(
            window: SDLHost.WindowOptions(title: "restarts", width: 900, height: 560, softwareRenderer: true))
        configuration.timeline = .virtual(startNanoseconds: 1_000_000_000)
        _ = try await HostHarness.runSDLHost(configuration) { host in
            let model = SieveModel(configuration: .init(rows: 40, columns: 40, tick: .milliseconds(10), seed: 3))
            let ui = try DemoUI(host: host, sieve: model)
            defer { ui.close() }
            ui.canvas.textCacheByteLimit = cacheLimit
            let buttons = ui.window.widgets(of: Button.self)
            for restart in 0..<40 {
                // A new grid each time (as the Grid button does), so the progress lines differ
                // from one run to the next as they do in real time.
                model.reset(configuration: .init(rows: 40, columns: 20 + restart, tick: .milliseconds(10), seed: 3))
                ui.sieve.start()
                for _ in 0..<10 {
                    try await Task.sleep(for: .milliseconds(10), clock: .sdl)
                    ui.window.render()
                }
                let sample = Retained(
                    trackedTasks: host.trackedTaskNames.count,
                    connections: buttons.map(\.clicked.connectionCount).reduce(0, +),
                    cacheBytes: ui.canvas.textCacheBytes,
                    cacheEntries: ui.canvas.textCacheCount)
                samples.withLock { $0.append(sample) }
            }
            created.withLock { $0 = ui.canvas.textTexturesCreated }
            ui.sieve.stop()
            _ = await ui.sieve.currentRun?.result
        }
        let seen = samples.withLock { $0 }
        #expect(seen.count == 40)
        let first = try #require(seen.first)
        // The root and at most the current run (a stopped run ends before the next turn is over).
        #expect(seen.allSatisfy { $0.trackedTasks <= first.trackedTasks + 1 }, "\(seen.map(\.trackedTasks))")
        #expect(seen.allSatisfy { $0.connections == first.connections })
        // Every frame shows a new progress line: 400 textures of ~17 kB (7 MB) are made, at most
        // the limit (plus one frame's worth) is kept.
        #expect(created.withLock { $0 } >= 400)
        let peak = seen.map(\.cacheBytes).max() ?? 0
        #expect(peak <= cacheLimit + 256 << 10, "peak \(peak) bytes")
    }
}
