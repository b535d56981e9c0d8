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

    public init(_ text: String, font: Font = .body, color: Color = Palette.text) {
        self.text = text
        self.font = font
        self.color = color
        super.init()
    }

    public override func preferredSize(on canvas: any Canvas) -> Size {
        canvas.measure(text, font: font)
    }

    public override func draw(on canvas: any Canvas) {
        let textRect = frame.centering(canvas.measure(text, font: font))
        canvas.drawText(text, font: font, color: color, at: textRect.origin)
    }
}
