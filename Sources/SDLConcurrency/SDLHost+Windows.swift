internal import CSDL2

/// Windows: opening them (fitted to the display), routing each SDL event to the window it happened
/// in, drawing the dirty ones, closing them one by one, and quitting when the last one closes.
extension SDLHost {
    /// Every window open in the host, in the order they were opened.
    public var openWindows: [HostWindow] { hostWindows }

    /// Opens a window in the running host (or, from ``Configuration/window``, as the host starts).
    ///
    /// The size asked for is clamped to the usable bounds of the display the window opens on
    /// (`SDL_GetDisplayUsableBounds`; the dummy and
    /// offscreen drivers have no real display and are not clamped), and the window goes where
    /// ``WindowOptions/position`` says: by default the first one centred on display 0 and each
    /// later one cascaded from the last one opened (``WindowPosition/automatic``). Its maximum
    /// size is what its renderer can draw (`SDL_GetRendererInfo`, at most
    /// 8,192 points a side). The first
    /// window opened becomes ``mainWindow`` (and ``window``/``renderer``).
    @discardableResult
    public func openWindow(_ options: WindowOptions) throws(SDLError) -> HostWindow {
        // A cascaded window opens on the display of the window it steps from.
        let cascadeFrom = options.position == .automatic ? hostWindows.last : nil
        let display = cascadeFrom?.window.map { max(0, SDL_GetWindowDisplayIndex($0)) } ?? 0
        let usable = usableDisplayBounds(display: display)
        let fit = WindowFit.frame(width: options.width, height: options.height, usable: usable)
        let origin = windowOrigin(options.position, width: fit.width, height: fit.height,
                                  display: display, usable: usable, last: cascadeFrom?.position)
        var flags = SDL_WINDOW_SHOWN.rawValue
        if options.resizable { flags |= SDL_WINDOW_RESIZABLE.rawValue }
        if options.highDPI { flags |= SDL_WINDOW_ALLOW_HIGHDPI.rawValue }
        guard let window = SDL_CreateWindow(options.title, origin.x, origin.y, fit.width, fit.height, flags)
        else {
            throw .windowCreationFailed(sdlError: SDLError.currentSDLError())
        }
        // The dummy driver has only the software renderer.
        let software = options.softwareRenderer || videoDriverName == "dummy"
        let rendererFlags = software ? SDL_RENDERER_SOFTWARE.rawValue : 0
        guard let renderer = SDL_CreateRenderer(window, -1, rendererFlags) else {
            let message = SDLError.currentSDLError()
            SDL_DestroyWindow(window)
            throw .windowCreationFailed(sdlError: message)
        }
        limitToRenderer(window: window, renderer: renderer)

        let hostWindow = HostWindow(id: SDL_GetWindowID(window), window: window, renderer: renderer,
                                    options: options, host: self)
        hostWindows.append(hostWindow)
        if mainWindow == nil {
            mainWindow = hostWindow
            self.window = window
            self.renderer = renderer
        }
        needsDisplay = true
        if hostSettings.signalsSemaphore, videoDriverName != "dummy", videoDriverName != "offscreen" {
            // A host that started without a window blocked on its own semaphore; a real window's
            // input only wakes SDL's wait, so block there from now on.
            let x11FD = x11ConnectionFD(of: window)
            hostSettings = pushState.withLock { state in
                state.signalsSemaphore = false
                state.x11ConnectionFD = x11FD
                return state
            }
        }
        return hostWindow
    }

    /// The open window with SDL window id `id`, if any.
    public func window(withID id: UInt32) -> HostWindow? {
        hostWindows.first { $0.id == id }
    }

    /// The open window with SDL window id `id`.
    @available(*, deprecated, renamed: "window(withID:)", message: "openWindow(_:) opens a window; this looks one up")
    public func openWindow(id: UInt32) -> HostWindow? {
        window(withID: id)
    }

    /// Quits with `status` if every open window agrees to close: asks each one's
    /// ``HostWindow/onCloseRequest`` in opening order, and stops at the first that refuses; then
    /// nothing closes and the host runs on. (Qt's `closeAllWindows` closes the windows that agreed
    /// before the refusal; here a refused quit leaves every window as it was.) A window that
    /// agreed is closed by the shutdown, with the others. What Ctrl+Q does in a `WidgetWindow`.
    /// Returns whether the host is quitting.
    @discardableResult
    public func askToQuit(status: Int32 = 0) -> Bool {
        // A copy: a request handler may open or close windows.
        for window in hostWindows where window.isOpen {
            guard window.mayClose() else { return false }
        }
        quit(status: status)
        return true
    }

