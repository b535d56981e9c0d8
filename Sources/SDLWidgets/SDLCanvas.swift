internal import CSDL2
internal import CSDL2TTF
public import SDLConcurrency

/// A ``Canvas`` on an SDL renderer, with text through SDL2_ttf.
///
/// - **HiDPI:** widgets work in logical points (SDL's window units); each frame the canvas compares
///   `SDL_GetRendererOutputSize` with the window size and scales every rectangle, and renders text
///   at the pixel size, so text is sharp on a 2× display.
/// - **Text cache:** each (text, weight, pixel size) becomes one white texture, created once and
///   reused on later frames in any colour (tinted with `SDL_SetTextureColorMod` as it is drawn).
///   Past ``textCacheLimit`` the least recently used textures go, but never one the current frame
///   has drawn (see ``textCacheLimit``).
/// - **Lifetime:** the textures belong to the renderer. Call ``close()`` while the renderer is alive
///   (before the host quits SDL); after `SDL_DestroyRenderer` they are gone with it, so neither
///   `close()` nor deinit touches them then.
///
/// Threads: SDL thread (`SDLActor`).
@SDLActor
public final class SDLCanvas: Canvas {
    /// The SDL renderer drawn on. The canvas does not own it: its window (or whoever made it) does.
    public let renderer: OpaquePointer
    /// The SDL window whose size in points is the canvas's ``size``. Without one, the size is the
    /// renderer's output size and the ``scale`` is 1.
    public let window: OpaquePointer?
    /// The fonts text is measured and drawn with.
    public let fonts: FontBook
    /// Text textures kept before the least recently used ones are freed (a soft limit).
    ///
    /// Why 4,096: the sieve's 40 × 40 grid draws each of its 1,600 numbers in at most two looks
    /// (regular while unmarked, bold once marked) and colour is not part of the key, so a whole run
    /// needs at most 3,200 number textures; 4,096 holds them and the rest of the window, so a frame
    /// never re-renders a number it drew before. (Keyed by colour, the 1,349 composites in their
    /// marker colours would need ~3,000, and the old limit of 512 was emptied several times per
    /// frame.) A texture of a number is about 24 × 11 pixels: the full cache is a few megabytes.
    /// Bigger grids hide their numbers before they would need more. Eviction never frees a texture
    /// drawn since the current frame began, so even a frame that needs more than the limit draws
    /// each text once: the cache then grows for that frame instead of thrashing.
    public var textCacheLimit = 4096

    public private(set) var size = Size.zero
    /// Renderer pixels per logical point (2 on a typical HiDPI display).
    public private(set) var scale = 1.0
    /// Text textures created since the canvas opened (a cache that works keeps this flat).
    public private(set) var textTexturesCreated = 0

    /// Text textures currently cached.
    public var textCacheCount: Int { textCache.count }

    private var textCache: [TextKey: TextTexture] = [:]
    /// Stamps texture uses, for least-recently-used eviction.
    private var useCounter: UInt64 = 0
    /// `useCounter` when the current frame began: textures used since then are not evicted.
    private var frameStartUse: UInt64 = 0
    /// `frameStartUse` of the frame that last evicted.
    private var lastEviction: UInt64?

    struct TextKey: Hashable {
        var text: String
        var weight: Font.Weight
        var pixelSize: Int
    }

    struct TextTexture {
        var texture: OpaquePointer
        var pixelWidth: Int32
        var pixelHeight: Int32
        var lastUse: UInt64
    }

    /// A canvas on `renderer` (and `window`, for its logical size; without one the renderer's
    /// output size is the logical size).
    public init(renderer: OpaquePointer, window: OpaquePointer?, fonts: FontBook) {
        self.renderer = renderer
        self.window = window
        self.fonts = fonts
        beginFrame()
    }

    /// A canvas on the host's main window and renderer with the bundled fonts.
    public convenience init(host: SDLHost) throws(WidgetError) {
        guard let main = host.mainWindow, main.isOpen else {
            throw .sdlCallFailed(call: "SDLCanvas(host:)", reason: "the host has no window (configure one with WindowOptions)")
        }
        try self.init(window: main)
    }

