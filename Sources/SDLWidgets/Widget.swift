public import SDLConcurrency

/// The base of every widget: a frame, children, and three small duties — say how big you would
/// like to be, draw yourself, react to input aimed at you. The ``WidgetWindow`` does the rest
/// (dispatch, focus, hover, layout passes, redraw only when dirty).
///
/// Threads: SDL thread (`SDLActor`).
@SDLActor
open class Widget {
    /// Where the widget is, in window coordinates. Set by its parent's ``layoutChildren(on:)``
    /// (containers outside this module set their children's frames there too).
    public var frame = Rect.zero
    public private(set) weak var parent: Widget?
    public private(set) var children: [Widget] = []
    /// Set on the root widget only (by ``WidgetWindow``).
    weak var window: WidgetWindow?

    /// Hidden widgets take no space, are not drawn and get no input. Hiding the focused widget
    /// (or a container around it) moves focus on to the next one.
    public var isHidden = false {
        didSet {
            guard isHidden != oldValue else { return }
            setNeedsLayout()
            containingWindow?.widgetStateDidChange(self)
        }
    }

    /// In a ``Stack`` with the ``Stack/Distribution/fill`` distribution: this widget's share of the
    /// space the other children leave along the stack's axis, relative to its siblings' (Qt's stretch
    /// factor). 0 (the default): the widget takes its preferred length.
    public var stretch = 0 {
        didSet { if stretch != oldValue { setNeedsLayout() } }
    }

    public init() {}

    // MARK: Tree

    public func addChild(_ child: Widget) {
        precondition(child.parent == nil, "Widget.addChild: the child already has a parent (remove it first)")
        children.append(child)
        child.parent = self
        setNeedsLayout()
    }

    public func removeFromParent() {
        guard let parent else { return }
        let window = containingWindow
        parent.children.removeAll { $0 === self }
        self.parent = nil
        parent.setNeedsLayout()
        window?.widgetStateDidChange(self)
    }

    /// The window this widget is shown in, if any.
    public var containingWindow: WidgetWindow? {
        var node: Widget? = self
        while let current = node {
            if let window = current.window { return window }
            node = current.parent
        }
        return nil
    }

    /// This widget and all its descendants, depth first, in drawing (and Tab) order.
    public var subtree: [Widget] {
        [self] + children.flatMap(\.subtree)
    }

    // MARK: Invalidation

    /// Something about the look changed: redraw at the next draw phase.
    public func setNeedsDisplay() {
        containingWindow?.setNeedsDisplay()
    }

    /// The preferred size may have changed: lay out again, then redraw.
    public func setNeedsLayout() {
        containingWindow?.setNeedsLayout()
    }

    // MARK: Overridable

    /// The size this widget would like, given how text measures on `canvas`.
    open func preferredSize(on canvas: any Canvas) -> Size { .zero }

    /// The smallest size at which the widget is still whole: nothing overlaps, no text is cut.
    /// The window's minimum size is its root's. Defaults to ``preferredSize(on:)``; widgets that
    /// can shrink (a grid that turns its numbers into squares) say how far.
    open func minimumSize(on canvas: any Canvas) -> Size { preferredSize(on: canvas) }

    /// Places the children inside ``Widget/frame``. The default stacks them all over the whole frame.
    open func layoutChildren(on canvas: any Canvas) {
        for child in children { child.frame = frame }
    }

    /// Draws the widget itself; children are drawn after it, on top.
    open func draw(on canvas: any Canvas) {}

    /// Whether Tab can move keyboard focus here.
    open var acceptsFocus: Bool { false }

    /// Whether pointer events stop here (rather than at a child or the parent).
    open var receivesPointer: Bool { false }

    /// Input aimed at this widget (the one under the pointer, or the focused one for keys).
    /// Return `true` when handled.
    open func handle(_ event: InputEvent) -> Bool { false }

    /// The widget's state for hover/press/focus changed; redraws by default.
    open func interactionStateDidChange() { setNeedsDisplay() }

    // MARK: Interaction state (kept by the window)

    public internal(set) var isHovered = false {
        didSet { if isHovered != oldValue { interactionStateDidChange() } }
    }
    public internal(set) var isPressed = false {
        didSet { if isPressed != oldValue { interactionStateDidChange() } }
    }
    public internal(set) var isFocused = false {
        didSet { if isFocused != oldValue { interactionStateDidChange() } }
    }

    // MARK: Layout pass

    func layout(in rect: Rect, on canvas: any Canvas) {
        frame = rect
        layoutChildren(on: canvas)
        for child in children where !child.isHidden {
            child.layout(in: child.frame, on: canvas)
        }
    }

    func drawTree(on canvas: any Canvas) {
        guard !isHidden else { return }
        draw(on: canvas)
        for child in children { child.drawTree(on: canvas) }
    }

    /// The deepest visible widget at `point` that receives pointer events.
    func hitTest(_ point: Point) -> Widget? {
        guard !isHidden, frame.contains(point) else { return nil }
        for child in children.reversed() {
            if let hit = child.hitTest(point) { return hit }
        }
        return receivesPointer ? self : nil
    }
}
