import SDLConcurrency
import SDLConcurrencyTesting
import SDLWidgetsTesting
@testable import SDLWidgets
import Testing

/// TextField editing, selection, composition, limits and looks through the window's input
/// dispatch, on a RecordingCanvas (body text: 9 points a character, lines 22 points high).
@Suite("TextField")
struct TextFieldTests {}

/// A widget that records the keys that reach it: what the field leaves to its parents.
@SDLActor
private final class KeyCatcher: Widget {
    var keys: [InputEvent.Key] = []
    override func handle(_ event: InputEvent) -> Bool {
        if case .keyDown(let key, _, _) = event { keys.append(key) }
        return false
    }
    override func layoutChildren(on canvas: any Canvas) {
        var y = 10
        for child in children {
            let size = child.preferredSize(on: canvas)
            child.frame = Rect(x: 20, y: y, width: size.width, height: size.height)
            y += size.height + 10
        }
    }
}

/// A window with a text field (240 points wide, 34 high at (20, 10)), a second field and a button
/// below it, under a parent that records the keys the widgets leave; the edits and submissions.
@SDLActor
private final class Fixture {
    let canvas = RecordingCanvas(size: Size(width: 600, height: 200))
    let field: TextField
    let other = TextField(placeholder: "other")
    let button = Button("OK")
    let parent = KeyCatcher()
    let window: WidgetWindow
    var edits: [String] = []
    var submits: [String] = []
    var connections: [Connection] = []

    init(text: String = "", placeholder: String = "") {
        field = TextField(text: text, placeholder: placeholder)
        parent.addChild(field)
        parent.addChild(other)
        parent.addChild(button)
        window = WidgetWindow(root: parent, canvas: canvas)
        window.layoutIfNeeded()
        field.edited.connect { [unowned self] in edits.append($0) }.store(in: &connections)
        field.submitted.connect { [unowned self] in submits.append($0) }.store(in: &connections)
        window.focus(field)
    }

    func type(_ text: String) { window.handle(.textInput(text)) }

    func press(_ key: InputEvent.Key, _ modifiers: InputEvent.KeyModifiers = []) {
        window.handle(.keyDown(key, modifiers: modifiers, isRepeat: false))
        window.handle(.keyUp(key, modifiers: modifiers))
    }

    /// The texts the first field drew in the last frame (not the other field's placeholder or the button's title).
    var fieldTexts: [String] { canvas.textRects.filter { $0.rect.y < other.frame.y }.map(\.text) }

    /// The window x of caret position `offset` while the text is not scrolled.
    func x(of offset: Int) -> Int { field.textArea.x + 9 * offset }
}

extension TextFieldTests {
    @Test("typed text is inserted at the caret; each piece emits edited; printable key events are consumed, not inserted")
    func typing() async throws {
        let (text, edits, caret, parentKeys) = try await onSDLActor { () -> (String, [String], Int, [InputEvent.Key]) in
            let f = Fixture()
            f.type("Hel")
            f.type("lo")
            f.press(.character("x"))
            f.press(.space, .shift)
            f.press(.left)
            f.press(.left)
            f.type("!")
            return (f.field.text, f.edits, f.field.selectedRange.lowerBound, f.parent.keys)
        }
        #expect(text == "Hel!lo")
        #expect(edits == ["Hel", "Hello", "Hel!lo"])
        #expect(caret == 4)
        #expect(parentKeys == [], "the field consumed every key")
    }

    @Test("keys the field does not use go on to its parents: Escape, Up, Ctrl+W, Alt+F, Ctrl+Enter")
    func unusedKeysGoOn() async throws {
        let (keys, submits) = try await onSDLActor { () -> ([InputEvent.Key], [String]) in
            let f = Fixture(text: "abc")
            f.press(.escape)
            f.press(.up)
            f.press(.character("w"), .control)
            f.press(.character("f"), .alt)
            f.press(.enter, .control)
            return (f.parent.keys, f.submits)
        }
        #expect(keys == [.escape, .up, .character("w"), .character("f"), .enter])
        #expect(submits == [])
    }

