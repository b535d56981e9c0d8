public import SDLConcurrency

/// Shows an ``RGBAImage`` scaled to fit its frame with its aspect ratio kept, centred (SwiftUI's
/// `.scaledToFit()`, Qt's `Qt::KeepAspectRatio`); the rest of the frame stays as it was.
///
/// Load the image off the SDL thread and hand it over:
///
/// ```swift
/// @concurrent func load(_ url: URL) async throws -> RGBAImage { try RGBAImage(contentsOf: url) }
/// image.image = try await load(url)
/// ```
///
/// Threads: SDL thread (`SDLActor`).
@SDLActor
public final class Image: Widget {
    /// The image shown, or `nil` for none (the widget then draws nothing and asks for no room).
    /// A change lays the window out again (the preferred size follows the image); an image of the
    /// same size only redraws.
    public var image: RGBAImage? {
        didSet {
            if image?.width != oldValue?.width || image?.height != oldValue?.height {
                setNeedsLayout()
            } else if image?.contentID != oldValue?.contentID {
                setNeedsDisplay()
            }
        }
    }

    /// The largest the image asks to be, in points: a bigger image asks for its size scaled down
    /// (aspect kept) to fit this, so a photo does not make the window's minimum size larger than
    /// a screen. The layout may still give the widget more, and the image then scales up.
    public var maximumSize = Size(width: 1024, height: 1024) {
        didSet { if maximumSize != oldValue { setNeedsLayout() } }
    }

    /// A widget showing `image` (or nothing until ``image`` is set).
    public init(_ image: RGBAImage? = nil) {
        self.image = image
        super.init()
    }

    /// The image's natural size (one point a pixel), scaled down to fit ``maximumSize``.
    public override func preferredSize(on canvas: any Canvas) -> Size {
        guard let image, image.width > 0, image.height > 0 else { return .zero }
        let natural = Size(width: image.width, height: image.height)
        guard natural.width > maximumSize.width || natural.height > maximumSize.height else { return natural }
        return Self.aspectFit(natural, in: Size(width: max(0, maximumSize.width), height: max(0, maximumSize.height)))
    }

    /// An image scales down to anything: it needs no room to be whole.
    public override func minimumSize(on canvas: any Canvas) -> Size { .zero }

    /// The rectangle the image is drawn in: the largest with its aspect ratio that fits the frame,
    /// centred in it (empty without an image).
    public var imageRect: Rect {
        guard let image, image.width > 0, image.height > 0 else { return Rect(origin: frame.origin, size: .zero) }
        return frame.centering(Self.aspectFit(Size(width: image.width, height: image.height), in: frame.size))
    }

    public override func draw(on canvas: any Canvas) {
        guard let image else { return }
        let rect = imageRect
        guard rect.width > 0, rect.height > 0 else { return }
        canvas.drawImage(image, in: rect)
    }

    /// `size` scaled (up or down) to the largest that fits `bounds` with the same aspect ratio;
    /// each side rounded to the nearest point, at least 1 where `bounds` has room.
    nonisolated static func aspectFit(_ size: Size, in bounds: Size) -> Size {
        guard size.width > 0, size.height > 0, bounds.width > 0, bounds.height > 0 else { return .zero }
        // Compare the ratios by cross-multiplying (in Double: the products may not fit an Int).
        if Double(bounds.width) * Double(size.height) <= Double(bounds.height) * Double(size.width) {
            let height = (Double(bounds.width) * Double(size.height) / Double(size.width)).rounded()
            return Size(width: bounds.width, height: min(bounds.height, max(1, Int(height))))
        } else {
            let width = (Double(bounds.height) * Double(size.width) / Double(size.height)).rounded()
            return Size(width: min(bounds.width, max(1, Int(width))), height: bounds.height)
        }
    }
}
