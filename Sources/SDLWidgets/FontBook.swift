internal import CSDL2
internal import CSDL2TTF
public import Foundation
public import SDLConcurrency

/// Where the font files are: one file per ``Font/Weight``.
public struct FontSource: Sendable, Equatable {
    public var regular: URL
    public var bold: URL

    public init(regular: URL, bold: URL) {
        self.regular = regular
        self.bold = bold
    }

    /// `DejaVuSans.ttf` and `DejaVuSans-Bold.ttf` in `directory`.
    public init(directory: URL) {
        self.init(
            regular: directory.appendingPathComponent("DejaVuSans.ttf"),
            bold: directory.appendingPathComponent("DejaVuSans-Bold.ttf"))
    }

    /// DejaVu Sans, shipped in the package's `Assets/Fonts` and found through its resource bundle,
    /// whatever the working directory.
    public static func bundled() throws(WidgetError) -> FontSource {
        FontSource(directory: try ResourceBundle.fontsDirectory())   // never traps: see ResourceBundle
    }

    func url(for weight: Font.Weight) -> URL {
        switch weight {
        case .regular: regular
        case .bold: bold
        }
    }
}

/// The opened SDL2_ttf fonts, one per weight and pixel size.
///
/// Opening it checks every file at once, so a missing or broken font is an error at start-up that
/// names the file, never a crash while drawing. SDL2_ttf is initialised once per process and left
/// initialised: `TTF_Quit` would free faces that fonts still alive point into.
///
/// Threads: SDL thread (`SDLActor`); SDL2_ttf is not thread-safe.
@SDLActor
public final class FontBook {
    public let source: FontSource
    /// Opened fonts by weight and pixel size.
    private var fonts: [FontKey: OpaquePointer] = [:]

    struct FontKey: Hashable {
        var weight: Font.Weight
        var pixelSize: Int
    }

    private static var ttfStarted = false

    public init(source: FontSource) throws(WidgetError) {
        self.source = source
        try Self.startTTF()
        for weight in Font.Weight.allCases {
            let path = source.url(for: weight).path
            guard FileManager.default.isReadableFile(atPath: path) else { throw .fontMissing(path: path) }
            // Open at a common size now: a file that is there but is no font fails here, by name.
            _ = try font(weight, pixelSize: Font.body.size)
        }
    }

    /// The bundled DejaVu Sans.
    public convenience init() throws(WidgetError) {
        try self.init(source: .bundled())
    }

    isolated deinit {
        for font in fonts.values { TTF_CloseFont(font) }
    }

    /// The `TTF_Font` for `weight` at `pixelSize` (opened on first use, then cached).
    func font(_ weight: Font.Weight, pixelSize: Int) throws(WidgetError) -> OpaquePointer {
        let key = FontKey(weight: weight, pixelSize: max(1, pixelSize))
        if let font = fonts[key] { return font }
        let path = source.url(for: weight).path
        guard let font = TTF_OpenFont(path, Int32(key.pixelSize)) else {
            throw .fontUnreadable(path: path, reason: Self.sdlError())
        }
        fonts[key] = font
        return font
    }

    /// Whether the `weight` face has a glyph for every Unicode scalar of `text` (SDL2_ttf would
    /// draw a missing one as an empty box). `false` when the face cannot be opened.
    public func providesGlyphs(for text: String, weight: Font.Weight) -> Bool {
        guard let face = try? font(weight, pixelSize: Font.body.size) else { return false }
        return text.unicodeScalars.allSatisfy { TTF_GlyphIsProvided32(face, $0.value) != 0 }
    }

    private static func startTTF() throws(WidgetError) {
        guard !ttfStarted else { return }
        if TTF_Init() != 0 { throw .ttfInitFailed(reason: sdlError()) }
        ttfStarted = true
    }

    /// `SDL_GetError()` (SDL2_ttf reports through it); read right after the failing call.
    static func sdlError() -> String {
        guard let text = SDL_GetError() else { return "" }
        return String(cString: text)
    }
}
