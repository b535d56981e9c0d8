import SDLConcurrency
import SDLConcurrencyTesting
import SDLWidgetsTesting
@testable import SDLWidgets
import Synchronization
import Testing

/// Slider: values clamped and snapped, keys, dragging, a press on the track, edited only for the
/// user's changes; Tab order across the controls; and once through a real host.
@Suite("Slider")
struct SliderTests {}

/// A slider 300 points wide (its thumb travels 286 points) with a log of its edits.
@SDLActor
private final class Fixture {
    let canvas = RecordingCanvas(size: Size(width: 300, height: 40))
    let slider: Slider
    let window: WidgetWindow
    var edits: [Double] = []
    var connections: [Connection] = []

    init(_ slider: Slider = Slider()) {
        self.slider = slider
        let stack = Stack(.vertical, distribution: .fill, spacing: 0, padding: 0, children: [slider])
        window = WidgetWindow(root: stack, canvas: canvas)
        window.layoutIfNeeded()
        slider.edited.connect(to: self) { fixture, value in fixture.edits.append(value) }.store(in: &connections)
    }

    /// The point on the track where the thumb's centre would be at `fraction` of the range.
    func point(at fraction: Double) -> Point {
        let track = slider.trackRect
        return Point(x: track.x + Int((fraction * Double(track.width)).rounded()), y: slider.frame.center.y)
    }

    func key(_ key: InputEvent.Key) -> Double {
        ControlsHarness.press(key, in: window)
        return slider.value
    }
}

extension SliderTests {
    @Test("values from code are clamped to the range and snapped to the step grid; NaN is ignored; range and step changes re-adjust; none of it emits")
    func clampingAndSnapping() async throws {
        let (values, edits) = try await onSDLActor { () -> ([Double], Int) in
            let f = Fixture(Slider(value: 7, in: 0...10, step: 2))
            var values = [f.slider.value]                        // 8: 7 is halfway, rounded away from 0
            f.slider.value = 11; values.append(f.slider.value)   // 10
            f.slider.value = -3; values.append(f.slider.value)   // 0
            f.slider.value = 3.1; values.append(f.slider.value)  // 4
            f.slider.value = .nan; values.append(f.slider.value) // still 4
            f.slider.value = .infinity; values.append(f.slider.value) // 10
            f.slider.step = 3; values.append(f.slider.value)     // 9: the grid 0, 3, 6, 9 (10 is off it)
            f.slider.value = 10; values.append(f.slider.value)   // 9
            f.slider.range = 0...5; values.append(f.slider.value) // 3: clamped to 5, snapped below it
            f.slider.step = nil
            f.slider.range = 2...2; values.append(f.slider.value) // 2: a one-value range
            f.slider.value = 100; values.append(f.slider.value)  // 2
            return (values, f.edits.count)
        }
        #expect(values == [8, 10, 0, 4, 4, 10, 9, 9, 3, 2, 2])
        #expect(edits == 0)
    }

    @Test("keys: arrows by the step (1/100 of the range without one), Page Up/Down by a tenth, Home and End; each change emits edited once, none at the ends")
    func keys() async throws {
        let (steps, edits) = try await onSDLActor { () -> ([Double], [Double]) in
            let f = Fixture(Slider(value: 0, in: 0...200))
            f.window.focus(f.slider)
            let steps = [f.key(.right), f.key(.up), f.key(.left), f.key(.pageUp), f.key(.pageDown), f.key(.down),
                         f.key(.end), f.key(.right), f.key(.home), f.key(.left)]
            return (steps, f.edits)
        }
        #expect(steps == [2, 4, 2, 22, 2, 0, 200, 200, 0, 0])
        #expect(edits == [2, 4, 2, 22, 2, 0, 200, 0])
    }

    @Test("keys with a step: arrows by the step; a page is a tenth of the range, at least a step, snapped to the grid")
    func keysWithStep() async throws {
        let steps = try await onSDLActor { () -> [Double] in
            let f = Fixture(Slider(value: 0, in: 0...100, step: 4))
            f.window.focus(f.slider)
            return [f.key(.right), f.key(.pageUp), f.key(.pageUp), f.key(.pageDown), f.key(.end), f.key(.pageUp), f.key(.left)]
        }
        // 4; 4 + 10 = 14, halfway between 12 and 16, rounded up; 16 + 10 = 26 → 28; 28 - 10 = 18 → 20; the end; stays; one step back.
        #expect(steps == [4, 16, 28, 20, 100, 100, 96])
    }

