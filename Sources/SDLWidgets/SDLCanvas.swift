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
///   Past ``textCacheLimit`` textures or ``textCacheByteLimit`` bytes the least recently used
///   textures go, but never one the current frame has drawn (see ``textCacheLimit``). A text that
///   cannot be rendered is remembered as such, so the failure is not retried every frame.
/// - **Image cache:** each image's contents are uploaded to a texture the first time
///   ``drawImage(_:in:)`` draws them and reused while they do not change (copies of an `RGBAImage`
///   share one texture); at most 64 textures or 128 MB, least recently drawn first out.
/// - **Text is bounded by what is visible:** ``drawText(_:font:color:at:)`` renders only the part of
///   a text that can appear between its origin and the canvas's right edge (and never more than
///   ``maximumTextPixelWidth``), and ``measure(_:font:)`` measures at most that much: a label
///   holding megabytes of text costs what one screen-wide line costs.
/// - **Lifetime:** the textures belong to the renderer. Call ``close()`` while the renderer is alive
///   (before the host quits SDL); after `SDL_DestroyRenderer` they are gone with it, so neither
///   `close()` nor deinit touches them then.
/// - **A closed canvas is inert.** A canvas made from a `HostWindow` (``init(window:)``,
///   ``init(host:)``) is closed once that window's renderer is destroyed (the window closed, or SDL
///   quit); a canvas on a renderer of your own is closed by ``invalidate()``, which you call before
///   destroying the renderer. Once ``isClosed``, drawing calls do nothing, ``readPixels()`` throws,
///   ``renderer`` is `nil`, and no SDL call is made with the old renderer: drawing into a window
///   that is gone is as harmless as drawing into a hidden one. Measuring still works (it needs only
///   the fonts).
///
/// Threads: SDL thread (`SDLActor`).
@SDLActor
public final class SDLCanvas: Canvas {
    /// The SDL renderer drawn on, or `nil` once the canvas is closed (see ``isClosed``). The canvas
    /// does not own it: its window (or whoever made it) does.
    public var renderer: OpaquePointer? { isClosed ? nil : rawRenderer }
    /// The renderer as given; only used while ``isClosed`` is false (after that it may be freed).
    private let rawRenderer: OpaquePointer
    /// The host window whose renderer this is, for canvases made from one: its renderer becoming
    /// `nil` (destroyed) closes the canvas. Weak: the host owns its windows.
    private weak var hostWindow: HostWindow?
    private let isOnHostWindow: Bool
    /// Set by ``invalidate()``.
    private var isInvalidated = false
    /// The SDL window whose size in points is the canvas's ``size``. Without one, the size is the
    /// renderer's output size and the ``scale`` is 1. `nil` once the canvas is closed.
    public var window: OpaquePointer? { isClosed ? nil : rawWindow }
    private let rawWindow: OpaquePointer?
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
    /// Bytes of text textures kept before the least recently used ones are freed (a soft limit,
    /// counted as 4 bytes a pixel).
    ///
    /// Why a byte limit as well: the count alone let a line that changes every frame (the sieve's
    /// progress line, ~30 kB a texture) fill 4,096 entries, over 100 MB. 16 MB holds every number
    /// of the 40 × 40 sieve at 2× pixel density (~14 MB) beside the window's other texts.
    public var textCacheByteLimit = 16 << 20
    /// The widest text texture, in pixels, the canvas renders: text past it is cut off. Within the
    /// texture size every renderer supports (SDL's OpenGL and software renderers take 16,384), and
    /// wider than any window this canvas is likely to draw.
    public nonisolated static let maximumTextPixelWidth = 8192

    public private(set) var size = Size.zero
    /// Renderer pixels per logical point (2 on a typical HiDPI display).
    public private(set) var scale = 1.0
    /// Text textures created since the canvas opened (a cache that works keeps this flat).
    public private(set) var textTexturesCreated = 0

    /// Text textures currently cached.
    public var textCacheCount: Int { textCache.count }
    /// Image textures uploaded since the canvas opened (a cache that works keeps this flat).
    public var imageTexturesCreated: Int { imageTextures.created }
    /// Image textures currently cached.
    public var imageCacheCount: Int { imageTextures.count }
    private let imageTextures = ImageTextureCache()
    /// Bytes of the cached text textures (4 a pixel).
    public private(set) var textCacheBytes = 0
    /// Texts that could not be rendered (remembered so the failure is not repeated every frame).
    public var failedTextCount: Int { failedTexts.count }
    /// The widest text texture created so far, in pixels (bounded by ``maximumTextPixelWidth``).
    public private(set) var widestTextTexture = 0

    /// Whether the canvas can no longer draw: its host window's renderer is destroyed, or
    /// ``invalidate()`` was called. See the type's "A closed canvas is inert".
    public var isClosed: Bool {
        isInvalidated || (isOnHostWindow && hostWindow?.renderer != rawRenderer)
    }

