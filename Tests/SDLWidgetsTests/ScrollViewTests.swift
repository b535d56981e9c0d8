import CSDL2
import SDLConcurrency
import SDLConcurrencyTesting
@testable import SDLWidgets
import SDLWidgetsTesting
import Synchronization
import Testing

/// `ScrollView`: wheel, keys, the bar, clipping, drawing and hit-testing only what is in view, focus
/// scrolled into view, and 10,000 rows.
@Suite("ScrollView", .timeLimit(.minutes(3)))
struct ScrollViewTests {}

/// A row that fills its frame with one colour.
@SDLActor
private final class Swatch: Widget {
    let color: Color
    let height: Int
    init(_ color: Color, height: Int) {
        self.color = color
        self.height = height
        super.init()
    }
    override func preferredSize(on canvas: any Canvas) -> Size { Size(width: 100, height: height) }
    override func draw(on canvas: any Canvas) { canvas.fill(frame, color) }
}

/// `count` labels "Row 0", "Row 1", … in a column without gaps: 22 points a row (body text on a
/// recording canvas), in a scroll view filling a 300 × 200 canvas (a 290-point wide view beside
/// its bar).
@SDLActor
private final class LabelList {
    let canvas = RecordingCanvas(size: Size(width: 300, height: 200))
    let scrollView: ScrollView
    let window: WidgetWindow

    init(count: Int) {
        let rows = (0..<count).map { Label("Row \($0)") }
        scrollView = ScrollView(Stack(.vertical, spacing: 0, padding: 0, children: rows))
        window = WidgetWindow(root: scrollView, canvas: canvas)
        window.render()
    }

    func key(_ key: InputEvent.Key) {
        window.handle(.keyDown(key, modifiers: [], isRepeat: false))
        window.handle(.keyUp(key, modifiers: []))
    }

    func wheel(_ dy: Int, at point: Point = Point(x: 100, y: 100)) {
        window.handle(.wheel(point, dx: 0, dy: dy))
    }

    /// The rows drawn by the last frame.
    var drawnRows: [String] {
        window.render()
        return canvas.texts
    }
}

extension ScrollViewTests {
    @Test("the wheel scrolls three lines a step, and not past either end")
    func wheel() async throws {
        let offsets = try await onSDLActor { () -> [Int] in
            let list = LabelList(count: 100)
            var offsets = [list.scrollView.maximumOffset]
            list.wheel(-1)
            offsets.append(list.scrollView.offset)
            list.wheel(-2)
            offsets.append(list.scrollView.offset)
            list.wheel(5)
            offsets.append(list.scrollView.offset)
            list.wheel(-1_000)
            offsets.append(list.scrollView.offset)
            return offsets
        }
        // 100 rows of 22 points in a 200-point view: 2,000 to scroll.
        #expect(offsets == [2_000, 60, 180, 0, 2_000])
    }

    @Test("keys scroll while the view or a widget inside has focus: lines, pages, Home, End; unhandled keys bubble up from a focused row")
    func keys() async throws {
        let (offsets, fromButton) = try await onSDLActor { () -> ([Int], [Int]) in
            let list = LabelList(count: 100)
            list.key(.down)
            var offsets = [list.scrollView.offset]  // no focus yet: nothing
            list.key(.tab)
            list.key(.down)
            offsets.append(list.scrollView.offset)
            list.key(.pageDown)
            offsets.append(list.scrollView.offset)
            list.key(.end)
            offsets.append(list.scrollView.offset)
            list.key(.pageUp)
            offsets.append(list.scrollView.offset)
            list.key(.up)
            offsets.append(list.scrollView.offset)
            list.key(.home)
            offsets.append(list.scrollView.offset)

            // Buttons take focus; Down is not theirs, so it goes up to the scroll view.
            let buttons = (0..<30).map { Button("Button \($0)") }
            let scrollView = ScrollView(Stack(.vertical, spacing: 0, padding: 0, children: buttons))
            let window = WidgetWindow(root: scrollView, canvas: RecordingCanvas(size: Size(width: 300, height: 200)))
            window.render()
            window.handle(.keyDown(.tab, modifiers: [], isRepeat: false))
            var fromButton = [window.focused === buttons[0] ? 1 : 0]
            window.handle(.keyDown(.down, modifiers: [], isRepeat: false))
            fromButton.append(scrollView.offset)
            return (offsets, fromButton)
        }
        // A page is the view's height less a line: 180.
        #expect(offsets == [0, 20, 200, 2_000, 1_820, 1_800, 0])
        #expect(fromButton == [1, 20])
    }

