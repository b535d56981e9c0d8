public import SDLConcurrency

/// A one-line text field, as Qt's `QLineEdit` and SwiftUI's `TextField` are.
///
/// - **Typing** arrives as ``InputEvent/textInput(_:)`` (SDL text input is on while the field has
///   focus); an input method's composition is shown inline at the caret, underlined, until it is
///   committed (``composition``). The key events of printable keys are consumed but not inserted.
/// - **Editing keys:** Left/Right move by character (a grapheme cluster: a flag, an "e" with a
///   combining accent move and delete as one), with Ctrl by word; Home/End; Shift extends the
///   selection; Backspace/Delete delete a character (Ctrl: a word) or the selection; Ctrl+A
///   selects all; Ctrl+C/X/V copy, cut and paste through the system clipboard (pasted line breaks
///   become spaces); Enter emits ``submitted``. Escape, Up/Down and Ctrl shortcuts the field does
///   not use go on to its parents and the window.
/// - **Mouse:** a click places the caret, a drag selects.
/// - **Limits:** at most ``maximumLength`` characters (typing and pasting past it are cut). Only
///   the visible part of the text is measured and drawn each frame, so a field full of text costs
///   what a field of one line's width costs; the text scrolls to keep the caret in view.
///
/// Every change the user makes emits ``edited`` with the new text; setting ``text`` from code
/// does not (``ValueControl``).
///
/// Threads: SDL thread (`SDLActor`).
@SDLActor
public final class TextField: Widget, ValueControl {
    /// The text. Setting it from code never emits ``edited``; it is cut to ``maximumLength``
    /// characters, and the caret goes to its end.
    public var text: String {
        get { storage }
        set {
            let cut = Self.prefix(newValue, characters: maximumLength)
            guard cut != storage else { return }
            setStorage(cut, changedFrom: 0)
            anchor = characters.count
            caret = characters.count
            textDidChange()
        }
    }

    /// The same as ``text`` (the ``ValueControl`` view of the field).
    public var value: String {
        get { text }
        set { text = newValue }
    }

    /// Shown in the secondary text colour while the field is empty and no composition is shown.
    public var placeholder: String {
        didSet { if placeholder != oldValue { setNeedsDisplay() } }
    }

    /// The text's font, ``Font/body`` unless set; a change lays the window out again.
    public var font: Font = .body {
        didSet { if font != oldValue { setNeedsLayout() } }
    }

    /// The most characters (grapheme clusters) the field holds: typing or pasting past it is cut,
    /// and lowering it cuts the text (without emitting ``edited``). 10,000 unless set; must not be
    /// negative.
    public var maximumLength = 10_000 {
        didSet {
            // fatalError, not precondition: the message is printed in release builds too.
            if !(maximumLength >= 0) { fatalError("TextField.maximumLength: \(maximumLength) is negative; the caller must give a count of characters, 0 or more") }
            if characters.count > maximumLength { text = storage }
        }
    }

    /// The width the field asks for, in points (its height follows the font). The layout may give
    /// it more, or less.
    public var preferredWidth = 240 {
        didSet { if preferredWidth != oldValue { setNeedsLayout() } }
    }

    /// Space between the border and the text: horizontally, and above and below the line.
    public var padding = (horizontal: 8, vertical: 6) {
        didSet { setNeedsLayout() }
    }

    /// The selection, in characters (grapheme clusters) from the start of ``text``; an empty range
    /// is the caret's position. Setting it clamps to the text and never emits ``edited``.
    public var selectedRange: Range<Int> {
        get { min(anchor, caret)..<max(anchor, caret) }
        set {
            let count = characters.count
            anchor = min(max(0, newValue.lowerBound), count)
            caret = min(max(0, newValue.upperBound), count)
            selectionDidChange()
        }
    }

    /// The input method's composition shown at the caret, not yet part of ``text`` (empty when
    /// none is in progress).
    public internal(set) var composition = "" {
        didSet { if composition != oldValue { setNeedsDisplay() } }
    }

    /// Emitted after every change the user makes (typing, deleting, cutting, pasting, a
    /// committed composition), with the new text.
    public let edited: Signal<String>
    /// Emitted when Enter is pressed in the field, with the text.
    public let submitted: Signal<String>

    /// An empty field showing `placeholder` (or holding `text`, cut to ``maximumLength``).
    public init(text: String = "", placeholder: String = "") {
        self.placeholder = placeholder
        self.edited = Signal(name: "TextField.edited")
        self.submitted = Signal(name: "TextField.submitted")
        super.init()
        self.text = text
    }

