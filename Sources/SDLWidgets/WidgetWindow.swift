internal import CSDL2
public import SDLConcurrency

/// Shows a widget tree in a window of an `SDLHost`: translates the window's SDL events into
/// ``InputEvent``s (through ``InputEvent/init(_:)``, the one place), dispatches them, keeps hover,
/// press and keyboard focus, lays out when something changed, and draws only when something is dirty.
///
/// Pointer events go to the deepest widget under the pointer that receives them; a press and
/// release on the same widget is a click (`pointerUp` reaches it). The pressed look follows the
/// pointer: off while it is dragged outside the pressed widget, back when it returns. Keys go to
/// the focused widget; Tab and Shift+Tab move focus through the widgets that accept it, in tree
/// order, and focus moves on to the next one when the focused widget is disabled or hidden. A
/// key no widget handles (neither the focused one nor its parents) is looked up in the window's
/// keyboard shortcuts: Ctrl+W asks to close the window, Ctrl+Q asks every window of the host and
/// quits, and an app adds its own (``addShortcut(_:repeats:action:)``).
///
/// **Closing.** The close button and Ctrl+W ask ``shouldClose``, which may refuse; ``close()``
/// closes without asking.
///
/// **Lifetime.** A window shown in a host (``init(host:options:root:)``, or `attach(to:)`)
/// is kept alive by the host while it is open: it needs no variable of its own.
///
/// **Size.** After each layout the window tells its host window the tree's
/// ``Widget/minimumSize(on:)``: the user cannot make it smaller than that.
///
/// Threads: SDL thread (`SDLActor`).
@SDLActor
public final class WidgetWindow {
    /// The top of the tree, laid out over the whole canvas.
    public let root: Widget
    /// The colour the canvas is cleared to before the tree draws.
    public var background = Palette.windowBackground {
        didSet { setNeedsDisplay() }
    }
    /// What the tree draws on: an ``SDLCanvas`` in a host, a `RecordingCanvas` in tests.
    public private(set) var canvas: any Canvas
    /// The host window this tree is shown in (held weakly: the host owns its windows).
    public private(set) weak var hostWindow: HostWindow?
    /// The host of ``hostWindow``.
    public var host: SDLHost? { hostWindow?.host }
    /// Emitted once when the host window closes (its close button, or ``close()``).
    public let closed = Signal<Void>(name: "WidgetWindow.closed")
    /// Emitted after the window's size changed (the user resized it), with the new size in
    /// points, once the tree has been laid out for it.
    public let resized = Signal<Size>(name: "WidgetWindow.resized")
    /// Asked when the user asks to close the window — its close button, Ctrl+W
    /// (``requestClose()``), or Ctrl+Q in any window of the host — before it closes: return
    /// `false` to keep it open. A window with unsaved changes returns `false`, asks the user, and
    /// calls ``close()`` (which always closes) if they agree. `nil` (the default) always agrees.
    /// Not asked when the host quits (`SDLHost.quit(status:)`, a signal, `SDL_QUIT`).
    public var shouldClose: (() -> Bool)?
    /// The text in the window's title bar (its host window's `HostWindow.title`), settable while
    /// it is open; `""`, and ignored when set, without a host window.
    public var title: String {
        get { hostWindow?.title ?? "" }
        set { hostWindow?.title = newValue }
    }
    /// What each keyboard shortcut does (WidgetWindow+Shortcuts.swift).
    var shortcuts = ShortcutAction.builtIns
    /// Called whenever the window becomes dirty (besides telling the host); for tests without a host.
    public var onNeedsDisplay: (() -> Void)?

    /// Frames drawn (redraw-only-when-dirty is visible here).
    public private(set) var framesDrawn = 0
    /// Layout passes run: one only when the tree or the canvas size changed.
    public private(set) var layoutPasses = 0
    /// Something changed since the last frame (``render()``).
    public private(set) var needsDisplay = true
    /// The tree must be laid out again before the next frame or input event is handled.
    public private(set) var needsLayout = true

