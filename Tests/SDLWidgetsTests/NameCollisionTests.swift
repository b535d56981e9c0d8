import CSDL2
import SDLWidgets
import Testing

/// A client that imports SDL's C module and the widgets: Xlib's `Font`, `Window` and `Cursor` must
/// not come with CSDL2 (they did while its shim included SDL_syswm.h), or `Font` below would be
/// ambiguous and this file would not compile.
@Suite("No X11 names reach a client")
struct NameCollisionTests {
    @Test("Font means the widgets' Font beside import CSDL2")
    func fontIsTheWidgetsFont() {
        let font: Font = .body
        #expect(font.size > 0)
        #expect(SDL_WINDOWEVENT.rawValue != 0)
    }
}