    // MARK: - Machinery

    /// The usable bounds of `display` (where new windows are fitted), or `nil` when the driver
    /// has no real display.
    private func usableDisplayBounds(display: Int32 = 0) -> DisplayBounds? {
        if let bounds = configuration.usableDisplayBounds { return bounds }
        guard videoDriverName != "dummy", videoDriverName != "offscreen" else { return nil }
        var rect = SDL_Rect()
        // Without bounds (SDL cannot tell) the window keeps the size asked for.
        guard SDL_GetDisplayUsableBounds(display, &rect) == 0 else { return nil }
        return DisplayBounds(x: rect.x, y: rect.y, width: rect.w, height: rect.h)
    }

    /// Where a new window's top-left corner goes (``WindowFit/origin(_:width:height:usable:last:)``).
    /// Drivers with no real display still report one (the dummy driver's is 1024 × 768): positions
    /// are worked out on it, so they are the same there as on a display of that size.
    private func windowOrigin(
        _ position: WindowPosition, width: Int32, height: Int32, display: Int32,
        usable: DisplayBounds?, last: (x: Int32, y: Int32)?
    ) -> (x: Int32, y: Int32) {
        var bounds = usable
        if bounds == nil {
            var rect = SDL_Rect()
            if SDL_GetDisplayBounds(display, &rect) == 0, rect.w > 0, rect.h > 0 {
                bounds = DisplayBounds(x: rect.x, y: rect.y, width: rect.w, height: rect.h)
            }
        }
        guard let bounds else {
            // SDL cannot tell the display's size: it centres the window itself, or steps it
            // without wrapping.
            if case .at(let x, let y) = position { return (x, y) }
            if position == .automatic, let last {
                return (last.x.addingReportingOverflow(WindowFit.cascadeStep).partialValue,
                        last.y.addingReportingOverflow(WindowFit.cascadeStep).partialValue)
            }
            let centered = Int32(csdl_windowpos_centered())
            return (centered, centered)
        }
        return WindowFit.origin(position, width: width, height: height, usable: bounds, last: last)
    }

    /// Sets the window's maximum size to what the renderer can draw (see
    /// ``WindowFit/maximumSize(maxTextureWidth:maxTextureHeight:pixelsPerPoint:)``): past it Mesa's
    /// GL crashed at 32767 × 32767. A size change beyond it is undone as it arrives
    /// (``HostWindow/enforceSizeLimits()``), for window managers that ignore the hint.
    private func limitToRenderer(window: OpaquePointer, renderer: OpaquePointer) {
        var info = SDL_RendererInfo()
        // Without the renderer's limits, WindowFit.maximumSize falls back to its default side.
        if SDL_GetRendererInfo(renderer, &info) != 0 { info.max_texture_width = 0; info.max_texture_height = 0 }
        var pointWidth: Int32 = 0
        var pointHeight: Int32 = 0
        var pixelWidth: Int32 = 0
        var pixelHeight: Int32 = 0
        SDL_GetWindowSize(window, &pointWidth, &pointHeight)
        SDL_GetRendererOutputSize(renderer, &pixelWidth, &pixelHeight)
        let scale = pointWidth > 0 && pixelWidth > 0 ? Double(pixelWidth) / Double(pointWidth) : 1
        let maximum = WindowFit.maximumSize(maxTextureWidth: info.max_texture_width,
                                            maxTextureHeight: info.max_texture_height, pixelsPerPoint: scale)
        SDL_SetWindowMaximumSize(window, maximum.width, maximum.height)
    }

    /// Whether any window is open (the draw phase has something to draw).
    var hasOpenWindows: Bool { !hostWindows.isEmpty }

    func setNeedsDisplayFlag() { needsDisplay = true }

    /// Marks every open window dirty (``setNeedsDisplay()``).
    func setAllWindowsNeedDisplay() {
        for window in hostWindows { window.needsDisplay = true }
        needsDisplay = true
    }

