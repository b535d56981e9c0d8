public import Foundation
import Synchronization

/// Pixels read back from a renderer: `width × height`, 4 bytes per pixel (R, G, B, A), rows top to bottom.
public struct RGBAImage: Sendable, Equatable {
    /// The width in pixels.
    public var width: Int { didSet { contentID = Self.newContentID() } }
    /// The height in pixels.
    public var height: Int { didSet { contentID = Self.newContentID() } }
    /// `width × height × 4` bytes: R, G, B, A for each pixel, left to right, rows top to bottom.
    // The observer does not read `oldValue`, so a change to one byte still mutates in place (SE-0268).
    public var pixels: [UInt8] { didSet { contentID = Self.newContentID() } }

    /// Names these contents: copies share it, and any change gives the image a new one. What
    /// ``SDLCanvas`` keys its image textures by, so an image is uploaded once, not every frame.
    private(set) var contentID: UInt64

    private static let contentIDs = Atomic<UInt64>(0)

    private static func newContentID() -> UInt64 {
        contentIDs.add(1, ordering: .relaxed).newValue
    }

    /// An image of `pixels`, laid out as ``pixels`` describes; their count must be
    /// `width × height × 4` (a precondition).
    public init(width: Int, height: Int, pixels: [UInt8]) {
        // fatalError, not precondition: the message is printed in release builds too.
        if !(pixels.count == width * height * 4) { fatalError("RGBAImage: \(pixels.count) bytes for \(width)×\(height) pixels") }
        self.width = width
        self.height = height
        self.pixels = pixels
        self.contentID = Self.newContentID()
    }

    /// Images are equal when their sizes and pixels are (two loads of one file are equal images).
    public static func == (lhs: RGBAImage, rhs: RGBAImage) -> Bool {
        lhs.width == rhs.width && lhs.height == rhs.height && lhs.pixels == rhs.pixels
    }

    /// The colour at (`x`, `y`) in pixels.
    public func pixel(x: Int, y: Int) -> Color {
        let offset = (y * width + x) * 4
        return Color(pixels[offset], pixels[offset + 1], pixels[offset + 2], pixels[offset + 3])
    }

    /// The PNG encoding: 8-bit RGBA, zlib-compressed.
    public func pngData() -> [UInt8] {
        PNGEncoder.encode(self)
    }

    /// Writes the image as a PNG file.
    public func writePNG(to url: URL) throws(WidgetError) {
        do {
            try Data(pngData()).write(to: url)
        } catch {
            throw .writeFailed(path: url.path, reason: "\(error.localizedDescription)")
        }
    }
}