    @Test("a press on the track jumps there and the drag goes on; the thumb grabbed off-centre does not jump; the drag follows past the slider's ends")
    func mouse() async throws {
        let (values, edits, focused) = try await onSDLActor { () -> ([Double], Int, Bool) in
            let f = Fixture(Slider(value: 0, in: 0...100))
            var values: [Double] = []
            f.window.handle(.pointerMoved(f.point(at: 0.5)))
            f.window.handle(.pointerDown(f.point(at: 0.5), button: .left))
            values.append(f.slider.value.rounded())                       // 50: jumped
            f.window.handle(.pointerMoved(f.point(at: 0.75)))
            values.append(f.slider.value.rounded())                       // 75: dragging on
            // Far off the slider, below and right: still dragging, pinned at the end.
            f.window.handle(.pointerMoved(Point(x: 1_000, y: 400)))
            values.append(f.slider.value.rounded())                       // 100
            f.window.handle(.pointerUp(f.point(at: 0.25), button: .left))
            values.append(f.slider.value.rounded())                       // 25: released there
            f.window.handle(.pointerMoved(f.point(at: 0.9)))
            values.append(f.slider.value.rounded())                       // 25: not dragging any more
            // Grab the thumb 4 points right of its centre and move 10% of the track: +10.
            let thumb = f.slider.thumbRect
            let grab = Point(x: thumb.center.x + 4, y: thumb.center.y)
            f.window.handle(.pointerDown(grab, button: .left))
            values.append(f.slider.value.rounded())                       // 25: no jump
            let tenth = f.slider.trackRect.width / 10
            f.window.handle(.pointerMoved(Point(x: grab.x + tenth, y: grab.y)))
            f.window.handle(.pointerUp(Point(x: grab.x + tenth, y: grab.y), button: .left))
            values.append(f.slider.value.rounded())                       // 35
            return (values, f.edits.count, f.window.focused === f.slider)
        }
        #expect(values == [50, 75, 100, 25, 25, 25, 35])
        #expect(edits == 5, "50, 75, 100, 25, 35: the grab without a move changed nothing")
        #expect(focused, "a press focuses the slider")
    }

    @Test("a disabled slider ignores the mouse and keys")
    func disabled() async throws {
        let (value, edits) = try await onSDLActor { () -> (Double, Int) in
            let f = Fixture(Slider(value: 0.5))
            f.window.focus(f.slider)
            f.slider.isEnabled = false
            ControlsHarness.press(.end, in: f.window)
            ControlsHarness.click(at: f.point(at: 0.1), in: f.window)
            return (f.slider.value, f.edits.count)
        }
        #expect(value == 0.5)
        #expect(edits == 0)
    }

    @Test("looks: the thumb follows normal, hover, pressed (also dragged off the slider) and disabled like a button; the filled track ends under the thumb; the focus ring")
    func looks() async throws {
        let seen = try await onSDLActor { () -> [String] in
            let f = Fixture(Slider(value: 0.5))
            var seen: [String] = []
            @SDLActor func note(_ step: String) {
                f.window.render()
                let thumb = f.canvas.fills(of: f.slider.thumbRect).first
                let filledToThumb = f.canvas.commands.contains {
                    if case .fill(let rect, _) = $0 { rect.x == f.slider.trackRect.x && rect.maxX == f.slider.thumbRect.center.x } else { false }
                }
                seen.append("\(step): \(thumb == Palette.buttonNormal ? "normal" : thumb == Palette.buttonHover ? "hover" : thumb == Palette.buttonPressed ? "pressed" : thumb == Palette.buttonDisabled ? "disabled" : "?") filled=\(filledToThumb)")
            }
            note("rest")
            f.window.handle(.pointerMoved(f.slider.thumbRect.center))
            note("hover")
            f.window.handle(.pointerDown(f.slider.thumbRect.center, button: .left))
            note("pressed")
            f.window.handle(.pointerMoved(Point(x: 150, y: 300)))
            note("dragged off")
            f.window.handle(.pointerUp(Point(x: 150, y: 300), button: .left))
            note("released off")
            f.slider.isEnabled = false
            note("disabled")
            f.slider.isEnabled = true
            f.window.focus(f.slider)
            f.window.render()
            seen.append("focus ring: \(f.canvas.commands.contains(.stroke(f.slider.frame.insetBy(-3), Palette.focusRing, width: 2)))")
            return seen
        }
        #expect(seen == [
            "rest: normal filled=true", "hover: hover filled=true", "pressed: pressed filled=true",
            "dragged off: pressed filled=true", "released off: normal filled=true", "disabled: disabled filled=true",
            "focus ring: true",
        ])
    }
}

