@testable import Demo
import Eratosthenes
import SDLConcurrency
import SDLConcurrencyTesting
import SDLWidgetsTesting
import SDLWidgets
import Testing

/// The demo window's layout, on a recording canvas (no SDL).
@Suite("Demo layout")
struct DemoLayoutTests {}

@SDLActor
private func laidOut(width: Int, height: Int) -> (minimal: Rect, sieve: Rect, minimalAxis: Stack.Axis) {
    let minimal = MinimalPanel()
    let sieve = SievePanel()
    let window = WidgetWindow(root: DemoLayout(minimal: minimal.view, sieve: sieve.view),
                              canvas: RecordingCanvas(size: Size(width: width, height: height)))
    window.layoutIfNeeded()
    return (minimal.view.frame, sieve.view.frame, minimal.view.axis)
}

extension DemoLayoutTests {
    @Test("a wide window shows the minimal panel beside the sieve panel, a narrow one above it")
    func sideBySideOrStrip() async throws {
        let (wide, narrow) = try await HostHarness.runGuest(on: .manual) {
            (laidOut(width: 1600, height: 900), laidOut(width: 1280, height: 720))
        }
        // Beside: same top, the sieve starts right of the minimal column; label above button.
        #expect(wide.minimal.y == wide.sieve.y)
        #expect(wide.minimal.x + wide.minimal.width < wide.sieve.x)
        #expect(wide.minimalAxis == .vertical)
        #expect(wide.sieve.width >= 1100)
        // A strip: the minimal panel spans the width above the sieve; label beside button.
        #expect(narrow.minimal.y + narrow.minimal.height < narrow.sieve.y)
        #expect(narrow.minimal.width == narrow.sieve.width)
        #expect(narrow.minimalAxis == .horizontal)
    }
}
