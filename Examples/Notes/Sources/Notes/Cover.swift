import Foundation
import SDLWidgets

/// Loads a picture file: `@concurrent`, so decoding runs on Swift's global pool, never on the SDL
/// thread.
@concurrent nonisolated func loadPicture(from url: URL) async throws -> RGBAImage {
    try RGBAImage(contentsOf: url)
}

/// Renders a Mandelbrot picture, `width × height`, at `zoom`, off the SDL thread. Reports its
/// progress (0…1) every few rows through `progress` and stops with `CancellationError` when its
/// task is cancelled.
@concurrent nonisolated func renderCover(
    width: Int, height: Int, zoom: Double,
    progress: @escaping @Sendable (Double) async -> Void
) async throws -> RGBAImage {
    var pixels = [UInt8](repeating: 255, count: width * height * 4)
    let scale = 3.0 / (Double(height) * zoom)
    for row in 0..<height {
        if row % 8 == 0 {
            try Task.checkCancellation()
            await progress(Double(row) / Double(height))
        }
        for column in 0..<width {
            let cx = -0.743643887 + (Double(column) - Double(width) / 2) * scale
            let cy = 0.131825904 + (Double(row) - Double(height) / 2) * scale
            var (x, y, steps) = (0.0, 0.0, 0)
            while steps < 600, x * x + y * y < 4 {
                (x, y) = (x * x - y * y + cx, 2 * x * y + cy)
                steps += 1
            }
            let offset = (row * width + column) * 4
            let shade = steps == 600 ? 0 : Double(steps) / 600
            pixels[offset] = UInt8(255 * min(1, shade * 9))
            pixels[offset + 1] = UInt8(255 * min(1, shade * 3))
            pixels[offset + 2] = UInt8(255 * min(1, 0.35 + shade * 2))
        }
    }
    await progress(1)
    return RGBAImage(width: width, height: height, pixels: pixels)
}
