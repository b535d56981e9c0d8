import SDLConcurrency
import SDLConcurrencyTesting
import SDLWidgetsTesting
@testable import SDLWidgets
import Synchronization
import Testing

/// Toggle: mouse and keyboard, edited only for the user's changes, looks; and once through a real host.
@Suite("Toggle")
struct ToggleTests {}

/// A toggle and a button in a row, with a log of the toggle's edits.
@SDLActor
private final class Fixture {
    let canvas = RecordingCanvas(size: Size(width: 600, height: 200))
    let toggle = Toggle("Wrap lines")
    let button = Button("OK")
    let window: WidgetWindow
    var edits: [Bool] = []
    var connections: [Connection] = []

    init() {
        window = WidgetWindow(root: Stack(.horizontal, children: [toggle, button]), canvas: canvas)
        window.layoutIfNeeded()
        toggle.edited.connect(to: self) { fixture, isOn in fixture.edits.append(isOn) }.store(in: &connections)
    }

    /// The box's fill in a fresh frame.
    func boxFill() -> Color? {
        window.render()
        return canvas.fills(of: toggle.boxRect).first
    }
}

extension ToggleTests {
    @Test("a click on the box or on the title flips it and emits edited; a press dragged off before release does not")
    func mouse() async throws {
        let (states, edits) = try await onSDLActor { () -> ([Bool], [Bool]) in
            let f = Fixture()
            var states: [Bool] = []
            ControlsHarness.click(at: f.toggle.boxRect.center, in: f.window)
            states.append(f.toggle.isOn)
            // On the title, right of the box.
            ControlsHarness.click(at: Point(x: f.toggle.frame.maxX - 5, y: f.toggle.frame.center.y), in: f.window)
            states.append(f.toggle.isOn)
            f.window.handle(.pointerDown(f.toggle.boxRect.center, button: .left))
            f.window.handle(.pointerMoved(f.button.frame.center))
            f.window.handle(.pointerUp(f.button.frame.center, button: .left))
            states.append(f.toggle.isOn)
            return (states, f.edits)
        }
        #expect(states == [true, false, false])
        #expect(edits == [true, false])
    }

    @Test("Space flips the focused toggle (a held key's repeats do not); Enter does not; setting isOn or value from code never emits")
    func keyboardAndCode() async throws {
        let (states, edits, focused) = try await onSDLActor { () -> ([Bool], [Bool], Bool) in
            let f = Fixture()
            ControlsHarness.press(.tab, in: f.window)
            let focused = f.window.focused === f.toggle
            var states: [Bool] = []
            ControlsHarness.press(.space, in: f.window)
            states.append(f.toggle.isOn)
            f.window.handle(.keyDown(.space, modifiers: [], isRepeat: true))
            states.append(f.toggle.isOn)
            ControlsHarness.press(.enter, in: f.window)
            states.append(f.toggle.isOn)
            f.toggle.isOn = false
            f.toggle.value = true
            states.append(f.toggle.isOn)
            return (states, f.edits, focused)
        }
        #expect(focused)
        #expect(states == [true, true, true, true])
        #expect(edits == [true])
    }

    @Test("a disabled toggle ignores clicks and Space, and Tab skips it")
    func disabled() async throws {
        let (isOn, edits, focusedButton) = try await onSDLActor { () -> (Bool, [Bool], Bool) in
            let f = Fixture()
            f.toggle.isEnabled = false
            ControlsHarness.click(at: f.toggle.boxRect.center, in: f.window)
            ControlsHarness.press(.tab, in: f.window)
            ControlsHarness.press(.space, in: f.window)
            return (f.toggle.isOn, f.edits, f.window.focused === f.button)
        }
        #expect(!isOn)
        #expect(edits == [])
        #expect(focusedButton)
    }

