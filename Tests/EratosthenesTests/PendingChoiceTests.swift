import Eratosthenes
import SDLConcurrency
import SDLConcurrencyTesting
import SDLWidgetsTesting
import SDLWidgets
import Testing

/// A tick or grid chosen while the sieve runs: never silently discarded.
@Suite("Sieve panel: choices during a run")
struct PendingChoiceTests {}

@SDLActor
private func click(_ button: Button, in window: WidgetWindow) {
    window.layoutIfNeeded()
    window.handle(.pointerDown(button.frame.center, button: .left))
    window.handle(.pointerUp(button.frame.center, button: .left))
}

extension PendingChoiceTests {
    @Test("Grid and Tick during a run: the run goes on, the status says what the next Start uses, Start applies it")
    func gridChangeDuringRun() async throws {
        let log = try await onSDLActor { () -> [String] in
            let panel = SievePanel(model: SieveModel(configuration: .init(rows: 10, columns: 10, tick: .milliseconds(100))))
            let window = WidgetWindow(root: panel.view, canvas: RecordingCanvas(size: Size(width: 1000, height: 700)))
            window.render()
            var log: [String] = []
            @SDLActor func note(_ step: String) {
                let model = panel.model
                log.append("\(step): \(model.phase) \(model.configuration.rows)×\(model.configuration.columns) tick=\(SievePanel.format(model.configuration.tick)) marked>0=\(model.markedCount > 0) | \(panel.statusLabel.text) | \(panel.gridButton.title) | \(panel.tickButton.title)")
            }
            click(panel.startButton, in: window)
            try await Task.sleep(for: .milliseconds(350), clock: .sdl)
            click(panel.gridButton, in: window)
            click(panel.tickButton, in: window)
            note("chosen during the run")
            click(panel.stopButton, in: window)
            try await Task.sleep(for: .milliseconds(10), clock: .sdl)
            note("stopped")
            click(panel.startButton, in: window)
            try await Task.sleep(for: .milliseconds(300), clock: .sdl)
            note("started again")
            panel.stop()
            return log
        }
        #expect(log == [
            "chosen during the run: running 10×10 tick=0.1 s marked>0=true | Calculating prime numbers... ⚙️ Next Start: grid 20 × 20, tick 0.25 s. | Grid: 20 × 20 | Tick: 0.25 s",
            "stopped: stopped 10×10 tick=0.1 s marked>0=true | Stopped. Next Start: grid 20 × 20, tick 0.25 s. | Grid: 20 × 20 | Tick: 0.25 s",
            "started again: running 20×20 tick=0.25 s marked>0=true | Calculating prime numbers... ⚙️ | Grid: 20 × 20 | Tick: 0.25 s",
        ])
    }
}
