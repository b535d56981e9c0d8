public import SDLConcurrency
public import SDLWidgets

/// A ``Canvas`` that records what widgets draw, with fixed, font-free text metrics, for tests that
/// check layout and looks without SDL.
///
/// Metrics: every character is `font.size / 2` points wide (at least 1) and a line is
/// `font.size * 5 / 4` points high, so expected frames can be computed by hand.
@SDLActor
public final class RecordingCanvas: Canvas {
    public enum Command: Equatable, Sendable {
        case clear(Color)
        case fill(Rect, Color)
        case stroke(Rect, Color, width: Int)
        case text(String, Font, Color, at: Point)
    }

    public var size: Size
    /// Commands since the last ``beginFrame()`` (the current frame).
    public private(set) var commands: [Command] = []
    /// Frames begun.
    public private(set) var frames = 0

    public init(size: Size) {
        self.size = size
    }

    public func beginFrame() {
        frames += 1
        commands.removeAll()
    }

    public func clear(_ color: Color) { commands.append(.clear(color)) }
    public func fill(_ rect: Rect, _ color: Color) { commands.append(.fill(rect, color)) }
    public func stroke(_ rect: Rect, _ color: Color, width: Int) { commands.append(.stroke(rect, color, width: width)) }

    public func measure(_ text: String, font: Font) -> Size {
        Size(width: text.count * max(1, font.size / 2), height: font.size * 5 / 4)
    }

    public func drawText(_ text: String, font: Font, color: Color, at origin: Point) {
        commands.append(.text(text, font, color, at: origin))
    }

    /// The texts drawn in the current frame, in order.
    public var texts: [String] {
        commands.compactMap { if case .text(let text, _, _, _) = $0 { text } else { nil } }
    }

    /// The colours filled into exactly `rect` in the current frame, in order.
    public func fills(of rect: Rect) -> [Color] {
        commands.compactMap { if case .fill(rect, let color) = $0 { color } else { nil } }
    }
}
