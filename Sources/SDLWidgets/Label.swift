public import SDLConcurrency

/// One line of text, centred in its frame.
@SDLActor
public final class Label: Widget {
    /// The line shown. A change lays the window out again: the label's size follows its text.
    public var text: String {
        didSet { if text != oldValue { setNeedsLayout() } }
    }
    /// The text's font; a change lays the window out again.
    public var font: Font {
        didSet { if font != oldValue { setNeedsLayout() } }
    }
    /// The text's colour; a change only redraws.
    public var color: Color {
        didSet { if color != oldValue { setNeedsDisplay() } }
    }
    /// Other texts the label will show: it asks for room for the widest of them and ``text``, so
    /// the window's minimum size already fits them and the layout does not jump when text changes.
    public var sizingTexts: [String] = [] {
        didSet { if sizingTexts != oldValue { setNeedsLayout() } }
    }

    /// A label showing `text`, in ``Font/body`` and ``Palette/text`` unless told otherwise.
    public init(_ text: String, font: Font = .body, color: Color = Palette.text) {
        self.text = text
        self.font = font
        self.color = color
        super.init()
    }

    /// The widest the label asks to be, in points: a longer text is elided ("…") rather than
    /// making the window's minimum size wider than a screen. Wider than any label of the built-in
    /// views; the layout may still give the label more.
    public var maximumWidth = 1024 {
        didSet { if maximumWidth != oldValue { setNeedsLayout() } }
    }

    public override func preferredSize(on canvas: any Canvas) -> Size {
        let sizes = ([text] + sizingTexts).map { canvas.measure($0, font: font) }
        return Size(width: min(sizes.map(\.width).max() ?? 0, max(0, maximumWidth)), height: sizes.map(\.height).max() ?? 0)
    }

    public override func draw(on canvas: any Canvas) {
        let shown = visibleText(on: canvas)
        let textRect = frame.centering(canvas.measure(shown, font: font))
        canvas.drawText(shown, font: font, color: color, at: textRect.origin)
    }

    /// The text as drawn: all of it when it fits the frame, else its longest prefix (whole
    /// characters) that fits followed by "…", as Qt's elided text and SwiftUI's truncated `Text`
    /// show it. Only the visible part is ever measured or drawn, so a label holding megabytes of
    /// text costs what one line costs; the result is kept until text, font or width change.
    public func visibleText(on canvas: any Canvas) -> String {
        let canvasID = ObjectIdentifier(canvas)
        if let elision, elision.text == text, elision.font == font, elision.width == frame.width,
           elision.canvas == canvasID {
            return elision.shown
        }
        let shown = Self.elide(text, toWidth: frame.width) { canvas.measure($0, font: font).width }
        elision = (text, font, frame.width, canvasID, shown)
        return shown
    }

    /// The last ``visibleText(on:)`` result and what it was computed for.
    private var elision: (text: String, font: Font, width: Int, canvas: ObjectIdentifier, shown: String)?

    /// `text` if `width(text)` fits `maxWidth`, else the longest prefix of whole characters that fits
    /// with "…" after it (just "…", or nothing, when not even that fits). Binary search over at
    /// most `2 × maxWidth + 1` characters (a character is at least half a point wide at 2× pixel
    /// density; one narrower only ends the prefix sooner), so O(`maxWidth` × log) whatever the
    /// text's length — `width` must itself be bounded for long texts, as ``SDLCanvas``'s is.
    nonisolated static func elide(_ text: String, toWidth maxWidth: Int, width: (String) -> Int) -> String {
        if width(text) <= maxWidth { return text }
        let ellipsis = "\u{2026}"
        guard maxWidth > 0 else { return "" }
        guard width(ellipsis) <= maxWidth else { return "" }
        let bound = 2 * min(maxWidth, 1 << 40) + 1
        let searchEnd = text.index(text.startIndex, offsetBy: bound, limitedBy: text.endIndex) ?? text.endIndex
        let candidates = text[..<searchEnd]
        // Invariant: a prefix of `low` characters fits; one of `high + 1` does not (or is past the end).
        var low = 0
        var high = candidates.count
        while low < high {
            let middle = (low + high + 1) / 2
            if width(String(candidates.prefix(middle)) + ellipsis) <= maxWidth {
                low = middle
            } else {
                high = middle - 1
            }
        }
        return String(candidates.prefix(low)) + ellipsis
    }
}
