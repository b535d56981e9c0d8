public import SDLConcurrency
public import SDLWidgets

/// A `Canvas` that records what widgets draw, with fixed, font-free text metrics, for tests that
/// check layout and looks without SDL.
///
/// Metrics: every character is `font.size / 2` points wide (at least 1) and a line is
/// `font.size * 5 / 4` points high, so expected frames can be computed by hand.
@SDLActor
public final class RecordingCanvas: Canvas {
    /// One drawing call, as recorded.
    public enum Command: Equatable, Sendable {
        /// The whole canvas cleared to a colour.
        case clear(Color)
        /// A rectangle filled with a colour.
        case fill(Rect, Color)
        /// One batched fill of many rectangles.
        case fillRects([Rect], Color)
        /// A rectangle's outline, `width` points thick.
        case stroke(Rect, Color, width: Int)
        /// A text drawn with its top-left corner at the point.
        case text(String, Font, Color, at: Point)
        /// Drawing confined to a rectangle from here on (`nil`: no longer confined).
        case clip(Rect?)
        /// An image of `width` × `height` pixels drawn stretched over the rectangle.
        case image(Rect, width: Int, height: Int)
    }

    /// The canvas size in points (set it to test another window size).
    public var size: Size
    /// Scalars the pretend font has no glyph for (``canDraw(_:font:)`` is `false` for text with
    /// any of them). Empty by default: the pretend font draws everything.
    public var missingGlyphs: Set<Unicode.Scalar> = []
    /// Commands since the last ``beginFrame()`` (the current frame).
    public private(set) var commands: [Command] = []
    /// Frames begun.
    public private(set) var frames = 0

    /// A canvas of `size` points that has recorded nothing yet.
    public init(size: Size) {
        self.size = size
    }

    /// Starts a frame: counts it, forgets the previous frame's commands and the clip.
    public func beginFrame() {
        frames += 1
        commands.removeAll()
        clip = nil
    }

    /// The current clip (recorded as ``Command/clip(_:)`` when set).
    public private(set) var clip: Rect?

    /// Records ``Command/clip(_:)``.
    public func setClip(_ rect: Rect?) {
        clip = rect
        commands.append(.clip(rect))
    }

    /// Records ``Command/clear(_:)``.
    public func clear(_ color: Color) { commands.append(.clear(color)) }
    /// Records ``Command/fill(_:_:)``.
    public func fill(_ rect: Rect, _ color: Color) { commands.append(.fill(rect, color)) }
    /// Records ``Command/fillRects(_:_:)``.
    public func fillRects(_ rects: [Rect], _ color: Color) { commands.append(.fillRects(rects, color)) }
    /// Records ``Command/stroke(_:_:width:)``.
    public func stroke(_ rect: Rect, _ color: Color, width: Int) { commands.append(.stroke(rect, color, width: width)) }

    /// The text's size by the fixed metrics above.
    public func measure(_ text: String, font: Font) -> Size {
        Size(width: text.count * max(1, font.size / 2), height: font.size * 5 / 4)
    }

    /// Records ``Command/text(_:_:_:at:)``.
    public func drawText(_ text: String, font: Font, color: Color, at origin: Point) {
        commands.append(.text(text, font, color, at: origin))
    }

    /// Records ``Command/image(_:width:height:)``.
    public func drawImage(_ image: RGBAImage, in rect: Rect) {
        commands.append(.image(rect, width: image.width, height: image.height))
    }

    /// `false` when `text` holds one of ``missingGlyphs``.
    public func canDraw(_ text: String, font: Font) -> Bool {
        !text.unicodeScalars.contains { missingGlyphs.contains($0) }
    }

    /// The texts drawn in the current frame, in order.
    public var texts: [String] {
        commands.compactMap { if case .text(let text, _, _, _) = $0 { text } else { nil } }
    }

    /// The colours filled into exactly `rect` in the current frame, in order (single and batched fills).
    public func fills(of rect: Rect) -> [Color] {
        commands.flatMap { command -> [Color] in
            switch command {
            case .fill(rect, let color): [color]
            case .fillRects(let rects, let color): rects.filter { $0 == rect }.map { _ in color }
            default: []
            }
        }
    }

    /// The texts drawn in the current frame with the rectangles they cover (by this canvas's metrics).
    public var textRects: [DrawnText] {
        commands.compactMap { command in
            guard case .text(let text, let font, let color, let origin) = command else { return nil }
            return DrawnText(text: text, font: font, color: color, rect: Rect(origin: origin, size: measure(text, font: font)))
        }
    }

    /// A text as drawn, with the rectangle it covers.
    public struct DrawnText: Equatable, Sendable {
        /// The text.
        public var text: String
        /// Its font.
        public var font: Font
        /// Its colour.
        public var color: Color
        /// The rectangle it covers, by the canvas's metrics.
        public var rect: Rect
    }
}