    /// Closes `window`: its ``HostWindow/onClose`` runs, then it is destroyed — unless it was the
    /// last one and the host quits with it: then it lives on until SDL quits, for shutdown code.
    func closeWindow(_ window: HostWindow) {
        guard window.isOpen else { return }
        hostWindows.removeAll { $0 === window }
        window.markClosed()
        // The last window ends the run when the configuration says so, and always once the root
        // has ended under AfterRoot.quitWhenWindowsClose (the windows were what kept it running).
        let rootWaitedForWindows = rootHasEnded && configuration.afterRoot == .quitWhenWindowsClose
        if hostWindows.isEmpty, configuration.quitsWhenLastWindowCloses || rootWaitedForWindows {
            lastClosedWindows.append(window)
            beginShutdown(.windowClosed)
            return
        }
        if window === mainWindow {
            self.window = nil
            self.renderer = nil
            mainWindow = nil
        }
        window.destroy()
    }

    /// Destroys every window, open or closed (when SDL quits).
    func destroyWindows() {
        for window in hostWindows + lastClosedWindows {
            window.markClosed()
            window.destroy()
        }
        hostWindows.removeAll()
        lastClosedWindows.removeAll()
        window = nil
        renderer = nil
        mainWindow = nil
    }

    /// One SDL event, in the translate phase: ``onEvent`` sees every event, then the window the
    /// event happened in (its `windowID`; an event with none, like synthesized input posted by
    /// tests, goes to the first open window). A window's close button closes that window only,
    /// unless its ``HostWindow/onCloseRequest`` refuses; `SDL_QUIT` (asked for explicitly: SDL is
    /// told not to send it for the last window, so a refused close of the last window cannot quit
    /// through it) shuts the host down without asking.
    func handle(_ event: SDL_Event) {
        if event.type == SDL_QUIT.rawValue {
            beginShutdown(.windowClosed)
            return
        }
        onEvent?(event)
        let id = Self.windowID(of: event)
        guard let target = id == 0 ? hostWindows.first : window(withID: id) else { return }
        if event.type == SDL_WINDOWEVENT.rawValue {
            switch UInt32(event.window.event) {
            case SDL_WINDOWEVENT_SIZE_CHANGED.rawValue:
                target.enforceSizeLimits()
                target.setNeedsDisplay()
            case SDL_WINDOWEVENT_EXPOSED.rawValue, SDL_WINDOWEVENT_SHOWN.rawValue,
                 SDL_WINDOWEVENT_RESTORED.rawValue, SDL_WINDOWEVENT_MAXIMIZED.rawValue:
                target.setNeedsDisplay()
            case SDL_WINDOWEVENT_CLOSE.rawValue:
                target.onEvent?(event)
                target.requestClose()
                return
            default:
                break
            }
        }
        target.onEvent?(event)
    }

    /// The draw phase: every dirty open window is drawn and presented.
    func drawWindows() {
        needsDisplay = false
        lastFrameWallTime = monotonicNanoseconds()
        for window in hostWindows where window.needsDisplay && window.isOpen {
            window.needsDisplay = false
            guard let renderer = window.renderer else { continue }
            if window === mainWindow, let onDraw {
                onDraw(self)
            } else if let draw = window.onDraw {
                draw(window)
            } else {
                SDL_SetRenderDrawColor(renderer, 32, 32, 40, 255)
                SDL_RenderClear(renderer)
            }
            SDL_RenderPresent(renderer)
            executor.recordFrame()
        }
    }

    /// The window an event happened in (0: none).
    static func windowID(of event: SDL_Event) -> UInt32 {
        switch event.type {
        case SDL_WINDOWEVENT.rawValue: event.window.windowID
        case SDL_KEYDOWN.rawValue, SDL_KEYUP.rawValue: event.key.windowID
        case SDL_TEXTINPUT.rawValue: event.text.windowID
        case SDL_TEXTEDITING.rawValue: event.edit.windowID
        case SDL_MOUSEMOTION.rawValue: event.motion.windowID
        case SDL_MOUSEBUTTONDOWN.rawValue, SDL_MOUSEBUTTONUP.rawValue: event.button.windowID
        case SDL_MOUSEWHEEL.rawValue: event.wheel.windowID
        case SDL_DROPFILE.rawValue, SDL_DROPTEXT.rawValue, SDL_DROPBEGIN.rawValue, SDL_DROPCOMPLETE.rawValue:
            event.drop.windowID
        default: 0
        }
    }
}
