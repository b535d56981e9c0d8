import Foundation
import SDLConcurrency
import SDLWidgets
import Eratosthenes

/// The demo's window: the minimal panel beside the sieve panel (or above it, in a narrow window;
/// see ``DemoLayout``).
@SDLActor
final class DemoUI {
    /// The window size asked for: whole on a 1280 × 800 screen with a title bar and a panel, and
    /// fitted to smaller screens by the host. Wider windows (from 1540 points) put the panels side
    /// by side.
    nonisolated static let windowSize: (width: Int32, height: Int32) = (1200, 720)

    let canvas: SDLCanvas
    let minimal = MinimalPanel()
    let sieve: SievePanel
    let window: WidgetWindow

    init(host: SDLHost, sieve model: SieveModel = SieveModel()) throws(WidgetError) {
        canvas = try SDLCanvas(host: host)
        sieve = SievePanel(model: model) { name, operation in host.spawn(name: name, operation: operation) }
        minimal.view.padding = 12
        window = WidgetWindow(root: DemoLayout(minimal: minimal.view, sieve: sieve.view), canvas: canvas)
        window.attach(to: host)
        sieve.refreshStatus()
    }

    /// The slot run the last click on `button` started, if that button has an async slot here.
    func lastRun(of button: Button) -> Task<Void, Never>? {
        button === minimal.button ? minimal.clickConnection?.lastTask : nil
    }

    /// Gives the host's hooks back and frees the text textures (while the renderer is alive).
    func close() {
        window.detach()
        canvas.close()
    }
}

/// What the demo does once the host runs: the window, the scripted presses, the timed exit and
/// the screenshot of the last frame.
@SDLActor
enum DemoApp {
    static func run(host: SDLHost, plan: DemoPlan) async throws {
        let ui = try DemoUI(host: host, sieve: SieveModel(configuration: plan.sieve))
        defer { ui.close() }

        let titles = ui.window.widgets(of: Button.self).map(\.title)
        for press in plan.presses where !titles.contains(press.title) {
            throw DemoError.noSuchButton(press.title, available: titles)
        }

        let start = SDLClock().now
        var pressTasks: [Task<Void, any Error>] = []
        for press in plan.presses {
            pressTasks.append(host.spawn(name: "press \(press.title)@\(press.seconds)") {
                try await Task.sleep(until: start.advanced(by: .seconds(press.seconds)), clock: .sdl)
                ui.window.layoutIfNeeded()
                guard let button = ui.window.button(titled: press.title) else { return }
                for event in SyntheticInput.click(at: button.frame.center) { host.post(event) }
                // The press counts as done when what the click started has finished.
                try await button.clicked.next()
                await ui.lastRun(of: button)?.value
            })
        }
        if plan.autostart {
            let run = ui.sieve.start()
            if plan.quitsWhenSieveFinishes {
                host.spawn(name: "exit-when-sieve-finishes") {
                    _ = await run.result
                    for task in pressTasks { _ = try? await task.value }
                    host.quit(status: 0)
                }
            }
        }
        if let exitAfter = plan.exitAfter {
            host.spawn(name: "exit-after") {
                try await Task.sleep(until: start.advanced(by: .seconds(exitAfter)), clock: .sdl)
                // Scripted clicks finish first, so a scripted run always shows its outcome (and
                // under virtual time a clock jump cannot overtake a slot that is still starting).
                for task in pressTasks { _ = try? await task.value }
                host.quit(status: 0)
            }
        }

        // Shutdown (window close, Ctrl+C, --exit-after) cancels this root; then take the screenshot.
        await waitUntilCancelled()

        if let path = plan.screenshot {
            ui.window.render()
            try ui.canvas.readPixels().writePNG(to: URL(fileURLWithPath: path))
            print("screenshot written to \(path)")
        }
        if let path = plan.sieveReport {
            // A run still going at exit is stopped first, so the report says where it stopped.
            ui.sieve.stop()
            _ = await ui.sieve.currentRun?.result
            try ui.sieve.model.report.jsonData().write(to: URL(fileURLWithPath: path))
            print("sieve report written to \(path)")
        }
    }

    /// Suspends until the current task is cancelled, without a timer (virtual time must not jump).
    static func waitUntilCancelled() async {
        let (stream, continuation) = AsyncStream<Never>.makeStream()
        for await _ in stream {}
        continuation.finish()
    }
}

enum DemoError: Error, CustomStringConvertible {
    case noSuchButton(String, available: [String])

    var description: String {
        switch self {
        case .noSuchButton(let title, let available):
            "--press: there is no button titled \"\(title)\" (buttons: \(available.map { "\"\($0)\"" }.joined(separator: ", ")))"
        }
    }
}
