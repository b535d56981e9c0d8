public import SDLConcurrency

/// A checkbox with its title: a click on the box or the title (not on room a layout adds beside
/// them), or Space while it has keyboard focus, flips ``isOn`` and emits ``edited`` (Qt's `QCheckBox`, SwiftUI's `Toggle` in
/// its checkbox style). Normal, hover, pressed, focused and disabled looks follow ``Button``'s.
///
/// Threads: SDL thread (`SDLActor`).
@SDLActor
public final class Toggle: Widget, ValueControl {
    /// The text beside the box. A change lays the window out again: the toggle's size follows it.
    public var title: String {
        didSet { if title != oldValue { setNeedsLayout() } }
    }
    /// The title's font (``Font/body`` unless set); the box is as high as its size. A change lays
    /// the window out again.
    public var font: Font = .body {
        didSet { if font != oldValue { setNeedsLayout() } }
    }
    /// Whether the box is checked. Setting it from code redraws and never emits ``edited``.
    public var isOn: Bool {
        didSet { if isOn != oldValue { setNeedsDisplay() } }
    }
    /// ``isOn``, as ``ValueControl`` names it.
    public var value: Bool {
        get { isOn }
        set { isOn = newValue }
    }
    /// Emitted after each flip the user makes (a click, Space), with the new state; never for
    /// changes made from code.
    public let edited: Signal<Bool>

    /// Points around the box and title inside the frame (the focus ring is drawn outside it).
    public var padding = 4 {
        didSet { if padding != oldValue { setNeedsLayout() } }
    }
    /// Points between the box and the title.
    public var spacing = 8 {
        didSet { if spacing != oldValue { setNeedsLayout() } }
    }

    /// An enabled toggle titled `title`, off unless `isOn`. Its ``edited`` signal is named after
    /// this first title (`"Toggle(Wrap lines).edited"`) in error reports.
    public init(_ title: String, isOn: Bool = false) {
        self.title = title
        self.isOn = isOn
        self.edited = Signal(name: "Toggle(\(title)).edited")
        super.init()
    }

    /// An enabled toggle takes keyboard focus (Tab, or a click), so Space can flip it.
    public override var acceptsFocus: Bool { isEnabled }
    /// The box and the title take the pointer: a click on either flips the toggle. The room a
    /// layout adds beyond them (a toggle stretched by ``Stack/Distribution/fill``) does not: as
    /// with Qt's `QCheckBox`, a click there does nothing and the toggle shows no hover.
    public override var receivesPointer: Bool { true }

    /// The box and the title with padding round them: the toggle's preferred size at the leading
    /// edge of its frame, centred vertically, inside the frame. Measured at each layout pass.
    override var pointerArea: Rect {
        let width = min(frame.width, laidOutContent.width)
        let height = min(frame.height, laidOutContent.height)
        return Rect(x: frame.x, y: frame.y + (frame.height - height) / 2, width: width, height: height)
    }
    /// The preferred size at the last layout pass (a title change lays out again).
    private var laidOutContent = Size.zero

    /// A toggle has no children: it measures its box and title here, where it takes the pointer.
    public override func layoutChildren(on canvas: any Canvas) {
        laidOutContent = preferredSize(on: canvas)
    }

    /// The box's side in points: the font's size, so box and title scale together.
    private var boxSide: Int { max(10, font.size) }

    public override func preferredSize(on canvas: any Canvas) -> Size {
        let text = canvas.measure(title, font: font)
        let titleWidth = title.isEmpty ? 0 : spacing + text.width
        return Size(width: 2 * padding + boxSide + titleWidth, height: 2 * padding + max(boxSide, text.height))
    }

    public override func handle(_ event: InputEvent) -> Bool {
        guard isEnabled else { return false }
        switch event {
        case .keyDown(.space, _, false):
            flipByUser()
            return true
        case .keyDown(.space, _, true), .keyUp(.space, _):
            // A held Space flips once, not at the keyboard's repeat rate.
            return true
        case .pointerDown(_, .left):
            return true
        case .pointerUp(let point, .left):
            // A click: released over the toggle it was pressed on (dragged off, nothing happens).
            if pointerArea.contains(point) { flipByUser() }
            return true
        default:
            return false
        }
    }

    private func flipByUser() {
        isOn.toggle()
        edited.emit(isOn)
    }

    /// The box, in window coordinates (the title follows it).
    var boxRect: Rect {
        Rect(x: frame.x + padding, y: frame.y + (frame.height - boxSide) / 2, width: boxSide, height: boxSide)
    }

    public override func draw(on canvas: any Canvas) {
        if isFocused && isEnabled {
            canvas.stroke(pointerArea.insetBy(-3), Palette.focusRing, width: 2)
        }
        let box = boxRect
        // Checked, the box takes the button's colours; unchecked, only its outline does.
        let accent: Color
        if !isEnabled {
            accent = Palette.buttonDisabled
        } else if isPressed {
            accent = Palette.buttonPressed
        } else if isHovered {
            accent = Palette.buttonHover
        } else {
            accent = isOn ? Palette.buttonNormal : Palette.controlBorder
        }
        if isOn {
            canvas.fill(box, accent)
            canvas.stroke(box, isEnabled ? Palette.buttonBorder : accent, width: 1)
            canvas.fillRects(Self.checkMark(in: box), isEnabled ? Palette.buttonText : Palette.buttonDisabledText)
        } else {
            canvas.fill(box, Palette.controlTrack)
            canvas.stroke(box, accent, width: 2)
        }
        let text = canvas.measure(title, font: font)
        var origin = Point(x: box.maxX + spacing, y: frame.y + (frame.height - text.height) / 2)
        if isPressed { origin.y += 1 }
        canvas.drawText(title, font: font, color: isEnabled ? Palette.text : Palette.buttonDisabledText, at: origin)
    }

    /// A check mark inside `box` as small squares along its two strokes (the canvas draws
    /// rectangles and text only; a glyph such as "✓" is not in every font).
    static func checkMark(in box: Rect) -> [Rect] {
        let side = Double(box.width)
        let thickness = max(2, box.width / 7)
        // The strokes' ends, as fractions of the box: down to the bottom of the tick, then up right.
        let corners = [(0.22, 0.52), (0.42, 0.72), (0.80, 0.30)]
        var rects: [Rect] = []
        for ((x0, y0), (x1, y1)) in zip(corners, corners.dropFirst()) {
            let steps = max(1, Int((max(abs(x1 - x0), abs(y1 - y0)) * side).rounded()))
            for step in 0...steps {
                let t = Double(step) / Double(steps)
                let x = box.x + Int(((x0 + (x1 - x0) * t) * side).rounded()) - thickness / 2
                let y = box.y + Int(((y0 + (y1 - y0) * t) * side).rounded()) - thickness / 2
                rects.append(Rect(x: x, y: y, width: thickness, height: thickness))
            }
        }
        return rects
    }
}