    @Test("Backspace and Delete remove whole characters: a flag, an e with a combining accent, a skin-toned emoji")
    func graphemeDeletion() async throws {
        let steps = try await onSDLActor { () -> [String] in
            let f = Fixture(text: "a\u{1F1E9}\u{1F1EA}e\u{301}b\u{1F44D}\u{1F3FD}")
            var steps: [String] = ["\(f.field.text.count)"]
            for _ in 0..<3 {
                f.press(.backspace)
                steps.append(f.field.text)
            }
            f.press(.home)
            f.press(.right)
            f.press(.delete)
            steps.append(f.field.text)
            // An accent typed after its letter joins it: one character, deleted as one.
            f.press(.end)
            f.type("e")
            f.type("\u{301}")
            steps.append("\(f.field.text.count) \(f.field.selectedRange)")
            f.press(.backspace)
            steps.append(f.field.text)
            return steps
        }
        #expect(steps == [
            "5",
            "a\u{1F1E9}\u{1F1EA}e\u{301}b",
            "a\u{1F1E9}\u{1F1EA}e\u{301}",
            "a\u{1F1E9}\u{1F1EA}",
            "a",
            "2 2..<2",
            "a",
        ])
    }

    @Test("Left and Right move over whole characters; Ctrl moves by word")
    func caretMovement() async throws {
        let carets = try await onSDLActor { () -> [Int] in
            let f = Fixture(text: "x\u{1F1E9}\u{1F1EA}e\u{301} two words")
            var carets: [Int] = []
            f.press(.home)
            for _ in 0..<3 {
                f.press(.right)
                carets.append(f.field.selectedRange.lowerBound)
            }
            f.press(.left)
            carets.append(f.field.selectedRange.lowerBound)
            f.press(.right, .control)
            carets.append(f.field.selectedRange.lowerBound)
            f.press(.right, .control)
            carets.append(f.field.selectedRange.lowerBound)
            f.press(.left, .control)
            carets.append(f.field.selectedRange.lowerBound)
            f.press(.backspace, .control)
            carets.append(f.field.text.count)
            return carets
        }
        // "x🇩🇪é two words": x(0) 🇩🇪(1) é(2) space(3) two(4-6) space(7) words(8-12).
        #expect(carets == [1, 2, 3, 2, 4, 8, 4, 9])
    }

    @Test("Shift+arrows and Shift+Home/End select; typing replaces the selection; an arrow collapses it")
    func keyboardSelection() async throws {
        let log = try await onSDLActor { () -> [String] in
            let f = Fixture(text: "hello")
            var log: [String] = []
            f.press(.left, .shift)
            f.press(.left, .shift)
            log.append("\(f.field.selectedRange)")
            f.type("p")
            log.append(f.field.text)
            f.press(.home, .shift)
            log.append("\(f.field.selectedRange)")
            f.press(.right)
            log.append("\(f.field.selectedRange)")
            f.press(.home)
            f.press(.end, .shift)
            log.append("\(f.field.selectedRange)")
            f.press(.left)
            log.append("\(f.field.selectedRange)")
            f.press(.end)
            f.press(.left, [.shift, .control])
            log.append("\(f.field.selectedRange)")
            return log
        }
        #expect(log == ["3..<5", "help", "0..<4", "4..<4", "0..<4", "0..<0", "0..<4"])
    }

    @Test("Home and End move the caret to the ends")
    func homeEnd() async throws {
        let carets = try await onSDLActor { () -> [Range<Int>] in
            let f = Fixture(text: "some text")
            f.press(.home)
            let home = f.field.selectedRange
            f.press(.end)
            return [home, f.field.selectedRange]
        }
        #expect(carets == [0..<0, 9..<9])
    }

    @Test("a click places the caret at the nearest position; a drag selects, also past the field's end")
    func mouseSelection() async throws {
        let log = try await onSDLActor { () -> [String] in
            let f = Fixture(text: "abcdefgh")
            f.window.focus(nil)
            var log: [String] = []
            let y = f.field.frame.center.y
            // 2 characters and 5 points in: nearer position 3 (27) than 2 (18).
            f.window.handle(.pointerMoved(Point(x: f.x(of: 2) + 5, y: y)))
            f.window.handle(.pointerDown(Point(x: f.x(of: 2) + 5, y: y), button: .left))
            log.append("\(f.field.selectedRange) focused=\(f.field.isFocused)")
            f.window.handle(.pointerMoved(Point(x: f.x(of: 6) - 3, y: y)))
            f.window.handle(.pointerUp(Point(x: f.x(of: 6) - 3, y: y), button: .left))
            log.append("\(f.field.selectedRange)")
            // Down at 5, dragged left out of the field: selects to the start.
            f.window.handle(.pointerDown(Point(x: f.x(of: 5), y: y), button: .left))
            f.window.handle(.pointerMoved(Point(x: 0, y: 150)))
            f.window.handle(.pointerUp(Point(x: 0, y: 150), button: .left))
            log.append("\(f.field.selectedRange)")
            f.window.handle(.pointerDown(Point(x: f.x(of: 1), y: y), button: .left))
            f.window.handle(.pointerMoved(Point(x: 590, y: y)))
            log.append("\(f.field.selectedRange)")
            return log
        }
        #expect(log == ["3..<3 focused=true", "3..<6", "0..<5", "1..<8"])
    }

    @Test("an input method's composition shows inline at the caret, underlined, outside the text, until committed")
    func composition() async throws {
        let (log, edits) = try await onSDLActor { () -> ([String], [String]) in
            let f = Fixture(text: "ab")
            f.press(.left)
            var log: [String] = []
            f.window.handle(.textEditing("ni", cursor: 1))
            f.window.render()
            let underline = f.canvas.commands.contains(.fill(Rect(x: f.x(of: 1), y: f.field.frame.y + 6 + 22 - 2, width: 18, height: 1), Palette.text))
            log.append("text=\(f.field.text) composition=\(f.field.composition) drawn=\(f.fieldTexts) underline=\(underline)")
            // The caret is inside the composition: after its first character.
            log.append("caret x=\(f.field.textInputRect.x - f.x(of: 1))")
            // Editing keys belong to the input method meanwhile.
            f.press(.backspace)
            f.window.handle(.textEditing("", cursor: 0))
            f.window.handle(.textInput("\u{306B}"))
            f.window.render()
            log.append("text=\(f.field.text) composition=\(f.field.composition) drawn=\(f.fieldTexts)")
            // A commit ends the composition even when the input method did not say so first.
            f.window.handle(.textEditing("ka", cursor: 2))
            f.window.handle(.textInput("\u{304B}"))
            log.append("text=\(f.field.text) composition=\(f.field.composition)")
            return (log, f.edits)
        }
        #expect(log == [
            "text=ab composition=ni drawn=[\"a\", \"ni\", \"b\"] underline=true",
            "caret x=9",
            "text=a\u{306B}b composition= drawn=[\"a\u{306B}b\"]",
            "text=a\u{306B}\u{304B}b composition=",
        ])
        #expect(edits == ["a\u{306B}b", "a\u{306B}\u{304B}b"], "the composition is not an edit; the commit is")
    }

    @Test("maximumLength cuts typing, pasting and code; a full field takes nothing more")
    func maximumLength() async throws {
        let log = try await onSDLActor { () -> [String] in
            let f = Fixture()
            f.field.maximumLength = 5
            var log: [String] = []
            f.type("abcdefgh")
            log.append(f.field.text)
            f.type("z")
            log.append(f.field.text)
            f.press(.left, .shift)
            f.press(.left, .shift)
            f.type("xyz")
            log.append(f.field.text)
            f.field.text = "0123456789"
            log.append(f.field.text)
            f.field.maximumLength = 3
            log.append(f.field.text)
            log.append("\(f.edits)")
            return log
        }
        #expect(log == ["abcde", "abcde", "abcxy", "01234", "012", "[\"abcde\", \"abcxy\"]"])
    }

    @Test("Enter emits submitted with the text; a held Enter's repeats do not")
    func enterSubmits() async throws {
        let submits = try await onSDLActor { () -> [String] in
            let f = Fixture(text: "query")
            f.press(.enter)
            f.window.handle(.keyDown(.enter, modifiers: [], isRepeat: true))
            return f.submits
        }
        #expect(submits == ["query"])
    }

    @Test("edited is emitted for the user's edits only, not for text, value or selection set from code")
    func editedOnlyForUserEdits() async throws {
        let edits = try await onSDLActor { () -> [String] in
            let f = Fixture()
            f.field.text = "from code"
            f.field.value = "value from code"
            f.field.selectedRange = 0..<5
            f.press(.home)
            f.press(.end)
            f.press(.backspace)
            f.press(.backspace, .control)
            f.press(.home)
            f.press(.delete)
            return f.edits
        }
        #expect(edits == ["value from cod", "value from ", "alue from "])
    }

    @Test("Tab moves through the fields in order, skipping a disabled one; a disabled field takes no input")
    func tabOrderAndDisabled() async throws {
        let (order, text, fill) = try await onSDLActor { () -> ([String], String, Color?) in
            let f = Fixture()
            f.window.focus(nil)
            f.other.isEnabled = false
            var order: [String] = []
            @SDLActor func focusedName() -> String {
                switch f.window.focused {
                case let field as TextField where field === f.field: "field"
                case let field as TextField where field === f.other: "other"
                case is Button: "button"
                default: "-"
                }
            }
            for _ in 0..<3 {
                f.press(.tab)
                order.append(focusedName())
            }
            f.press(.tab, .shift)
            order.append(focusedName())
            // Clicked, it does not take focus nor a caret; text typed now goes to the focused one.
            f.window.handle(.pointerDown(f.other.frame.center, button: .left))
            f.window.handle(.pointerUp(f.other.frame.center, button: .left))
            f.type("typed")
            f.window.render()
            return (order, f.other.text, f.canvas.fills(of: f.other.frame).first)
        }
        #expect(order == ["field", "button", "field", "button"])
        #expect(text == "")
        #expect(fill == Palette.fieldDisabledBackground)
    }

    @Test("looks: placeholder while empty, focus ring while focused, hover border, selection behind the text")
    func looks() async throws {
        let log = try await onSDLActor { () -> [String] in
            let f = Fixture(placeholder: "Name")
            var log: [String] = []
            f.window.render()
            let ring = f.canvas.commands.contains(.stroke(f.field.frame.insetBy(-3), Palette.focusRing, width: 2))
            let placeholder = f.canvas.textRects.first { $0.text == "Name" }
            log.append("ring=\(ring) placeholder=\(placeholder?.color == Palette.secondaryText)")
            f.window.handle(.pointerMoved(f.field.frame.center))
            f.window.render()
            log.append("hover border=\(f.canvas.commands.contains(.stroke(f.field.frame, Palette.fieldHoverBorder, width: 1)))")
            f.type("Ann")
            f.press(.left, .shift)
            f.window.render()
            let selection = Rect(x: f.x(of: 2), y: f.field.frame.y + 6, width: 9, height: 22)
            log.append("texts=\(f.fieldTexts) selection=\(f.canvas.fills(of: selection) == [Palette.selection])")
            f.window.focus(f.button)
            f.window.render()
            log.append("ring=\(f.canvas.commands.contains(.stroke(f.field.frame.insetBy(-3), Palette.focusRing, width: 2))) selection=\(f.canvas.fills(of: selection) == [Palette.inactiveSelection])")
            return log
        }
        #expect(log == [
            "ring=true placeholder=true",
            "hover border=true",
            "texts=[\"Ann\"] selection=true",
            "ring=false selection=true",
        ])
    }
}

