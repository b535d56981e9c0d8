import Foundation
import SDLConcurrency
import SDLWidgets

/// What the demo does once the host runs: the window, the scripted presses, the timed exit and
/// the screenshot of the last frame.
@SDLActor
enum DemoApp {
    static func run(host: SDLHost, plan: DemoPlan) async throws {
        let canvas = try SDLCanvas(host: host)
        let minimal = MinimalPanel()
        // The right half is kept for the Sieve of Eratosthenes panel (a later issue).
        let sievePlaceholder = Stack(
            .vertical, background: Palette.panelBackground, border: Palette.panelBorder,
            children: [Label("Sieve of Eratosthenes: coming next", font: .caption, color: Palette.secondaryText)])
        let root = Stack(.horizontal, distribution: .fillEqually, spacing: 12, padding: 12,
                         children: [minimal.view, sievePlaceholder])
        let window = WidgetWindow(root: root, canvas: canvas)
        window.attach(to: host)
        defer {
            window.detach()
            canvas.close()
        }

        let titles = window.widgets(of: Button.self).map(\.title)
        for press in plan.presses where !titles.contains(press.title) {
            throw DemoError.noSuchButton(press.title, available: titles)
        }

        let start = SDLClock().now
        for press in plan.presses {
            host.spawn(name: "press \(press.title)@\(press.seconds)") {
                try await Task.sleep(until: start.advanced(by: .seconds(press.seconds)), clock: .sdl)
                window.layoutIfNeeded()
                guard let button = window.button(titled: press.title) else { return }
                for event in SyntheticInput.click(at: button.frame.center) { host.post(event) }
            }
        }
        if let exitAfter = plan.exitAfter {
            host.spawn(name: "exit-after") {
                try await Task.sleep(until: start.advanced(by: .seconds(exitAfter)), clock: .sdl)
                host.quit(status: 0)
            }
        }

        // Shutdown (window close, Ctrl+C, --exit-after) cancels this root; then take the screenshot.
        await waitUntilCancelled()

        if let path = plan.screenshot {
            window.render()
            try canvas.readPixels().writePNG(to: URL(fileURLWithPath: path))
            print("screenshot written to \(path)")
        }
        withExtendedLifetime(minimal) {}
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
