public import SDLConcurrency

/// A horizontal slider over a range of numbers: drag the thumb, or press on the track to jump
/// there and drag on; Left/Down and Right/Up move by one step (``step``, or 1/100 of the range),
/// Page Down/Up by a tenth of the range, Home and End to the ends (Qt's `QSlider`, SwiftUI's
/// `Slider`). Each change the user makes emits ``edited``. Normal, hover, pressed, focused and
/// disabled looks follow ``Button``'s.
///
/// Values are always inside ``range`` and, with a ``step``, on the grid `lowerBound + k × step`
/// (the upper bound is reachable only when it lies on that grid, as in SwiftUI).
///
/// Threads: SDL thread (`SDLActor`).
@SDLActor
public final class Slider: Widget, ValueControl {
    /// The current value, always inside ``range`` and on the ``step`` grid: a value set from code
    /// is clamped and snapped (NaN is ignored: the value stays what it was). Setting it from code
    /// redraws and never emits ``edited``.
    public var value: Double {
        get { storedValue }
        set {
            guard !newValue.isNaN else { return }
            let adjusted = adjust(newValue)
            guard adjusted != storedValue else { return }
            storedValue = adjusted
            setNeedsDisplay()
        }
    }
    /// The values the slider spans; both bounds must be finite (a precondition). A range of one
    /// value (`2...2`) is allowed: the slider then holds that value. The value is clamped to a new
    /// range (from code: ``edited`` is not emitted).
    public var range: ClosedRange<Double> {
        didSet {
            Self.check(range: range)
            value = storedValue
            setNeedsDisplay()
        }
    }
    /// The distance between allowed values, counted from the range's lower bound; `nil`: any
    /// value. Must be positive and finite (a precondition). The value is snapped to a new step.
    public var step: Double? {
        didSet {
            Self.check(step: step)
            value = storedValue
        }
    }
    /// Emitted after each change the user makes (a drag, a press on the track, a key), with the
    /// new value; not when the value did not change, never for changes made from code.
    public let edited: Signal<Double>

    /// The width the slider asks for, in points (the layout may give it more or less).
    public var preferredWidth = 200 {
        didSet { if preferredWidth != oldValue { setNeedsLayout() } }
    }

    private var storedValue: Double
    /// While the thumb is dragged: the pointer's distance from the thumb's centre when it was
    /// grabbed, so the thumb does not jump under the pointer. Left over when the window takes the
    /// press away (the window lost focus, the slider was disabled): harmless, since drag moves
    /// reach the slider only after a new press, which sets it again.
    private var grabOffset: Int?

    /// A slider over `range` (both bounds finite) at `value` (clamped and snapped), moving by
    /// `step` when given (positive and finite). Bounds or a step that break these rules are a
    /// mistake in the calling code: the program stops with a message saying which.
    public init(value: Double = 0, in range: ClosedRange<Double> = 0...1, step: Double? = nil) {
        Self.check(range: range)
        Self.check(step: step)
        self.range = range
        self.step = step
        self.storedValue = range.lowerBound
        self.edited = Signal(name: "Slider.edited")
        super.init()
        self.value = value
    }

    // `fatalError`, not `precondition`: the message must reach the user in optimised builds too.
    private static func check(range: ClosedRange<Double>) {
        if !range.lowerBound.isFinite || !range.upperBound.isFinite {
            fatalError("Slider: the range \(range) has a bound that is not finite; the code creating or configuring the slider must pass finite bounds")
        }
    }

    private static func check(step: Double?) {
        if let step, !(step.isFinite && step > 0) {
            fatalError("Slider: step \(step) must be positive and finite (or nil for any value); the code creating or configuring the slider passed it")
        }
    }

    /// `candidate` clamped into the range and snapped to the step grid (inside the range).
    private func adjust(_ candidate: Double) -> Double {
        let lower = range.lowerBound, upper = range.upperBound
        var result = min(max(candidate, lower), upper)
        if let step {
            let steps = ((result - lower) / step).rounded()
            // Past 2^53 steps (or a difference that overflows) there is no grid left to snap to.
            guard steps.isFinite, steps < 0x1p53 else { return result }
            result = lower + steps * step
            // The grid point nearest the upper bound may lie just past it: take the one below.
            if result > upper { result = lower + (steps - 1) * step }
            result = min(max(result, lower), upper)
        }
        return result
    }

    /// How far an arrow key moves: the step, or 1/100 of the range without one.
    private var keyIncrement: Double {
        step ?? halfSpan / 50
    }

    /// Half the range's width: finite for any finite bounds (the full width of
    /// `-greatestFiniteMagnitude...greatestFiniteMagnitude` is not).
    private var halfSpan: Double {
        range.upperBound / 2 - range.lowerBound / 2
    }

    /// How far Page Up/Down move: a tenth of the range, at least one key increment.
    private var pageIncrement: Double {
        max(keyIncrement, halfSpan / 5)
    }

    /// Sets the value as the user did, and emits ``edited`` if it changed.
    private func setByUser(_ candidate: Double) {
        let before = storedValue
        value = candidate
        if storedValue != before { edited.emit(storedValue) }
    }

