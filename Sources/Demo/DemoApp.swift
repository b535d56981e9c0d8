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
        let skipped = SkippedPresses()
        var pressTasks: [Task<Void, any Error>] = []
        for press in plan.presses {
            pressTasks.append(host.spawn(name: "press \(press.title)@\(press.seconds)") {
                try await Task.sleep(until: start.advanced(by: .saturatingSeconds(press.seconds)), clock: .sdl)
                // A press that cannot happen is reported now and skipped: waiting for a click the
                // button ignores would hold the timed exit forever.
                guard let button = ui.window.button(titled: press.title) else {
                    skipped.record(press, reason: "there is no button titled \"\(press.title)\" now")
                    return
                }
                guard button.isEnabled, !button.isHidden else {
                    skipped.record(press, reason: "the button is \(button.isHidden ? "hidden" : "disabled")")
                    return
                }
                // Exactly what a click does once it has hit the button (Button.handle → activate):
                // clicked is emitted now, so its async slot has started when this returns.
                button.activate()
                // The press counts as done when what the click started has finished.
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
        if let restartEvery = plan.restartEvery {
            host.spawn(name: "restart-every") {
                var restarts = 0
                while true {
                    restarts += 1
                    try await Task.sleep(until: start.advanced(by: .saturatingSeconds(restartEvery * Double(restarts))), clock: .sdl)
                    ui.sieve.start()
                }
            }
        }
        if let exitAfter = plan.exitAfter {
            host.spawn(name: "exit-after") {
                try await Task.sleep(until: start.advanced(by: .saturatingSeconds(exitAfter)), clock: .sdl)
                // Scripted clicks finish first, so a scripted run always shows its outcome (and
                // under virtual time a clock jump cannot overtake a slot that is still starting).
                for task in pressTasks { _ = try? await task.value }
                host.quit(status: 0)
            }
        }

        // Shutdown (window close, Ctrl+C, --exit-after) cancels this root; then write the outputs.
        await waitUntilCancelled()

        // Every output is attempted even when an earlier one failed; the first failure is thrown,
        // which makes the exit status non-zero (see SDLHost.run: a root failing during shutdown).
        var failure: (any Error)?
        if let path = plan.screenshot {
            ui.window.render()
            do {
                try OutputFile(option: "--screenshot", path: path).write(ui.canvas.readPixels().pngData())
                print("screenshot written to \(path)")
            } catch {
                failure = failure ?? error
            }
        }
        if let path = plan.sieveReport {
            // A run still going at exit is stopped first, so the report says where it stopped.
            ui.sieve.stop()
            _ = await ui.sieve.currentRun?.result
            do {
                try OutputFile(option: "--sieve-report", path: path).write(ui.sieve.model.report.jsonData())
                print("sieve report written to \(path)")
            } catch {
                failure = failure ?? error
            }
        }
        if let failure { throw failure }
        if skipped.count > 0 { throw DemoError.pressesSkipped(skipped.count) }
    }

    /// Suspends until the current task is cancelled, without a timer (virtual time must not jump).
    static func waitUntilCancelled() async {
        let (stream, continuation) = AsyncStream<Never>.makeStream()
        for await _ in stream {}
        continuation.finish()
    }
}

/// The scripted presses that could not happen (their messages are printed at that moment).
@SDLActor
final class SkippedPresses {
    private(set) var count = 0

    func record(_ press: ScheduledPress, reason: String) {
        count += 1
        printError("error: --press \"\(press.title)\"@\(press.seconds): not pressed: \(reason)")
    }
}

enum DemoError: Error, CustomStringConvertible {
    case noSuchButton(String, available: [String])
    case pressesSkipped(Int)

    var description: String {
        switch self {
        case .noSuchButton(let title, let available):
            "--press: there is no button titled \"\(title)\" (buttons: \(available.map { "\"\($0)\"" }.joined(separator: ", ")))"
        case .pressesSkipped(let count):
            "\(count) scripted press(es) could not happen (see above)"
        }
    }
}
