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
    /// The widget this one is a child of; held weakly (a parent owns its children).
    public private(set) weak var parent: Widget?
    /// The children in drawing order: later ones are drawn on top and get the pointer first.
    public private(set) var children: [Widget] = []
    /// Set on the root widget only (by ``WidgetWindow``).
    weak var window: WidgetWindow?
    /// The model bindings this widget keeps alive (see `bind(_:to:_:)`): they end with it.
    var modelBindings: [any AnyBindingNode] = []

    /// Hidden widgets take no space, are not drawn and get no input. Hiding the focused widget
    /// (or a container around it) moves focus on to the next one.
    public var isHidden = false {
        didSet {
            guard isHidden != oldValue else { return }
            setNeedsLayout()
            containingWindow?.widgetStateDidChange(self)
        }
    }

    /// A disabled widget ignores input, is skipped by Tab and shows its disabled look; disabling the
    /// focused widget moves focus on to the next focusable one (Qt's focus chain), and focus comes
    /// back when it is enabled again unless it was moved on purpose meanwhile.
    public var isEnabled = true {
        didSet {
            guard isEnabled != oldValue else { return }
            if !isEnabled { isPressed = false }
            setNeedsDisplay()
            containingWindow?.widgetStateDidChange(self)
        }
    }

    /// In a ``Stack`` with the ``Stack/Distribution/fill`` distribution: this widget's share of the
    /// space the other children leave along the stack's axis, relative to its siblings' (Qt's stretch
    /// factor). 0 (the default): the widget takes its preferred length.
    public var stretch = 0 {
        didSet { if stretch != oldValue { setNeedsLayout() } }
    }

    /// A widget with an empty frame and no parent or children; it is shown once it is in the tree
    /// of a ``WidgetWindow``.
    public init() {}

    // MARK: Tree

    /// Appends `child` (drawn on top of the others) and lays the window out again. A widget has one
    /// parent: remove `child` from its old one first (a precondition).
    public func addChild(_ child: Widget) {
        // fatalError, not precondition: the message is printed in release builds too.
        if !(child.parent == nil) { fatalError("Widget.addChild: the child already has a parent (remove it first)") }
        children.append(child)
        child.parent = self
        setNeedsLayout()
    }

    /// Takes this widget, and its subtree, out of its parent's children and lays the window out
    /// again; keyboard focus moves on if the subtree held it. Does nothing without a parent.
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

    /// The height this widget would like when it is `width` points wide (height for width, as Qt's
    /// `heightForWidth` and SwiftUI's proposed sizes have it). Containers that decide widths first
    /// — a vertical ``Stack``, a ``ScrollView`` — ask it for the width they give: a wrapping
    /// ``Label`` answers with the height of its lines wrapped at that width, a ``Stack`` with the
    /// heights of its children at the widths it would give them. Defaults to the height of
    /// ``preferredSize(on:)``: most widgets' heights do not depend on their width.
    open func preferredHeight(forWidth width: Int, on canvas: any Canvas) -> Int {
        preferredSize(on: canvas).height
    }

    /// Places the children inside ``Widget/frame``. The default stacks them all over the whole frame.
    open func layoutChildren(on canvas: any Canvas) {
        for child in children { child.frame = frame }
    }

    /// Draws the widget itself; children are drawn after it, on top.
    open func draw(on canvas: any Canvas) {}

    /// Whether Tab can move keyboard focus here (only while ``Widget/isEnabled``: the window checks).
    open var acceptsFocus: Bool { false }

    /// Whether this widget takes typed text while focused: the window then turns on SDL's text
    /// input (and the input method) and sends it ``InputEvent/textInput(_:)`` and
    /// ``InputEvent/textEditing(_:cursor:)``; it is off while no such widget has focus.
    open var acceptsTextInput: Bool { false }

    /// Where typed text appears, for the input method's candidate window (``frame`` by default).
    open var textInputRect: Rect { frame }

    /// Whether pointer events stop here (rather than at a child or the parent).
    open var receivesPointer: Bool { false }

    /// Input aimed at this widget. Pointer presses go to the deepest widget under the pointer that
    /// ``receivesPointer``; while the left button is held, its moves (drags) and its release go to
    /// the widget it went down on, wherever the pointer is. Keys and text go to the focused widget;
    /// a key it does not handle goes on to its parents, then to the window's shortcuts. The wheel
    /// goes to the deepest widget under the pointer, then up its parents. Return `true` when handled.
    open func handle(_ event: InputEvent) -> Bool { false }

    /// The widget's state for hover/press/focus changed; redraws by default.
    open func interactionStateDidChange() { setNeedsDisplay() }

    // MARK: Interaction state (kept by the window)

    /// The pointer is over this widget. Only widgets that receive the pointer and are interactive
    /// (not a disabled ``Button``) are hovered.
    public internal(set) var isHovered = false {
        didSet { if isHovered != oldValue { interactionStateDidChange() } }
    }
    /// The left button went down on this widget and the pointer is still over it.
    public internal(set) var isPressed = false {
        didSet { if isPressed != oldValue { interactionStateDidChange() } }
    }
    /// The widget has keyboard focus: key events go to it.
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

    /// Draws this widget, then its children. With `visible`, only widgets whose frames meet it are
    /// drawn (a ``ScrollView`` passes what it shows, so rows out of view cost a rectangle check).
    func drawTree(on canvas: any Canvas, visible: Rect? = nil) {
        guard !isHidden else { return }
        if let visible, !frame.intersects(visible) { return }
        draw(on: canvas)
        drawChildren(on: canvas, visible: visible)
    }

    /// Draws the children over the widget; a ``ScrollView`` draws its content clipped, then its bar.
    func drawChildren(on canvas: any Canvas, visible: Rect?) {
        for child in children { child.drawTree(on: canvas, visible: visible) }
    }

    /// The deepest visible widget at `point`, whether or not it receives pointer events (where
    /// the wheel goes first).
    func deepestWidget(at point: Point) -> Widget? {
        guard !isHidden, frame.contains(point) else { return nil }
        for child in children.reversed() {
            if let hit = child.deepestWidget(at: point) { return hit }
        }
        return self
    }

    /// The deepest visible widget at `point` that receives pointer events.
    func hitTest(_ point: Point) -> Widget? {
        guard !isHidden, frame.contains(point) else { return nil }
        for child in children.reversed() {
            if let hit = child.hitTest(point) { return hit }
        }
        return receivesPointer && pointerArea.contains(point) ? self : nil
    }

    /// Where in its frame a widget that ``receivesPointer`` takes the pointer (hover, press,
    /// click): the whole frame unless it says less (a ``Toggle``: its box and title, as Qt's
    /// `hitButton`); elsewhere the pointer falls through to its parent.
    var pointerArea: Rect { frame }
}
