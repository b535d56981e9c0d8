internal import CSDL2
internal import CSDL2TTF
public import SDLConcurrency

/// A ``Canvas`` on an SDL renderer, with text through SDL2_ttf.
///
/// - **HiDPI:** widgets work in logical points (SDL's window units); each frame the canvas compares
///   `SDL_GetRendererOutputSize` with the window size and scales every rectangle, and renders text
///   at the pixel size, so text is sharp on a 2× display.
/// - **Text cache:** each (text, font, colour, pixel size) becomes one texture, created once and
///   reused on later frames. The cache is emptied when it grows past ``textCacheLimit``.
/// - **Lifetime:** the textures belong to the renderer. Call ``close()`` while the renderer is alive
///   (before the host quits SDL); after `SDL_DestroyRenderer` they are gone with it, so neither
///   `close()` nor deinit touches them then.
///
/// Threads: SDL thread (`SDLActor`).
@SDLActor
public final class SDLCanvas: Canvas {
    public let renderer: OpaquePointer
    public let window: OpaquePointer?
    public let fonts: FontBook
    /// Text textures kept at most; past it the cache starts over.
    public var textCacheLimit = 512

    public private(set) var size = Size.zero
    /// Renderer pixels per logical point (2 on a typical HiDPI display).
    public private(set) var scale = 1.0
    /// Text textures created since the canvas opened (a cache that works keeps this flat).
    public private(set) var textTexturesCreated = 0

    private var textCache: [TextKey: TextTexture] = [:]
    private var isClosed = false

    struct TextKey: Hashable {
        var text: String
        var font: Font
        var color: Color
        var pixelSize: Int
    }

    struct TextTexture {
        var texture: OpaquePointer
        var pixelWidth: Int32
        var pixelHeight: Int32
    }

    /// A canvas on `renderer` (and `window`, for its logical size; without one the renderer's
    /// output size is the logical size).
    public init(renderer: OpaquePointer, window: OpaquePointer?, fonts: FontBook) {
        self.renderer = renderer
        self.window = window
        self.fonts = fonts
        SDL_SetRenderDrawBlendMode(renderer, SDL_BLENDMODE_BLEND)
        beginFrame()
    }

    /// A canvas on the host's window and renderer with the bundled fonts.
    public convenience init(host: SDLHost) throws(WidgetError) {
        guard let renderer = host.renderer else {
            throw .sdlCallFailed(call: "SDLCanvas(host:)", reason: "the host has no window (configure one with WindowOptions)")
        }
        try self.init(renderer: renderer, window: host.window, fonts: FontBook())
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
    }

    public func clear(_ color: Color) {
        setColor(color)
        SDL_RenderClear(renderer)
    }

    public func fill(_ rect: Rect, _ color: Color) {
        setColor(color)
        var pixels = pixelRect(rect)
        SDL_RenderFillRect(renderer, &pixels)
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
        guard !text.isEmpty, let entry = textTexture(text, font: font, color: color) else { return }
        var destination = SDL_Rect(
            x: Int32((Double(origin.x) * scale).rounded()), y: Int32((Double(origin.y) * scale).rounded()),
            w: entry.pixelWidth, h: entry.pixelHeight)
        SDL_RenderCopy(renderer, entry.texture, nil, &destination)
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

    private func setColor(_ color: Color) {
        SDL_SetRenderDrawColor(renderer, color.red, color.green, color.blue, color.alpha)
    }

    private func pixelRect(_ rect: Rect) -> SDL_Rect {
        let x0 = Int32((Double(rect.x) * scale).rounded())
        let y0 = Int32((Double(rect.y) * scale).rounded())
        let x1 = Int32((Double(rect.maxX) * scale).rounded())
        let y1 = Int32((Double(rect.maxY) * scale).rounded())
        return SDL_Rect(x: x0, y: y0, w: x1 - x0, h: y1 - y0)
    }

    private func pixelSize(of font: Font) -> Int {
        Int((Double(font.size) * scale).rounded())
    }

    private func textTexture(_ text: String, font: Font, color: Color) -> TextTexture? {
        let key = TextKey(text: text, font: font, color: color, pixelSize: pixelSize(of: font))
        if let cached = textCache[key] { return cached }
        guard let ttf = try? fonts.font(font.weight, pixelSize: key.pixelSize) else { return nil }
        let sdlColor = SDL_Color(r: color.red, g: color.green, b: color.blue, a: color.alpha)
        // A text SDL2_ttf cannot render (or a failed texture upload) is skipped, not fatal: the
        // frame is still drawn and the next frame tries again.
        guard let surface = TTF_RenderUTF8_Blended(ttf, text, sdlColor) else { return nil }
        defer { SDL_FreeSurface(surface) }
        guard let texture = SDL_CreateTextureFromSurface(renderer, surface) else { return nil }
        if textCache.count >= textCacheLimit { close() }
        let entry = TextTexture(texture: texture, pixelWidth: surface.pointee.w, pixelHeight: surface.pointee.h)
        textCache[key] = entry
        textTexturesCreated += 1
        return entry
    }
}
