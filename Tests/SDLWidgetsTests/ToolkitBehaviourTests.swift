import SDLConcurrency
import SDLConcurrencyTesting
import SDLWidgetsTesting
import SDLWidgets
import Testing

/// What a desktop toolkit's users expect of focus and pressing (Qt's behaviour as the model), on a
/// recording canvas.
@Suite("Toolkit behaviour")
struct ToolkitBehaviourTests {}

@SDLActor
private final class Row {
    let buttons = ["A", "B", "C"].map { Button($0) }
    let canvas = RecordingCanvas(size: Size(width: 600, height: 200))
    let window: WidgetWindow

    init() {
        window = WidgetWindow(root: Stack(.horizontal, children: buttons), canvas: canvas)
        window.render()
    }

    var focusedTitle: String? { (window.focused as? Button)?.title }

    func press(_ key: InputEvent.Key, shift: Bool = false) {
        window.handle(.keyDown(key, modifiers: shift ? .shift : [], isRepeat: false))
        window.handle(.keyUp(key, modifiers: shift ? .shift : []))
    }

    /// The fill colour the last frame drew for `button`'s frame.
    func drawnFill(of button: Button) -> Color? {
        canvas.commands.compactMap { command -> Color? in
            if case .fill(let rect, let color) = command, rect == button.frame { return color }
            return nil
        }.last
    }
}

extension ToolkitBehaviourTests {
    @Test("focus moves on to the next focusable widget when the focused one is disabled or hidden")
    func focusMovesOn() async throws {
        let log = try await onSDLActor { () -> [String?] in
            let row = Row()
            var log: [String?] = []
            row.press(.tab)
            row.press(.tab)
            log.append(row.focusedTitle)  // B
            row.buttons[1].isEnabled = false
            log.append(row.focusedTitle)  // C: the next one, not nobody
            row.press(.tab)
            log.append(row.focusedTitle)  // A: Tab goes on from C (B is skipped)
            row.buttons[1].isEnabled = true
            row.press(.tab)
            log.append(row.focusedTitle)  // B again
            row.buttons[1].isHidden = true
            log.append(row.focusedTitle)  // C
            row.buttons[2].isEnabled = false
            log.append(row.focusedTitle)  // A, wrapping around
            return log
        }
        #expect(log == ["B", "C", "A", "B", "C", "A"])
    }

    @Test("a button that disables itself on Space passes focus on; the next Tab continues from there")
    func selfDisablingButton() async throws {
        let log = try await onSDLActor { () -> [String?] in
            let row = Row()
            let connection = row.buttons[0].clicked.connect(to: row) { row, _ in row.buttons[0].isEnabled = false }
            defer { connection.disconnect() }
            row.press(.tab)
            var log = [row.focusedTitle]
            row.press(.space)
            log.append(row.focusedTitle)
            row.press(.tab)
            log.append(row.focusedTitle)
            return log
        }
        #expect(log == ["A", "B", "C"])
    }

