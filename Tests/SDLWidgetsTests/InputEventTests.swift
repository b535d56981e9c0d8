import CSDL2
@testable import SDLWidgets
import Testing
import SDLWidgetsTesting

/// The one SDL_Event → InputEvent translation.
@Suite("InputEvent translation")
struct InputEventTests {}

extension InputEventTests {
    @Test("a synthesized click translates to move, down, up at the point")
    func click() {
        let events = SyntheticInput.click(at: Point(x: 12, y: 34)).compactMap(InputEvent.init)
        #expect(events == [
            .pointerMoved(Point(x: 12, y: 34)),
            .pointerDown(Point(x: 12, y: 34), button: .left),
            .pointerUp(Point(x: 12, y: 34), button: .left),
        ])
    }

    @Test("keys: Tab with Shift, Space, Return and keypad Enter, others by keycode")
    func keys() {
        let shiftTab = SyntheticInput.keyPress(SDLK_TAB, modifiers: KMOD_LSHIFT).compactMap(InputEvent.init)
        #expect(shiftTab == [.keyDown(.tab, modifiers: .shift, isRepeat: false), .keyUp(.tab, modifiers: .shift)])
        #expect(InputEvent(SyntheticInput.keyPress(SDLK_SPACE)[0]) == .keyDown(.space, modifiers: [], isRepeat: false))
        #expect(InputEvent(SyntheticInput.keyPress(SDLK_RETURN)[0]) == .keyDown(.enter, modifiers: [], isRepeat: false))
        #expect(InputEvent(SyntheticInput.keyPress(SDLK_KP_ENTER)[0]) == .keyDown(.enter, modifiers: [], isRepeat: false))
        #expect(InputEvent(SyntheticInput.keyPress(SDLK_a)[0]) == .keyDown(.character("a"), modifiers: [], isRepeat: false))
        #expect(InputEvent(SyntheticInput.keyPress(SDLK_F1)[0]) == .keyDown(.other(Int32(SDLK_F1.rawValue)), modifiers: [], isRepeat: false))
    }

    @Test("window events: resize, pointer leaving; unrelated events are nil")
    func windowEvents() {
        #expect(InputEvent(SyntheticInput.resize(to: Size(width: 640, height: 480))) == .resized(Size(width: 640, height: 480)))
        var leave = SDL_Event()
        leave.window.type = SDL_WINDOWEVENT.rawValue
        leave.window.event = UInt8(SDL_WINDOWEVENT_LEAVE.rawValue)
        #expect(InputEvent(leave) == .pointerLeft)
        var other = SDL_Event()
        other.type = SDL_JOYAXISMOTION.rawValue
        #expect(InputEvent(other) == nil)
    }
}