    /// The widget under the pointer that shows it (see ``Widget/isHovered``).
    public private(set) weak var hovered: Widget?
    /// The widget the left button went down on, until the button is released; it looks pressed
    /// only while the pointer is over it.
    public private(set) weak var pressed: Widget?
    /// The widget key events go to.
    public private(set) weak var focused: Widget?
    /// The widget that lost focus because it was disabled or hidden, and the one focus moved to;
    /// focus returns when the first can hold it again, if it is still on the second (both weak).
    private var displacedFocus: DisplacedFocus?
    private var laidOutSize: Size?
    /// The smallest size the layout allows, as of the last layout pass.
    public private(set) var minimumSize: Size?
    /// Where the pointer was last seen (hover is re-evaluated there when a widget's state changes).
    private var lastPointer: Point?
    /// `true` while ``render()`` applies model bindings: what they change is drawn by that very
    /// frame, so it asks the host for no other.
    private var isApplyingBindings = false

    /// Shows `root` on `canvas`, with no host window: feed it ``handle(_:)`` and draw it with
    /// ``renderIfNeeded()`` (tests, or a canvas of your own). To show it in a host, use
    /// ``init(host:options:root:)`` or `attach(to:)`.
    public init(root: Widget, canvas: any Canvas) {
        self.root = root
        self.canvas = canvas
        root.window = self
    }

    /// Opens a new window in `host` (see `SDLHost.openWindow(_:)`) and shows `root` in it, on
    /// an ``SDLCanvas`` of its own. The host keeps the window alive while it is open; input that
    /// happens in it reaches only this tree.
    public convenience init(host: SDLHost, options: SDLHost.WindowOptions, root: Widget) throws(WidgetError) {
        let hostWindow: HostWindow
        do {
            hostWindow = try host.openWindow(options)
        } catch {
            throw .sdlCallFailed(call: "SDLHost.openWindow", reason: "\(error)")
        }
        let canvas: SDLCanvas
        do {
            canvas = try SDLCanvas(window: hostWindow)
        } catch {
            hostWindow.close()
            throw error
        }
        self.init(root: root, canvas: canvas)
        attach(to: hostWindow)
    }

    // MARK: Hosting

    /// Shows the tree in the host's main window (the one `SDLHost.Configuration.window` opened).
    public func attach(to host: SDLHost) {
        guard let main = host.mainWindow else {
            fatalError("WidgetWindow.attach(to:): the host has no window (configure one with WindowOptions, or use init(host:options:root:))")
        }
        attach(to: main)
    }

    /// Shows the tree in `hostWindow`: takes its event, draw and close hooks, becomes its content
    /// (the host keeps this window alive while it is open) and asks for a first frame.
    public func attach(to hostWindow: HostWindow) {
        // A tree shows in one window at a time: give the previous window's hooks back first.
        if let previous = self.hostWindow, previous !== hostWindow { detach() }
        self.hostWindow = hostWindow
        hostWindow.content = self
        hostWindow.onEvent = { [unowned self] event in
            guard let input = InputEvent(event) else { return }
            self.handle(input)
        }
        hostWindow.onDraw = { [unowned self] _ in self.render() }
        hostWindow.onClose = { [unowned self] _ in self.hostWindowDidClose() }
        hostWindow.onCloseRequest = { [unowned self] _ in self.shouldClose?() ?? true }
        // Unowned is safe: the host window holds this window strongly (`content`) for as long as it
        // can call these hooks, and drops hooks and content together.
        minimumSize = nil
        setNeedsLayout()
    }

    /// Gives the host window's hooks back (before the canvas closes, at shutdown).
    public func detach() {
        guard let hostWindow else { return }
        self.hostWindow = nil
        // Another tree attached since owns the hooks now: leave them to it.
        guard hostWindow.content === self else { return }
        hostWindow.onEvent = nil
        hostWindow.onDraw = nil
        hostWindow.onClose = nil
        hostWindow.onCloseRequest = nil
        hostWindow.content = nil
    }

    /// Closes the host window, without asking ``shouldClose`` (to ask, as the close button does:
    /// ``requestClose()``).
    public func close() {
        hostWindow?.close()
    }

    private func hostWindowDidClose() {
        hostWindow = nil
        // The renderer's textures go with the window: free the canvas's while it still exists.
        (canvas as? SDLCanvas)?.close()
        closed.emit()
    }

    // MARK: Dirty state