extension SliderTests {
    @Test("Tab and Shift+Tab go through toggles, sliders and a button in tree order, wrapping, skipping the disabled ones, the label and the progress bar")
    func tabOrder() async throws {
        let order = try await onSDLActor { () -> [String] in
            let toggle = Toggle("toggle")
            let first = Slider()
            let disabledToggle = Toggle("off")
            disabledToggle.isEnabled = false
            let button = Button("button")
            let second = Slider()
            second.isEnabled = false
            let label = Label("not focusable")
            let progress = ProgressView(value: 0.5)
            let names: [ObjectIdentifier: String] = [
                ObjectIdentifier(toggle): "toggle", ObjectIdentifier(first): "slider",
                ObjectIdentifier(button): "button", ObjectIdentifier(second): "second slider",
            ]
            let window = WidgetWindow(root: Stack(.vertical, children: [toggle, first, disabledToggle, label, progress, button, second]),
                                      canvas: RecordingCanvas(size: Size(width: 400, height: 600)))
            window.layoutIfNeeded()
            var order: [String] = []
            @SDLActor func note() { order.append(window.focused.flatMap { names[ObjectIdentifier($0)] } ?? "-") }
            for _ in 0..<4 { ControlsHarness.press(.tab, in: window); note() }
            second.isEnabled = true
            for _ in 0..<2 { ControlsHarness.press(.tab, in: window); note() }
            for _ in 0..<3 { ControlsHarness.press(.tab, shift: true, in: window); note() }
            return order
        }
        #expect(order == ["toggle", "slider", "button", "toggle", "slider", "button", "slider", "toggle", "second slider"])
    }
}

extension SliderTests {
    @Test("end to end: a mouse drag through SDL moves the thumb and the value; the frame shows it there")
    func endToEnd() async throws {
        let seen = Mutex<(value: Double, edits: Int, thumbAt: Int, thumbPixel: Bool, filledPixel: Bool, trackPixel: Bool)?>(nil)
        _ = try await HostHarness.runSDLHost(HostHarness.dummyConfiguration(window: ControlsHarness.options("slider"))) { host in
            let slider = Slider(value: 0, in: 0...100, step: 1)
            slider.stretch = 1
            var edits = 0
            let connection = slider.edited.connect { _ in edits += 1 }
            defer { connection.disconnect() }
            let stack = Stack(.horizontal, distribution: .fill, children: [slider])
            let window = WidgetWindow(root: stack, canvas: try SDLCanvas(host: host))
            window.attach(to: host)
            try await ControlsHarness.settle()
            let thumb = slider.thumbRect
            let track = slider.trackRect
            let target = Point(x: track.x + track.width * 6 / 10, y: thumb.center.y)
            let path = (1...6).map { Point(x: thumb.center.x + (target.x - thumb.center.x) * $0 / 6, y: thumb.center.y + $0) }
            ControlsHarness.post(ControlsHarness.drag(from: thumb.center, through: path), to: host)
            ControlsHarness.post([SyntheticInput.move(to: Point(x: 2, y: 2))], to: host)
            try await ControlsHarness.settle()
            let pixels = try #require(window.canvas as? SDLCanvas).readPixels()
            let moved = slider.thumbRect
            seen.withLock {
                $0 = (slider.value, edits, moved.center.x,
                      ControlsHarness.pixel(pixels, x: moved.center.x, y: moved.center.y, is: Palette.buttonNormal),
                      ControlsHarness.pixel(pixels, x: track.x + 20, y: track.center.y, is: Palette.buttonNormal),
                      ControlsHarness.pixel(pixels, x: track.maxX - 20, y: track.center.y, is: Palette.controlTrack))
            }
        }
        let result = try #require(seen.withLock { $0 })
        #expect(result.value == 60)
        #expect(result.edits >= 1 && result.edits <= 6)
        #expect(result.thumbPixel, "the thumb is drawn where the value puts it (x \(result.thumbAt))")
        #expect(result.filledPixel)
        #expect(result.trackPixel)
    }
}
