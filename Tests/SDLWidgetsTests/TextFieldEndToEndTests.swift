import CSDL2
import SDLConcurrency
import SDLConcurrencyTesting
import SDLWidgetsTesting
@testable import SDLWidgets
import Synchronization
import Testing

/// TextField on the real path: an SDLHost with the dummy driver and a software renderer, input
/// posted as SDL events (SyntheticInput), pixels read back, SDL's own clipboard.
@Suite("TextField (dummy driver)", .timeLimit(.minutes(3)))
struct TextFieldEndToEndTests {}

private func options() -> SDLHost.WindowOptions {
    SDLHost.WindowOptions(title: "text field", width: 400, height: 120, softwareRenderer: true)
}

@SDLActor
private func post(_ events: [SDL_Event], to host: SDLHost) {
    for event in events { host.post(event) }
}

/// Lets the host run a few turns (translate, dispatch, draw).
@SDLActor
private func settle() async throws {
    try await Task.sleep(for: .milliseconds(60), clock: .sdl)
}

/// A field alone in a window of `host`, clicked so that it has focus.
@SDLActor
private func focusedField(in host: SDLHost, text: String = "") async throws -> (TextField, WidgetWindow) {
    let field = TextField(text: text, placeholder: "Type here")
    let window = try WidgetWindow(host: host, options: options(), root: Stack(.vertical, children: [field]))
    try await settle()
    post(SyntheticInput.click(at: field.frame.center), to: host)
    try await settle()
    return (field, window)
}

/// Pixels of `rect` (points; the software renderer here has one pixel a point) close to `color`.
@SDLActor
private func pixels(near color: Color, in rect: Rect, of window: WidgetWindow) throws -> Int {
    let image = try #require(window.canvas as? SDLCanvas).readPixels()
    var count = 0
    for y in rect.y..<rect.maxY {
        for x in rect.x..<rect.maxX {
            let pixel = image.pixel(x: x, y: y)
            if abs(Int(pixel.red) - Int(color.red)) + abs(Int(pixel.green) - Int(color.green)) + abs(Int(pixel.blue) - Int(color.blue)) < 60 {
                count += 1
            }
        }
    }
    return count
}

@SDLActor
private func clipboard() -> String {
    guard let raw = SDL_GetClipboardText() else { return "" }
    defer { SDL_free(raw) }
    return String(cString: raw)
}

extension TextFieldEndToEndTests {
    @Test("a click focuses the field and turns SDL text input on; typed text lands in it and shows in its pixels")
    func typedTextAppears() async throws {
        let result = Mutex<(active: Bool, text: String, before: Int, after: Int, edits: [String])?>(nil)
        _ = try await HostHarness.runSDLHost(HostHarness.dummyConfiguration()) { host in
            let (field, window) = try await focusedField(in: host)
            var edits: [String] = []
            let connection = field.edited.connect { edits.append($0) }
            defer { connection.disconnect() }
            let active = SDL_IsTextInputActive() == SDL_TRUE
            window.render()
            // The placeholder is in the secondary colour; typed text in the text colour.
            let before = try pixels(near: Palette.text, in: field.textArea, of: window)
            post(SyntheticInput.text("Grüße 42"), to: host)
            try await settle()
            window.render()
            let after = try pixels(near: Palette.text, in: field.textArea, of: window)
            result.withLock { $0 = (active, field.text, before, after, edits) }
        }
        let seen = try #require(result.withLock { $0 })
        #expect(seen.active, "SDL text input is on while the field has focus")
        #expect(seen.text == "Grüße 42")
        #expect(seen.edits == ["Grüße 42"])
        // Before: only the caret (one point wide) is in the text colour.
        #expect(seen.before < 40, "\(seen.before)")
        #expect(seen.after > seen.before + 50, "before \(seen.before), after \(seen.after)")
    }

