import SDLConcurrency
import SDLConcurrencyTesting
import SDLWidgetsTesting
@testable import SDLWidgets
import Testing

/// The grid of numbers on a RecordingCanvas (a character is size/2 wide, a line size*5/4 high).
@Suite("GridView")
struct GridViewTests {}

/// A window showing only `grid` over the whole canvas.
@SDLActor
private func show(_ grid: GridView, size: Size) -> (WidgetWindow, RecordingCanvas) {
    let canvas = RecordingCanvas(size: size)
    let window = WidgetWindow(root: Stack(.vertical, distribution: .fill, padding: 0, children: [grid]), canvas: canvas)
    grid.stretch = 1
    window.render()
    return (window, canvas)
}

/// Every drawn number lies inside its own cell's room, so no two overlap.
@SDLActor
private func expectNoOverlap(_ grid: GridView, _ canvas: RecordingCanvas, sourceLocation: SourceLocation = #_sourceLocation) {
    guard let geometry = grid.geometry else {
        Issue.record("the grid has no geometry", sourceLocation: sourceLocation)
        return
    }
    for entry in canvas.textRects {
        let number = Int(entry.text) ?? 0
        let room = geometry.pitchRect(forNumber: number)
        let inside = entry.rect.x >= room.x && entry.rect.maxX <= room.maxX && entry.rect.y >= room.y && entry.rect.maxY <= room.maxY
        #expect(inside, "\(entry.text) at \(entry.rect) leaves its cell \(room)", sourceLocation: sourceLocation)
    }
}

extension GridViewTests {
    @Test("numbers 1…N row-major, each centred in its cell; marked ones bold in the marker's colour")
    func numbersAndMarkers() async throws {
        let (texts, first, marked, plainFont, markedFont) = try await onSDLActor { () -> ([String], Rect, [Color], Font?, Font?) in
            let grid = GridView(rows: 3, columns: 4)
            let (window, canvas) = show(grid, size: Size(width: 400, height: 300))
            grid.setMarker(Color(100, 150, 200), forNumber: 6)
            window.render()
            let rects = canvas.textRects
            let six = rects.first { $0.text == "6" }
            let one = try #require(rects.first { $0.text == "1" })
            let sixColors = rects.filter { $0.text == "6" }.map { $0.color }
            return (rects.map(\.text), one.rect, sixColors, one.font, six?.font)
        }
        #expect(texts == (1...12).map(String.init))
        // 400 × 300 in 4 × 3 cells of 100 × 100 (gap 1): the largest size that fits is as large as
        // the cell allows, 80 (a line of 80 pt is 100 high: the row's height decides).
        #expect(plainFont == Font(.regular, size: 80))
        #expect(markedFont == Font(.bold, size: 80))
        #expect(marked == [Color(100, 150, 200)])
        // "1" at 80 pt is 40 × 100: centred across the 99-wide cell at (0, 0), and as high as its room.
        #expect(first == Rect(x: 29, y: 0, width: 40, height: 100))
    }

