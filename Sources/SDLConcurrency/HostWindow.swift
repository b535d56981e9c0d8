public import CSDL2

/// One window open in an ``SDLHost``: its SDL window and renderer, the events that happened in it,
/// and its drawing.
///
/// Open one with ``SDLHost/openWindow(_:)`` (the window of ``SDLHost/Configuration/window`` is
/// ``SDLHost/mainWindow``). The host routes every SDL event that carries this window's id to
/// ``onEvent``, draws the window through ``onDraw`` when it is dirty, and **keeps ``content``
/// alive while the window is open**: whatever is shown in a window needs no variable of its own.
///
/// Closing (the user's close button, or ``close()``) calls ``onClose`` and then destroys the
/// window; when the last open window closes, the host begins its orderly shutdown
/// (``SDLHost/Configuration/quitsWhenLastWindowCloses``) and that last window stays alive until
/// SDL quits, so shutdown code can still draw it (a final screenshot).
///
/// Threads: SDL thread (`SDLActor`).
@SDLActor
public final class HostWindow {
    /// SDL's id for the window (`SDL_GetWindowID`): the `windowID` its events carry.
    public let id: UInt32
    /// The SDL window and renderer; `nil` once the window is destroyed.
    public private(set) var window: OpaquePointer?
    public private(set) var renderer: OpaquePointer?
    public let options: SDLHost.WindowOptions
    public private(set) weak var host: SDLHost?

    /// Events that happened in this window (those carrying its id), in the translate phase.
    public var onEvent: ((SDL_Event) -> Void)?
    /// Draws the window when it is dirty; the host presents the renderer afterwards.
    public var onDraw: ((HostWindow) -> Void)?
    /// Called once when the window closes, while its renderer is still alive (free textures here).
    public var onClose: ((HostWindow) -> Void)?
    /// What is shown in the window. The host holds it strongly until the window closes, so a
    /// widget tree or view controller needs no variable of its own to keep working.
    public var content: AnyObject?

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
    }

    /// Marks the window dirty: the draw phase of this turn (or the next) redraws it.
    public func setNeedsDisplay() {
        guard isOpen else { return }
        needsDisplay = true
        host?.setNeedsDisplayFlag()
    }

    /// Closes the window as its close button would.
    public func close() {
        host?.closeWindow(self)
    }

    /// The window's size in points (SDL's window units), or `nil` once destroyed.
    public var size: (width: Int32, height: Int32)? {
        guard let window else { return nil }
        var width: Int32 = 0
        var height: Int32 = 0
        SDL_GetWindowSize(window, &width, &height)
        return (width, height)
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
