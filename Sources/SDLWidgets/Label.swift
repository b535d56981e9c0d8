public import SDLConcurrency

/// Text in its frame: one line by default, elided with "…" when it does not fit; or wrapped over
/// several lines (``lineLimit``). Each line is placed across the frame by ``alignment`` (centred
/// by default); the lines as a block are centred vertically.
///
/// **Height for width.** A wrapping label's height depends on its width, which the layout decides
/// after asking for sizes. The label asks for the width of its widest line when wrapped at
/// ``maximumWidth`` (its whole text, on one line, when that is narrower) and for the height of its
/// lines at that width; its minimum width is only its widest word. A vertical ``Stack`` (and a
/// ``ScrollView``) asks it ``preferredHeight(forWidth:on:)`` at the width it gives it, so in a
/// column it wraps at the column's width and takes the height of those lines, and the window's
/// minimum width does not follow its unwrapped text. Given a frame too low for its lines, it shows
/// as many as fit, the last one ending in "…". ``maximumWidth`` still bounds the width it asks for
/// (its preferred width), and the height it counts towards the window's minimum height is that of
/// its lines at that width.
@SDLActor
public final class Label: Widget {
    /// The text shown. A change lays the window out again: the label's size follows its text.
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
    /// Where each line sits across the frame: ``TextAlignment/center`` unless set. A change only
    /// redraws.
    public var alignment: TextAlignment = .center {
        didSet { if alignment != oldValue { setNeedsDisplay() } }
    }
    /// How many lines the text may take. `1` (the default): one line, elided with "…" when too
    /// long. `nil`: wrapped over as many lines as it needs (up to ``maximumHeight`` when asking
    /// for room). `n`: wrapped over at most `n` lines, the last one elided. Lines break at spaces
    /// and at line breaks in the text; a word wider than the frame breaks between characters.
    /// Values below 1 count as 1. A change lays the window out again.
    public var lineLimit: Int? = 1 {
        didSet { if lineLimit != oldValue { setNeedsLayout() } }
    }

    /// A label showing `text`, in ``Font/body`` and ``Palette/text`` unless told otherwise.
    public init(_ text: String, font: Font = .body, color: Color = Palette.text) {
        self.text = text
        self.font = font
        self.color = color
        super.init()
    }

    /// The widest the label asks to be, in points: a longer text is elided ("…"), or wrapped at
    /// this width, rather than making the window's minimum size wider than a screen. Wider than any
    /// label of the built-in views; the layout may still give the label more.
    public var maximumWidth = 1024 {
        didSet { if maximumWidth != oldValue { setNeedsLayout() } }
    }
    /// The highest a wrapping label asks to be, in points (at least one line): what bounds the
    /// room a label with no ``lineLimit`` asks for, and the work of finding it, however long its
    /// text. The layout may still give the label more.
    public var maximumHeight = 1024 {
        didSet { if maximumHeight != oldValue { setNeedsLayout() } }
    }

    /// Whether the text is laid out on one line with elision (``lineLimit`` of 1).
    private var isSingleLine: Bool { (lineLimit ?? .max) <= 1 }

    public override func preferredSize(on canvas: any Canvas) -> Size {
        if isSingleLine {
            let sizes = ([text] + sizingTexts).map { canvas.measure($0, font: font) }
            return Size(width: min(sizes.map(\.width).max() ?? 0, max(0, maximumWidth)), height: sizes.map(\.height).max() ?? 0)
        }
        return wrappedSizes(on: canvas).preferred
    }

    /// One line: the preferred size (its whole text, up to ``maximumWidth``). Wrapping: as wide as
    /// its widest word (the lines break between words, so no word is cut), as high as its
    /// preferred height — it wraps over more lines when narrower, and a container that asks
    /// ``preferredHeight(forWidth:on:)`` gives it room for them.
    public override func minimumSize(on canvas: any Canvas) -> Size {
        guard !isSingleLine else { return preferredSize(on: canvas) }
        let sizes = wrappedSizes(on: canvas)
        return Size(width: sizes.minimumWidth, height: sizes.preferred.height)
    }