    @Test("looks: the box's fill and outline follow off, on, hover, pressed and disabled like a button's; a check mark when on; the focus ring")
    func looks() async throws {
        let seen = try await onSDLActor { () -> [String] in
            let f = Fixture()
            @SDLActor func outline() -> Color? {
                f.canvas.commands.compactMap { command -> Color? in
                    if case .stroke(let rect, let color, _) = command, rect == f.toggle.boxRect { return color }
                    return nil
                }.first
            }
            @SDLActor func checkMarkDrawn() -> Bool {
                f.canvas.commands.contains { if case .fillRects(_, Palette.buttonText) = $0 { true } else { false } }
            }
            var seen: [String] = []
            @SDLActor func note(_ step: String) {
                let fill = f.boxFill()
                seen.append("\(step): fill=\(name(fill)) outline=\(name(outline())) mark=\(checkMarkDrawn())")
            }
            note("off")
            f.window.handle(.pointerMoved(f.toggle.boxRect.center))
            note("off hovered")
            f.window.handle(.pointerDown(f.toggle.boxRect.center, button: .left))
            note("off pressed")
            f.window.handle(.pointerUp(f.toggle.boxRect.center, button: .left))
            note("on hovered")
            f.window.handle(.pointerLeft)
            note("on")
            f.toggle.isEnabled = false
            note("on disabled")
            f.toggle.isEnabled = true
            f.window.focus(f.toggle)
            f.window.render()
            seen.append("focus ring: \(f.canvas.commands.contains(.stroke(f.toggle.frame.insetBy(-3), Palette.focusRing, width: 2)))")
            return seen
        }
        #expect(seen == [
            "off: fill=track outline=controlBorder mark=false",
            "off hovered: fill=track outline=hover mark=false",
            "off pressed: fill=track outline=pressed mark=false",
            "on hovered: fill=hover outline=buttonBorder mark=true",
            "on: fill=normal outline=buttonBorder mark=true",
            "on disabled: fill=disabled outline=disabled mark=false",
            "focus ring: true",
        ])
    }
}

/// A palette colour's name, for readable expectations.
private func name(_ color: Color?) -> String {
    switch color {
    case Palette.controlTrack: "track"
    case Palette.controlBorder: "controlBorder"
    case Palette.buttonNormal: "normal"
    case Palette.buttonHover: "hover"
    case Palette.buttonPressed: "pressed"
    case Palette.buttonDisabled: "disabled"
    case Palette.buttonBorder: "buttonBorder"
    case nil: "none"
    default: "\(color!)"
    }
}

extension ToggleTests {
    @Test("end to end: a click on the title through SDL flips the toggle and the next frame shows the checked box")
    func endToEnd() async throws {
        let seen = Mutex<(isOn: Bool, edits: Int, boxFilled: Bool, markPixels: Int)?>(nil)
        _ = try await HostHarness.runSDLHost(HostHarness.dummyConfiguration(window: ControlsHarness.options("toggle"))) { host in
            let toggle = Toggle("Show grid")
            var edits = 0
            let connection = toggle.edited.connect { _ in edits += 1 }
            defer { connection.disconnect() }
            let window = WidgetWindow(root: Stack(.vertical, children: [toggle]), canvas: try SDLCanvas(host: host))
            window.attach(to: host)
            try await ControlsHarness.settle()
            let titlePoint = Point(x: toggle.frame.maxX - 10, y: toggle.frame.center.y)
            ControlsHarness.post(SyntheticInput.click(at: titlePoint), to: host)
            // Away from the toggle, so the box shows its resting (not hovered) fill.
            ControlsHarness.post([SyntheticInput.move(to: Point(x: 2, y: 2))], to: host)
            try await ControlsHarness.settle()
            let pixels = try #require(window.canvas as? SDLCanvas).readPixels()
            let box = toggle.boxRect
            var mark = 0
            for y in box.y + 2..<box.maxY - 2 {
                for x in box.x + 2..<box.maxX - 2 where ControlsHarness.pixel(pixels, x: x, y: y, is: Palette.buttonText) { mark += 1 }
            }
            seen.withLock {
                $0 = (toggle.isOn, edits, ControlsHarness.pixel(pixels, x: box.x + 2, y: box.y + 2, is: Palette.buttonNormal), mark)
            }
        }
        let result = try #require(seen.withLock { $0 })
        #expect(result.isOn)
        #expect(result.edits == 1)
        #expect(result.boxFilled)
        #expect(result.markPixels > 10, "the check mark's white pixels: \(result.markPixels)")
    }
}