    /// A canvas on a host window's renderer with the bundled fonts.
    public convenience init(window: HostWindow) throws(WidgetError) {
        guard let renderer = window.renderer else {
            throw .sdlCallFailed(call: "SDLCanvas(window:)", reason: "the window is closed")
        }
        try self.init(renderer: renderer, window: window.window, fonts: FontBook())
    }

    /// Frees the text textures. Call while the renderer is alive; drawing after it re-creates them.
    public func close() {
        for entry in textCache.values { SDL_DestroyTexture(entry.texture) }
        textCache.removeAll()
    }

    // MARK: Canvas

    public func beginFrame() {
        var pixelWidth: Int32 = 0
        var pixelHeight: Int32 = 0
        SDL_GetRendererOutputSize(renderer, &pixelWidth, &pixelHeight)
        var width = pixelWidth
        var height = pixelHeight
        if let window { SDL_GetWindowSize(window, &width, &height) }
        let newScale = width > 0 ? max(1.0, Double(pixelWidth) / Double(width)) : 1.0
        if newScale != scale { close() }
        scale = newScale
        size = Size(width: Int(width), height: Int(height))
        frameStartUse = useCounter
    }

    public func clear(_ color: Color) {
        setColor(color)
        SDL_RenderClear(renderer)
    }

    /// Fills `rect`, scaled to renderer pixels. Both edges are rounded, so rectangles side by side
    /// in points stay side by side in pixels, without gaps or overlaps.
    public func fill(_ rect: Rect, _ color: Color) {
        setColor(color)
        var pixels = pixelRect(rect)
        SDL_RenderFillRect(renderer, &pixels)
    }

    public func fillRects(_ rects: [Rect], _ color: Color) {
        guard !rects.isEmpty else { return }
        setColor(color)
        let pixels = rects.map(pixelRect)
        pixels.withUnsafeBufferPointer { buffer in
            _ = SDL_RenderFillRects(renderer, buffer.baseAddress, Int32(buffer.count))
        }
    }

    public func stroke(_ rect: Rect, _ color: Color, width: Int) {
        let w = max(1, min(width, rect.width / 2, rect.height / 2))
        fill(Rect(x: rect.x, y: rect.y, width: rect.width, height: w), color)
        fill(Rect(x: rect.x, y: rect.maxY - w, width: rect.width, height: w), color)
        fill(Rect(x: rect.x, y: rect.y + w, width: w, height: rect.height - 2 * w), color)
        fill(Rect(x: rect.maxX - w, y: rect.y + w, width: w, height: rect.height - 2 * w), color)
    }

    public func measure(_ text: String, font: Font) -> Size {
        guard let ttf = try? fonts.font(font.weight, pixelSize: pixelSize(of: font)) else { return .zero }
        var width: Int32 = 0
        var height: Int32 = 0
        if text.isEmpty {
            height = TTF_FontHeight(ttf)
        } else if TTF_SizeUTF8(ttf, text, &width, &height) != 0 {
            return .zero  // cannot measure: the text is then not drawn either
        }
        return Size(width: Int((Double(width) / scale).rounded(.up)), height: Int((Double(height) / scale).rounded(.up)))
    }

    public func drawText(_ text: String, font: Font, color: Color, at origin: Point) {
        guard !text.isEmpty, let entry = textTexture(text, font: font) else { return }
        var destination = SDL_Rect(
            x: Int32((Double(origin.x) * scale).rounded()), y: Int32((Double(origin.y) * scale).rounded()),
            w: entry.pixelWidth, h: entry.pixelHeight)
        // The texture is white text with coverage in alpha: modulating it by the colour gives the
        // same pixels as rendering the text in that colour.
        SDL_SetTextureColorMod(entry.texture, color.red, color.green, color.blue)
        SDL_SetTextureAlphaMod(entry.texture, color.alpha)
        SDL_RenderCopy(renderer, entry.texture, nil, &destination)
    }

    public func canDraw(_ text: String, font: Font) -> Bool {
        fonts.providesGlyphs(for: text, weight: font.weight)
    }

    // MARK: Reading pixels

