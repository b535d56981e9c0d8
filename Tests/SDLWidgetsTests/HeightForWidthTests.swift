import CSDL2
import SDLConcurrency
import SDLConcurrencyTesting
import SDLWidgetsTesting
@testable import SDLWidgets
import Synchronization
import Testing

/// Height for width: a wrapping label in a column, a row, a centred stack and a scroll view wraps
/// at the width the layout gives it and takes the height of those lines; the window's minimum width
/// follows its widest word, not its unwrapped text. On a RecordingCanvas (body text: 9 points a
/// character, 22 a line), and once in pixels on SDL.
@Suite("Height for width")
struct HeightForWidthTests {}

private let pangram = "Pack my box with five dozen liquor jugs, then wrap it over several lines of this window"

/// The lines of `text` wrapped at `width` points on a RecordingCanvas in body text.
private func recordedLines(_ text: String, width: Int) -> [String] {
    Label.wrap(text, toWidth: width, maxLines: .max) { $0.count * 9 }
}

extension HeightForWidthTests {
    @Test("in a column (fill): the label wraps at the column's width, is as high as its lines, the next child follows; the window's minimum width is the widest word's")
    func column() async throws {
        let (labelFrame, buttonFrame, lines, minimum, buttonMinimum, columnHeight) = try await onSDLActor {
            () -> (Rect, Rect, [String], Size?, Size, Int) in
            let canvas = RecordingCanvas(size: Size(width: 300, height: 400))
            let label = Label(pangram)
            label.lineLimit = nil
            let button = Button("OK")
            let column = Stack(.vertical, distribution: .fill, spacing: 10, padding: 20, children: [label, button])
            let window = WidgetWindow(root: column, canvas: canvas)
            window.render()
            return (label.frame, button.frame, label.visibleLines(on: canvas), window.minimumSize,
                    button.minimumSize(on: canvas), column.preferredHeight(forWidth: 300, on: canvas))
        }
        let expected = recordedLines(pangram, width: 260)
        #expect(expected.count == 4, "\(expected)")
        #expect(labelFrame == Rect(x: 20, y: 20, width: 260, height: expected.count * 22))
        #expect(lines == expected)
        #expect(buttonFrame.y == labelFrame.maxY + 10)
        #expect(columnHeight == 20 + expected.count * 22 + 10 + buttonFrame.height + 20)
        // The widest word, "several", is 63 points: narrower than the button, which decides.
        #expect(minimum?.width == max(63, buttonMinimum.width) + 40)
        // At most one line's height: the label asks for its lines wrapped at its maximum width.
        #expect(minimum?.height == 20 + 22 + 10 + buttonMinimum.height + 20)
    }

    @Test("a wrapping label's sizes: minimum width its widest word, preferred width its widest line at maximumWidth; one-line labels unchanged")
    func labelSizes() async throws {
        let (wrapping, oneLine) = try await onSDLActor { () -> ((Size, Size), (Size, Size)) in
            let canvas = RecordingCanvas(size: Size(width: 300, height: 400))
            let label = Label(pangram)
            label.lineLimit = 3
            label.maximumWidth = 200
            let wrapping = (label.minimumSize(on: canvas), label.preferredSize(on: canvas))
            label.lineLimit = 1
            return (wrapping, (label.minimumSize(on: canvas), label.preferredSize(on: canvas)))
        }
        // At 200 points (22 characters) three lines, the last elided; "several" is not among them,
        // so the widest word is "liquor" or "dozen"-sized: 6 characters.
        let lines = Label.wrap(pangram, toWidth: 200, maxLines: 3) { $0.count * 9 }
        #expect(wrapping.1 == Size(width: lines.map { $0.count * 9 }.max() ?? 0, height: 3 * 22))
        #expect(wrapping.0 == Size(width: 6 * 9, height: 3 * 22))
        #expect(oneLine.0 == Size(width: 200, height: 22) && oneLine.1 == oneLine.0)
    }

    @Test("centred in a column narrower than its text, the label takes the column's width and wraps there")
    func centred() async throws {
        let (frame, lines) = try await onSDLActor { () -> (Rect, [String]) in
            let canvas = RecordingCanvas(size: Size(width: 300, height: 400))
            let label = Label(pangram)
            label.lineLimit = nil
            let window = WidgetWindow(root: Stack(.vertical, padding: 20, children: [label]), canvas: canvas)
            window.render()
            return (label.frame, canvas.texts)
        }
        let expected = recordedLines(pangram, width: 260)
        #expect(frame.width == 260 && frame.height == expected.count * 22)
        #expect(frame.y == (400 - expected.count * 22) / 2)
        #expect(lines == expected)
    }