    private var textCache: [TextKey: TextTexture] = [:]
    /// Keys whose rendering failed, until the next ``close()`` (bounded: see `rememberFailure`).
    private var failedTexts: Set<TextKey> = []
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
    ///
    /// The caller owns `renderer`: call ``invalidate()`` before destroying it, and the canvas stops
    /// drawing instead of reading freed memory.
    public init(renderer: OpaquePointer, window: OpaquePointer?, fonts: FontBook) {
        self.rawRenderer = renderer
        self.rawWindow = window
        self.fonts = fonts
        self.isOnHostWindow = false
        beginFrame()
    }

    private init(hostWindow: HostWindow, renderer: OpaquePointer, fonts: FontBook) {
        self.rawRenderer = renderer
        self.rawWindow = hostWindow.window
        self.fonts = fonts
        self.hostWindow = hostWindow
        self.isOnHostWindow = true
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
        self.init(hostWindow: window, renderer: renderer, fonts: try FontBook())
    }

    /// Frees the text and image textures. Call while the renderer is alive; drawing after it
    /// re-creates them (while the canvas is not ``isClosed``). On a closed canvas it only forgets
    /// them: they went with the renderer.
    public func close() {
        if !isClosed {
            for entry in textCache.values { SDL_DestroyTexture(entry.texture) }
        }
        imageTextures.removeAll(destroying: !isClosed)
        textCache.removeAll()
        textCacheBytes = 0
        failedTexts.removeAll()
    }

    /// The renderer is about to be destroyed: frees the text textures and closes the canvas for
    /// good (drawing does nothing from now on). For a canvas on a renderer of your own; one made
    /// from a `HostWindow` closes by itself when the window's renderer goes.
    public func invalidate() {
        close()
        isInvalidated = true
    }

    // MARK: Canvas

    public func beginFrame() {
        guard let renderer else {
            // Closed: nothing to draw on. Its textures went with the renderer.
            if !textCache.isEmpty || imageTextures.count > 0 { close() }
            size = .zero
            return
        }
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
        imageTextures.beginFrame()
        if clip != nil { setClip(nil) }
    }

    public private(set) var clip: Rect?

    public func setClip(_ rect: Rect?) {
        clip = rect
        guard let renderer else { return }
        if let rect {
            var pixels = pixelRect(Rect(origin: rect.origin, size: Size(width: max(0, rect.width), height: max(0, rect.height))))
            // SDL treats an empty clip rectangle as "no clipping": clip to a pixel off-screen instead.
            if pixels.w <= 0 || pixels.h <= 0 { pixels = SDL_Rect(x: -2, y: -2, w: 1, h: 1) }
            SDL_RenderSetClipRect(renderer, &pixels)
        } else {
            SDL_RenderSetClipRect(renderer, nil)
        }
    }

    public func clear(_ color: Color) {
        guard let renderer else { return }
        setColor(color, on: renderer)
        SDL_RenderClear(renderer)
    }

    /// Fills `rect`, scaled to renderer pixels. Both edges are rounded, so rectangles side by side
    /// in points stay side by side in pixels, without gaps or overlaps.
    public func fill(_ rect: Rect, _ color: Color) {
        guard let renderer else { return }
        setColor(color, on: renderer)
        var pixels = pixelRect(rect)
        SDL_RenderFillRect(renderer, &pixels)
    }

