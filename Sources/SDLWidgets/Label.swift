public import SDLConcurrency

/// One line of text, centred in its frame.
@SDLActor
public final class Label: Widget {
    public var text: String {
        didSet { if text != oldValue { setNeedsLayout() } }
    }
    public var font: Font {
        didSet { if font != oldValue { setNeedsLayout() } }
    }
    public var color: Color {
        didSet { if color != oldValue { setNeedsDisplay() } }
    }
    /// Other texts the label will show: it asks for room for the widest of them and ``text``, so
    /// the window's minimum size already fits them and the layout does not jump when text changes.
    public var sizingTexts: [String] = [] {
        didSet { if sizingTexts != oldValue { setNeedsLayout() } }
    }

    public init(_ text: String, font: Font = .body, color: Color = Palette.text) {
        self.text = text
        self.font = font
        self.color = color
        super.init()
    }

    public override func preferredSize(on canvas: any Canvas) -> Size {
        let sizes = ([text] + sizingTexts).map { canvas.measure($0, font: font) }
        return Size(width: sizes.map(\.width).max() ?? 0, height: sizes.map(\.height).max() ?? 0)
    }

    public override func draw(on canvas: any Canvas) {
        let textRect = frame.centering(canvas.measure(text, font: font))
        canvas.drawText(text, font: font, color: color, at: textRect.origin)
    }
}