extension TextFieldTests {
    @Test("text wider than the field scrolls to keep the caret in view; only the visible part is drawn, inside a clip")
    func scrolling() async throws {
        let log = try await onSDLActor { () -> [String] in
            let f = Fixture()
            let area = f.field.textArea
            var log: [String] = []
            f.type(String(repeating: "0123456789", count: 10))
            f.window.render()
            var caret = f.field.textInputRect
            let drawn = f.canvas.textRects.first
            let clipped = f.canvas.commands.contains(.clip(area))
            log.append("caret in view=\(caret.x >= area.x && caret.maxX <= area.maxX) at right=\(caret.maxX == area.maxX) clipped=\(clipped)")
            // Body text is 9 points a character: the whole text would be 900 points.
            log.append("drawn \(drawn.map { $0.text.count < 100 } ?? false) from the left edge to the caret=\(drawn.map { $0.rect.x <= area.x && $0.rect.maxX == caret.x } ?? false)")
            f.press(.home)
            f.window.render()
            caret = f.field.textInputRect
            log.append("home: caret x=\(caret.x - area.x) first drawn at \((f.canvas.textRects.first?.rect.x ?? -1) - area.x)")
            f.field.text = "short"
            f.window.render()
            log.append("short: drawn at \((f.canvas.textRects.first?.rect.x ?? -1) - area.x)")
            return log
        }
        #expect(log == [
            "caret in view=true at right=true clipped=true",
            "drawn true from the left edge to the caret=true",
            "home: caret x=0 first drawn at 0",
            "short: drawn at 0",
        ])
    }

    @Test("the input method's candidate window follows the caret (textInputRect)")
    func textInputRect() async throws {
        let rects = try await onSDLActor { () -> [Rect] in
            let f = Fixture()
            var rects = [f.field.textInputRect]
            f.type("abc")
            rects.append(f.field.textInputRect)
            return rects
        }
        #expect(rects[0].height == 22)
        #expect(rects[1].x - rects[0].x == 27)
        #expect(rects[1].y == rects[0].y)
    }

    @Test("a field holding 10,000 characters measures a bounded amount per frame and per keystroke")
    func measuringIsBounded() async throws {
        let (afterPaste, perFrame, perKey, perHome) = try await onSDLActor { () -> (Int, Int, Int, Int) in
            let canvas = MeasuringCanvas(size: Size(width: 600, height: 200))
            let field = TextField()
            let window = WidgetWindow(root: Stack(.vertical, children: [field]), canvas: canvas)
            window.focus(field)
            window.handle(.textInput(String(repeating: "abcdefghij", count: 100_000)))
            window.render()
            let afterPaste = canvas.measuredCharacters
            canvas.measuredCharacters = 0
            window.setNeedsDisplay()
            window.render()
            let perFrame = canvas.measuredCharacters
            canvas.measuredCharacters = 0
            window.handle(.keyDown(.backspace, modifiers: [], isRepeat: false))
            window.handle(.textInput("x"))
            window.render()
            let perKey = canvas.measuredCharacters
            canvas.measuredCharacters = 0
            window.handle(.keyDown(.home, modifiers: [], isRepeat: false))
            window.render()
            return (afterPaste, perFrame, perKey, canvas.measuredCharacters)
        }
        // A paste measures the line once in chunks, and the prefixes of a few chunks (64 × 65 / 2 each).
        #expect(afterPaste < 10_000 + 10 * 2_080, "\(afterPaste)")
        #expect(perFrame < 500, "\(perFrame)")
        // Typing at the end re-measures only the last chunk.
        #expect(perKey < 5_000, "\(perKey)")
        #expect(perHome < 5_000, "\(perHome)")
    }

    @Test("caret positions: nearest position to a point, chunks measured once, kept across an edit after them")
    func caretPositions() async throws {
        let (positions, reused) = try await onSDLActor { () -> ([Int], Int) in
            let canvas = MeasuringCanvas(size: Size(width: 100, height: 100))
            let line = Array(String(repeating: "x", count: 1_000))
            let measured = CaretPositions(characters: line, font: .body, canvas: canvas)
            let positions = [
                measured.x(of: 500, on: canvas), measured.x(of: 1_000, on: canvas), measured.x(of: 2_000, on: canvas),
                measured.offset(nearestTo: 4_504, on: canvas), measured.offset(nearestTo: 4_505, on: canvas),
                measured.offset(nearestTo: -3, on: canvas), measured.offset(nearestTo: 99_999, on: canvas),
                measured.width(on: canvas),
            ]
            canvas.measuredCharacters = 0
            let edited = CaretPositions(characters: line + ["y"], font: .body, canvas: canvas, reusing: measured, unchangedPrefix: 1_000)
            _ = edited.x(of: 1_001, on: canvas)
            return (positions, canvas.measuredCharacters)
        }
        #expect(positions == [4_500, 9_000, 9_000, 500, 501, 0, 1_000, 9_000])
        // Only the last chunk (1,000 = 15 × 64 + 40, plus "y") is measured again: its 41 characters,
        // then its 41 prefixes.
        #expect(reused == 41 + 41 * 42 / 2, "\(reused)")
    }
}

