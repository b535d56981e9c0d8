import CSDL2
import SDLConcurrency
import SDLConcurrencyTesting
import SDLWidgets
import SDLWidgetsTesting

/// Shared steps of the controls' end-to-end tests (Toggle, Slider, ProgressView, Label): a real
/// `SDLHost` with the dummy driver and a software renderer, input posted as SDL events.
enum ControlsHarness {
    /// A headless window `width` × `height` points.
    static func options(_ title: String, width: Int32 = 400, height: Int32 = 200) -> SDLHost.WindowOptions {
        SDLHost.WindowOptions(title: title, width: width, height: height, softwareRenderer: true)
    }

    /// Posts `events` as a user's input (they travel SDL's queue and the window's translation).
    @SDLActor
    static func post(_ events: [SDL_Event], to host: SDLHost) {
        for event in events { host.post(event) }
    }

    /// Lets the host run some turns (translate, guest jobs, draw).
    @SDLActor
    static func settle(_ duration: Duration = .milliseconds(60)) async throws {
        try await Task.sleep(for: duration, clock: .sdl)
    }

    /// The left button released at `point` (SyntheticInput has the press and the moves).
    static func buttonUp(at point: Point) -> SDL_Event {
        var up = SyntheticInput.buttonDown(at: point)
        up.button.type = SDL_MOUSEBUTTONUP.rawValue
        up.button.state = UInt8(SDL_RELEASED)
        return up
    }

    /// A press at `from`, moves to each of `through` with the button held, the release at the last.
    static func drag(from: Point, through points: [Point]) -> [SDL_Event] {
        [SyntheticInput.move(to: from), SyntheticInput.buttonDown(at: from)]
            + points.map { SyntheticInput.move(to: $0, dragging: true) }
            + [buttonUp(at: points.last ?? from)]
    }

    /// A key pressed and released in `window` (no host: straight to its dispatch).
    @SDLActor
    static func press(_ key: InputEvent.Key, shift: Bool = false, in window: WidgetWindow) {
        window.handle(.keyDown(key, modifiers: shift ? .shift : [], isRepeat: false))
        window.handle(.keyUp(key, modifiers: shift ? .shift : []))
    }

    /// The pointer moves to `point`, and the left button goes down and up there, in `window`.
    @SDLActor
    static func click(at point: Point, in window: WidgetWindow) {
        window.handle(.pointerMoved(point))
        window.handle(.pointerDown(point, button: .left))
        window.handle(.pointerUp(point, button: .left))
    }

    /// Whether the pixel at (`x`, `y`) of `image` is `color` (alpha ignored).
    static func pixel(_ image: RGBAImage, x: Int, y: Int, is color: Color) -> Bool {
        let seen = image.pixel(x: x, y: y)
        return seen.red == color.red && seen.green == color.green && seen.blue == color.blue
    }
}