    /// The renderer's current pixels (call after drawing a frame and before presenting it).
    public func readPixels() throws(WidgetError) -> RGBAImage {
        var width: Int32 = 0
        var height: Int32 = 0
        SDL_GetRendererOutputSize(renderer, &width, &height)
        var pixels = [UInt8](repeating: 0, count: Int(width) * Int(height) * 4)
        // ABGR8888 is R, G, B, A in memory order on little-endian machines: what RGBAImage holds.
        let result = pixels.withUnsafeMutableBytes { buffer in
            SDL_RenderReadPixels(renderer, nil, SDL_PIXELFORMAT_RGBA32.rawValue, buffer.baseAddress, width * 4)
        }
        if result != 0 { throw .sdlCallFailed(call: "SDL_RenderReadPixels", reason: FontBook.sdlError()) }
        return RGBAImage(width: Int(width), height: Int(height), pixels: pixels)
    }

    // MARK: Helpers

    /// Sets the draw colour, and blending only for translucent colours: an opaque fill blended
    /// looks the same but costs SDL's software renderer a read-modify-write per pixel (and a slower
    /// loop per rectangle) instead of a plain store.
    private func setColor(_ color: Color) {
        SDL_SetRenderDrawColor(renderer, color.red, color.green, color.blue, color.alpha)
        // Set every time (a field store in SDL): other code may share the renderer.
        SDL_SetRenderDrawBlendMode(renderer, color.alpha == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND)
    }

    private func pixelRect(_ rect: Rect) -> SDL_Rect {
        if scale == 1 {
            return SDL_Rect(x: Int32(rect.x), y: Int32(rect.y), w: Int32(rect.width), h: Int32(rect.height))
        }
        let x0 = Int32((Double(rect.x) * scale).rounded())
        let y0 = Int32((Double(rect.y) * scale).rounded())
        let x1 = Int32((Double(rect.maxX) * scale).rounded())
        let y1 = Int32((Double(rect.maxY) * scale).rounded())
        return SDL_Rect(x: x0, y: y0, w: x1 - x0, h: y1 - y0)
    }

    private func pixelSize(of font: Font) -> Int {
        Int((Double(font.size) * scale).rounded())
    }

    private func textTexture(_ text: String, font: Font) -> TextTexture? {
        let key = TextKey(text: text, weight: font.weight, pixelSize: pixelSize(of: font))
        useCounter += 1
        if textCache[key] != nil {
            textCache[key]!.lastUse = useCounter
            return textCache[key]
        }
        guard let ttf = try? fonts.font(font.weight, pixelSize: key.pixelSize) else { return nil }
        let white = SDL_Color(r: 255, g: 255, b: 255, a: 255)
        // A text SDL2_ttf cannot render (or a failed texture upload) is skipped, not fatal: the
        // frame is still drawn and the next frame tries again.
        guard let surface = TTF_RenderUTF8_Blended(ttf, text, white) else { return nil }
        defer { SDL_FreeSurface(surface) }
        guard let texture = SDL_CreateTextureFromSurface(renderer, surface) else { return nil }
        if textCache.count >= textCacheLimit, lastEviction != frameStartUse {
            // Once per frame at most: a frame that alone holds more than the limit would otherwise
            // scan the whole cache on every insertion.
            lastEviction = frameStartUse
            evictStaleTextures()
        }
        let entry = TextTexture(texture: texture, pixelWidth: surface.pointee.w, pixelHeight: surface.pointee.h, lastUse: useCounter)
        textCache[key] = entry
        textTexturesCreated += 1
        return entry
    }

    /// Frees the least recently used textures, down to half the limit, sparing every texture the
    /// current frame has drawn. When the current frame alone holds more than the limit this frees
    /// little; the cache then stays over the limit until frames need less.
    private func evictStaleTextures() {
        let stale = textCache.filter { $0.value.lastUse <= frameStartUse }.sorted { $0.value.lastUse < $1.value.lastUse }
        for (key, entry) in stale.prefix(textCache.count - textCacheLimit / 2) {
            SDL_DestroyTexture(entry.texture)
            textCache[key] = nil
        }
    }
}