    @Test("the pressed look follows the pointer: off while dragged outside, back when it returns; release outside does not click")
    func pressedFollowsPointer() async throws {
        let (states, clicks) = try await onSDLActor { () -> ([String], Int) in
            let row = Row()
            let button = row.buttons[0]
            var clicks = 0
            let connection = button.clicked.connect { clicks += 1 }
            defer { connection.disconnect() }
            var states: [String] = []
            @SDLActor func note(_ step: String) {
                row.window.render()
                let look = row.drawnFill(of: button) == Palette.buttonPressed ? "pressed look" : "not pressed look"
                states.append("\(step): isPressed=\(button.isPressed) \(look)")
            }
            let inside = button.frame.center
            let outside = Point(x: row.buttons[2].frame.maxX + 20, y: inside.y)
            row.window.handle(.pointerMoved(inside))
            row.window.handle(.pointerDown(inside, button: .left))
            note("down")
            row.window.handle(.pointerMoved(outside))
            note("dragged outside")
            row.window.handle(.pointerMoved(inside))
            note("back")
            row.window.handle(.pointerLeft)
            note("left the window")
            row.window.handle(.pointerMoved(inside))
            note("back in the window")
            row.window.handle(.pointerUp(inside, button: .left))
            note("released inside")
            row.window.handle(.pointerDown(inside, button: .left))
            row.window.handle(.pointerMoved(outside))
            row.window.handle(.pointerUp(outside, button: .left))
            note("pressed, released outside")
            return (states, clicks)
        }
        #expect(states == [
            "down: isPressed=true pressed look",
            "dragged outside: isPressed=false not pressed look",
            "back: isPressed=true pressed look",
            "left the window: isPressed=false not pressed look",
            "back in the window: isPressed=true pressed look",
            "released inside: isPressed=false not pressed look",
            "pressed, released outside: isPressed=false not pressed look",
        ])
        #expect(clicks == 1)
    }

    @Test("a state change shows in the very next frame: a click's slot disables the button, the next frame draws it disabled")
    func noFrameOfLag() async throws {
        let (dirty, fill, framesBetween) = try await onSDLActor { () -> (Bool, Color?, Int) in
            let row = Row()
            let button = row.buttons[1]
            let connection = button.clicked.connect { button.isEnabled = false }
            defer { connection.disconnect() }
            let before = row.window.framesDrawn
            row.window.handle(.pointerDown(button.frame.center, button: .left))
            row.window.handle(.pointerUp(button.frame.center, button: .left))
            let dirty = row.window.needsDisplay
            row.window.renderIfNeeded()
            return (dirty, row.drawnFill(of: button), row.window.framesDrawn - before)
        }
        #expect(dirty)
        #expect(fill == Palette.buttonDisabled)
        #expect(framesBetween == 1)
    }

    @Test("a stack's minimum size: its children at their minimum never overlap and stay inside", arguments: [Stack.Axis.horizontal, .vertical])
    func stackMinimum(axis: Stack.Axis) async throws {
        let problems = try await onSDLActor { () -> [String] in
            let grid = GridView(rows: 40, columns: 40)
            grid.stretch = 1
            let children: [Widget] = [Label("A label of some length"), Button("Go"), grid]
            let stack = Stack(axis, distribution: .fill, spacing: 8, padding: 10, children: children)
            let canvas = RecordingCanvas(size: .zero)
            let window = WidgetWindow(root: stack, canvas: canvas)
            canvas.size = stack.minimumSize(on: canvas)
            window.layoutIfNeeded()
            return frameProblems(children, in: Rect(origin: .zero, size: canvas.size), on: canvas)
        }
        #expect(problems == [])
    }
}

extension ToolkitBehaviourTests {
    @Test("the README's pattern from the keyboard: a focused button that disables itself during its slot has focus back afterwards, so Space runs it twice")
    func focusReturnsAfterSlot() async throws {
        let (runs, focusedAfter) = try await onSDLActor { () -> (Int, [String?]) in
            let row = Row()
            var runs = 0
            let button = row.buttons[0]
            let connection = button.clicked.connect(policy: .dropWhileRunning) { _ in
                button.isEnabled = false
                defer { button.isEnabled = true }
                runs += 1
                try await Task.sleep(for: .seconds(1), clock: .sdl)
            }
            defer { connection.disconnect() }
            row.press(.tab)
            var focusedAfter: [String?] = []
            for _ in 0..<2 {
                row.press(.space)
                await connection.lastTask?.value
                focusedAfter.append(row.focusedTitle)
            }
            return (runs, focusedAfter)
        }
        #expect(runs == 2, "the second Space press did nothing")
        #expect(focusedAfter == ["A", "A"])
    }

    @Test("focus moved on purpose while the button was disabled stays where it was moved")
    func deliberateMoveWins() async throws {
        let focused = try await onSDLActor { () -> String? in
            let row = Row()
            row.press(.tab)                       // A
            row.buttons[0].isEnabled = false      // focus moves on to B
            row.press(.tab)                       // C, on purpose
            row.buttons[0].isEnabled = true       // A can hold focus again: it stays on C
            return row.focusedTitle
        }
        #expect(focused == "C")
    }
}
