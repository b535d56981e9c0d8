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

    /// How far ``WindowPosition/automatic`` moves each new window from the last: enough to leave
    /// the last one's title bar showing.
    static let cascadeStep: Int32 = 32

    /// The top-left corner of a `width` × `height` window (already fitted) opened at `position` on
    /// a display whose usable area is `usable`; `last` is where the window opened last, still
    /// open, is now (`nil`: none is open). See ``WindowPosition`` for the rules.
    static func origin(
        _ position: WindowPosition, width: Int32, height: Int32, usable: DisplayBounds, last: (x: Int32, y: Int32)?
    ) -> (x: Int32, y: Int32) {
        func centred() -> (x: Int32, y: Int32) {
            (usable.x + (usable.width - width) / 2, usable.y + (usable.height - height) / 2)
        }
        switch position {
        case .at(let x, let y):
            return (x, y)
        case .centered:
            return centred()
        case .automatic:
            guard let last else { return centred() }
            // Each axis wraps on its own: a tall window that reaches the bottom still steps right,
            // so it does not land exactly on an earlier one.
            func step(_ from: Int32, size: Int32, start: Int32, extent: Int32) -> Int32 {
                let next = from.addingReportingOverflow(cascadeStep).partialValue
                return next < start || next > start + extent - size ? start : next
            }
            return (step(last.x, size: width, start: usable.x, extent: usable.width),
                    step(last.y, size: height, start: usable.y, extent: usable.height))
        }
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
