import CSDL2
@testable import Demo
import Eratosthenes
@testable import SDLConcurrency
import SDLConcurrencyTesting
import SDLWidgetsTesting
import SDLWidgets
import Synchronization
import Testing

/// The demo window on small screens: the real SDL loop, headless (dummy driver, software renderer,
/// the bundled fonts), with the display's usable bounds injected as a laptop's would report them.
@Suite("Screen fit (dummy driver)")
struct ScreenFitTests {}

/// What one run saw: sizes, and every layout problem found (empty when all is well).
private struct FitReport: Sendable {
    var windowSize = Size.zero
    var minimumSize = Size.zero
    var maximumSize = Size.zero
    var problemsAtOpen: [String] = []
    var problemsAtMinimum: [String] = []
    var sizeAfterShrinking = Size.zero
}

/// Every control of the demo: the widgets that must be whole and apart.
@SDLActor
private func controls(of ui: DemoUI) -> [Widget] {
    ui.window.root.subtree.filter { $0 is Button || $0 is Label || $0 is GridView }
}

/// Problems with the demo's layout at the window's current size: `frameProblems` (overlaps, cut
/// or outside), plus texts wider than their frame.
@SDLActor
private func layoutProblems(_ ui: DemoUI) -> [String] {
    ui.window.layoutIfNeeded()
    let bounds = Rect(origin: .zero, size: ui.canvas.size)
    var problems = frameProblems(controls(of: ui), in: bounds, on: ui.canvas)
    for label in ui.window.widgets(of: Label.self) {
        let text = ui.canvas.measure(label.text, font: label.font)
        if text.width > label.frame.width { problems.append("label \"\(label.text)\" is cut (\(text.width) > \(label.frame.width))") }
    }
    for button in ui.window.widgets(of: Button.self) {
        let text = ui.canvas.measure(button.title, font: button.font)
        if text.width + 2 > button.frame.width { problems.append("button \"\(button.title)\" is cut") }
    }
    return problems
}

@SDLActor
private func size(of window: OpaquePointer?, _ get: (OpaquePointer?, UnsafeMutablePointer<Int32>, UnsafeMutablePointer<Int32>) -> Void) -> Size {
    var width: Int32 = 0
    var height: Int32 = 0
    get(window, &width, &height)
    return Size(width: Int(width), height: Int(height))
}

private func fit(display: DisplayBounds) async throws -> FitReport {
    let report = Mutex(FitReport())
    var configuration = HostHarness.dummyConfiguration(
        // More than the display has: the host must clamp it.
        window: SDLHost.WindowOptions(title: "SDLConcurrency demo", width: 1600, height: 900, softwareRenderer: true))
    configuration.usableDisplayBounds = display
    _ = try await HostHarness.runSDLHost(configuration) { host in
        let ui = try DemoUI(host: host)
        defer { ui.close() }
        var result = FitReport()
        result.windowSize = size(of: host.window, SDL_GetWindowSize)
        result.problemsAtOpen = layoutProblems(ui)
        // The answer is longer than the question's label: the layout must hold it too.
        ui.minimal.label.text = MinimalPanel.answeredText
        result.problemsAtOpen += layoutProblems(ui)
        result.minimumSize = size(of: host.window, SDL_GetWindowMinimumSize)
        result.maximumSize = size(of: host.window, SDL_GetWindowMaximumSize)
        // The user drags the window as small as it goes: SDL stops at the minimum.
        SDL_SetWindowSize(host.window, 200, 150)
        result.sizeAfterShrinking = size(of: host.window, SDL_GetWindowSize)
        result.problemsAtMinimum = layoutProblems(ui)
        // Every status the sieve shows fits at the minimum too.
        for text in ui.sieve.statusLabel.sizingTexts {
            ui.sieve.statusLabel.text = text
            result.problemsAtMinimum += layoutProblems(ui)
        }
        report.withLock { $0 = result }
    }
    return report.withLock { $0 }
}