/// A RecordingCanvas that counts the characters it is asked to measure.
@SDLActor
private final class MeasuringCanvas: Canvas {
    let recording: RecordingCanvas
    var measuredCharacters = 0
    init(size: Size) { recording = RecordingCanvas(size: size) }
    var size: Size { recording.size }
    func beginFrame() { recording.beginFrame() }
    func clear(_ color: Color) { recording.clear(color) }
    func fill(_ rect: Rect, _ color: Color) { recording.fill(rect, color) }
    func fillRects(_ rects: [Rect], _ color: Color) { recording.fillRects(rects, color) }
    func stroke(_ rect: Rect, _ color: Color, width: Int) { recording.stroke(rect, color, width: width) }
    func measure(_ text: String, font: Font) -> Size {
        measuredCharacters += text.count
        return recording.measure(text, font: font)
    }
    func drawText(_ text: String, font: Font, color: Color, at origin: Point) { recording.drawText(text, font: font, color: color, at: origin) }
    func canDraw(_ text: String, font: Font) -> Bool { recording.canDraw(text, font: font) }
    var clip: Rect? { recording.clip }
    func setClip(_ rect: Rect?) { recording.setClip(rect) }
    func drawImage(_ image: RGBAImage, in rect: Rect) { recording.drawImage(image, in: rect) }
}