    @Test("in a row, a stretching label wraps at its share; a column around the row gives the row that height")
    func row() async throws {
        let (rowFrame, labelFrame, below) = try await onSDLActor { () -> (Rect, Rect, Rect) in
            let canvas = RecordingCanvas(size: Size(width: 400, height: 400))
            let label = Label(pangram)
            label.lineLimit = nil
            label.stretch = 1
            let row = Stack(.horizontal, distribution: .fill, spacing: 10, padding: 0, children: [label, Button("OK")])
            let after = Label("after")
            let column = Stack(.vertical, distribution: .fill, spacing: 0, padding: 0, children: [row, after])
            let window = WidgetWindow(root: column, canvas: canvas)
            window.render()
            return (row.frame, label.frame, after.frame)
        }
        // The button keeps its 120 points, the label gets 400 - 120 - 10 = 270.
        let expected = recordedLines(pangram, width: 270)
        #expect(labelFrame.width == 270)
        #expect(rowFrame.height == expected.count * 22)
        #expect(below.y == rowFrame.maxY)
    }

    @Test("in a scroll view: the content is as high as the label's lines at the view's width, less the bar's once it scrolls")
    func scrolled() async throws {
        let (contentHeight, maximumOffset, viewport) = try await onSDLActor { () -> (Int, Int, Rect) in
            let canvas = RecordingCanvas(size: Size(width: 200, height: 60))
            let label = Label(pangram)
            label.lineLimit = nil
            let scroll = ScrollView(Stack(.vertical, distribution: .fill, spacing: 0, padding: 0, children: [label]))
            let window = WidgetWindow(root: scroll, canvas: canvas)
            window.render()
            return (scroll.content.frame.height, scroll.maximumOffset, scroll.viewport)
        }
        // The bar is 10 points wide.
        #expect(viewport.width == 200 - 10)
        let expected = recordedLines(pangram, width: 200 - 10)
        #expect(contentHeight == expected.count * 22)
        #expect(maximumOffset == expected.count * 22 - 60)
    }

    @Test("in pixels on SDL: a long wrapping label in a 400-point column keeps the window's minimum width small and shows every line")
    func pixels() async throws {
        let seen = Mutex<(bands: Int, lines: [String], minimum: Size?, frame: Rect, windowMinimum: (Int32, Int32))?>(nil)
        _ = try await HostHarness.runSDLHost(HostHarness.dummyConfiguration(window: ControlsHarness.options("wrap", width: 400, height: 300))) { host in
            let label = Label(pangram + ", and then a few words more to be sure that it needs several lines")
            label.lineLimit = nil
            label.alignment = .leading
            let canvas = try SDLCanvas(host: host)
            let column = Stack(.vertical, distribution: .fill, spacing: 0, padding: 20, children: [label])
            let window = WidgetWindow(root: column, canvas: canvas)
            window.attach(to: host)
            try await ControlsHarness.settle()
            let pixels = try canvas.readPixels()
            // Rows with ink, counted as bands of consecutive rows.
            var bands = 0
            var inBand = false
            for y in 0..<pixels.height {
                let ink = (0..<pixels.width).contains { !ControlsHarness.pixel(pixels, x: $0, y: y, is: Palette.windowBackground) }
                if ink && !inBand { bands += 1 }
                inBand = ink
            }
            var width: Int32 = 0
            var height: Int32 = 0
            SDL_GetWindowMinimumSize(host.window, &width, &height)
            seen.withLock { $0 = (bands, label.visibleLines(on: canvas), window.minimumSize, label.frame, (width, height)) }
        }
        let result = try #require(seen.withLock { $0 })
        #expect(result.frame.width == 360)
        #expect(result.lines.count >= 4, "\(result.lines)")
        #expect(!result.lines.contains { $0.hasSuffix("\u{2026}") }, "all of it fits: \(result.lines)")
        #expect(result.bands == result.lines.count)
        // The widest word with the padding, far below the unwrapped text's width.
        let minimum = try #require(result.minimum)
        #expect(minimum.width < 200, "\(minimum)")
        #expect(result.windowMinimum.0 == Int32(minimum.width))
    }
}