    /// The preferred size of a wrapping label and its widest word, from its texts wrapped at
    /// ``maximumWidth``; kept until what they depend on changes (layout asks several times a pass).
    private func wrappedSizes(on canvas: any Canvas) -> (preferred: Size, minimumWidth: Int) {
        let key = WrapKey(texts: [text] + sizingTexts, font: font, width: max(0, maximumWidth), lines: preferredLineCap(on: canvas),
                          canvas: ObjectIdentifier(canvas))
        if let preferred, preferred.key == key { return (preferred.size, preferred.minimumWidth) }
        var size = Size.zero
        var words = Set<Substring>()
        for candidate in key.texts {
            let lines = Self.wrap(candidate, toWidth: key.width, maxLines: key.lines) { canvas.measure($0, font: font).width }
            size.width = max(size.width, lines.map { canvas.measure($0, font: font).width }.max() ?? 0)
            size.height = max(size.height, lines.count * lineHeight(on: canvas))
            // Only the words of these lines: bounded like the wrapping, however long the text.
            for line in lines { words.formUnion(line.split(separator: " ")) }
        }
        size.width = min(size.width, key.width)
        let widestWord = words.map { canvas.measure(String($0), font: font).width }.max() ?? 0
        preferred = (key, size, min(widestWord, size.width))
        return (size, min(widestWord, size.width))
    }

    /// The height the label would like at `width` points: its lines wrapped at that width (at most
    /// ``lineLimit`` of them, and no more than ``maximumHeight`` holds) times the line height. One
    /// line's height for a label of one line. A vertical ``Stack`` asks it for the width it gives
    /// the label, so a wrapping label in a column wraps at the column's width.
    public override func preferredHeight(forWidth width: Int, on canvas: any Canvas) -> Int {
        guard !isSingleLine else { return preferredSize(on: canvas).height }
        let key = WrapKey(texts: [text] + sizingTexts, font: font, width: max(0, width), lines: preferredLineCap(on: canvas),
                          canvas: ObjectIdentifier(canvas))
        if let known = heightsForWidth.first(where: { $0.key == key }) { return known.height }
        let lines = key.texts.map { candidate in
            Self.wrap(candidate, toWidth: key.width, maxLines: key.lines) { canvas.measure($0, font: font).width }.count
        }
        let height = (lines.max() ?? 1) * lineHeight(on: canvas)
        // A few widths: a pass asks at the preferred width and at the width the label gets.
        heightsForWidth = [(key, height)] + heightsForWidth.prefix(3)
        return height
    }

    public override func draw(on canvas: any Canvas) {
        let lines = visibleLines(on: canvas)
        let lineHeight = lineHeight(on: canvas)
        var y = frame.y + (frame.height - lines.count * lineHeight) / 2
        for line in lines {
            let width = canvas.measure(line, font: font).width
            let x = switch alignment {
            case .leading: frame.x
            case .center: frame.x + (frame.width - width) / 2
            case .trailing: frame.maxX - width
            }
            canvas.drawText(line, font: font, color: color, at: Point(x: x, y: y))
            y += lineHeight
        }
    }

    /// The lines as drawn in the current frame: ``visibleText(on:)`` alone for a label of one
    /// line; otherwise the text wrapped at the frame's width, as many lines as ``lineLimit`` and
    /// the frame's height allow (at least one), the last one elided when text is left over. Only
    /// those lines are ever measured, so a label holding megabytes of text costs what its visible
    /// lines cost; the result is kept until text, font, size or line limit change.
    public func visibleLines(on canvas: any Canvas) -> [String] {
        if isSingleLine { return [visibleText(on: canvas)] }
        let fitting = max(1, frame.height / lineHeight(on: canvas))
        let key = WrapKey(texts: [text], font: font, width: frame.width, lines: min(lineLimit ?? .max, fitting),
                          canvas: ObjectIdentifier(canvas))
        if let wrapping, wrapping.key == key { return wrapping.lines }
        let lines = Self.wrap(text, toWidth: frame.width, maxLines: key.lines) { canvas.measure($0, font: font).width }
        wrapping = (key, lines)
        return lines
    }

    /// The text as drawn on one line: all of it when it fits the frame, else its longest prefix (whole
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

    /// The distance between lines: the font's height, as measuring no text gives it.
    private func lineHeight(on canvas: any Canvas) -> Int {
        max(1, canvas.measure("", font: font).height)
    }

    /// The most lines a wrapping label asks room for.
    private func preferredLineCap(on canvas: any Canvas) -> Int {
        min(max(1, lineLimit ?? .max), max(1, maximumHeight / lineHeight(on: canvas)))
    }

