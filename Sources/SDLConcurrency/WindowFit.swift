/// A rectangle of a display in SDL's screen coordinates (points): what `SDL_GetDisplayUsableBounds`
/// reports, the display minus task bars and docks.
struct DisplayBounds: Sendable, Equatable, CustomStringConvertible {
    /// The left edge, in SDL's screen coordinates (which span every display).
    var x: Int32
    /// The top edge, in SDL's screen coordinates.
    var y: Int32
    /// The usable width, in points.
    var width: Int32
    /// The usable height, in points.
    var height: Int32

    /// Bounds of `width` × `height` points with their top-left corner at (`x`, `y`).
    init(x: Int32 = 0, y: Int32 = 0, width: Int32, height: Int32) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    var description: String { "\(width) × \(height) at (\(x), \(y))" }
}

/// Where a new window goes: the pure arithmetic of fitting a requested size to a display, apart
/// from SDL so it is tested without one.
enum WindowFit {
    /// The largest window side: 8,192 points, beyond an 8K display, and the limit when the
    /// renderer states none (SDL's software renderer). Measured under Xvfb with no window manager
    /// (which ignores size hints): resized to 32767 × 32767, the demo crashed inside Mesa's llvmpipe
    /// with either renderer while the limit was the GL texture limit (16,384); at 16,384 × 16,384
    /// the software renderer's surface is 1 GiB and the demo fell seconds behind; clamped to
    /// 8,192 it kept running.
    static let fallbackMaximumSide: Int32 = 8_192

    /// The requested size clamped to `usable` and centred in it; without bounds (a driver with no
    /// real display) the size as requested and `nil` for the position (SDL centres it).
    static func frame(
        width: Int32, height: Int32, usable: DisplayBounds?
    ) -> (x: Int32?, y: Int32?, width: Int32, height: Int32) {
        let width = max(1, width)
        let height = max(1, height)
        guard let usable, usable.width > 0, usable.height > 0 else { return (nil, nil, width, height) }
        let fittedWidth = min(width, usable.width)
        let fittedHeight = min(height, usable.height)
        return (usable.x + (usable.width - fittedWidth) / 2, usable.y + (usable.height - fittedHeight) / 2,
                fittedWidth, fittedHeight)
    }

    /// The largest window size in points a renderer with this texture limit (pixels; 0: none
    /// stated) can draw at `pixelsPerPoint`, and never more than ``fallbackMaximumSide``.
    static func maximumSize(
        maxTextureWidth: Int32, maxTextureHeight: Int32, pixelsPerPoint: Double
    ) -> (width: Int32, height: Int32) {
        let scale = max(1, pixelsPerPoint)
        func side(_ texturePixels: Int32) -> Int32 {
            texturePixels > 0 ? min(Int32(Double(texturePixels) / scale), fallbackMaximumSide) : fallbackMaximumSide
        }
        return (side(maxTextureWidth), side(maxTextureHeight))
    }
}
