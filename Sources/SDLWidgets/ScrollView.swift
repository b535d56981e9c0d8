public import SDLConcurrency

/// Shows a tall widget through a window of its own height, scrolled vertically: by the wheel over
/// it, by its scroll bar (drag the thumb, click the track to page), and by the keyboard while it
/// or a widget inside it has focus (Up/Down by a line, Page Up/Down by a page, Home/End). Keyboard
/// focus moving to a widget out of view (Tab) scrolls it into view; a click does not scroll.
///
/// The content is laid out at the scroll view's width (less the bar's) and its preferred height
/// at that width (``Widget/preferredHeight(forWidth:on:)``: wrapped text wraps at the view's
/// width), drawn clipped to the scroll view's frame, and only its widgets that meet the visible
/// part are drawn: a column of 10,000 labels draws the twenty or so in view. Scrolling lays
/// nothing out and measures nothing: it moves the content's frames (which are in window
/// coordinates, like every widget's) by the distance scrolled, and redraws.
///
/// Widgets inside are expected to draw within their frames, give or take a focus ring (a few
/// points): one whose frame is wholly out of view is not drawn at all.
///
/// Threads: SDL thread (`SDLActor`).
@SDLActor
public final class ScrollView: Widget {
    /// The widget scrolled; it must not have a parent (a precondition). A new one starts at the
    /// top and lays the window out again.
    public var content: Widget {
        didSet {
            guard content !== oldValue else { return }
            oldValue.removeFromParent()
            addChild(content)
            currentOffset = 0
            setNeedsLayout()
        }
    }

    /// How far the content is scrolled, in points from its top: 0 shows its top, ``maximumOffset``
    /// its bottom. Setting it clamps to that range (before the first layout, to 0 and above; the
    /// layout clamps the rest) and redraws; nothing is laid out again.
    public var offset: Int {
        get { currentOffset }
        set { scroll(to: newValue) }
    }

    /// The largest ``offset``: how much taller the content is than the scroll view (0 when it fits).
    public var maximumOffset: Int { max(0, contentHeight - viewport.height) }

    /// Points scrolled by Up and Down; the wheel scrolls three of them a step.
    public var lineStep = 20

    /// The tallest the scroll view asks to be, in points: it asks for its content's height up to
    /// this. The layout may give it more (a ``Widget/stretch`` in a ``Stack``) or less.
    public var maximumHeight = 400 {
        didSet { if maximumHeight != oldValue { setNeedsLayout() } }
    }

    /// The part of the frame the content shows in: the frame less the scroll bar, which is there
    /// only while the content is taller than the frame.
    public private(set) var viewport = Rect.zero

    /// The scroll bar's width in points.
    static let barWidth = 10
    /// The shortest the thumb gets, so that it stays easy to grab over very long content.
    static let minimumThumbLength = 24
    /// How far out of view a widget's frame may be and still be drawn (a focus ring around it).
    static let drawingMargin = 4

    private var currentOffset = 0
    private var contentHeight = 0
    private var isLaidOut = false
    /// While the thumb is dragged: where the pointer grabbed it, in points below the thumb's top.
    private var thumbGrab: Int?

    /// A scroll view showing the top of `content`, which must not have a parent (a precondition).
    public init(_ content: Widget) {
        self.content = content
        super.init()
        addChild(content)
    }

    // MARK: Scrolling

    /// Scrolls as little as needed to bring `rect` (in window coordinates, as frames are) into
    /// view: its top when it is taller than the view.
    public func scrollToVisible(_ rect: Rect) {
        if rect.y < viewport.y {
            offset -= viewport.y - rect.y
        } else if rect.maxY > viewport.maxY {
            offset += min(rect.maxY - viewport.maxY, rect.y - viewport.y)
        }
    }

    private func scroll(to requested: Int) {
        let target = isLaidOut ? min(max(0, requested), maximumOffset) : max(0, requested)
        guard target != currentOffset else { return }
        if isLaidOut { content.translateSubtree(dy: currentOffset - target) }
        currentOffset = target
        setNeedsDisplay()
        // What lies under the pointer changed: hover follows (as after a layout).
        containingWindow?.widgetStateDidChange(self)
    }

    private var pageStep: Int { max(lineStep, viewport.height - lineStep) }

    // MARK: Layout

    /// The content's width plus the bar's, and its height up to ``maximumHeight``.
    public override func preferredSize(on canvas: any Canvas) -> Size {
        let natural = content.isHidden ? Size.zero : content.preferredSize(on: canvas)
        return Size(width: natural.width + Self.barWidth, height: min(natural.height, max(0, maximumHeight)))
    }

    /// The content's height at `width` less the bar's, up to ``maximumHeight``.
    public override func preferredHeight(forWidth width: Int, on canvas: any Canvas) -> Int {
        guard !content.isHidden else { return 0 }
        return min(content.preferredHeight(forWidth: max(0, width - Self.barWidth), on: canvas), max(0, maximumHeight))
    }

    /// The content's minimum width plus the bar's; two lines high (less if the content is shorter).
    public override func minimumSize(on canvas: any Canvas) -> Size {
        guard !content.isHidden else { return .zero }
        let natural = content.preferredSize(on: canvas)
        return Size(width: content.minimumSize(on: canvas).width + Self.barWidth,
                    height: min(natural.height, 2 * lineStep, max(0, maximumHeight)))
    }