    public func fillRects(_ rects: [Rect], _ color: Color) {
        guard !rects.isEmpty, let renderer else { return }
        setColor(color, on: renderer)
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

    /// The size of `text`, measured on at most the part of it that fits ``maximumTextPixelWidth``
    /// (a longer text measures that wide: no more of it is ever drawn).
    public func measure(_ text: String, font: Font) -> Size {
        guard let ttf = try? fonts.font(font.weight, pixelSize: pixelSize(of: font)) else { return .zero }
        var width: Int32 = 0
        var height: Int32 = 0
        if text.isEmpty {
            height = TTF_FontHeight(ttf)
        } else if TTF_SizeUTF8(ttf, Self.boundedText(text, pixels: Self.maximumTextPixelWidth), &width, &height) != 0 {
            return .zero  // cannot measure: the text is then not drawn either
        }
        width = min(width, Int32(Self.maximumTextPixelWidth))
        return Size(width: Int((Double(width) / scale).rounded(.up)), height: Int((Double(height) / scale).rounded(.up)))
    }

    /// Draws the part of `text` that can be seen: what lies between the canvas's left and right
    /// edges, at most ``maximumTextPixelWidth`` pixels of it. A text starting more than that far
    /// left of the canvas is not drawn (finding its visible part would mean measuring all that lies
    /// before it). Nothing on a closed canvas.
    public func drawText(_ text: String, font: Font, color: Color, at origin: Point) {
        guard !text.isEmpty, let renderer else { return }
        var x = pixelCoordinate(origin.x)
        var shown = text
        if x < 0 {
            // Skip the scalars wholly left of the canvas, so only the visible part is rendered.
            guard -x <= Self.maximumTextPixelWidth, let ttf = try? fonts.font(font.weight, pixelSize: pixelSize(of: font)) else { return }
            let hidden = Self.boundedText(text, pixels: -x)
            var extent: Int32 = 0
            var count: Int32 = 0
            if TTF_MeasureUTF8(ttf, hidden, Int32(-x), &extent, &count) == 0, count > 0 {
                let scalars = text.unicodeScalars
                let start = scalars.index(scalars.startIndex, offsetBy: Int(count), limitedBy: scalars.endIndex) ?? scalars.endIndex
                shown = String(scalars[start...])
                x += Int(extent)
            }
            guard !shown.isEmpty else { return }
        }
        let canvasPixelWidth = pixelCoordinate(size.width)
        let visibleWidth = min(canvasPixelWidth - x, Self.maximumTextPixelWidth)
        guard visibleWidth > 0, let entry = textTexture(shown, font: font, visibleWidth: visibleWidth) else { return }
        var destination = SDL_Rect(
            x: Int32(clamping: x), y: Int32(clamping: pixelCoordinate(origin.y)),
            w: entry.pixelWidth, h: entry.pixelHeight)
        // The texture is white text with coverage in alpha: modulating it by the colour gives the
        // same pixels as rendering the text in that colour.
        SDL_SetTextureColorMod(entry.texture, color.red, color.green, color.blue)
        SDL_SetTextureAlphaMod(entry.texture, color.alpha)
        SDL_RenderCopy(renderer, entry.texture, nil, &destination)
    }

    /// Draws `image` stretched over `rect` (filtered linearly), from a texture uploaded once per
    /// image contents (see "Image cache" above). Nothing on a closed canvas or for an empty image.
    public func drawImage(_ image: RGBAImage, in rect: Rect) {
        guard let renderer, rect.width > 0, rect.height > 0,
              let texture = imageTextures.texture(for: image, on: renderer) else { return }
        var destination = pixelRect(rect)
        SDL_RenderCopy(renderer, texture, nil, &destination)
    }

    /// `points` in renderer pixels, clamped far beyond any screen (±2^40) so that no coordinate a
    /// caller passes can trap in the conversion.
    private func pixelCoordinate(_ points: Int) -> Int {
        let pixels = (Double(points) * scale).rounded()
        return Int(min(max(pixels, -0x1p40), 0x1p40))
    }

    public func canDraw(_ text: String, font: Font) -> Bool {
        fonts.providesGlyphs(for: text, weight: font.weight)
    }

    // MARK: Reading pixels

    /// The renderer's current pixels (call after drawing a frame and before presenting it).
    /// Throws on a closed canvas (there are no pixels to read).
    public func readPixels() throws(WidgetError) -> RGBAImage {
        guard let renderer else {
            throw .sdlCallFailed(call: "SDLCanvas.readPixels", reason: "the canvas is closed: its renderer was destroyed (window closed or SDL quit)")
        }
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
    private func setColor(_ color: Color, on renderer: OpaquePointer) {
        SDL_SetRenderDrawColor(renderer, color.red, color.green, color.blue, color.alpha)
        // Set every time (a field store in SDL): other code may share the renderer.
        SDL_SetRenderDrawBlendMode(renderer, color.alpha == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND)
    }

    /// `rect` in renderer pixels. Coordinates are clamped to ±2^29 (far beyond any screen, and
    /// small enough that a width stays an `Int32`), so no rectangle a caller passes can trap here.
    private func pixelRect(_ rect: Rect) -> SDL_Rect {
        func pixel(_ points: Double) -> Int32 {
            Int32(min(max((points * scale).rounded(), -0x1p29), 0x1p29))
        }
        // In Double: `x + width` may not fit an Int.
        let x0 = pixel(Double(rect.x))
        let y0 = pixel(Double(rect.y))
        let x1 = pixel(Double(rect.x) + Double(rect.width))
        let y1 = pixel(Double(rect.y) + Double(rect.height))
        return SDL_Rect(x: x0, y: y0, w: x1 - x0, h: y1 - y0)
    }

    private func pixelSize(of font: Font) -> Int {
        Int((Double(font.size) * scale).rounded())
    }

    /// The longest prefix of `text` that can cover at most `pixels` pixels, assuming every Unicode
    /// scalar drawn advances at least one pixel (a scalar that advances none, such as a combining
    /// mark, then only makes the prefix end sooner). O(`pixels`), whatever the text's length.
    nonisolated static func boundedPrefix(of text: String, pixels: Int) -> Substring {
        let scalars = text.unicodeScalars
        guard let end = scalars.index(scalars.startIndex, offsetBy: max(0, pixels), limitedBy: scalars.endIndex) else {
            return text[...]
        }
        return Substring(scalars[..<end])
    }

    /// `text`, or its ``boundedPrefix(of:pixels:)`` when it could be longer (no copy for short text).
    nonisolated static func boundedText(_ text: String, pixels: Int) -> String {
        text.utf8.count <= pixels ? text : String(boundedPrefix(of: text, pixels: pixels))
    }

    /// The texture of the visible part of `text`: the prefix that fits `visibleWidth` pixels (plus
    /// the scalar that crosses the edge, drawn cut). Rendered once per key; a failure is cached too.
    private func textTexture(_ text: String, font: Font, visibleWidth: Int) -> TextTexture? {
        guard let renderer else { return nil }
        let pixelSize = pixelSize(of: font)
        guard let ttf = try? fonts.font(font.weight, pixelSize: pixelSize) else { return nil }
        let candidate = Self.boundedText(text, pixels: visibleWidth)
        useCounter += 1
        // Drawn before (the common case): a texture made for this text is used even when part of it
        // is now past the edge (SDL clips it); it is already paid for and bounded.
        if let entry = cachedTexture(TextKey(text: candidate, weight: font.weight, pixelSize: pixelSize)) {
            return entry
        }
        var visible = candidate
        var extent: Int32 = 0
        var count: Int32 = 0
        if visible.utf8.count > 1, TTF_MeasureUTF8(ttf, visible, Int32(visibleWidth), &extent, &count) == 0,
           Int(count) < visible.unicodeScalars.count {
            // Cut where the canvas ends: TTF_MeasureUTF8 counts the scalars that fit whole; the
            // one crossing the edge is drawn cut.
            visible = String(Self.boundedPrefix(of: visible, pixels: Int(count) + 1))
        }
        let key = TextKey(text: visible, weight: font.weight, pixelSize: pixelSize)
        if visible != candidate, let entry = cachedTexture(key) { return entry }
        guard !failedTexts.contains(key) else { return nil }
        let white = SDL_Color(r: 255, g: 255, b: 255, a: 255)
        // A text SDL2_ttf cannot render (or a failed texture upload) is skipped, not fatal: the
        // frame is still drawn, and the key is remembered so later frames do not pay for it again.
        guard let surface = TTF_RenderUTF8_Blended(ttf, key.text, white) else {
            rememberFailure(key)
            return nil
        }
        defer { SDL_FreeSurface(surface) }
        guard let texture = SDL_CreateTextureFromSurface(renderer, surface) else {
            rememberFailure(key)
            return nil
        }
        let bytes = Int(surface.pointee.w) * Int(surface.pointee.h) * 4
        if textCache.count >= textCacheLimit || textCacheBytes + bytes > textCacheByteLimit, lastEviction != frameStartUse {
            // Once per frame at most: a frame that alone holds more than the limit would otherwise
            // scan the whole cache on every insertion.
            lastEviction = frameStartUse
            evictStaleTextures()
        }
        let entry = TextTexture(texture: texture, pixelWidth: surface.pointee.w, pixelHeight: surface.pointee.h, lastUse: useCounter)
        textCache[key] = entry
        textCacheBytes += bytes
        widestTextTexture = max(widestTextTexture, Int(surface.pointee.w))
        textTexturesCreated += 1
        return entry
    }

    /// The cached texture of `key`, stamped as used now.
    private func cachedTexture(_ key: TextKey) -> TextTexture? {
        guard textCache[key] != nil else { return nil }
        textCache[key]!.lastUse = useCounter
        return textCache[key]
    }

    /// Remembers a key that failed. Keys are visible prefixes (bounded in length), and past 1,024 of
    /// them the set starts over, so a stream of distinct failing texts cannot grow it without bound.
    private func rememberFailure(_ key: TextKey) {
        if failedTexts.count >= 1024 { failedTexts.removeAll() }
        failedTexts.insert(key)
    }

    /// Frees the least recently used textures, down to half of each limit, sparing every texture
    /// the current frame has drawn. When the current frame alone holds more than a limit this frees
    /// little; the cache then stays over the limit until frames need less.
    private func evictStaleTextures() {
        let stale = textCache.filter { $0.value.lastUse <= frameStartUse }.sorted { $0.value.lastUse < $1.value.lastUse }
        for (key, entry) in stale {
            guard textCache.count > textCacheLimit / 2 || textCacheBytes > textCacheByteLimit / 2 else { break }
            SDL_DestroyTexture(entry.texture)
            textCache[key] = nil
            textCacheBytes -= Int(entry.pixelWidth) * Int(entry.pixelHeight) * 4
        }
    }
}