    /// Moves by `delta` as a key would. Every increment is at least one step, so snapping never
    /// rounds a move back to where it started.
    private func nudgeByUser(_ delta: Double) {
        setByUser(storedValue + delta)
    }

    /// An enabled slider takes keyboard focus (Tab, or a press), so the keys move it.
    public override var acceptsFocus: Bool { isEnabled }
    /// The whole slider takes the pointer: the thumb to drag, the track to jump.
    public override var receivesPointer: Bool { true }

    public override func preferredSize(on canvas: any Canvas) -> Size {
        Size(width: max(preferredWidth, 3 * thumbSize.width), height: thumbSize.height + 8)
    }

    /// The least room: three thumbs wide, so the track can still be aimed at.
    public override func minimumSize(on canvas: any Canvas) -> Size {
        Size(width: 3 * thumbSize.width, height: thumbSize.height + 8)
    }

    public override func handle(_ event: InputEvent) -> Bool {
        guard isEnabled else { return false }
        switch event {
        case .pointerDown(let point, .left):
            let thumb = thumbRect
            if thumb.insetBy(-2).contains(point) {
                grabOffset = point.x - thumb.center.x
            } else {
                // A press on the track jumps there; the drag goes on from the thumb's centre.
                grabOffset = 0
                setByUser(value(atX: point.x))
            }
            return true
        case .pointerMoved(let point):
            guard let grabOffset else { return false }
            setByUser(value(atX: point.x - grabOffset))
            return true
        case .pointerUp(let point, .left):
            if let grabOffset { setByUser(value(atX: point.x - grabOffset)) }
            grabOffset = nil
            setNeedsDisplay()
            return true
        case .keyDown(let key, _, _):
            switch key {
            case .left, .down: nudgeByUser(-keyIncrement)
            case .right, .up: nudgeByUser(keyIncrement)
            case .pageDown: nudgeByUser(-pageIncrement)
            case .pageUp: nudgeByUser(pageIncrement)
            case .home: setByUser(range.lowerBound)
            case .end: setByUser(range.upperBound)
            default: return false
            }
            return true
        default:
            return false
        }
    }

    // MARK: Geometry

    /// The thumb's size in points.
    private var thumbSize: Size { Size(width: 14, height: 22) }

    /// The x of the thumb's centre at each end of the track.
    private var travel: (start: Int, length: Int) {
        (frame.x + thumbSize.width / 2, max(0, frame.width - thumbSize.width))
    }

    /// The fraction of the range the value is at (0 for a range of one value).
    private var fraction: Double {
        guard halfSpan > 0 else { return 0 }
        let fraction = (storedValue / 2 - range.lowerBound / 2) / halfSpan
        return fraction.isFinite ? min(max(fraction, 0), 1) : 0
    }

    /// The value whose thumb centre is at `x` (clamped to the track's ends).
    func value(atX x: Int) -> Double {
        let (start, length) = travel
        guard length > 0 else { return range.lowerBound }
        let t = min(max(Double(x - start) / Double(length), 0), 1)
        // In halves, so that no intermediate overflows; at most the upper bound, doubled back.
        return (range.lowerBound / 2 + t * halfSpan) * 2
    }

    /// The thumb, in window coordinates.
    var thumbRect: Rect {
        let (start, length) = travel
        let centerX = start + Int((fraction * Double(length)).rounded())
        return Rect(x: centerX - thumbSize.width / 2, y: frame.y + (frame.height - thumbSize.height) / 2,
                    width: thumbSize.width, height: thumbSize.height)
    }

    /// The track the thumb slides along, in window coordinates.
    var trackRect: Rect {
        let (start, length) = travel
        return Rect(x: start, y: frame.y + (frame.height - 6) / 2, width: length, height: 6)
    }

    public override func draw(on canvas: any Canvas) {
        if isFocused && isEnabled {
            canvas.stroke(frame.insetBy(-3), Palette.focusRing, width: 2)
        }
        let track = trackRect
        let thumb = thumbRect
        canvas.fill(track, Palette.controlTrack)
        canvas.stroke(track, Palette.controlBorder, width: 1)
        // The part of the track up to the thumb shows the value.
        let filled = Rect(x: track.x, y: track.y, width: max(0, thumb.center.x - track.x), height: track.height)
        canvas.fill(filled, isEnabled ? Palette.buttonNormal : Palette.buttonDisabled)
        let thumbFill: Color
        if !isEnabled {
            thumbFill = Palette.buttonDisabled
        } else if isPressed || (grabOffset != nil && containingWindow?.pressed === self) {
            // Dragged off the slider the thumb still follows the pointer, so it still looks held.
            thumbFill = Palette.buttonPressed
        } else if isHovered {
            thumbFill = Palette.buttonHover
        } else {
            thumbFill = Palette.buttonNormal
        }
        canvas.fill(thumb, thumbFill)
        canvas.stroke(thumb, isEnabled ? Palette.buttonBorder : Palette.controlBorder, width: 1)
    }
}
