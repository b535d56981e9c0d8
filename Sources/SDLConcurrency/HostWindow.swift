public import CSDL2

/// One window open in an ``SDLHost``: its SDL window and renderer, the events that happened in it,
/// and its drawing.
///
/// Open one with ``SDLHost/openWindow(_:)`` (the window of ``SDLHost/Configuration/window`` is
/// ``SDLHost/mainWindow``). The host routes every SDL event that carries this window's id to
/// ``onEvent``, draws the window through ``onDraw`` when it is dirty, and **keeps ``content``
/// alive while the window is open**: whatever is shown in a window needs no variable of its own.
///
/// The user's close button first asks ``onCloseRequest``, which may refuse (unsaved changes);
/// closing (an accepted request, or ``close()``) calls ``onClose`` and then destroys the
/// window; when the last open window closes, the host begins its orderly shutdown
/// (``SDLHost/Configuration/quitsWhenLastWindowCloses``) and that last window stays alive until
/// SDL quits, so shutdown code can still draw it (a final screenshot).
///
/// Threads: SDL thread (`SDLActor`).
@SDLActor
public final class HostWindow {
    /// SDL's id for the window (`SDL_GetWindowID`): the `windowID` its events carry.
    public let id: UInt32
    /// The SDL window; `nil` once it is destroyed (at close or, for the last window, when SDL
    /// quits).
    public private(set) var window: OpaquePointer?
    /// The window's SDL renderer, which ``onDraw`` draws with; `nil` once the window is destroyed,
    /// and every texture made with it goes with it.
    public private(set) var renderer: OpaquePointer?
    /// The options the window was opened with: the size asked for, not the size it got (see
    /// ``size``).
    public let options: SDLHost.WindowOptions
    /// The host that opened the window; held weakly (the host owns its windows).
    public private(set) weak var host: SDLHost?

    /// Events that happened in this window (those carrying its id), in the translate phase.
    public var onEvent: ((SDL_Event) -> Void)?
    /// Draws the window when it is dirty; the host presents the renderer afterwards.
    public var onDraw: ((HostWindow) -> Void)?
    /// Called once when the window closes, while its renderer is still alive (free textures here).
    public var onClose: ((HostWindow) -> Void)?
    /// Asked when the user asks to close the window (its close button, ``requestClose()``, or
    /// ``SDLHost/askToQuit(status:)`` for every window): return `false` to keep it open, for
    /// instance to ask about unsaved changes first and then call ``close()`` if the user agrees.
    /// `nil` (the default) always agrees. Not asked by ``close()``, nor when the host quits
    /// (``SDLHost/quit(status:)``, a signal, `SDL_QUIT`).
    public var onCloseRequest: ((HostWindow) -> Bool)?
    /// What is shown in the window. The host holds it strongly until the window closes, so a
    /// widget tree or view controller needs no variable of its own to keep working.
    public var content: AnyObject?

    /// The text in the window's title bar (`SDL_SetWindowTitle`); it starts as the title of
    /// ``options`` and can change while the window is open.
    public var title: String {
        didSet {
            guard title != oldValue, let window else { return }
            SDL_SetWindowTitle(window, title)
        }
    }

    /// The window is open: not closed by the user or by ``close()``.
    public private(set) var isOpen = true
    /// Redraw at the next draw phase.
    var needsDisplay = true

    init(id: UInt32, window: OpaquePointer, renderer: OpaquePointer, options: SDLHost.WindowOptions, host: SDLHost) {
        self.id = id
        self.window = window
        self.renderer = renderer
        self.options = options
        self.host = host
        self.title = options.title
    }

    /// Marks the window dirty: the draw phase of this turn (or the next) redraws it.
    public func setNeedsDisplay() {
        guard isOpen else { return }
        needsDisplay = true
        host?.setNeedsDisplayFlag()
    }

    /// Closes the window, without asking ``onCloseRequest``: what an app calls once it decided
    /// (the user agreed to discard changes, or a Close button of its own).
    public func close() {
        host?.closeWindow(self)
    }

    /// Asks to close the window as its close button does: closes it unless ``onCloseRequest``
    /// refuses. Returns whether the window closed (`false` too when it was already closed).
    @discardableResult
    public func requestClose() -> Bool {
        guard isOpen, mayClose() else { return false }
        close()
        return true
    }

    /// Whether ``onCloseRequest`` lets the window close (it agrees when not set).
    func mayClose() -> Bool {
        onCloseRequest?(self) ?? true
    }

    /// The window's size in points (SDL's window units), or `nil` once destroyed.
    public var size: (width: Int32, height: Int32)? {
        guard let window else { return nil }
        var width: Int32 = 0
        var height: Int32 = 0
        SDL_GetWindowSize(window, &width, &height)
        return (width, height)
    }

    /// Where the window's top-left corner is, in SDL's screen coordinates (points), or `nil` once
    /// destroyed. Under a window manager, this is the content's corner, inside its frame.
    public var position: (x: Int32, y: Int32)? {
        guard let window else { return nil }
        var x: Int32 = 0
        var y: Int32 = 0
        SDL_GetWindowPosition(window, &x, &y)
        return (x, y)
    }

    /// The smallest size the user can resize the window to, in points. SDL grows a smaller window
    /// to it at once. Derive it from the layout, so nothing overlaps or is cut at the minimum.
    public func setMinimumSize(width: Int32, height: Int32) {
        guard let window else { return }
        SDL_SetWindowMinimumSize(window, max(1, width), max(1, height))
    }

    /// Brings the window back within its minimum and maximum size after a resize that ignored
    /// them: the limits are hints to the window manager, and without one (a bare X server) or with
    /// one that does not honour them, a window could be made too small for its layout, or larger
    /// than its renderer can draw.
    func enforceSizeLimits() {
        guard let window, let size else { return }
        var minWidth: Int32 = 0, minHeight: Int32 = 0, maxWidth: Int32 = 0, maxHeight: Int32 = 0
        SDL_GetWindowMinimumSize(window, &minWidth, &minHeight)
        SDL_GetWindowMaximumSize(window, &maxWidth, &maxHeight)
        var width = max(size.width, minWidth)
        var height = max(size.height, minHeight)
        if maxWidth > 0 { width = min(width, maxWidth) }
        if maxHeight > 0 { height = min(height, maxHeight) }
        if width != size.width || height != size.height { SDL_SetWindowSize(window, width, height) }
    }

    /// Marks the window closed and runs ``onClose`` (the host's part of closing).
    func markClosed() {
        guard isOpen else { return }
        isOpen = false
        needsDisplay = false
        let onClose = self.onClose
        self.onClose = nil
        onClose?(self)
        onEvent = nil
        onDraw = nil
        onCloseRequest = nil
        content = nil
    }

    /// Destroys the SDL renderer and window (their textures go with them).
    func destroy() {
        if let renderer { SDL_DestroyRenderer(renderer) }
        if let window { SDL_DestroyWindow(window) }
        renderer = nil
        window = nil
    }
}
