internal import CSDL2
public import SDLConcurrency

/// Shows a widget tree in an `SDLHost`'s window: translates the host's SDL events into
/// ``InputEvent``s (in ``attach(to:)``, the one place), dispatches them, keeps hover, press
/// and keyboard focus, lays out when something changed, and draws only when something is dirty.
///
/// Pointer events go to the deepest widget under the pointer that receives them; a press and
/// release on the same widget is a click (`pointerUp` reaches it). Keys go to the focused widget;
/// Tab and Shift+Tab move focus through the widgets that accept it, in tree order.
///
/// Threads: SDL thread (`SDLActor`).
@SDLActor
public final class WidgetWindow {
    public let root: Widget
    public var background = Palette.windowBackground {
        didSet { setNeedsDisplay() }
    }
    public private(set) var canvas: any Canvas
    public private(set) weak var host: SDLHost?
    /// Called whenever the window becomes dirty (besides telling the host); for tests without a host.
    public var onNeedsDisplay: (() -> Void)?

    /// Frames drawn and layout passes run (redraw-only-when-dirty is visible here).
    public private(set) var framesDrawn = 0
    public private(set) var layoutPasses = 0
    public private(set) var needsDisplay = true
    public private(set) var needsLayout = true

    public private(set) weak var hovered: Widget?
    public private(set) weak var pressed: Widget?
    public private(set) weak var focused: Widget?
    private var laidOutSize: Size?

    public init(root: Widget, canvas: any Canvas) {
        self.root = root
        self.canvas = canvas
        root.window = self
    }

    // MARK: Hosting

    /// Takes over the host's event and draw hooks and asks for a first frame.
    public func attach(to host: SDLHost) {
        self.host = host
        host.onEvent = { [weak self] event in
            guard let self, let input = InputEvent(event) else { return }
            self.handle(input)
        }
        host.onDraw = { [weak self] _ in self?.render() }
        setNeedsDisplay()
    }

    /// Gives the host's hooks back (before the canvas closes, at shutdown).
    public func detach() {
        guard let host else { return }
        host.onEvent = nil
        host.onDraw = nil
        self.host = nil
    }

    // MARK: Dirty state

    public func setNeedsDisplay() {
        needsDisplay = true
        host?.setNeedsDisplay()
        onNeedsDisplay?()
    }

    public func setNeedsLayout() {
        needsLayout = true
        setNeedsDisplay()
    }

    /// Lays the tree out if it changed or the canvas size changed.
    public func layoutIfNeeded() {
        canvas.beginFrame()
        guard needsLayout || laidOutSize != canvas.size else { return }
        needsLayout = false
        laidOutSize = canvas.size
        layoutPasses += 1
        root.layout(in: Rect(origin: .zero, size: canvas.size), on: canvas)
    }

    /// Draws the whole tree on the canvas (the host presents it afterwards).
    public func render() {
        layoutIfNeeded()
        canvas.clear(background)
        root.drawTree(on: canvas)
        framesDrawn += 1
        needsDisplay = false
    }

    /// Draws a frame only when something is dirty; returns whether it drew. (The host's draw phase
    /// calls ``render()`` itself only when dirty; this is for hosts-less use.)
    @discardableResult
    public func renderIfNeeded() -> Bool {
        guard needsDisplay else { return false }
        render()
        return true
    }

    // MARK: Input

    public func handle(_ event: InputEvent) {
        layoutIfNeeded()
        switch event {
        case .pointerMoved(let point):
            let target = updateHover(at: point)
            if let pressed { pressed.isPressed = target === pressed }
        case .pointerDown(let point, let button):
            let target = updateHover(at: point)
            guard button == .left, let target, isInteractive(target) else { return }
            pressed = target
            target.isPressed = true
            if target.acceptsFocus { focus(target) }
            _ = target.handle(event)
        case .pointerUp(let point, let button):
            let target = updateHover(at: point)
            guard button == .left, let pressed else { return }
            self.pressed = nil
            pressed.isPressed = false
            if target === pressed { _ = pressed.handle(event) }
        case .pointerLeft:
            hovered?.isHovered = false
            hovered = nil
        case .keyDown(.tab, let modifiers, _):
            focusNext(backward: modifiers.contains(.shift))
        case .keyDown, .keyUp:
            if let focused { _ = focused.handle(event) }
        case .resized:
            // `layoutIfNeeded()` above has already re-flowed to the canvas's new size.
            setNeedsDisplay()
        case .focusLost:
            pressed?.isPressed = false
            pressed = nil
        }
    }

    /// Gives keyboard focus to `widget` (or to nobody).
    public func focus(_ widget: Widget?) {
        guard widget !== focused else { return }
        focused?.isFocused = false
        focused = widget
        widget?.isFocused = true
    }

    /// Moves focus to the next (or previous) widget that accepts it, wrapping around.
    public func focusNext(backward: Bool = false) {
        let candidates = root.subtree.filter { $0.acceptsFocus && !isHiddenInTree($0) }
        guard !candidates.isEmpty else { return focus(nil) }
        guard let current = focused, let index = candidates.firstIndex(where: { $0 === current }) else {
            return focus(backward ? candidates.last : candidates.first)
        }
        let next = (index + (backward ? candidates.count - 1 : 1)) % candidates.count
        focus(candidates[next])
    }

    // MARK: Finding widgets

    /// Every widget of type `type` in the tree, in tree order.
    public func widgets<W: Widget>(of type: W.Type) -> [W] {
        root.subtree.compactMap { $0 as? W }
    }

    /// The first button with this title.
    public func button(titled title: String) -> Button? {
        widgets(of: Button.self).first { $0.title == title }
    }

    // MARK: Helpers

    private func updateHover(at point: Point) -> Widget? {
        let target = root.hitTest(point)
        let hoverable = target.flatMap { isInteractive($0) ? $0 : nil }
        if hoverable !== hovered {
            hovered?.isHovered = false
            hoverable?.isHovered = true
            hovered = hoverable
        }
        return target
    }

    private func isInteractive(_ widget: Widget) -> Bool {
        (widget as? Button)?.isEnabled ?? true
    }

    private func isHiddenInTree(_ widget: Widget) -> Bool {
        var node: Widget? = widget
        while let current = node {
            if current.isHidden { return true }
            node = current.parent
        }
        return false
    }
}
