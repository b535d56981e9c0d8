public import SDLConcurrency

/// The numbers 1…rows × columns in a grid, row-major (the first row holds 1…columns), each centred
/// in its cell. A cell may carry a marker colour: its number is then drawn bold in that colour;
/// unmarked numbers are plain, in ``textColor``.
///
/// **Legibility.** The number font is the largest size from ``minimumFontSize`` up to
/// ``maximumFontSize`` at which the widest possible number fits every cell with
/// ``minimumNumberSpacing`` to spare: as large as the cell allows, at every grid size. When not even the smallest fits, numbers are hidden and the
/// cells become coloured squares (the marker's colour, or ``squareColor``). Every number is drawn
/// inside its own cell, so numbers never overlap. The grid re-flows whenever its frame changes.
///
/// **Cost.** Cells are filled with one batched ``Canvas/fillRects(_:_:)`` per colour, so a
/// 200 × 200 grid is one call per marker colour, not 40,000; with numbers hidden no text is drawn.
/// Setting a marker only marks the window dirty when the colour really changes.
///
/// Threads: SDL thread (`SDLActor`).
@SDLActor
public final class GridView: Widget {
    /// The number of rows; change the shape with ``configure(rows:columns:)``.
    public private(set) var rows: Int
    /// The number of columns (numbers per row); change the shape with
    /// ``configure(rows:columns:)``.
    public private(set) var columns: Int
    /// How many numbers the grid shows, `rows × columns`: the last number.
    public var count: Int { rows * columns }

    /// The smallest number size (points) still considered legible.
    public var minimumFontSize = 8 {
        didSet { if minimumFontSize != oldValue { invalidateGeometry() } }
    }
    /// The largest number size (points), however large the cells.
    public var maximumFontSize = 96 {
        didSet { if maximumFontSize != oldValue { invalidateGeometry() } }
    }
    /// Free points required beside the widest number in a cell, so neighbours read apart.
    public var minimumNumberSpacing = 3 {
        didSet { if minimumNumberSpacing != oldValue { invalidateGeometry() } }
    }
    /// Unmarked numbers.
    public var textColor = Palette.text {
        didSet { if textColor != oldValue { setNeedsDisplay() } }
    }
    /// Cell background while numbers are shown.
    public var cellColor = Color(26, 26, 33) {
        didSet { if cellColor != oldValue { setNeedsDisplay() } }
    }
    /// Unmarked cells while numbers are hidden.
    public var squareColor = Color(62, 62, 78) {
        didSet { if squareColor != oldValue { setNeedsDisplay() } }
    }

    /// Per cell, an index into `palette` (0: unmarked).
    private var cellPalette: [Int]
    /// Marker colours in first-use order; entry 0 is a placeholder for "unmarked".
    private var palette: [Color] = [Color(0, 0, 0, 0)]
    private var paletteIndex: [Color: Int] = [:]
    /// Cells marked so far.
    public private(set) var markedCount = 0

    /// Where the cells are, for the current frame (recomputed when the frame or grid changes).
    public private(set) var geometry: Geometry?
    /// Texts and measured sizes of the numbers at the geometry's font (measured once per layout).
    private var numberTexts: [String] = []
    private var measured: (font: Font, regular: [Size], bold: [Size])?

    /// The cells' layout inside the grid's frame.
    public struct Geometry: Sendable, Equatable {
        /// The frame the cells were laid out in.
        public var bounds: Rect
        /// The number of rows the geometry was computed for.
        public var rows: Int
        /// The number of columns the geometry was computed for.
        public var columns: Int
        /// `columns + 1` x positions: column `c` spans `columnEdges[c]..<columnEdges[c + 1]`.
        public var columnEdges: [Int]
        /// `rows + 1` y positions.
        public var rowEdges: [Int]
        /// Points left empty at each cell's right and bottom (grid lines).
        public var gap: Int
        /// The number font, or `nil` when numbers are hidden (the cells are then squares).
        public var numberFont: Font?

        /// Cell of the number `number` (1-based), without its gap.
        public func cellRect(forNumber number: Int) -> Rect {
            let row = (number - 1) / columns
            let column = (number - 1) % columns
            return Rect(
                x: columnEdges[column], y: rowEdges[row],
                width: max(0, columnEdges[column + 1] - columnEdges[column] - gap),
                height: max(0, rowEdges[row + 1] - rowEdges[row] - gap))
        }

