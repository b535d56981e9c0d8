internal import CSDL2
internal import CSDL2TTF
public import Foundation
#if canImport(Glibc)
import Glibc
#endif
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
/// names the file, never a crash, a hang or a window of boxes: each file must be a regular file
/// (a FIFO would block the open for ever), readable, loadable by SDL2_ttf, and able to draw
/// ``checkedGlyphs`` — each provided by the face, rendered with ink, and not the face's "missing
/// glyph" box (a truncated or bit-flipped font can load and still draw boxes). SDL2_ttf is initialised once per process and left
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
            try Self.checkFile(at: path)
            // Open at a common size now: a file that is there but is no font fails here, by name.
            let face = try font(weight, pixelSize: Font.body.size)
            try Self.checkGlyphs(of: face, path: path)
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

    /// What the widgets draw: printable ASCII and the few other characters the demo's labels use.
    public static let checkedGlyphs: String =
        String(String.UnicodeScalarView((0x21...0x7E).compactMap(Unicode.Scalar.init))) + "×·…"

    /// A regular, readable file. Looked at through a non-blocking open, so a FIFO is an error
    /// rather than a hang (TTF_OpenFont's plain `fopen` would wait for a writer for ever).
    private static func checkFile(at path: String) throws(WidgetError) {
        var info = stat()
        guard stat(path, &info) == 0 else {
            if errno == ENOENT || errno == ENOTDIR { throw .fontMissing(path: path) }
            throw .fontUnreadable(path: path, reason: String(cString: strerror(errno)))
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            let kind = switch info.st_mode & S_IFMT {
            case S_IFDIR: "a directory"
            case S_IFIFO: "a FIFO"
            case S_IFCHR, S_IFBLK: "a device"
            case S_IFSOCK: "a socket"
            default: "not a regular file"
            }
            throw .fontUnreadable(path: path, reason: "\(kind), not a font file")
        }
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw .fontUnreadable(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        // Checked again on what was opened: the path may have changed since the stat.
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            throw .fontUnreadable(path: path, reason: "not a regular file")
        }
        guard info.st_size > 0 else { throw .fontUnreadable(path: path, reason: "the file is empty") }
    }

    /// Every character of ``checkedGlyphs`` is provided, renders, has ink, and is not drawn as
    /// the face's missing-glyph box (glyph 0, rendered for a private-use code point no font maps).
    private static func checkGlyphs(of face: OpaquePointer, path: String) throws(WidgetError) {
        let box = renderedGlyph(face, 0xE000)
        for scalar in checkedGlyphs.unicodeScalars {
            let name = "\"\(scalar)\" (U+\(String(scalar.value, radix: 16, uppercase: true)))"
            guard TTF_GlyphIsProvided32(face, scalar.value) != 0 else {
                throw .fontUnreadable(path: path, reason: "it has no glyph for \(name): a damaged or unsuitable font")
            }
            guard let glyph = renderedGlyph(face, scalar.value) else {
                throw .fontUnreadable(path: path, reason: "it cannot draw \(name): \(sdlError())")
            }
            guard glyph.contains(where: { $0 != 0 }) else {
                throw .fontUnreadable(path: path, reason: "it draws \(name) as nothing: a damaged font")
            }
            if let box, glyph == box {
                throw .fontUnreadable(path: path, reason: "it draws \(name) as a box: a damaged font")
            }
        }
    }

    /// The glyph's alpha bitmap (with its size), or `nil` when SDL2_ttf cannot render it.
    private static func renderedGlyph(_ face: OpaquePointer, _ codePoint: UInt32) -> [UInt8]? {
        guard let surface = TTF_RenderGlyph32_Blended(face, codePoint, SDL_Color(r: 255, g: 255, b: 255, a: 255)) else {
            return nil
        }
        defer { SDL_FreeSurface(surface) }
        let width = Int(surface.pointee.w)
        let height = Int(surface.pointee.h)
        let pitch = Int(surface.pointee.pitch)
        guard let pixels = surface.pointee.pixels?.assumingMemoryBound(to: UInt8.self) else { return nil }
        var alpha: [UInt8] = [UInt8(clamping: width), UInt8(clamping: height)]
        alpha.reserveCapacity(2 + width * height)
        // ARGB8888 in memory on little-endian machines: B, G, R, A.
        for row in 0..<height {
            for column in 0..<width { alpha.append(pixels[row * pitch + column * 4 + 3]) }
        }
        return alpha
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