extension ToggleTests {
    @Test("stretched by a fill layout, only the box and title take the pointer: a click or hover in the room right of the title does nothing")
    func clickAreaWhenStretched() async throws {
        let (states, hovered, area, frame) = try await onSDLActor { () -> ([Bool], [Bool], Rect, Rect) in
            let canvas = RecordingCanvas(size: Size(width: 600, height: 100))
            let toggle = Toggle("Wrap lines")
            toggle.stretch = 1
            let window = WidgetWindow(root: Stack(.horizontal, distribution: .fill, spacing: 0, padding: 0, children: [toggle]), canvas: canvas)
            window.layoutIfNeeded()
            var states: [Bool] = []
            var hovered: [Bool] = []
            let empty = Point(x: toggle.frame.maxX - 20, y: toggle.frame.center.y)
            ControlsHarness.click(at: empty, in: window)
            states.append(toggle.isOn)
            hovered.append(toggle.isHovered)
            // Just right of the title's last character, and on it.
            let size = toggle.preferredSize(on: canvas)
            ControlsHarness.click(at: Point(x: toggle.frame.x + size.width + 1, y: toggle.frame.center.y), in: window)
            states.append(toggle.isOn)
            ControlsHarness.click(at: Point(x: toggle.frame.x + size.width - 5, y: toggle.frame.center.y), in: window)
            states.append(toggle.isOn)
            hovered.append(toggle.isHovered)
            // Above the box and title, inside the frame (the row is 100 points high).
            ControlsHarness.click(at: Point(x: toggle.boxRect.center.x, y: toggle.frame.y + 2), in: window)
            states.append(toggle.isOn)
            // Pressed on the title, released in the empty room: no click.
            window.handle(.pointerDown(toggle.boxRect.center, button: .left))
            window.handle(.pointerMoved(empty))
            let pressedOutside = toggle.isPressed
            window.handle(.pointerUp(empty, button: .left))
            states.append(toggle.isOn)
            hovered.append(pressedOutside)
            return (states, hovered, toggle.pointerArea, toggle.frame)
        }
        #expect(frame.width == 600)
        #expect(area.width < 200 && area.height < 50, "\(area)")
        #expect(states == [false, false, true, true, true])
        // Not hovered over the empty room, hovered over the title, not pressed once dragged off.
        #expect(hovered == [false, true, false])
    }

    @Test("end to end: a click through SDL in the room a fill layout adds right of the title leaves a stretched toggle off")
    func stretchedEndToEnd() async throws {
        let seen = Mutex<[Bool]>([])
        _ = try await HostHarness.runSDLHost(HostHarness.dummyConfiguration(window: ControlsHarness.options("toggle"))) { host in
            let toggle = Toggle("Show grid")
            toggle.stretch = 1
            let window = WidgetWindow(root: Stack(.horizontal, distribution: .fill, children: [toggle]), canvas: try SDLCanvas(host: host))
            window.attach(to: host)
            try await ControlsHarness.settle()
            ControlsHarness.post(SyntheticInput.click(at: Point(x: toggle.frame.maxX - 10, y: toggle.frame.center.y)), to: host)
            try await ControlsHarness.settle()
            let afterEmpty = toggle.isOn
            ControlsHarness.post(SyntheticInput.click(at: toggle.boxRect.center), to: host)
            try await ControlsHarness.settle()
            seen.withLock { $0 = [afterEmpty, toggle.isOn] }
        }
        #expect(seen.withLock { $0 } == [false, true])
    }
}