    // MARK: State

    /// ``text`` as stored.
    private(set) var storage = ""
    /// ``text``'s characters, for indexing by offset (kept in step with `storage`).
    private(set) var characters: [Character] = []
    /// The selection's fixed end (where it began) and its moving end, where the caret is drawn.
    var anchor = 0
    var caret = 0
    /// Where the caret is inside ``composition``, in characters.
    var compositionCursor = 0
    /// How far the text is scrolled left, in points, to keep the caret in view.
    private(set) var scrollOffset = 0
    /// The measured caret positions of the text (see ``CaretPositions``); `nil` until first needed.
    private var measured: CaretPositions?
    /// Characters before this offset are unchanged since `measured` was made.
    private var unchangedPrefix = Int.max

    /// Replaces the stored text; `changedFrom` is the first character offset that may differ.
    func setStorage(_ newText: String, changedFrom offset: Int) {
        storage = newText
        characters = Array(newText)
        // A combining mark joins the character before it: that one may have changed too.
        unchangedPrefix = min(unchangedPrefix, max(0, offset - 1))
    }

    /// The caret positions of the current text in the current font on `canvas`, measured as needed.
    func positions(on canvas: any Canvas) -> CaretPositions {
        if let measured, unchangedPrefix == .max, measured.font == font, measured.canvas == ObjectIdentifier(canvas) {
            return measured
        }
        let fresh = CaretPositions(characters: characters, font: font, canvas: canvas, reusing: measured,
                                   unchangedPrefix: unchangedPrefix == .max ? characters.count : unchangedPrefix)
        measured = fresh
        unchangedPrefix = .max
        return fresh
    }

    /// The longest prefix of `text` of at most `count` characters (only those are walked: cutting a
    /// megabyte to 10,000 characters reads 10,000).
    nonisolated static func prefix(_ text: String, characters count: Int) -> String {
        guard let end = text.index(text.startIndex, offsetBy: max(0, count), limitedBy: text.endIndex) else { return text }
        return String(text[..<end])
    }

    // MARK: Widget

    public override var acceptsFocus: Bool { isEnabled }
    public override var acceptsTextInput: Bool { true }
    public override var receivesPointer: Bool { true }

    /// The caret's rectangle, so the input method's candidate window opens at it.
    public override var textInputRect: Rect {
        guard let canvas = containingWindow?.canvas else { return frame }
        return caretRect(on: canvas)
    }

    public override func preferredSize(on canvas: any Canvas) -> Size {
        Size(width: max(0, preferredWidth), height: lineHeight(on: canvas) + 2 * padding.vertical)
    }

    public override func handle(_ event: InputEvent) -> Bool {
        handleInput(event)
    }

    public override func interactionStateDidChange() {
        // Focus gone: the input method's composition goes with it (SDL's text input is off now).
        if !isFocused { composition = "" }
        setNeedsDisplay()
    }

    public override func draw(on canvas: any Canvas) {
        if isFocused && isEnabled {
            canvas.stroke(frame.insetBy(-3), Palette.focusRing, width: 2)
        }
        canvas.fill(frame, isEnabled ? Palette.fieldBackground : Palette.fieldDisabledBackground)
        canvas.stroke(frame, isHovered && isEnabled ? Palette.fieldHoverBorder : Palette.fieldBorder, width: 1)
        scrollToCaret(on: canvas)
        let area = textArea
        let lineHeight = lineHeight(on: canvas)
        let top = frame.y + (frame.height - lineHeight) / 2
        canvas.withClip(area) {
            if storage.isEmpty && composition.isEmpty {
                if !placeholder.isEmpty {
                    canvas.drawText(placeholder, font: font, color: Palette.secondaryText, at: Point(x: area.x, y: top))
                }
            } else {
                drawLine(on: canvas, top: top, lineHeight: lineHeight)
            }
            if isFocused && isEnabled {
                canvas.fill(caretRect(on: canvas), Palette.text)
            }
        }
    }

    // MARK: Geometry

    /// Where the text goes: inside the border and the horizontal padding.
    var textArea: Rect {
        Rect(x: frame.x + padding.horizontal, y: frame.y + 1,
             width: max(0, frame.width - 2 * padding.horizontal), height: max(0, frame.height - 2))
    }

    /// The caret is this many points wide.
    static let caretWidth = 1

    private func lineHeight(on canvas: any Canvas) -> Int {
        canvas.measure("", font: font).height
    }

    /// Where the composition is shown: at the selection's start (the selection is replaced).
    var compositionOffset: Int { selectedRange.lowerBound }

