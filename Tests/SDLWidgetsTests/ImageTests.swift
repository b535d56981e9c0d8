import CSDL2
import CSDL2Image
import Foundation
import SDLConcurrency
import SDLConcurrencyTesting
@testable import SDLWidgets
import SDLWidgetsTesting
import Synchronization
import Testing

/// `RGBAImage(contentsOf:)` through SDL2_image, and the `Image` widget: PNG and JPEG, bad files, a
/// 16,000 × 16,000 image, aspect-fit drawing (recorded, and in pixels on the software renderer).
@Suite("Image", .timeLimit(.minutes(3)))
struct ImageTests {}

/// A fresh directory for one test's files.
private func scratchDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("image-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// `width` × `height` pixels, the left half `left`, the right half `right`.
private func halves(width: Int, height: Int, _ left: Color, _ right: Color) -> RGBAImage {
    var pixels: [UInt8] = []
    for _ in 0..<height {
        for x in 0..<width {
            let color = x < width / 2 ? left : right
            pixels += [color.red, color.green, color.blue, color.alpha]
        }
    }
    return RGBAImage(width: width, height: height, pixels: pixels)
}

private let red = Color(220, 30, 30)
private let blue = Color(30, 40, 230)

/// Whether two colours differ by at most `tolerance` in each channel (JPEG is lossy).
private func close(_ a: Color, _ b: Color, tolerance: Int = 24) -> Bool {
    abs(Int(a.red) - Int(b.red)) <= tolerance && abs(Int(a.green) - Int(b.green)) <= tolerance
        && abs(Int(a.blue) - Int(b.blue)) <= tolerance
}

/// Writes `image` as a JPEG with SDL2_image (the test's own encoder: the package only decodes).
private func writeJPEG(_ image: RGBAImage, to url: URL) throws {
    var pixels = image.pixels
    let saved = pixels.withUnsafeMutableBytes { buffer -> Int32 in
        guard let surface = SDL_CreateRGBSurfaceWithFormatFrom(buffer.baseAddress, Int32(image.width), Int32(image.height), 32,
                                                               Int32(image.width * 4), SDL_PIXELFORMAT_RGBA32.rawValue) else { return -1 }
        defer { SDL_FreeSurface(surface) }
        return IMG_SaveJPG(surface, url.path, 95)
    }
    try #require(saved == 0, "IMG_SaveJPG: \(String(cString: SDL_GetError()))")
}

/// A valid 1-bit greyscale PNG of `side` × `side` pixels, all black: a few tens of kilobytes on
/// disk however large, but `side`² × 4 bytes once decoded to RGBA.
private func hugePNG(side: Int) -> [UInt8] {
    func bigEndian(_ value: Int) -> [UInt8] { [24, 16, 8, 0].map { UInt8((value >> $0) & 0xFF) } }
    func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let typeAndData = Array(type.utf8) + data
        return bigEndian(data.count) + typeAndData + bigEndian(Int(PNGEncoder.crc32(typeAndData)))
    }
    let rowBytes = (side + 7) / 8
    // Each scanline: filter type 0, then the bits (0: black).
    let raw = [UInt8](repeating: 0, count: (rowBytes + 1) * side)
    let header = bigEndian(side) + bigEndian(side) + [1, 0, 0, 0, 0]  // depth 1, greyscale, no interlace
    return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + chunk("IHDR", header)
        + chunk("IDAT", PNGEncoder.deflate(raw)) + chunk("IEND", [])
}

private func loadError(_ url: URL) -> WidgetError? {
    do {
        _ = try RGBAImage(contentsOf: url)
        return nil
    } catch {
        return error
    }
}

