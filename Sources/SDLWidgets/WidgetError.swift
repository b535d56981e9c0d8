/// Errors of the widget layer; the SDL/TTF ones quote `SDL_GetError()` copied at the failure site.
public enum WidgetError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The font file does not exist or cannot be read.
    case fontMissing(path: String)
    /// The font file exists but SDL2_ttf cannot open it (not a font, corrupt…).
    case fontUnreadable(path: String, reason: String)
    /// The package's bundled fonts were not found in its resources.
    case bundledFontsMissing(searched: String)
    /// SDL2_ttf failed to start.
    case ttfInitFailed(reason: String)
    /// Any other SDL call that failed, named by `call`.
    case sdlCallFailed(call: String, reason: String)
    /// Writing a file (a screenshot) failed.
    case writeFailed(path: String, reason: String)
    /// The image file does not exist or cannot be read.
    case imageMissing(path: String)
    /// The image file was read but SDL2_image cannot decode it (corrupt, or not an image it knows);
    /// `reason` is `IMG_GetError()` at the failure.
    case imageUnreadable(path: String, reason: String)
    /// The image is wider or taller than `limit` pixels (`RGBAImage.maximumLoadedSide`); refused
    /// from its header, before any pixel is decoded.
    case imageTooLarge(path: String, width: Int, height: Int, limit: Int)

    public var description: String {
        switch self {
        case .fontMissing(let path):
            return "font not found or not readable: \(path)"
        case .fontUnreadable(let path, let reason):
            return "cannot open font \(path): \(reason.isEmpty ? "(SDL_ttf gave no reason)" : reason)"
        case .bundledFontsMissing(let searched):
            return "the bundled fonts were not found (looked in \(searched)); is the package's resource bundle installed next to the executable?"
        case .ttfInitFailed(let reason):
            return "SDL_ttf failed to start: \(reason)"
        case .sdlCallFailed(let call, let reason):
            return "\(call) failed: \(reason.isEmpty ? "(SDL gave no reason)" : reason)"
        case .writeFailed(let path, let reason):
            return "cannot write \(path): \(reason)"
        case .imageMissing(let path):
            return "image not found or not readable: \(path)"
        case .imageUnreadable(let path, let reason):
            return "cannot decode image \(path): \(reason.isEmpty ? "(SDL_image gave no reason)" : reason)"
        case .imageTooLarge(let path, let width, let height, let limit):
            return "image \(path) is \(width)×\(height) pixels: images over \(limit) pixels on a side are not loaded"
        }
    }
}
