import SDLConcurrency
import SDLConcurrencyTesting
import SDLWidgetsTesting
@testable import SDLWidgets
import Testing

/// Button states and activation through the window's input dispatch, on a RecordingCanvas.
@Suite("Button")
struct ButtonTests {}

/// A window with two buttons side by side, and a log of their clicks.
@SDLActor
private final class Fixture {
    let canvas = RecordingCanvas(size: Size(width: 600, height: 200))
    let first = Button("first")
    let second = Button("second")
    let window: WidgetWindow
    let clicks = Log<String>()
    var connections: [Connection] = []

    init() {
        window = WidgetWindow(root: Stack(.horizontal, children: [first, second]), canvas: canvas)
        window.layoutIfNeeded()
        first.clicked.connect { [clicks] in clicks.append("first") }.store(in: &connections)
        second.clicked.connect { [clicks] in clicks.append("second") }.store(in: &connections)
    }

    func click(_ button: Button) {
        window.handle(.pointerMoved(button.frame.center))
        window.handle(.pointerDown(button.frame.center, button: .left))
        window.handle(.pointerUp(button.frame.center, button: .left))
    }

    func press(_ key: InputEvent.Key, shift: Bool = false) {
        window.handle(.keyDown(key, modifiers: shift ? .shift : [], isRepeat: false))
        window.handle(.keyUp(key, modifiers: shift ? .shift : []))
    }

    /// The fill colour the button drew with in a fresh frame.
    func fill(of button: Button) -> Color? {
        window.render()
        return canvas.fills(of: button.frame).first
    }
}

extension ButtonTests {
    @Test("normal, hover, pressed and back: each state draws its own colour")
    func visualStates() async throws {
        let colors = try await onSDLActor { () -> [Color?] in
            let f = Fixture()
            var colors = [f.fill(of: f.first)]
            f.window.handle(.pointerMoved(f.first.frame.center))
            colors.append(f.fill(of: f.first))
            f.window.handle(.pointerDown(f.first.frame.center, button: .left))
            colors.append(f.fill(of: f.first))
            f.window.handle(.pointerUp(f.first.frame.center, button: .left))
            f.window.handle(.pointerLeft)
            colors.append(f.fill(of: f.first))
            f.first.isEnabled = false
            colors.append(f.fill(of: f.first))
            return colors
        }
        #expect(colors == [Palette.buttonNormal, Palette.buttonHover, Palette.buttonPressed, Palette.buttonNormal, Palette.buttonDisabled])
    }

    @Test("a click is a press and a release on the same button; releasing elsewhere does nothing")
    func clickSemantics() async throws {
        let clicks = try await onSDLActor { () -> [String] in
            let f = Fixture()
            f.click(f.first)
            // Press on first, release on second: no click.
            f.window.handle(.pointerDown(f.first.frame.center, button: .left))
            f.window.handle(.pointerMoved(f.second.frame.center))
            #expect(!f.first.isPressed, "a press shows only while the pointer is over the button")
            f.window.handle(.pointerUp(f.second.frame.center, button: .left))
            // The right button does not click.
            f.window.handle(.pointerDown(f.second.frame.center, button: .right))
            f.window.handle(.pointerUp(f.second.frame.center, button: .right))
            f.click(f.second)
            return f.clicks.values
        }
        #expect(clicks == ["first", "second"])
    }

    @Test("a disabled button ignores clicks and keys and takes no focus")
    func disabled() async throws {
        let (clicks, focused) = try await onSDLActor { () -> ([String], String?) in
            let f = Fixture()
            f.first.isEnabled = false
            f.click(f.first)
            f.press(.tab)
            f.press(.space)
            return (f.clicks.values, (f.window.focused as? Button)?.title)
        }
        #expect(clicks == ["second"], "Tab skipped the disabled button; Space clicked the focused one")
        #expect(focused == "second")
    }

    @Test("Tab and Shift+Tab move focus in order, wrapping; Space and Enter activate; the focus ring is drawn")
    func keyboard() async throws {
        let (clicks, focusOrder, ringDrawn) = try await onSDLActor { () -> ([String], [String], Bool) in
            let f = Fixture()
            var order: [String] = []
            @SDLActor func focusedTitle() -> String { (f.window.focused as? Button)?.title ?? "-" }
            f.press(.tab); order.append(focusedTitle())
            f.press(.space)
            f.press(.tab); order.append(focusedTitle())
            f.press(.enter)
            f.press(.tab); order.append(focusedTitle())
            f.press(.tab, shift: true); order.append(focusedTitle())
            f.window.render()
            let ring = f.canvas.commands.contains(.stroke(f.second.frame.insetBy(-3), Palette.focusRing, width: 2))
            // A held key's repeats do not click again.
            f.window.handle(.keyDown(.space, modifiers: [], isRepeat: true))
            return (f.clicks.values, order, ring)
        }
        #expect(focusOrder == ["first", "second", "first", "second"])
        #expect(clicks == ["first", "second"])
        #expect(ringDrawn)
    }

    @Test("a click gives the button keyboard focus")
    func clickFocuses() async throws {
        let focused = try await onSDLActor { () -> String? in
            let f = Fixture()
            f.click(f.second)
            return (f.window.focused as? Button)?.title
        }
        #expect(focused == "second")
    }
}