    /// Asks for a frame: the host window (when attached) redraws at its next draw phase, and
    /// ``onNeedsDisplay`` is told.
    public func setNeedsDisplay() {
        needsDisplay = true
        guard !isApplyingBindings else { return }
        hostWindow?.setNeedsDisplay()
        onNeedsDisplay?()
    }

    /// Asks for a layout pass before the next frame or input event, and for a frame.
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
        let minimum = root.minimumSize(on: canvas)
        if minimum != minimumSize {
            minimumSize = minimum
            hostWindow?.setMinimumSize(width: Int32(clamping: minimum.width), height: Int32(clamping: minimum.height))
        }
    }

    /// Draws the whole tree on the canvas (the host presents it afterwards). Does nothing once the
    /// canvas is closed (its window's renderer destroyed: see ``SDLCanvas``): there is nothing to
    /// draw on, and the frame is not counted.
    public func render() {
        guard !canvas.isClosed else { return }
        // Model bindings update their widgets once per frame, here, before layout.
        isApplyingBindings = true
        BindingScheduler.shared.apply(in: self)
        isApplyingBindings = false
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

    /// Dispatches one input event: pointer events to the widget under the pointer, keys to the
    /// focused widget, Tab to focus. Lays out first if needed, so the widget under the pointer is
    /// found in the current layout. An attached window gets its host window's events here.
    public func handle(_ event: InputEvent) {
        layoutIfNeeded()
        switch event {
        case .pointerMoved(let point):
            let target = updateHover(at: point)
            if let pressed {
                pressed.isPressed = target === pressed && isInteractive(pressed)
                // A drag: the widget the button went down on follows the pointer (a slider's
                // thumb, a text selection, a scroll bar), wherever it is.
                _ = pressed.handle(event)
            }
        case .pointerDown(let point, let button):
            let target = updateHover(at: point)
            guard button == .left, let target, isInteractive(target) else { return }
            pressed = target
            target.isPressed = true
            if target.acceptsFocus { focus(target) }
            _ = target.handle(event)
        case .pointerUp(let point, let button):
            _ = updateHover(at: point)
            guard button == .left, let pressed else { return }
            self.pressed = nil
            pressed.isPressed = false
            // The release goes to the widget the press began on, wherever it is (a drag ends); a
            // button clicks only when it is released over itself.
            _ = pressed.handle(event)
        case .pointerLeft:
            lastPointer = nil
            hovered?.isHovered = false
            hovered = nil
            // Dragged out of the window: not over the pressed widget any more (back when it returns).
            pressed?.isPressed = false
        case .keyDown(.tab, let modifiers, _) where !modifiers.contains(.control) && !modifiers.contains(.alt):
            focusNext(backward: modifiers.contains(.shift))
        case .keyDown, .keyUp:
            var node = focused
            while let current = node {
                if current.isEnabled, current.handle(event) { return }
                node = current.parent
            }
            if case .keyDown(let key, let modifiers, let isRepeat) = event {
                _ = handleUnhandledKey(key, modifiers: modifiers, isRepeat: isRepeat)
            }
        case .textInput, .textEditing:
            if let focused, focused.acceptsTextInput, focused.isEnabled { _ = focused.handle(event) }
        case .wheel(let point, _, _):
            _ = updateHover(at: point)
            var node = root.deepestWidget(at: point)
            while let current = node {
                if current.isEnabled, current.handle(event) { return }
                node = current.parent
            }
        case .resized(let size):
            // `layoutIfNeeded()` above has already re-flowed to the canvas's new size.
            setNeedsDisplay()
            resized.emit(size)
        case .focusLost:
            pressed?.isPressed = false
            pressed = nil
        }
    }

    /// Gives keyboard focus to `widget` (or to nobody).
    public func focus(_ widget: Widget?) {
        // A deliberate move: focus that a disabled widget lost does not come back to it any more.
        displacedFocus = nil
        setFocus(widget)
    }

    private func setFocus(_ widget: Widget?) {
        guard widget !== focused else { return }
        focused?.isFocused = false
        focused = widget
        widget?.isFocused = true
        updateTextInput()
    }

    /// A key no widget handled: the window's own keys (shortcuts). Returns whether it was used.
    func handleUnhandledKey(_ key: InputEvent.Key, modifiers: InputEvent.KeyModifiers, isRepeat: Bool) -> Bool {
        performShortcut(key, modifiers: modifiers, isRepeat: isRepeat)
    }

    /// SDL's text input (and with it the input method) is on exactly while the focused widget
    /// takes typed text, with the candidate window placed at its ``Widget/textInputRect``. Only
    /// for a window in a host: a tree on a canvas of its own leaves SDL alone.
    func updateTextInput() {
        guard hostWindow != nil else { return }
        if let focused, focused.acceptsTextInput, focused.isEnabled {
            var rect = SDL_Rect(x: Int32(clamping: focused.textInputRect.x), y: Int32(clamping: focused.textInputRect.y),
                                w: Int32(clamping: focused.textInputRect.width), h: Int32(clamping: focused.textInputRect.height))
            SDL_SetTextInputRect(&rect)
            if SDL_IsTextInputActive() == SDL_FALSE { SDL_StartTextInput() }
        } else if SDL_IsTextInputActive() == SDL_TRUE {
            SDL_StopTextInput()
        }
    }

    /// Moves focus to the next (or previous) widget that accepts it, wrapping around.
    public func focusNext(backward: Bool = false) {
        // Tab to a widget scrolled out of view brings it into view (as Qt's QScrollArea does); a
        // click does not, or the widget would move away from under the pointer.
        defer { focused?.revealInScrollViews() }
        let candidates = root.subtree.filter { $0.acceptsFocus && $0.isEnabled && !isHiddenInTree($0) }
        guard !candidates.isEmpty else { return focus(nil) }
        guard let current = focused, let index = candidates.firstIndex(where: { $0 === current }) else {
            return focus(backward ? candidates.last : candidates.first)
        }
        let next = (index + (backward ? candidates.count - 1 : 1)) % candidates.count
        focus(candidates[next])
    }

    /// A widget's visibility or enabled state changed: focus moves on from it (Qt's focus chain)
    /// if it can no longer hold focus, and hover and press follow where the pointer is now.
    ///
    /// Focus that moved on only because its widget was disabled or hidden returns to that widget
    /// when it can hold focus again, unless focus was moved on purpose meanwhile (Tab, a click,
    /// ``focus(_:)``): a focused button that disables itself while its slot runs is still focused
    /// afterwards, so Space presses it again.
    func widgetStateDidChange(_ widget: Widget) {
        if let focused, !canHoldFocus(focused) {
            moveFocus(from: focused)
            displacedFocus = DisplacedFocus(widget: focused, replacement: self.focused)
        } else if let displaced = displacedFocus {
            if let original = displaced.widget, canHoldFocus(original), self.focused === displaced.replacement {
                displacedFocus = nil
                setFocus(original)
            } else if displaced.widget == nil || self.focused !== displaced.replacement {
                displacedFocus = nil
            }
        }
        if let pressed, !isInteractive(pressed) || isHiddenInTree(pressed) {
            pressed.isPressed = false
            self.pressed = nil
        }
        if let point = lastPointer {
            // Layout may be stale until the next pass; hover is computed against current frames.
            _ = updateHover(at: point)
        } else if let hovered, !isInteractive(hovered) || isHiddenInTree(hovered) {
            hovered.isHovered = false
            self.hovered = nil
        }
    }

    private func canHoldFocus(_ widget: Widget) -> Bool {
        widget.acceptsFocus && widget.isEnabled && !isHiddenInTree(widget) && widget.containingWindow === self
    }

    /// Focus to the first widget after `widget` in tree order that accepts it (wrapping), or nobody.
    private func moveFocus(from widget: Widget) {
        let order = root.subtree
        guard let index = order.firstIndex(where: { $0 === widget }) else { return focusNext() }
        let after = order[(index + 1)...] + order[..<index]
        setFocus(after.first { canHoldFocus($0) })
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
        lastPointer = point
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
        widget.isEnabled
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

/// Weak references to the widgets of a focus displacement (see `WidgetWindow.widgetStateDidChange`).
@SDLActor
private final class DisplacedFocus {
    weak var widget: Widget?
    weak var replacement: Widget?
    init(widget: Widget?, replacement: Widget?) {
        self.widget = widget
        self.replacement = replacement
    }
}