    @Test("the bar: its thumb dragged scrolls in proportion; a click on the track pages")
    func barDrag() async throws {
        let log = try await onSDLActor { () -> [String] in
            let list = LabelList(count: 100)
            let window = list.window
            let thumb = list.scrollView.thumbRect
            var log = ["thumb \(thumb)"]
            let grab = thumb.center
            window.handle(.pointerMoved(grab))
            window.handle(.pointerDown(grab, button: .left))
            // Half the thumb's travel (200 − 24 = 176) down: half the content.
            window.handle(.pointerMoved(Point(x: grab.x, y: grab.y + 88)))
            log.append("dragged \(list.scrollView.offset)")
            // Dragged outside the window, far below: the end, and no further.
            window.handle(.pointerMoved(Point(x: 500, y: 900)))
            log.append("dragged far \(list.scrollView.offset)")
            window.handle(.pointerUp(Point(x: 500, y: 900), button: .left))
            list.scrollView.offset = 1_000
            let after = list.scrollView.thumbRect
            // The track above the thumb pages up, below it pages down.
            let above = Point(x: after.center.x, y: after.y - 10)
            window.handle(.pointerDown(above, button: .left))
            window.handle(.pointerUp(above, button: .left))
            log.append("page up \(list.scrollView.offset)")
            let below = Point(x: after.center.x, y: list.scrollView.thumbRect.maxY + 10)
            window.handle(.pointerDown(below, button: .left))
            window.handle(.pointerUp(below, button: .left))
            log.append("page down \(list.scrollView.offset)")
            return log
        }
        #expect(log == ["thumb [292, 0, 6×24]", "dragged 1000", "dragged far 2000", "page up 820", "page down 1000"])
    }

    @Test("only rows meeting the view are drawn, clipped to it")
    func onlyVisibleRowsDrawn() async throws {
        let (top, scrolled, clips) = try await onSDLActor { () -> ([String], [String], [RecordingCanvas.Command]) in
            let list = LabelList(count: 100)
            let top = list.drawnRows
            list.scrollView.offset = 1_000
            let scrolled = list.drawnRows
            let clips = list.canvas.commands.filter { if case .clip = $0 { true } else { false } }
            return (top, scrolled, clips)
        }
        // Rows 0–9 meet 0..<200 (row 9 is 198..<220); the 4-point margin adds none.
        #expect(top == (0...9).map { "Row \($0)" })
        // From 1,000: rows 45 (990..<1,012) to 54 (1,188..<1,210); row 55 starts at 1,210 (in the
        // margin's reach only if it started before 1,204).
        #expect(scrolled == (45...54).map { "Row \($0)" })
        #expect(clips == [.clip(Rect(x: 0, y: 0, width: 290, height: 200)), .clip(nil)])
    }

    @Test("10,000 rows: a wheel step lays nothing out and draws only the rows in view")
    func tenThousandRows() async throws {
        let (layouts, drawn, texts) = try await onSDLActor { () -> ([Int], [Int], [String]) in
            let list = LabelList(count: 10_000)
            var layouts = [list.window.layoutPasses]
            var drawn = [list.drawnRows.count]
            list.scrollView.offset = 100_000
            list.wheel(-1)
            layouts.append(list.window.layoutPasses)
            let texts = list.drawnRows
            drawn.append(texts.count)
            drawn.append(list.canvas.commands.count)
            return (layouts, drawn, texts)
        }
        #expect(layouts[0] == layouts[1], "scrolling must not lay out")
        #expect(drawn[0] == 10)
        // 100,060: rows 4,548 (100,056..<100,078) to 4,557.
        #expect(texts == (4_548...4_557).map { "Row \($0)" })
        // The clear, two clips, ten texts, the bar's track and thumb.
        #expect(drawn[2] == 15, "\(drawn)")
    }

    @Test("the pointer reaches only rows in view: not rows scrolled under the widget above, and the right row below the pointer")
    func hitTesting() async throws {
        let (clicked, scrolled, probed) = try await onSDLActor { () -> ([Int], Int, Int) in
            let buttons = (0..<30).map { Button("Button \($0)") }
            var clicked: [Int] = []
            let connections = buttons.enumerated().map { index, button in button.clicked.connect { clicked.append(index) } }
            defer { connections.forEach { $0.disconnect() } }
            let header = Label("Header")
            let scrollView = ScrollView(Stack(.vertical, spacing: 0, padding: 0, children: buttons))
            scrollView.stretch = 1
            let root = Stack(.vertical, distribution: .fill, spacing: 0, padding: 0, children: [header, scrollView])
            let window = WidgetWindow(root: root, canvas: RecordingCanvas(size: Size(width: 300, height: 200)))
            window.render()
            let rowHeight = buttons[0].frame.height
            scrollView.offset = rowHeight + rowHeight / 2
            // Button 0 is now above the view, behind the header (its centre in the header's frame).
            var probed = 0
            for button in buttons.prefix(2) {
                let point = button.frame.center
                if point.y < header.frame.maxY {
                    probed += 1
                    window.handle(.pointerDown(point, button: .left))
                    window.handle(.pointerUp(point, button: .left))
                    window.handle(.wheel(point, dx: 0, dy: -1))
                }
            }
            let scrolledByWheelOverHeader = scrollView.offset
            // Just inside the view's top: the row showing there (button 1, half in view).
            let inside = Point(x: buttons[1].frame.center.x, y: scrollView.frame.y + 2)
            window.handle(.pointerDown(inside, button: .left))
            window.handle(.pointerUp(inside, button: .left))
            return (clicked, scrolledByWheelOverHeader - (rowHeight + rowHeight / 2), probed)
        }
        #expect(probed == 1)
        #expect(clicked == [1])
        #expect(scrolled == 0)
    }