extension ImageTests {
    @Test("a PNG written by RGBAImage loads back pixel for pixel, alpha included")
    func pngRoundTrip() throws {
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("small.png")
        let image = RGBAImage(width: 3, height: 2, pixels: [
            255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255,
            10, 20, 30, 255, 200, 100, 50, 255, 1, 2, 3, 255,
        ])
        try image.writePNG(to: url)
        let loaded = try RGBAImage(contentsOf: url)
        #expect(loaded == image)
        #expect(RGBAImage.headerSize(of: try Data(contentsOf: url)).map { [$0.width, $0.height] } == [3, 2])
    }

    @Test("a JPEG loads, its colours where they were (within JPEG's loss)")
    func jpegLoads() throws {
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("halves.jpg")
        try writeJPEG(halves(width: 32, height: 16, red, blue), to: url)
        let loaded = try RGBAImage(contentsOf: url)
        #expect(loaded.width == 32 && loaded.height == 16)
        #expect(close(loaded.pixel(x: 4, y: 8), red), "\(loaded.pixel(x: 4, y: 8))")
        #expect(close(loaded.pixel(x: 28, y: 8), blue), "\(loaded.pixel(x: 28, y: 8))")
        #expect(loaded.pixel(x: 4, y: 8).alpha == 255)
        // The size is read from the start-of-frame segment, past JFIF's APP0.
        #expect(RGBAImage.headerSize(of: try Data(contentsOf: url)).map { [$0.width, $0.height] } == [32, 16])
    }

    @Test("a missing file and a corrupt one are clear errors; a corrupt one quotes SDL2_image")
    func badFiles() throws {
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let missing = directory.appendingPathComponent("nothing-here.png")
        #expect(loadError(missing) == .imageMissing(path: missing.path))

        // A PNG cut short after its header: the signature and size are right, the pixels are gone.
        let truncated = directory.appendingPathComponent("truncated.png")
        let png = halves(width: 64, height: 64, red, blue).pngData()
        try Data(png.prefix(40)).write(to: truncated)
        guard case .imageUnreadable(let path, let reason) = loadError(truncated) else {
            Issue.record("expected imageUnreadable, got \(String(describing: loadError(truncated)))")
            return
        }
        #expect(path == truncated.path)
        #expect(!reason.isEmpty)

        // Not an image at all.
        let text = directory.appendingPathComponent("notes.png")
        try Data("these are not pixels".utf8).write(to: text)
        guard case .imageUnreadable(_, let textReason) = loadError(text) else {
            Issue.record("expected imageUnreadable, got \(String(describing: loadError(text)))")
            return
        }
        #expect(!textReason.isEmpty)
        #expect(loadError(text)?.description.contains(textReason) == true)
    }

    @Test("a 16,000 × 16,000 PNG is refused from its header, before a gigabyte is decoded")
    func hugeImageRefused() throws {
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("huge.png")
        let huge = hugePNG(side: 16_000)
        try Data(huge).write(to: url)
        // Judged by its header: the size is known without decoding a pixel.
        #expect(RGBAImage.headerSize(of: Data(huge)).map { [$0.width, $0.height] } == [16_000, 16_000])
        #expect(loadError(url) == .imageTooLarge(path: url.path, width: 16_000, height: 16_000, limit: 8192))
        #expect(loadError(url)?.description.contains("16000×16000") == true)
        // The same kind of file at the limit is a real, decodable PNG (so the refusal above is the
        // size rule, not a broken file).
        let small = directory.appendingPathComponent("small.png")
        try Data(hugePNG(side: 64)).write(to: small)
        let loaded = try RGBAImage(contentsOf: small)
        #expect(loaded.width == 64 && loaded.pixel(x: 10, y: 10) == Color(0, 0, 0))
    }

    @Test("a format without a header check (BMP) over the limit is refused once decoded")
    func hugeBMPRefused() throws {
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("wide.bmp")
        let surface = try #require(SDL_CreateRGBSurfaceWithFormat(0, 8193, 1, 32, SDL_PIXELFORMAT_RGBA32.rawValue))
        defer { SDL_FreeSurface(surface) }
        let saved = SDL_SaveBMP_RW(surface, SDL_RWFromFile(url.path, "wb"), 1)
        try #require(saved == 0)
        #expect(RGBAImage.headerSize(of: try Data(contentsOf: url)) == nil)
        #expect(loadError(url) == .imageTooLarge(path: url.path, width: 8193, height: 1, limit: 8192))
    }

