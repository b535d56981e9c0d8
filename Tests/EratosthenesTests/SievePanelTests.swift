import Eratosthenes
import SDLConcurrency
import SDLConcurrencyTesting
import SDLWidgetsTesting
import SDLWidgets
import Testing

/// The sieve panel on a RecordingCanvas in virtual time (ManualHost), driven by synthesized clicks.
@Suite("Sieve panel")
struct SievePanelTests {}

@SDLActor
private func makePanel(_ configuration: SieveModel.Configuration = .init(rows: 10, columns: 10), canvas: RecordingCanvas? = nil) -> (SievePanel, WidgetWindow, RecordingCanvas) {
    let canvas = canvas ?? RecordingCanvas(size: Size(width: 1000, height: 700))
    let panel = SievePanel(model: SieveModel(configuration: configuration))
    let window = WidgetWindow(root: panel.view, canvas: canvas)
    panel.refreshStatus()
    window.render()
    return (panel, window, canvas)
}

@SDLActor
private func click(_ button: Button, in window: WidgetWindow) {
    window.layoutIfNeeded()
    window.handle(.pointerDown(button.frame.center, button: .left))
    window.handle(.pointerUp(button.frame.center, button: .left))
}

extension SievePanelTests {
    @Test("Start runs the sieve, Stop cancels every marker at once, Start again restarts, Reset clears")
    func startStopReset() async throws {
        let log = try await onSDLActor { () -> [String] in
            let (panel, window, _) = makePanel()
            let model = panel.model
            var log: [String] = []
            @SDLActor func note(_ step: String) {
                log.append("\(step): \(model.phase) marked=\(model.markedCount) alive=\(model.markersAlive) start=\(panel.startButton.isEnabled) stop=\(panel.stopButton.isEnabled) reset=\(panel.resetButton.isEnabled)")
            }
            note("initial")
            click(panel.startButton, in: window)
            try await Task.sleep(for: .milliseconds(350), clock: .sdl)
            note("running")
            click(panel.stopButton, in: window)
            _ = await panel.currentRun?.result
            note("stopped")
            try await Task.sleep(for: .seconds(1), clock: .sdl)
            note("later")
            click(panel.startButton, in: window)
            _ = await panel.currentRun?.result
            note("finished")
            #expect(panel.grid.markedCount == model.markedCount)
            for number in 1...100 {
                #expect(panel.grid.marker(forNumber: number) == model.cells[number - 1].color.map(Color.init))
            }
            click(panel.resetButton, in: window)
            note("reset")
            return log
        }
        // 100 has 74 composites (1 and 25 primes stay plain); a stop leaves nothing alive and
        // nothing changes after it; Reset clears the grid.
        #expect(log.count == 6)
        guard log.count == 6 else { return }
        #expect(log[0] == "initial: idle marked=0 alive=0 start=true stop=false reset=false")
        #expect(log[1].hasPrefix("running: running") && log[1].hasSuffix("start=false stop=true reset=true"))
        #expect(!log[1].contains("alive=0 "), "markers run after 3.5 ticks")
        #expect(log[2].hasPrefix("stopped: stopped") && log[2].hasSuffix("alive=0 start=true stop=false reset=true"))
        #expect(log[3].replacingOccurrences(of: "later", with: "stopped") == log[2], "nothing changes after a stop")
        #expect(log[4] == "finished: finished marked=74 alive=0 start=true stop=false reset=true")
        #expect(log[5] == "reset: idle marked=0 alive=0 start=true stop=false reset=false")
    }

    @Test("the Tick and Grid buttons cycle through their presets; during a run the choice waits for the next Start")
    func tickAndGridControls() async throws {
        let (ticks, grids, gridShape, phase) = try await onSDLActor { () -> ([String], [String], [Int], SieveModel.Phase) in
            let (panel, window, _) = makePanel(.init(rows: 40, columns: 40, tick: .milliseconds(100)))
            click(panel.startButton, in: window)
            try await Task.sleep(for: .milliseconds(250), clock: .sdl)
            var ticks = [panel.tickButton.title]
            for _ in 0..<5 {
                click(panel.tickButton, in: window)
                ticks.append(panel.tickButton.title)
            }
            var grids = [panel.gridButton.title]
            for _ in 0..<5 {
                click(panel.gridButton, in: window)
                grids.append(panel.gridButton.title)
            }
            click(panel.gridButton, in: window)
            return (ticks, grids, [panel.grid.rows, panel.grid.columns, panel.model.configuration.rows,
                                   panel.selectedConfiguration.rows, panel.grid.markedCount], panel.model.phase)
        }
        #expect(ticks == ["Tick: 0.1 s", "Tick: 0.25 s", "Tick: 0 s", "Tick: 0.01 s", "Tick: 0.05 s", "Tick: 0.1 s"])
        #expect(phase == .running, "a choice made during a run does not stop it")
        #expect(grids == ["Grid: 40 × 40", "Grid: 100 × 100", "Grid: 200 × 200", "Grid: 10 × 10", "Grid: 20 × 20", "Grid: 40 × 40"])
        // The run goes on in its 40 × 40 grid, with its markers; 100 × 100 is chosen for the next Start.
        #expect(gridShape.prefix(4) == [40, 40, 40, 100])
        #expect(gridShape[4] > 0)
    }

    @Test("the status shows an emoji only when the font can draw every scalar of it")
    func statusDecoration() async throws {
        let statuses = try await onSDLActor { () -> [String] in
            let canvas = RecordingCanvas(size: Size(width: 1000, height: 700))
            canvas.missingGlyphs = ["\u{1F469}", "\u{1F973}"]  // like DejaVu Sans: ⚙ yes, 👩 and 🥳 no
            let (panel, window, _) = makePanel(.init(rows: 10, columns: 10), canvas: canvas)
            defer { withExtendedLifetime(window) {} }  // the panel asks its window's canvas
            var statuses: [String] = []
            panel.model.onChange.map { original in
                panel.model.onChange = { change in
                    original(change)
                    if statuses.last != panel.statusLabel.text { statuses.append(panel.statusLabel.text) }
                }
            }
            _ = await panel.start().result
            return statuses
        }
        #expect(statuses.first == "Calculating prime numbers... \u{2699}\u{FE0F}")
        #expect(statuses.contains("Hacking the universe..."))
        #expect(statuses.last == "Congratulations! You found all the prime numbers and solved mathematics.")
    }

    @Test("redraw only when the model changed: an idle or finished panel draws no frames")
    func redrawOnlyOnChange() async throws {
        let drawn = try await onSDLActor { () -> [Bool] in
            let (panel, window, _) = makePanel(.init(rows: 5, columns: 5))
            var drawn = [window.renderIfNeeded()]  // idle, already drawn
            _ = await panel.start().result
            drawn.append(window.renderIfNeeded())  // the run changed things
            drawn.append(window.renderIfNeeded())  // finished: nothing changes
            try await Task.sleep(for: .seconds(5), clock: .sdl)
            drawn.append(window.renderIfNeeded())
            return drawn
        }
        #expect(drawn == [false, true, false, false])
    }

    @Test("formatting: ticks and the progress line")
    func formatting() {
        #expect(SievePanel.format(.zero) == "0 s")
        #expect(SievePanel.format(.milliseconds(250)) == "0.25 s")
        #expect(SievePanel.format(.seconds(2)) == "2 s")
        #expect(SievePanel.progressText(marked: 12, count: 1600, markersAlive: 3, elapsed: .milliseconds(4560))
            == "Marked 12 of 1600   ·   markers alive: 3   ·   elapsed 4.6 s")
    }
}
