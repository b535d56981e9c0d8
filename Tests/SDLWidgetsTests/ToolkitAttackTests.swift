import SDLConcurrency
import SDLConcurrencyTesting
import SDLWidgets
import SDLWidgetsTesting
import Synchronization
import Testing

/// What a hurried user or a hostile input feeds the controls: extreme and non-finite numbers,
/// degenerate sizes, megabytes of text. Each ends with finite, in-range state and a drawable frame —
/// never a trap, a hang or a NaN.
@Suite("Toolkit under attack")
struct ToolkitAttackTests {}

extension ToolkitAttackTests {
    @Test("a slider over the whole Double range, or with a tiny step on a huge range, keeps a finite value in range through every key and drag")
    func sliderExtremes() async throws {
        try await onSDLActor {
            let huge = Slider(value: 0, in: -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude)
            let tiny = Slider(value: 0, in: 0...1e300, step: 1e-300)
            let window = WidgetWindow(root: Stack(.vertical, children: [huge, tiny]), canvas: RecordingCanvas(size: Size(width: 400, height: 200)))
            window.layoutIfNeeded()
            for slider in [huge, tiny] {
                window.focus(slider)
                for key in [InputEvent.Key.pageUp, .right, .end, .left, .pageDown, .home, .up, .down] {
                    window.handle(.keyDown(key, modifiers: [], isRepeat: false))
                    #expect(slider.value.isFinite && slider.range.contains(slider.value), "\(key): \(slider.value)")
                }
                let middle = Point(x: slider.frame.x + slider.frame.width / 2, y: slider.frame.y + slider.frame.height / 2)
                window.handle(.pointerDown(middle, button: .left))
                window.handle(.pointerMoved(Point(x: Int.max / 2, y: middle.y)))
                window.handle(.pointerMoved(Point(x: Int.min / 2, y: middle.y)))
                window.handle(.pointerUp(middle, button: .left))
                #expect(slider.value.isFinite && slider.range.contains(slider.value), "drag: \(slider.value)")
                slider.value = .nan
                slider.value = .infinity
                #expect(slider.value.isFinite && slider.range.contains(slider.value), "set: \(slider.value)")
            }
            window.render()
        }
    }

    @Test("progress values that are not finite, scroll offsets at Int's ends, a line limit of Int.max over a megabyte, an image box of negative size: each is drawn from sane state")
    func degenerateValues() async throws {
        try await onSDLActor {
            let progress = ProgressView(value: 0.5)
            let label = Label(String(repeating: "word ", count: 200_000))
            label.lineLimit = Int.max
            let image = Image(RGBAImage(width: 1, height: 1, pixels: [255, 0, 0, 255]))
            image.maximumSize = Size(width: -5, height: -5)
            let rows = Stack(.vertical, children: (0..<50).map { Label("row \($0)") })
            let scroll = ScrollView(rows)
            let canvas = RecordingCanvas(size: Size(width: 320, height: 240))
            let window = WidgetWindow(root: Stack(.vertical, children: [progress, label, image, scroll]), canvas: canvas)
            for value in [Double.infinity, -.infinity, .nan, 1e308, -1e308] {
                progress.value = value
                #expect(progress.value.map { (0...1).contains($0) } ?? true, "\(value) → \(String(describing: progress.value))")
            }
            progress.value = 0.25
            // Before the first layout an offset is kept as set (clamped at 0): the layout clamps it.
            scroll.offset = Int.max
            window.layoutIfNeeded()
            #expect((0...scroll.maximumOffset).contains(scroll.offset), "after layout: \(scroll.offset)")
            for offset in [Int.max, Int.min, -1, 1 << 62] {
                scroll.offset = offset
                #expect((0...scroll.maximumOffset).contains(scroll.offset), "\(offset) → \(scroll.offset)")
            }
            window.render()
            #expect(canvas.texts.count < 200, "a label of \(label.text.count) characters drew \(canvas.texts.count) lines")
        }
    }

    @Test("a text field given Int.max as its maximum length takes a paste of a megabyte, bounded by drawing only what is visible, in a 1-point window")
    func textFieldExtremes() async throws {
        try await onSDLActor {
            let field = TextField()
            field.maximumLength = Int.max
            let canvas = RecordingCanvas(size: Size(width: 1, height: 1))
            let window = WidgetWindow(root: field, canvas: canvas)
            window.focus(field)
            window.handle(.textInput(String(repeating: "🇩🇪e\u{301}x", count: 100_000)))
            #expect(field.text.count == 300_000)
            window.handle(.keyDown(.home, modifiers: [.shift], isRepeat: false))
            window.handle(.keyDown(.backspace, modifiers: [], isRepeat: false))
            #expect(field.text.isEmpty)
            field.selectedRange = -5..<Int.max
            #expect(field.selectedRange == 0..<0)
            window.render()
        }
    }
}

extension ToolkitAttackTests {
    @Test("on the software renderer: an image wider than any texture, a 1-pixel image in a huge box, and a slider at Double's ends draw without a trap")
    func realCanvasExtremes() async throws {
        let options = SDLHost.WindowOptions(title: "attack", width: 320, height: 200, softwareRenderer: true)
        let drawn = Mutex(0)
        _ = try await HostHarness.runSDLHost(HostHarness.dummyConfiguration(window: options)) { host in
            let canvas = try SDLCanvas(host: host)
            let wide = Image(RGBAImage(width: 40_000, height: 1, pixels: [UInt8](repeating: 200, count: 40_000 * 4)))
            let dot = Image(RGBAImage(width: 1, height: 1, pixels: [0, 255, 0, 255]))
            dot.maximumSize = Size(width: Int.max, height: Int.max)
            let slider = Slider(value: .greatestFiniteMagnitude, in: -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude)
            let window = WidgetWindow(root: Stack(.vertical, children: [wide, dot, slider]), canvas: canvas)
            for _ in 0..<3 {
                window.render()
                window.setNeedsDisplay()
            }
            drawn.withLock { $0 = window.framesDrawn }
        }
        #expect(drawn.withLock { $0 } == 3)
    }
}
