import SDLConcurrency
import SDLConcurrencyTesting
import SDLWidgetsTesting
@testable import SDLWidgets
import Testing

/// Layout and redraw-when-dirty, on a RecordingCanvas (fixed metrics: a character is size/2 wide,
/// a line is size*5/4 high).
@Suite("Layout and redraw")
struct LayoutTests {}

extension LayoutTests {
    @Test("a vertical stack centres a label above a button; a horizontal fillEqually stack halves the window")
    func verticalInHorizontal() async throws {
        let frames = try await onSDLActor { () -> [Rect] in
            let canvas = RecordingCanvas(size: Size(width: 800, height: 400))
            let label = Label("abcd", font: Font(.regular, size: 20))  // 40 × 25
            let button = Button("ok")
            button.minimumWidth = 100  // 100 × (20 + 22)
            button.font = Font(.bold, size: 16)
            let panel = Stack(.vertical, spacing: 10, padding: 0, children: [label, button])
            let other = Stack(.vertical)
            let root = Stack(.horizontal, distribution: .fillEqually, spacing: 20, padding: 10, children: [panel, other])
            let window = WidgetWindow(root: root, canvas: canvas)
            window.layoutIfNeeded()
            return [panel.frame, other.frame, label.frame, button.frame]
        }
        // Content 780 wide: two parts of 380 with a 20 gap.
        #expect(frames[0] == Rect(x: 10, y: 10, width: 380, height: 380))
        #expect(frames[1] == Rect(x: 410, y: 10, width: 380, height: 380))
        // Label (25 high) + 10 + button (42 high) = 77, centred in 380: starts at 10 + 151.
        #expect(frames[2] == Rect(x: 10 + 170, y: 161, width: 40, height: 25))
        #expect(frames[3] == Rect(x: 10 + 140, y: 196, width: 100, height: 42))
    }

    @Test("a resize re-flows the tree")
    func resizeReflows() async throws {
        let (before, after, passes) = try await onSDLActor { () -> (Rect, Rect, Int) in
            let canvas = RecordingCanvas(size: Size(width: 400, height: 200))
            let button = Button("ok")
            let window = WidgetWindow(root: Stack(.vertical, children: [button]), canvas: canvas)
            window.render()
            let before = button.frame
            canvas.size = Size(width: 600, height: 300)
            window.handle(.resized(Size(width: 600, height: 300)))
            window.render()
            return (before, button.frame, window.layoutPasses)
        }
        #expect(before.center == Point(x: 200, y: 100))
        #expect(after.center == Point(x: 300, y: 150))
        #expect(passes == 2)
    }

    @Test("nothing changed, nothing drawn: frames only follow real changes")
    func redrawOnlyWhenDirty() async throws {
        let drawn = try await onSDLActor { () -> [Bool] in
            let canvas = RecordingCanvas(size: Size(width: 400, height: 200))
            let label = Label("a")
            let button = Button("b")
            let window = WidgetWindow(root: Stack(.vertical, children: [label, button]), canvas: canvas)
            var drawn: [Bool] = []
            drawn.append(window.renderIfNeeded())  // first frame
            drawn.append(window.renderIfNeeded())  // nothing changed
            window.handle(.pointerMoved(Point(x: 1, y: 1)))  // over no interactive widget
            drawn.append(window.renderIfNeeded())
            label.text = "a"  // same text
            drawn.append(window.renderIfNeeded())
            label.text = "changed"
            drawn.append(window.renderIfNeeded())
            window.handle(.pointerMoved(button.frame.center))  // hover
            drawn.append(window.renderIfNeeded())
            return drawn
        }
        #expect(drawn == [true, false, false, false, true, true])
    }

    @Test("the label draws its new text after a change")
    func labelText() async throws {
        let texts = try await onSDLActor { () -> [[String]] in
            let canvas = RecordingCanvas(size: Size(width: 400, height: 200))
            let label = Label("The answer is 42.")
            let window = WidgetWindow(root: Stack(.vertical, children: [label]), canvas: canvas)
            window.render()
            let first = canvas.texts
            label.text = "What do you get if you multiply six by nine?"
            window.render()
            return [first, canvas.texts]
        }
        #expect(texts == [["The answer is 42."], ["What do you get if you multiply six by nine?"]])
    }
}
