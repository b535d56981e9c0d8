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
        }
    }
}