    /// The last ``visibleText(on:)`` result and what it was computed for.
    private var elision: (text: String, font: Font, width: Int, canvas: ObjectIdentifier, shown: String)?
    /// What a wrapping was computed for.
    private struct WrapKey: Equatable {
        var texts: [String]
        var font: Font
        var width: Int
        var lines: Int
        var canvas: ObjectIdentifier
    }
    /// The last ``visibleLines(on:)`` result of a wrapping label.
    private var wrapping: (key: WrapKey, lines: [String])?
    /// The last ``preferredSize(on:)`` of a wrapping label, with its widest word.
    private var preferred: (key: WrapKey, size: Size, minimumWidth: Int)?
    /// The last few ``preferredHeight(forWidth:on:)`` answers of a wrapping label, latest first.
    private var heightsForWidth: [(key: WrapKey, height: Int)] = []
    /// `text` if `width(text)` fits `maxWidth`, else the longest prefix of whole characters that fits
    /// with "…" after it, less any whitespace it ends in (just "…", or nothing, when not even that
    /// fits). Binary search over at most `2 × maxWidth + 1` characters (a character is at least half
    /// a point wide at 2× pixel density; one narrower only ends the prefix sooner), so
    /// O(`maxWidth` × log) whatever the text's length — `width` must itself be bounded for long
    /// texts, as ``SDLCanvas``'s is.
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
        // "brown fox…", not "brown fox …": the cut may fall just after a space.
        return String(candidates.prefix(low).trimmingTrailingWhitespace) + ellipsis
    }

    /// `text` broken into at most `maxLines` lines no wider than `maxWidth` by `width`: greedily,
    /// at the last space that fits (the spaces at the break dropped), at each line break of the
    /// text, and between characters inside a word wider than a line (at least one character a
    /// line, so it always moves on). When text is left over after the last line, that line is
    /// elided (``elide(_:toWidth:width:)``) with "…". One empty line for an empty text.
    ///
    /// Bounded like ``elide(_:toWidth:width:)``: each line looks at no more than `2 × maxWidth + 2`
    /// characters of what is left, with a binary search over them, so the cost is
    /// O(`maxLines` × `maxWidth` × log) whatever the text's length.
    nonisolated static func wrap(_ text: String, toWidth maxWidth: Int, maxLines: Int, width: (String) -> Int) -> [String] {
        guard maxLines > 0 else { return [] }
        let ellipsis = "\u{2026}"
        // Characters a line can hold at most (each is at least half a point wide: see `elide`).
        let reachLimit = 2 * min(max(0, maxWidth), 1 << 40) + 2
        var lines: [String] = []
        var rest = Substring(text)
        repeat {
            // This paragraph (up to the next line break), looked at no further than a line reaches.
            let reach = rest.index(rest.startIndex, offsetBy: reachLimit, limitedBy: rest.endIndex) ?? rest.endIndex
            let newline = rest[..<reach].firstIndex(where: \.isNewline)
            let paragraph = rest[..<(newline ?? reach)]
            let afterParagraph = newline.map { rest.index(after: $0) } ?? reach
            if lines.count == maxLines - 1 {
                let more = afterParagraph < rest.endIndex
                let shown = more ? String(paragraph.trimmingTrailingWhitespace) + ellipsis : String(paragraph)
                lines.append(elide(shown, toWidth: maxWidth, width: width))
                return lines
            }
            if afterParagraph == rest.endIndex || newline != nil, width(String(paragraph)) <= maxWidth {
                lines.append(String(paragraph))
                rest = rest[afterParagraph...]
                if newline == nil { break }
                continue
            }
            // Invariant: a prefix of `low` characters fits; one of `high + 1` does not.
            var low = 0
            var high = paragraph.count
            while low < high {
                let middle = (low + high + 1) / 2
                if width(String(paragraph.prefix(middle))) <= maxWidth {
                    low = middle
                } else {
                    high = middle - 1
                }
            }
            let fitEnd = paragraph.index(paragraph.startIndex, offsetBy: low)
            let lineEnd: Substring.Index
            if fitEnd < paragraph.endIndex, paragraph[fitEnd] == " " {
                lineEnd = fitEnd
            } else if let space = paragraph[..<fitEnd].lastIndex(of: " "), paragraph[..<space].contains(where: { $0 != " " }) {
                lineEnd = space
            } else {
                // A word wider than the line: break it between characters.
                lineEnd = low > 0 ? fitEnd : paragraph.index(after: paragraph.startIndex)
            }
            var line = paragraph[..<lineEnd]
            while line.last == " " { line = line.dropLast() }
            lines.append(String(line))
            rest = rest[lineEnd...].drop { $0 == " " }
        } while !rest.isEmpty
        return lines.isEmpty ? [""] : lines
    }
}

extension Substring {
    /// This text without the whitespace at its end.
    fileprivate var trimmingTrailingWhitespace: Substring {
        var text = self
        while text.last?.isWhitespace == true { text = text.dropLast() }
        return text
    }
}