        /// The whole room of the number's cell, gap included: its text must stay inside.
        public func pitchRect(forNumber number: Int) -> Rect {
            let row = (number - 1) / columns
            let column = (number - 1) % columns
            return Rect(
                x: columnEdges[column], y: rowEdges[row],
                width: columnEdges[column + 1] - columnEdges[column],
                height: rowEdges[row + 1] - rowEdges[row])
        }
    }

    /// A grid of the numbers 1…`rows` × `columns`, none marked. Both must be at least 1 (a
    /// precondition).
    public init(rows: Int, columns: Int) {
        // fatalError, not precondition: the message is printed in release builds too.
        if !(rows > 0 && columns > 0) { fatalError("GridView needs at least one row and one column (got \(rows) × \(columns))") }
        self.rows = rows
        self.columns = columns
        cellPalette = Array(repeating: 0, count: rows * columns)
        super.init()
    }

    // MARK: Content

    /// Changes the grid's shape; every marker is cleared.
    public func configure(rows: Int, columns: Int) {
        // fatalError, not precondition: the message is printed in release builds too.
        if !(rows > 0 && columns > 0) { fatalError("GridView needs at least one row and one column (got \(rows) × \(columns))") }
        self.rows = rows
        self.columns = columns
        numberTexts = []
        clearMarkers()
        invalidateGeometry()
    }

    /// Removes every marker.
    public func clearMarkers() {
        cellPalette = Array(repeating: 0, count: count)
        palette = [palette[0]]
        paletteIndex = [:]
        markedCount = 0
        setNeedsDisplay()
    }

    /// Marks `number` (1-based) with `color`, or unmarks it with `nil`.
    public func setMarker(_ color: Color?, forNumber number: Int) {
        // fatalError, not precondition: the message is printed in release builds too.
        if !((1...count).contains(number)) { fatalError("GridView.setMarker: \(number) is not in 1…\(count)") }
        let index: Int
        if let color {
            if let existing = paletteIndex[color] {
                index = existing
            } else {
                index = palette.count
                palette.append(color)
                paletteIndex[color] = index
            }
        } else {
            index = 0
        }
        let old = cellPalette[number - 1]
        guard old != index else { return }
        cellPalette[number - 1] = index
        markedCount += (index != 0 ? 1 : 0) - (old != 0 ? 1 : 0)
        setNeedsDisplay()
    }

    /// The marker colour of `number` (1-based), if any.
    public func marker(forNumber number: Int) -> Color? {
        let index = cellPalette[number - 1]
        return index == 0 ? nil : palette[index]
    }

    // MARK: Layout

    public override func preferredSize(on canvas: any Canvas) -> Size {
        // Room for the smallest legible numbers; a stack with `.fill` gives the grid all it can.
        let font = Font(.bold, size: minimumFontSize)
        let text = canvas.measure(String(repeating: "0", count: String(count).count), font: font)
        return Size(width: columns * (text.width + minimumNumberSpacing), height: rows * text.height)
    }

    /// The grid can shrink until its cells are one point squares (numbers hidden), but keeps at
    /// least ``minimumSide`` points a side so the sieve's pattern stays visible.
    public override func minimumSize(on canvas: any Canvas) -> Size {
        Size(width: max(Self.minimumSide, columns), height: max(Self.minimumSide, rows))
    }

    /// The least width and height of a grid (points).
    public nonisolated static let minimumSide = 120

    public override func layoutChildren(on canvas: any Canvas) {
        guard geometry?.bounds != frame || geometry?.rows != rows || geometry?.columns != columns else { return }
        geometry = Self.geometry(in: frame, rows: rows, columns: columns, on: canvas,
                                 fontSizes: minimumFontSize...max(minimumFontSize, maximumFontSize),
                                 spacing: minimumNumberSpacing)
        measured = nil
    }

    private func invalidateGeometry() {
        geometry = nil
        measured = nil
        setNeedsLayout()
    }

