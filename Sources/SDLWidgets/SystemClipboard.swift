internal import CSDL2
import SDLConcurrency

/// The system clipboard's text, through SDL (the X selection under X11; under the dummy driver
/// SDL keeps the text itself). Needs SDL's video subsystem: without it (a tree on a test canvas
/// with no host) copying does nothing and pasting finds nothing.
///
/// Threads: SDL thread (`SDLActor`): SDL's video calls belong there.
@SDLActor
enum SystemClipboard {
    /// Puts `text` on the clipboard.
    static func setText(_ text: String) {
        // A failure (no video subsystem, the X server refused) leaves the clipboard as it was:
        // there is no one to tell but the user, who sees a paste bring the old text.
        _ = SDL_SetClipboardText(text)
    }

    /// The clipboard's text, or `nil` when it holds none.
    static func text() -> String? {
        guard SDL_HasClipboardText() == SDL_TRUE, let raw = SDL_GetClipboardText() else { return nil }
        // SDL hands over a copy that is ours to free (an empty one on failure).
        defer { SDL_free(raw) }
        let text = String(cString: raw)
        return text.isEmpty ? nil : text
    }
}