    /// The width of the composition shown.
    private func compositionWidth(on canvas: any Canvas) -> Int {
        composition.isEmpty ? 0 : canvas.measure(composition, font: font).width
    }

    /// The x of caret position `offset` from the line's start as shown: positions after the
    /// composition are pushed right by its width.
    func displayX(of offset: Int, on canvas: any Canvas) -> Int {
        let x = positions(on: canvas).x(of: offset, on: canvas)
        return !composition.isEmpty && offset > compositionOffset ? x + compositionWidth(on: canvas) : x
    }

    /// The x of the caret from the line's start: inside the composition while one is shown.
    private func caretLineX(on canvas: any Canvas) -> Int {
        guard !composition.isEmpty else { return displayX(of: caret, on: canvas) }
        let start = displayX(of: compositionOffset, on: canvas)
        return start + canvas.measure(String(composition.prefix(compositionCursor)), font: font).width
    }

    /// The caret's rectangle in window coordinates.
    func caretRect(on canvas: any Canvas) -> Rect {
        let lineHeight = lineHeight(on: canvas)
        let x = textArea.x - scrollOffset + caretLineX(on: canvas)
        return Rect(x: x, y: frame.y + (frame.height - lineHeight) / 2, width: Self.caretWidth, height: lineHeight)
    }

    /// The caret position nearest to window x `x`, as the text is shown now.
    func offset(nearestTo x: Int, on canvas: any Canvas) -> Int {
        positions(on: canvas).offset(nearestTo: x - textArea.x + scrollOffset, on: canvas)
    }

    /// Scrolls the least that keeps the caret in view, and no further right than the text needs.
    func scrollToCaret(on canvas: any Canvas) {
        let room = max(0, textArea.width - Self.caretWidth)
        let caretX = caretLineX(on: canvas)
        if caretX - scrollOffset > room { scrollOffset = caretX - room }
        if caretX < scrollOffset { scrollOffset = caretX }
        let lineWidth = positions(on: canvas).width(on: canvas) + compositionWidth(on: canvas)
        scrollOffset = max(0, min(scrollOffset, lineWidth - room))
    }

    // MARK: Drawing

    /// Draws the visible part of the line: selection, text (with the composition in it) and the
    /// composition's underline.
    private func drawLine(on canvas: any Canvas, top: Int, lineHeight: Int) {
        let area = textArea
        let origin = area.x - scrollOffset
        let color = isEnabled ? Palette.text : Palette.buttonDisabledText
        let count = characters.count
        if composition.isEmpty {
            let selection = selectedRange
            if !selection.isEmpty {
                let start = origin + displayX(of: selection.lowerBound, on: canvas)
                let end = origin + displayX(of: selection.upperBound, on: canvas)
                canvas.fill(Rect(x: start, y: top, width: end - start, height: lineHeight),
                            isFocused ? Palette.selection : Palette.inactiveSelection)
            }
            drawRun(0..<count, at: origin, top: top, color: color, on: canvas)
        } else {
            let split = compositionOffset
            let width = compositionWidth(on: canvas)
            let start = origin + displayX(of: split, on: canvas)
            drawRun(0..<split, at: origin, top: top, color: color, on: canvas)
            canvas.drawText(composition, font: font, color: color, at: Point(x: start, y: top))
            canvas.fill(Rect(x: start, y: top + lineHeight - 2, width: width, height: 1), color)
            drawRun(split..<count, at: origin + width, top: top, color: color, on: canvas)
        }
    }

    /// Draws the characters of `run` that can be seen in the text area, the line starting at window
    /// x `origin`: from the start of the chunk where the area begins (or the run's start) to the end
    /// of the chunk where it ends. At most a few hundred characters, however long the text.
    private func drawRun(_ run: Range<Int>, at origin: Int, top: Int, color: Color, on canvas: any Canvas) {
        guard !run.isEmpty else { return }
        let area = textArea
        let positions = positions(on: canvas)
        let first = positions.characterRange(ofChunk: positions.chunk(at: area.x - origin, on: canvas)).lowerBound
        let last = positions.characterRange(ofChunk: positions.chunk(at: area.maxX - origin, on: canvas)).upperBound
        let shown = max(run.lowerBound, first)..<min(run.upperBound, last)
        guard !shown.isEmpty else { return }
        let x = origin + positions.x(of: shown.lowerBound, on: canvas)
        canvas.drawText(String(characters[shown]), font: font, color: color, at: Point(x: x, y: top))
    }
}