    @Test("Tab to a widget out of view scrolls it into view; Shift+Tab back to the first scrolls to the top")
    func focusScrollsIntoView() async throws {
        let log = try await onSDLActor { () -> [String] in
            let buttons = (0..<30).map { Button("Button \($0)") }
            let scrollView = ScrollView(Stack(.vertical, spacing: 0, padding: 0, children: buttons))
            let window = WidgetWindow(root: scrollView, canvas: RecordingCanvas(size: Size(width: 300, height: 200)))
            window.render()
            var log: [String] = []
            var allInView = true
            for _ in 0..<29 {
                window.handle(.keyDown(.tab, modifiers: [], isRepeat: false))
                let frame = window.focused!.frame
                allInView = allInView && frame.y >= scrollView.viewport.y && frame.maxY <= scrollView.viewport.maxY
            }
            log.append("focused \((window.focused as? Button)?.title ?? "-") all in view \(allInView) at end \(scrollView.offset == scrollView.maximumOffset)")
            for _ in 0..<28 { window.handle(.keyDown(.tab, modifiers: .shift, isRepeat: false)) }
            log.append("focused \((window.focused as? Button)?.title ?? "-") offset \(scrollView.offset)")
            return log
        }
        #expect(log == ["focused Button 28 all in view true at end false", "focused Button 0 offset 0"])
    }

    @Test("on the software renderer: a wheel step posted to the host scrolls, and nothing is drawn outside the view")
    func clippedInPixels() async throws {
        let seen = Mutex<(offset: Int, pixels: RGBAImage, frame: Rect)?>(nil)
        let options = SDLHost.WindowOptions(title: "scroll", width: 200, height: 200, softwareRenderer: true)
        let red = Color(200, 0, 0), green = Color(0, 160, 0)
        _ = try await HostHarness.runSDLHost(HostHarness.dummyConfiguration(window: options)) { host in
            // 50 points of nothing, a 100-point view on 20 rows of 40, 50 points of nothing.
            let rows = (0..<20).map { Swatch($0 % 2 == 0 ? red : green, height: 40) }
            let scrollView = ScrollView(Stack(.vertical, spacing: 0, padding: 0, children: rows))
            scrollView.stretch = 1
            let root = Stack(.vertical, distribution: .fill, spacing: 0, padding: 0,
                             children: [Swatch(Color(0, 0, 0, 0), height: 50), scrollView, Swatch(Color(0, 0, 0, 0), height: 50)])
            let window = try WidgetWindow(host: host, options: options, root: root)
            window.background = Color(0, 0, 0)
            try await Task.sleep(for: .milliseconds(60), clock: .sdl)
            let hostWindow = try #require(window.hostWindow)
            // One wheel step down: 60 points, so rows 0 and 1 would reach up to y = 50 − 60 and
            // row 3 down to 50 + 160 − 60 = 150 + 40 without the clip.
            host.post(SyntheticInput.wheel(at: Point(x: 50, y: 100), dy: -1, windowID: hostWindow.id))
            try await Task.sleep(for: .milliseconds(60), clock: .sdl)
            window.render()
            let pixels = try SDLCanvas(window: hostWindow).readPixels()
            seen.withLock { $0 = (scrollView.offset, pixels, scrollView.frame) }
        }
        let result = try #require(seen.withLock { $0 })
        #expect(result.offset == 60)
        #expect(result.frame == Rect(x: 0, y: 50, width: 200, height: 100))
        let pixels = result.pixels
        for y in [0, 25, 49, 150, 175, 199] {
            #expect(pixels.pixel(x: 50, y: y) == Color(0, 0, 0), "y = \(y): outside the view")
        }
        // Offset 60: row 1 (green, 40..<80) shows at 50..<70, row 2 (red) at 70..<110, row 3 (green)
        // at 110..<150.
        #expect(pixels.pixel(x: 50, y: 55) == green)
        #expect(pixels.pixel(x: 50, y: 90) == red)
        #expect(pixels.pixel(x: 50, y: 149) == green)
    }
}