extension ScreenFitTests {
    @Test("a display that reports 1280 × 800 or 1024 × 768 gets a window inside it, every control whole; the minimum holds",
          arguments: [DisplayBounds(width: 1280, height: 800), DisplayBounds(width: 1024, height: 768)])
    func fitsSmallDisplays(display: DisplayBounds) async throws {
        let report = try await fit(display: display)
        #expect(report.windowSize.width <= Int(display.width) && report.windowSize.height <= Int(display.height),
                "window \(report.windowSize) on a display of \(display)")
        #expect(report.windowSize.width > 0 && report.windowSize.height > 0)
        #expect(report.problemsAtOpen == [])
        // The minimum comes from the layout and fits the display itself.
        #expect(report.minimumSize.width > 200 && report.minimumSize.height > 150)
        #expect(report.minimumSize.width <= Int(display.width) && report.minimumSize.height <= Int(display.height))
        #expect(report.sizeAfterShrinking == report.minimumSize)
        #expect(report.problemsAtMinimum == [])
        // The software renderer states no texture limit: 8192 stands in.
        #expect(report.maximumSize == Size(width: 8192, height: 8192))
    }

    @Test("fitting: clamped to the usable bounds and centred in them; no bounds leave the size to SDL")
    func fittingArithmetic() {
        let laptop = WindowFit.frame(width: 1600, height: 900, usable: DisplayBounds(x: 0, y: 27, width: 1280, height: 773))
        #expect(laptop.x == 0 && laptop.y == 27 && laptop.width == 1280 && laptop.height == 773)
        let second = WindowFit.frame(width: 1200, height: 720, usable: DisplayBounds(x: 1920, y: 0, width: 2560, height: 1440))
        #expect(second.x == 1920 + 680 && second.y == 360 && second.width == 1200 && second.height == 720)
        let unknown = WindowFit.frame(width: 1600, height: 900, usable: nil)
        #expect(unknown.x == nil && unknown.y == nil && unknown.width == 1600 && unknown.height == 900)
        // Texture pixels become points at the display's density; never more than 8192 points.
        let hiDPI = WindowFit.maximumSize(maxTextureWidth: 16384, maxTextureHeight: 8192, pixelsPerPoint: 2)
        #expect(hiDPI.width == 8192 && hiDPI.height == 4096)
        let gl = WindowFit.maximumSize(maxTextureWidth: 16384, maxTextureHeight: 16384, pixelsPerPoint: 1)
        #expect(gl.width == 8192 && gl.height == 8192)
        let small = WindowFit.maximumSize(maxTextureWidth: 4096, maxTextureHeight: 4096, pixelsPerPoint: 1)
        #expect(small.width == 4096 && small.height == 4096)
        let unstated = WindowFit.maximumSize(maxTextureWidth: 0, maxTextureHeight: 0, pixelsPerPoint: 2)
        #expect(unstated.width == 8192 && unstated.height == 8192)
    }

    @Test("the 40 × 40 grid's numbers in the demo's window on a 1280 × 800 display are at least 9 pt (4-digit bold numbers fill the 28-point columns)")
    func legibleNumbers() async throws {
        let fontSize = Mutex(0)
        var configuration = HostHarness.dummyConfiguration(
            window: SDLHost.WindowOptions(title: "SDLConcurrency demo", width: DemoUI.windowSize.width,
                                          height: DemoUI.windowSize.height, softwareRenderer: true))
        configuration.usableDisplayBounds = DisplayBounds(width: 1280, height: 800)
        _ = try await HostHarness.runSDLHost(configuration) { host in
            let ui = try DemoUI(host: host)
            defer { ui.close() }
            ui.window.layoutIfNeeded()
            fontSize.withLock { $0 = ui.sieve.grid.geometry?.numberFont?.size ?? 0 }
        }
        #expect(fontSize.withLock { $0 } >= 9)
    }
}