    public override func layoutChildren(on canvas: any Canvas) {
        // The content's height at the width it gets (a wrapping label's lines at the view's width):
        // the whole width while it fits, less the bar's once it does not.
        contentHeight = content.isHidden ? 0 : content.preferredHeight(forWidth: frame.width, on: canvas)
        let showsBar = contentHeight > frame.height
        if showsBar { contentHeight = content.preferredHeight(forWidth: max(0, frame.width - Self.barWidth), on: canvas) }
        viewport = Rect(x: frame.x, y: frame.y, width: max(0, frame.width - (showsBar ? Self.barWidth : 0)), height: frame.height)
        currentOffset = min(max(0, currentOffset), maximumOffset)
        isLaidOut = true
        // Laid out where the current offset puts it; scrolling moves it from there.
        content.frame = Rect(x: viewport.x, y: viewport.y - currentOffset, width: viewport.width, height: contentHeight)
        for child in children where child !== content { child.frame = Rect(origin: frame.origin, size: .zero) }
    }

    // MARK: Scroll bar

    /// The bar's track, along the right edge (empty while the content fits).
    var barRect: Rect {
        guard maximumOffset > 0 else { return Rect(x: frame.maxX, y: frame.y, width: 0, height: 0) }
        return Rect(x: viewport.maxX, y: frame.y, width: frame.maxX - viewport.maxX, height: frame.height)
    }

    /// The thumb: as long against the track as the view is against the content, placed as the
    /// offset is against ``maximumOffset``.
    var thumbRect: Rect {
        let track = barRect
        guard track.height > 0, contentHeight > 0 else { return Rect(origin: track.origin, size: .zero) }
        let length = min(track.height, max(Self.minimumThumbLength, track.height * viewport.height / contentHeight))
        let travel = track.height - length
        let top = track.y + (maximumOffset > 0 ? travel * currentOffset / maximumOffset : 0)
        return Rect(x: track.x + 2, y: top, width: max(0, track.width - 4), height: length)
    }

    // MARK: Input

    public override var receivesPointer: Bool { true }

    /// In the Tab order while there is something to scroll and nothing inside takes focus (then
    /// the keys go to those widgets, and the ones they do not use come up to the scroll view).
    public override var acceptsFocus: Bool { maximumOffset > 0 && !content.containsFocusableWidget }

    public override func handle(_ event: InputEvent) -> Bool {
        switch event {
        case .wheel(_, _, let dy):
            // A wheel step this view cannot take (at its end) goes on to a scroll view around it.
            let before = currentOffset
            offset -= dy * 3 * lineStep
            return currentOffset != before
        case .keyDown(let key, let modifiers, _):
            guard maximumOffset > 0, modifiers.isDisjoint(with: [.control, .alt, .gui]) else { return false }
            switch key {
            case .up: offset -= lineStep
            case .down: offset += lineStep
            case .pageUp: offset -= pageStep
            case .pageDown: offset += pageStep
            case .home: offset = 0
            case .end: offset = maximumOffset
            default: return false
            }
            return true
        case .pointerDown(let point, .left):
            let thumb = thumbRect
            if thumb.contains(point) {
                thumbGrab = point.y - thumb.y
                setNeedsDisplay()
            } else if barRect.contains(point) {
                offset += point.y < thumb.y ? -pageStep : pageStep
            }
            return true
        case .pointerMoved(let point):
            guard let thumbGrab else { return false }
            let track = barRect, thumb = thumbRect
            let travel = track.height - thumb.height
            guard travel > 0 else { return true }
            // In Double: travel × offset stays exact, and the thumb's top maps back to the offset
            // that put it there.
            let fraction = Double(point.y - thumbGrab - track.y) / Double(travel)
            offset = Int((fraction * Double(maximumOffset)).rounded())
            return true
        case .pointerUp:
            if thumbGrab != nil {
                thumbGrab = nil
                setNeedsDisplay()
            }
            return true
        default:
            return false
        }
    }

    // MARK: Drawing and hit testing

    override func drawChildren(on canvas: any Canvas, visible: Rect?) {
        if !content.isHidden {
            let shown = visible.map { $0.intersection(viewport) } ?? viewport
            if shown.width > 0, shown.height > 0 {
                canvas.withClip(viewport) {
                    content.drawTree(on: canvas, visible: shown.insetBy(-Self.drawingMargin))
                }
            }
        }
        let track = barRect
        if track.width > 0 {
            canvas.fill(track, Palette.panelBackground)
            canvas.fill(thumbRect, thumbGrab != nil ? Palette.text : Palette.secondaryText)
        }
        if isFocused && isEnabled {
            canvas.stroke(frame, Palette.focusRing, width: 2)
        }
    }

    /// Only what is in view is under the pointer: rows scrolled out of it are never hit.
    override func hitTest(_ point: Point) -> Widget? {
        guard !isHidden, frame.contains(point) else { return nil }
        if viewport.contains(point), let hit = content.hitTest(point) { return hit }
        return self
    }

    override func deepestWidget(at point: Point) -> Widget? {
        guard !isHidden, frame.contains(point) else { return nil }
        if viewport.contains(point), let hit = content.deepestWidget(at: point) { return hit }
        return self
    }
}

extension Widget {
    /// Moves this widget and everything in it `dy` points down: a scroll step, without a layout.
    func translateSubtree(dy: Int) {
        frame.origin.y += dy
        for child in children { child.translateSubtree(dy: dy) }
    }

    /// Whether this widget or one inside it can take keyboard focus (stops at the first).
    var containsFocusableWidget: Bool {
        guard !isHidden else { return false }
        if acceptsFocus && isEnabled { return true }
        return children.contains { $0.containsFocusableWidget }
    }

    /// Scrolls every scroll view around this widget so that it is in view (innermost first; its
    /// frame moves as each one scrolls). A few points around the frame come along for a focus ring.
    func revealInScrollViews() {
        var node = parent
        while let current = node {
            if let scrollView = current as? ScrollView { scrollView.scrollToVisible(frame.insetBy(-ScrollView.drawingMargin)) }
            node = current.parent
        }
    }
}
