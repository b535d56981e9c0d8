internal import CSDL2
internal import CSDL2Image
public import Foundation

extension RGBAImage {
    /// The most pixels on a side ``init(contentsOf:)`` loads: a larger image is refused with
    /// ``WidgetError/imageTooLarge(path:width:height:limit:)``.
    ///
    /// Why refuse rather than downscale: a 16,000 × 16,000 image decodes to a gigabyte of pixels
    /// before it could be scaled, and 8,192 is the largest texture every SDL renderer takes. PNG and
    /// JPEG sizes are read from the file's header, so such a file is refused before anything is
    /// decoded; other formats SDL2_image knows are checked once decoded. Scale big images down
    /// with an image tool first.
    public static let maximumLoadedSide = 8192

    /// Loads a PNG or JPEG file (or another format SDL2_image decodes) as 8-bit RGBA pixels.
    ///
    /// Callable on any thread, and meant to run off the SDL thread (in a `@concurrent` function):
    /// decoding a photo takes milliseconds to tens of milliseconds.
    ///
    /// - Throws: ``WidgetError/imageMissing(path:)`` when the file cannot be read,
    ///   ``WidgetError/imageUnreadable(path:reason:)`` with SDL2_image's reason when it cannot be
    ///   decoded, ``WidgetError/imageTooLarge(path:width:height:limit:)`` past
    ///   ``maximumLoadedSide`` pixels on a side.
    public init(contentsOf url: URL) throws(WidgetError) {
        let path = url.path
        guard let data = try? Data(contentsOf: url) else { throw .imageMissing(path: path) }
        if let (width, height) = Self.headerSize(of: data), max(width, height) > Self.maximumLoadedSide {
            throw .imageTooLarge(path: path, width: width, height: height, limit: Self.maximumLoadedSide)
        }
        guard data.count <= Int(Int32.max) else {
            throw .imageUnreadable(path: path, reason: "the file is over 2 GB")
        }
        _ = Self.decoders
        let loaded = data.withUnsafeBytes { buffer -> UnsafeMutablePointer<SDL_Surface>? in
            guard let stream = SDL_RWFromConstMem(buffer.baseAddress, Int32(buffer.count)) else { return nil }
            return IMG_Load_RW(stream, 1)
        }
        // SDL's error is per thread: copied right at the failure, before another SDL call.
        guard let loaded else { throw .imageUnreadable(path: path, reason: Self.imageError()) }
        defer { SDL_FreeSurface(loaded) }
        let width = Int(loaded.pointee.w), height = Int(loaded.pointee.h)
        if max(width, height) > Self.maximumLoadedSide {
            throw .imageTooLarge(path: path, width: width, height: height, limit: Self.maximumLoadedSide)
        }
        // RGBA32 is the byte order R, G, B, A on any machine (ABGR8888 on little-endian ones).
        guard let rgba = SDL_ConvertSurfaceFormat(loaded, SDL_PIXELFORMAT_RGBA32.rawValue, 0) else {
            throw .imageUnreadable(path: path, reason: Self.imageError())
        }
        defer { SDL_FreeSurface(rgba) }
        self.init(width: width, height: height, pixels: Self.copyPixels(of: rgba, width: width, height: height))
    }

    /// SDL2_image's PNG and JPEG decoders, started once per process. Debian's SDL2_image links
    /// libpng and libjpeg directly, so `IMG_Load` works without it; a build that loads them on
    /// demand needs it, and a `static let` makes the one call thread-safe. A failure is not checked
    /// here: `IMG_Load` then fails with SDL2_image's reason, which the caller reports.
    private static let decoders: Int32 = IMG_Init(Int32(IMG_INIT_PNG.rawValue | IMG_INIT_JPG.rawValue))

    /// `IMG_GetError()` (a macro for `SDL_GetError()`, kept per thread by SDL): this thread's last error.
    private static func imageError() -> String {
        guard let text = SDL_GetError() else { return "" }
        return String(cString: text)
    }

    /// The rows of a 4-byte-per-pixel surface without its row padding.
    private static func copyPixels(of surface: UnsafeMutablePointer<SDL_Surface>, width: Int, height: Int) -> [UInt8] {
        let rowBytes = width * 4
        let pitch = Int(surface.pointee.pitch)
        // A surface made by SDL_ConvertSurfaceFormat with no flags is never RLE-encoded, so its
        // pixels are addressable without SDL_LockSurface.
        guard let source = surface.pointee.pixels?.assumingMemoryBound(to: UInt8.self) else {
            return [UInt8](repeating: 0, count: rowBytes * height)
        }
        return [UInt8](unsafeUninitializedCapacity: rowBytes * height) { buffer, count in
            for row in 0..<height {
                (buffer.baseAddress! + row * rowBytes).update(from: source + row * pitch, count: rowBytes)
            }
            count = rowBytes * height
        }
    }

    /// Width and height from a PNG's IHDR chunk or a JPEG's start-of-frame segment; `nil` for any
    /// other file (or a header too damaged to say), which SDL2_image then judges.
    static func headerSize(of data: Data) -> (width: Int, height: Int)? {
        let bytes = [UInt8](data.prefix(1 << 20))
        func bigEndian(_ offset: Int, _ count: Int) -> Int? {
            guard offset >= 0, offset + count <= bytes.count else { return nil }
            return bytes[offset..<(offset + count)].reduce(0) { $0 << 8 | Int($1) }
        }
        let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        if bytes.starts(with: pngSignature) {
            // The signature, then the IHDR chunk: length, "IHDR", width, height (big-endian).
            guard bytes.count >= 24, bytes[12..<16].elementsEqual("IHDR".utf8),
                  let width = bigEndian(16, 4), let height = bigEndian(20, 4) else { return nil }
            return (width, height)
        }
        guard bytes.starts(with: [0xFF, 0xD8]) else { return nil }
        // JPEG: segments FF <marker> <length, 2 bytes, including itself> until a start of frame
        // (C0–CF but C4, C8, CC), whose payload is precision, height, width. Only the first
        // megabyte is searched: metadata segments are at most 64 kB each.
        var offset = 2
        while offset + 4 <= bytes.count {
            guard bytes[offset] == 0xFF else { return nil }
            let marker = bytes[offset + 1]
            if marker == 0xFF { offset += 1; continue }  // fill byte
            if marker == 0x01 || (0xD0...0xD7).contains(marker) { offset += 2; continue }  // no length
            guard let length = bigEndian(offset + 2, 2), length >= 2 else { return nil }
            if (0xC0...0xCF).contains(marker), ![0xC4, 0xC8, 0xCC].contains(marker) {
                guard let height = bigEndian(offset + 5, 2), let width = bigEndian(offset + 7, 2) else { return nil }
                return (width, height)
            }
            offset += 2 + length
        }
        return nil
    }
}