    @Test("an input method's composition (SDL_TEXTEDITING) shows underlined, is not text, and its commit is")
    func composition() async throws {
        let result = Mutex<[String]>([])
        _ = try await HostHarness.runSDLHost(HostHarness.dummyConfiguration()) { host in
            let (field, window) = try await focusedField(in: host, text: "ab")
            var log: [String] = []
            post([SyntheticInput.composition("nihon", cursor: 5)], to: host)
            try await settle()
            window.render()
            // The underline: one point high, under the composition, in the text colour.
            let canvas = try #require(window.canvas as? SDLCanvas)
            let line = canvas.measure("", font: field.font).height
            let start = field.textArea.x + canvas.measure("ab", font: field.font).width
            let width = canvas.measure("nihon", font: field.font).width
            let top = field.frame.y + (field.frame.height - line) / 2
            let underline = Rect(x: start + 1, y: top + line - 2, width: width - 2, height: 1)
            let underlined = try pixels(near: Palette.text, in: underline, of: window)
            log.append("text=\(field.text) composition=\(field.composition) underlined=\(underlined == underline.width)")
            post([SyntheticInput.composition("", cursor: 0)] + SyntheticInput.text("\u{65E5}\u{672C}"), to: host)
            try await settle()
            window.render()
            let after = try pixels(near: Palette.text, in: underline, of: window)
            log.append("text=\(field.text) composition=\(field.composition) underline gone=\(after < underline.width)")
            result.withLock { $0 = log }
        }
        #expect(result.withLock { $0 } == [
            "text=ab composition=nihon underlined=true",
            "text=ab\u{65E5}\u{672C} composition= underline gone=true",
        ])
    }

    @Test("Ctrl+A, Ctrl+C, Ctrl+X and Ctrl+V round-trip through SDL's clipboard; pasted line breaks become spaces")
    func clipboardRoundTrip() async throws {
        let result = Mutex<[String]>([])
        _ = try await HostHarness.runSDLHost(HostHarness.dummyConfiguration()) { host in
            let (field, _) = try await focusedField(in: host, text: "copy me")
            var log: [String] = []
            post(SyntheticInput.keyPress(SDLK_a, modifiers: KMOD_CTRL) + SyntheticInput.keyPress(SDLK_c, modifiers: KMOD_CTRL), to: host)
            try await settle()
            log.append("selected=\(field.selectedRange) clipboard=\(clipboard())")
            post(SyntheticInput.keyPress(SDLK_END) + SyntheticInput.keyPress(SDLK_v, modifiers: KMOD_CTRL), to: host)
            try await settle()
            log.append("pasted=\(field.text)")
            post(SyntheticInput.keyPress(SDLK_HOME) + SyntheticInput.keyPress(SDLK_RIGHT, modifiers: KMOD_SHIFT)
                 + SyntheticInput.keyPress(SDLK_RIGHT, modifiers: KMOD_SHIFT) + SyntheticInput.keyPress(SDLK_x, modifiers: KMOD_CTRL), to: host)
            try await settle()
            log.append("cut=\(field.text) clipboard=\(clipboard())")
            post(SyntheticInput.keyPress(SDLK_END) + SyntheticInput.keyPress(SDLK_v, modifiers: KMOD_CTRL), to: host)
            try await settle()
            log.append("pasted=\(field.text)")
            SDL_SetClipboardText("one\ntwo\r\nthree")
            post(SyntheticInput.keyPress(SDLK_a, modifiers: KMOD_CTRL) + SyntheticInput.keyPress(SDLK_v, modifiers: KMOD_CTRL), to: host)
            try await settle()
            log.append("lines=\(field.text)")
            result.withLock { $0 = log }
        }
        #expect(result.withLock { $0 } == [
            "selected=0..<7 clipboard=copy me",
            "pasted=copy mecopy me",
            "cut=py mecopy me clipboard=co",
            "pasted=py mecopy meco",
            "lines=one two three",
        ])
    }

    @Test("a 1 MB paste is cut to maximumLength; handling it and drawing a frame are bounded")
    func megabytePaste() async throws {
        let result = Mutex<(count: Int, newlines: Bool, widest: Int, times: [Duration], caretInView: Bool)?>(nil)
        _ = try await HostHarness.runSDLHost(HostHarness.dummyConfiguration()) { host in
            let (field, window) = try await focusedField(in: host)
            let canvas = try #require(window.canvas as? SDLCanvas)
            // 1 MB of short lines: "line 12345\n" over and over.
            var megabyte = ""
            megabyte.reserveCapacity(1 << 20)
            var number = 0
            while megabyte.utf8.count < 1 << 20 {
                megabyte += "line \(number)\n"
                number += 1
            }
            SDL_SetClipboardText(megabyte)
            let clock = ContinuousClock()
            var times: [Duration] = []
            times.append(clock.measure { window.handle(.keyDown(.character("v"), modifiers: .control, isRepeat: false)) })
            times.append(clock.measure { window.render() })
            window.setNeedsDisplay()
            times.append(clock.measure { window.render() })
            times.append(clock.measure {
                window.handle(.keyDown(.backspace, modifiers: [], isRepeat: false))
                window.handle(.textInput("x"))
                window.render()
            })
            times.append(clock.measure {
                window.handle(.keyDown(.home, modifiers: [], isRepeat: false))
                window.render()
            })
            times.append(clock.measure {
                window.handle(.keyDown(.end, modifiers: [], isRepeat: false))
                window.render()
            })
            let caret = field.textInputRect
            let caretInView = caret.x >= field.textArea.x && caret.maxX <= field.textArea.maxX
            result.withLock { $0 = (field.text.count, field.text.contains("\n"), canvas.widestTextTexture, times, caretInView) }
        }
        let seen = try #require(result.withLock { $0 })
        let milliseconds = seen.times.map { (Double($0.components.seconds) * 1e5 + Double($0.components.attoseconds) / 1e13).rounded() / 100 }
        print("TextField 1 MB paste (dummy driver, software renderer), ms: paste \(milliseconds[0]), first frame \(milliseconds[1]), "
              + "next frame \(milliseconds[2]), Backspace+type+frame \(milliseconds[3]), Home+frame \(milliseconds[4]), End+frame \(milliseconds[5])")
        #expect(seen.count == 10_000)
        #expect(!seen.newlines)
        #expect(seen.caretInView)
        // Drawn: what fits the 400-point window and a chunk either side, never the whole line.
        #expect(seen.widest <= 400 + 20, "\(seen.widest) pixels")
        // Generous: the point is "not seconds"; speed is the benchmarks' business.
        #expect(seen.times.allSatisfy { $0 < .seconds(1) }, "\(milliseconds)")
    }
}
