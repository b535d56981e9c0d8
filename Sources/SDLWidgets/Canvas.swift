public import SDLConcurrency

/// The drawing surface widgets describe themselves on, in logical points.
///
/// ``SDLCanvas`` draws with an SDL renderer and SDL2_ttf; `RecordingCanvas` (in
/// `SDLConcurrencyTesting`) records the calls for tests. Widgets never see which one they draw on.
@SDLActor
public protocol Canvas: AnyObject {
    /// The drawable size in logical points. Refreshed by ``beginFrame()``.
    var size: Size { get }
    /// Called once before each frame: picks up a new window size or pixel density.
    func beginFrame()
    /// Fills the whole surface.
    func clear(_ color: Color)
    /// Fills `rect`.
    func fill(_ rect: Rect, _ color: Color)
    /// Fills many rectangles in one colour at once (one renderer call instead of one per rectangle:
    /// what lets a 200 × 200 grid draw quickly).
    func fillRects(_ rects: [Rect], _ color: Color)
    /// Draws the outline of `rect`, `width` points thick, inside it.
    func stroke(_ rect: Rect, _ color: Color, width: Int)
    /// The size `text` takes when drawn with `font`.
    func measure(_ text: String, font: Font) -> Size
    /// Draws `text` with its top-left corner at `origin`.
    func drawText(_ text: String, font: Font, color: Color, at origin: Point)
    /// Draws `image` stretched over `rect` (callers keep its aspect ratio: see ``Image``).
    func drawImage(_ image: RGBAImage, in rect: Rect)
    /// Whether `font` has a glyph for every Unicode scalar of `text`. Text with a missing glyph
    /// would show an empty box there; check before decorating text with emoji and the like.
    func canDraw(_ text: String, font: Font) -> Bool
    /// The rectangle drawing is confined to, in points (`nil`: the whole surface). Set it with
    /// ``withClip(_:_:)``, which nests.
    var clip: Rect? { get }
    /// Confines drawing to `rect` (`nil`: the whole surface). Prefer ``withClip(_:_:)``.
    func setClip(_ rect: Rect?)
    /// Whether the surface is gone (its window's renderer destroyed): drawing on a closed canvas
    /// does nothing, and ``WidgetWindow/render()`` does not draw a frame on it. `false` unless the
    /// canvas says otherwise.
    var isClosed: Bool { get }
}

extension Canvas {
    /// A canvas is open unless it says otherwise (an ``SDLCanvas`` whose renderer is gone does).
    public var isClosed: Bool { false }

    /// Runs `body` with drawing confined to `rect` inside the current clip (their intersection),
    /// then restores the clip: what a scroll view or a text field wraps its contents in.
    public func withClip<Result>(_ rect: Rect, _ body: () throws -> Result) rethrows -> Result {
        let previous = clip
        setClip(previous.map { $0.intersection(rect) } ?? rect)
        defer { setClip(previous) }
        return try body()
    }
}

/// A font request: one of the bundled faces at a size in logical points.
public struct Font: Sendable, Hashable, CustomStringConvertible {
    /// The faces a font comes in: one font file each (``FontSource``).
    public enum Weight: String, Sendable, Hashable, CaseIterable {
        /// The regular face (DejaVu Sans when bundled).
        case regular
        /// The bold face (DejaVu Sans Bold when bundled).
        case bold
    }

    /// Which face.
    public var weight: Weight
    /// The size in logical points; ``SDLCanvas`` renders it at its pixel density, so text stays
    /// sharp on HiDPI displays.
    public var size: Int

    /// The `weight` face at `size` points.
    public init(_ weight: Weight = .regular, size: Int) {
        self.weight = weight
        self.size = size
    }

    /// Body text.
    public static let body = Font(.regular, size: 18)
    /// Button titles.
    public static let button = Font(.bold, size: 16)
    /// Small, secondary text.
    public static let caption = Font(.regular, size: 13)

    public var description: String { "\(weight) \(size)pt" }
}

/// The colours of the built-in widgets (dark theme).
public enum Palette {
    /// Behind the whole tree (``WidgetWindow/background``'s default).
    public static let windowBackground = Color(32, 32, 40)
    /// A panel's fill (a ``Stack``'s `background`).
    public static let panelBackground = Color(40, 40, 50)
    /// A panel's outline (a ``Stack``'s `border`).
    public static let panelBorder = Color(60, 60, 74)
    /// Body text (a ``Label``'s default colour).
    public static let text = Color(232, 232, 238)
    /// Less prominent text, such as a progress line.
    public static let secondaryText = Color(140, 140, 156)
    /// An enabled button's fill at rest.
    public static let buttonNormal = Color(52, 101, 164)
    /// A button's fill while the pointer is over it.
    public static let buttonHover = Color(70, 125, 192)
    /// A button's fill while it is pressed.
    public static let buttonPressed = Color(34, 72, 122)
    /// A disabled button's fill.
    public static let buttonDisabled = Color(70, 70, 80)
    /// A button's outline, in every state.
    public static let buttonBorder = Color(24, 52, 92)
    /// An enabled button's title.
    public static let buttonText = Color(255, 255, 255)
    /// A disabled button's title.
    public static let buttonDisabledText = Color(150, 150, 160)
    /// The ring around the widget with keyboard focus.
    public static let focusRing = Color(246, 196, 72)
    /// A text field's fill while it can be edited.
    public static let fieldBackground = Color(22, 22, 28)
    /// A disabled text field's fill.
    public static let fieldDisabledBackground = Color(48, 48, 56)
    /// A text field's outline.
    public static let fieldBorder = Color(84, 84, 100)
    /// A text field's outline while the pointer is over it.
    public static let fieldHoverBorder = Color(110, 140, 190)
    /// Behind selected text in the focused widget.
    public static let selection = Color(52, 101, 164)
    /// Behind selected text in a widget without focus.
    public static let inactiveSelection = Color(70, 70, 84)
    /// The recessed part of a control: an unchecked ``Toggle``'s box, a ``Slider``'s track, a
    /// ``ProgressView``'s bar behind its fill.
    public static let controlTrack = Color(22, 22, 28)
    /// The outline of a control's recessed part (an unchecked box at rest, a track, a bar).
    public static let controlBorder = Color(96, 96, 116)
}