    /// The cells of a `rows` × `columns` grid in `bounds`, with the largest number font from
    /// `fontSizes` that fits every cell (or none).
    ///
    /// Column `c` starts at `bounds.x + c × width / columns` (rounded down), so the cells cover the
    /// bounds exactly and differ in size by one point at most.
    public static func geometry(
        in bounds: Rect, rows: Int, columns: Int, on canvas: any Canvas,
        fontSizes: ClosedRange<Int>, spacing: Int
    ) -> Geometry {
        let columnEdges = (0...columns).map { bounds.x + $0 * bounds.width / columns }
        let rowEdges = (0...rows).map { bounds.y + $0 * bounds.height / rows }
        let columnPitch = bounds.width / columns
        let rowPitch = bounds.height / rows
        let gap = min(columnPitch, rowPitch) >= 3 ? 1 : 0
        let digits = String(rows * columns).count
        func fits(_ size: Int) -> Bool {
            // Every number has at most `digits` digits, each no wider than the widest digit.
            let widest = Font.Weight.allCases.map { weight -> Size in
                let font = Font(weight, size: size)
                let digit = (0...9).map { String($0) }.max { canvas.measure($0, font: font).width < canvas.measure($1, font: font).width } ?? "0"
                return canvas.measure(String(repeating: digit, count: digits), font: font)
            }
            let width = widest.map(\.width).max() ?? 0
            let height = widest.map(\.height).max() ?? 0
            return width > 0 && width + spacing <= columnPitch && height <= rowPitch
        }
        // Text grows with its size, so the largest size that fits is found by bisection (a few
        // measurements, rather than one round per size from 96 pt down).
        var numberFont: Font?
        if fits(fontSizes.lowerBound) {
            var low = fontSizes.lowerBound  // fits
            var high = fontSizes.upperBound + 1  // does not fit (or is past the range)
            while high - low > 1 {
                let middle = (low + high) / 2
                if fits(middle) { low = middle } else { high = middle }
            }
            numberFont = Font(.regular, size: low)
        }
        return Geometry(bounds: bounds, rows: rows, columns: columns, columnEdges: columnEdges,
                        rowEdges: rowEdges, gap: gap, numberFont: numberFont)
    }

    // MARK: Drawing

    public override func draw(on canvas: any Canvas) {
        guard let geometry, geometry.rows == rows, geometry.columns == columns else { return }
        let showsNumbers = geometry.numberFont != nil

        // Cells: one batched fill per colour.
        var buckets = Array(repeating: [Rect](), count: palette.count)
        buckets[0].reserveCapacity(count - markedCount)
        for number in 1...count {
            buckets[cellPalette[number - 1]].append(geometry.cellRect(forNumber: number))
        }
        canvas.fillRects(buckets[0], showsNumbers ? cellColor : squareColor)
        if !showsNumbers {
            for index in 1..<palette.count where !buckets[index].isEmpty {
                canvas.fillRects(buckets[index], palette[index])
            }
            return
        }

        // Numbers: centred in their cells, bold in the marker colour once marked.
        guard let font = geometry.numberFont else { return }
        let sizes = measuredSizes(font: font, on: canvas)
        let bold = Font(.bold, size: font.size)
        for number in 1...count {
            let index = cellPalette[number - 1]
            let size = index == 0 ? sizes.regular[number - 1] : sizes.bold[number - 1]
            let room = geometry.pitchRect(forNumber: number)
            // The font was chosen so that every number fits; a font that measures otherwise
            // (say, a digit wider than the widest digit) loses that number, never overlaps.
            guard size.width <= room.width, size.height <= room.height else { continue }
            let origin = geometry.cellRect(forNumber: number).centering(size).origin
            let clamped = Point(x: min(max(origin.x, room.x), room.maxX - size.width),
                                y: min(max(origin.y, room.y), room.maxY - size.height))
            canvas.drawText(numberTexts[number - 1], font: index == 0 ? font : bold,
                            color: index == 0 ? textColor : palette[index], at: clamped)
        }
    }

    private func measuredSizes(font: Font, on canvas: any Canvas) -> (font: Font, regular: [Size], bold: [Size]) {
        if numberTexts.count != count { numberTexts = (1...count).map { String($0) } }
        if let measured, measured.font == font, measured.regular.count == count { return measured }
        let bold = Font(.bold, size: font.size)
        let sizes = (font, numberTexts.map { canvas.measure($0, font: font) }, numberTexts.map { canvas.measure($0, font: bold) })
        measured = sizes
        return sizes
    }
}