    @Test("copies share a content identity; any change gives a new one; equality ignores it")
    func contentIdentity() {
        let image = halves(width: 4, height: 2, red, blue)
        var copy = image
        #expect(copy.contentID == image.contentID)
        copy.pixels[0] = 1
        #expect(copy.contentID != image.contentID)
        copy.pixels[0] = image.pixels[0]
        #expect(copy == image)
    }

    @Test("the widget asks for the image's size, bounded by maximumSize, and draws it aspect-fit, centred")
    func recordedAspectFit() async throws {
        let (preferred, bounded, drawn, wide) = try await onSDLActor { () -> (Size, Size, [RecordingCanvas.Command], Rect) in
            let canvas = RecordingCanvas(size: Size(width: 300, height: 100))
            let image = Image(halves(width: 40, height: 20, red, blue))
            let preferred = image.preferredSize(on: canvas)
            image.maximumSize = Size(width: 30, height: 30)
            let bounded = image.preferredSize(on: canvas)
            let window = WidgetWindow(root: image, canvas: canvas)
            window.render()
            let drawn = canvas.commands.filter { if case .image = $0 { true } else { false } }
            image.image = halves(width: 10, height: 40, red, blue)
            window.render()
            return (preferred, bounded, drawn, image.imageRect)
        }
        #expect(preferred == Size(width: 40, height: 20))
        #expect(bounded == Size(width: 30, height: 15))
        // 40 × 20 in 300 × 100: 200 × 100, centred.
        #expect(drawn == [.image(Rect(x: 50, y: 0, width: 200, height: 100), width: 40, height: 20)])
        // 10 × 40 in 300 × 100: 25 × 100.
        #expect(wide == Rect(x: 137, y: 0, width: 25, height: 100))
    }

    @Test("an image drawn on the software renderer: aspect-fit in pixels, one texture for many frames, freed on close")
    func drawnInPixels() async throws {
        let seen = Mutex<(pixels: RGBAImage, created: Int, cachedAfterClose: Int)?>(nil)
        let options = SDLHost.WindowOptions(title: "image", width: 200, height: 100, softwareRenderer: true)
        _ = try await HostHarness.runSDLHost(HostHarness.dummyConfiguration(window: options)) { host in
            let canvas = try SDLCanvas(host: host)
            // A square image in a 200 × 100 window: drawn 100 × 100 at x 50..<150.
            let image = Image(halves(width: 10, height: 10, red, blue))
            let window = WidgetWindow(root: image, canvas: canvas)
            window.background = Color(0, 0, 0)
            for _ in 0..<3 {
                window.render()
                window.setNeedsDisplay()
            }
            let pixels = try canvas.readPixels()
            let created = canvas.imageTexturesCreated
            canvas.close()
            seen.withLock { $0 = (pixels, created, canvas.imageCacheCount) }
        }
        let result = try #require(seen.withLock { $0 })
        let pixels = result.pixels
        #expect(pixels.pixel(x: 25, y: 50) == Color(0, 0, 0), "left of the image: background")
        #expect(pixels.pixel(x: 48, y: 50) == Color(0, 0, 0))
        #expect(pixels.pixel(x: 53, y: 50) == red)
        #expect(pixels.pixel(x: 75, y: 5) == red)
        #expect(pixels.pixel(x: 125, y: 95) == blue)
        #expect(pixels.pixel(x: 146, y: 50) == blue)
        #expect(pixels.pixel(x: 152, y: 50) == Color(0, 0, 0), "right of the image: background")
        #expect(result.created == 1, "three frames, one upload")
        #expect(result.cachedAfterClose == 0)
    }
}