    @Test("the font shrinks with the cells; below the smallest legible size the numbers are hidden")
    func fontShrinksThenHides() async throws {
        let fonts = try await onSDLActor { () -> [Int?] in
            let grid = GridView(rows: 40, columns: 40)  // "1600": 4 characters
            let canvas = RecordingCanvas(size: Size(width: 1600, height: 1000))
            let window = WidgetWindow(root: Stack(.vertical, distribution: .fill, padding: 0, children: [grid]), canvas: canvas)
            grid.stretch = 1
            var fonts: [Int?] = []
            for width in [1600, 1000, 800, 720, 400] {
                canvas.size = Size(width: width, height: 1000)
                window.handle(.resized(canvas.size))
                window.render()
                fonts.append(grid.geometry?.numberFont?.size)
                expectNoOverlap(grid, canvas)
                if grid.geometry?.numberFont == nil { #expect(canvas.texts.isEmpty) }
            }
            return fonts
        }
        // Rows are 25 high (size ≤ 20); column pitch 40, 25, 20, 18, 10 must hold "1600" (4 × size/2)
        // plus 4 points of spacing; 8 is the smallest legible size.
        #expect(fonts == [19, 11, 9, nil, nil])
    }

    @Test("no text overlaps at any size, with many marked cells")
    func noOverlapAnywhere() async throws {
        try await onSDLActor {
            let grid = GridView(rows: 40, columns: 40)
            let (window, canvas) = show(grid, size: Size(width: 900, height: 600))
            for number in stride(from: 4, through: 1600, by: 2) { grid.setMarker(Color(64, 128, 192), forNumber: number) }
            for size in [Size(width: 900, height: 600), Size(width: 1234, height: 567), Size(width: 2000, height: 900), Size(width: 333, height: 333)] {
                canvas.size = size
                window.handle(.resized(size))
                window.render()
                expectNoOverlap(grid, canvas)
            }
        }
    }

    @Test("with numbers hidden a 200 × 200 grid draws no text and one batched fill per colour")
    func hiddenNumbersAreSquares() async throws {
        let (texts, batches, fills, cells) = try await onSDLActor { () -> (Int, Int, Int, Int) in
            let grid = GridView(rows: 200, columns: 200)
            let colors = [Color(64, 64, 64), Color(192, 100, 80), Color(80, 192, 100)]
            for number in 2...40_000 { grid.setMarker(number % 7 == 0 ? nil : colors[number % 3], forNumber: number) }
            let (_, canvas) = show(grid, size: Size(width: 1000, height: 600))
            var batches = 0
            var fills = 0
            var cells = 0
            for command in canvas.commands {
                switch command {
                case .fillRects(let rects, _):
                    batches += 1
                    cells += rects.count
                case .fill: fills += 1
                default: break
                }
            }
            return (canvas.texts.count, batches, fills, cells)
        }
        #expect(texts == 0)
        #expect(batches == 4)  // unmarked + three marker colours
        #expect(fills == 0)
        #expect(cells == 40_000)
    }

    @Test("a cell's colour follows its marker: the squares' colours, cleared by configure")
    func squareColors() async throws {
        let (before, after, cleared) = try await onSDLActor { () -> ([Color], [Color], [Color]) in
            let grid = GridView(rows: 100, columns: 100)
            let (window, canvas) = show(grid, size: Size(width: 300, height: 300))
            let cell = try #require(grid.geometry).cellRect(forNumber: 5)
            let before = canvas.fills(of: cell)
            grid.setMarker(Color(1, 2, 3), forNumber: 5)
            window.render()
            let after = canvas.fills(of: cell)
            grid.configure(rows: 100, columns: 100)
            window.render()
            return (before, after, canvas.fills(of: cell))
        }
        #expect(before == [Color(62, 62, 78)])
        #expect(after == [Color(1, 2, 3)])
        #expect(cleared == before)
    }

    @Test("redraw only when dirty: the same marker twice draws nothing new")
    func redrawOnlyWhenDirty() async throws {
        let drawn = try await onSDLActor { () -> [Bool] in
            let grid = GridView(rows: 10, columns: 10)
            let (window, _) = show(grid, size: Size(width: 400, height: 400))
            var drawn: [Bool] = []
            drawn.append(window.renderIfNeeded())  // nothing since the first frame
            grid.setMarker(Color(9, 9, 9), forNumber: 4)
            drawn.append(window.renderIfNeeded())
            grid.setMarker(Color(9, 9, 9), forNumber: 4)  // same colour
            drawn.append(window.renderIfNeeded())
            grid.setMarker(nil, forNumber: 7)  // already unmarked
            drawn.append(window.renderIfNeeded())
            grid.setMarker(nil, forNumber: 4)
            drawn.append(window.renderIfNeeded())
            return drawn
        }
        #expect(drawn == [false, true, false, false, true])
    }
}
