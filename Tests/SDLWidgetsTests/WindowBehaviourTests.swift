import CSDL2
import Foundation
import SDLConcurrency
import SDLConcurrencyTesting
import SDLWidgetsTesting
import SDLWidgets
import Synchronization
import Testing

/// Windows that behave (issue 18): where they open, their title while open, resizing as a signal,
/// a close the app may refuse, and keyboard shortcuts at window level. The real SDL loop, headless
/// (dummy driver, whose display reports 1024 × 768), and a recording canvas for the dispatch rules.
@Suite("Window behaviour")
struct WindowBehaviourTests {}

private func options(_ title: String, width: Int32 = 400, height: Int32 = 300,
                     position: WindowPosition = .automatic) -> SDLHost.WindowOptions {
    var options = SDLHost.WindowOptions(title: title, width: width, height: height, softwareRenderer: true)
    options.position = position
    return options
}

@SDLActor
private func post(_ events: [SDL_Event], to host: SDLHost, windowID: UInt32 = 0) {
    for var event in events {
        if event.type == SDL_KEYDOWN.rawValue || event.type == SDL_KEYUP.rawValue { event.key.windowID = windowID }
        host.post(event)
    }
}

/// Lets the host run a few turns (translate, guest jobs, draw).
@SDLActor
private func settle() async throws {
    try await Task.sleep(for: .milliseconds(60), clock: .sdl)
}

@SDLActor
private func position(_ window: WidgetWindow) -> String {
    guard let position = window.hostWindow?.position else { return "closed" }
    return "\(position.x),\(position.y)"
}

/// A widget that takes focus and handles Ctrl+S itself (and types text when `typesText`).
@SDLActor
private final class KeyTaker: Widget {
    var typesText = false
    var handled: [InputEvent.Key] = []
    override var acceptsFocus: Bool { true }
    override var acceptsTextInput: Bool { typesText }
    override func preferredSize(on canvas: any Canvas) -> Size { Size(width: 100, height: 30) }
    override func handle(_ event: InputEvent) -> Bool {
        guard case .keyDown(let key, let modifiers, _) = event, key == .character("s"), modifiers == .control else { return false }
        handled.append(key)
        return true
    }
}

extension WindowBehaviourTests {
    @Test("the first window opens centred; later ones cascade 32 points from the last open one; explicit and centred positions are kept")
    func cascade() async throws {
        let log = Mutex([String]())
        _ = try await HostHarness.runSDLHost(HostHarness.dummyConfiguration()) { host in
            let first = try WidgetWindow(host: host, options: options("first"), root: Label("1"))
            let second = try WidgetWindow(host: host, options: options("second"), root: Label("2"))
            let third = try WidgetWindow(host: host, options: options("third"), root: Label("3"))
            let placed = try WidgetWindow(host: host, options: options("placed", position: .at(x: 10, y: 20)), root: Label("4"))
            // Cascades from the window opened last, wherever it is.
            let fifth = try WidgetWindow(host: host, options: options("fifth"), root: Label("5"))
            let centred = try WidgetWindow(host: host, options: options("centred", position: .centered), root: Label("6"))
            log.withLock {
                $0 = [first, second, third, placed, fifth, centred].map(position)
            }
            // With the last ones closed, the next steps from the last still open.
            fifth.close()
            centred.close()
            let sixth = try WidgetWindow(host: host, options: options("sixth"), root: Label("7"))
            log.withLock { $0.append(position(sixth)) }
            for window in host.openWindows { window.close() }
            let alone = try WidgetWindow(host: host, options: options("alone"), root: Label("8"))
            log.withLock { $0.append(position(alone)) }
        }
        // 400 × 300 on the dummy display's 1024 × 768: centred at (312, 234).
        #expect(log.withLock { $0 } == ["312,234", "344,266", "376,298", "10,20", "42,52", "312,234", "42,52", "312,234"])
    }

    @Test("a cascaded window that would reach past the display's right or bottom edge starts again at that edge's start, on that axis only")
    func cascadeWraps() async throws {
        let log = Mutex([String]())
        _ = try await HostHarness.runSDLHost(HostHarness.dummyConfiguration()) { host in
            var windows: [WidgetWindow] = []
            for index in 0..<4 {
                windows.append(try WidgetWindow(host: host, options: options("w\(index)", width: 900, height: 600), root: Label("\(index)")))
            }
            log.withLock { $0 = windows.map(position) }
        }
        // 900 × 600 in 1024 × 768: centred at (62, 84); (94, 116); x 126 + 900 > 1024 wraps to 0;
        // then y 180 + 600 > 768 wraps to 0 while x steps on.
        #expect(log.withLock { $0 } == ["62,84", "94,116", "0,148", "32,0"])
    }

    @Test("the title changes while the window is open (SDL_GetWindowTitle)")
    func titleWhileOpen() async throws {
        let titles = Mutex([String]())
        _ = try await HostHarness.runSDLHost(HostHarness.dummyConfiguration()) { host in
            let window = try WidgetWindow(host: host, options: options("Untitled"), root: Label("text"))
            let sdlWindow = try #require(window.hostWindow?.window)
            @SDLActor func sdlTitle() -> String { String(cString: SDL_GetWindowTitle(sdlWindow)) }
            titles.withLock { $0.append(sdlTitle()) }
            window.title = "notes.txt — Notes"
            titles.withLock { $0.append(sdlTitle()); $0.append(window.title) }
            window.hostWindow?.title = "notes.txt* — Notes"
            titles.withLock { $0.append(sdlTitle()); $0.append(window.title) }
        }
        #expect(titles.withLock { $0 } == ["Untitled", "notes.txt — Notes", "notes.txt — Notes",
                                           "notes.txt* — Notes", "notes.txt* — Notes"])
    }

    @Test("a resize reaches the window's resized signal with the new size")
    func resizedSignal() async throws {
        let sizes = Mutex([Size]())
        _ = try await HostHarness.runSDLHost(HostHarness.dummyConfiguration()) { host in
            let window = try WidgetWindow(host: host, options: options("resizable"), root: Label("text"))
            let connection = window.resized.connect { size in sizes.withLock { $0.append(size) } }
            defer { connection.disconnect() }
            try await settle()
            host.post(SyntheticInput.resize(to: Size(width: 640, height: 480)))
            try await settle()
        }
        #expect(sizes.withLock { $0 } == [Size(width: 640, height: 480)])
    }

    @Test("a refused close keeps the window and the host running (close button and Ctrl+W); an accepted one closes it and, the last, quits")
    func refusedClose() async throws {
        let log = Mutex([String]())
        let exit = try await HostHarness.runSDLHost(HostHarness.dummyConfiguration(window: options("only"))) { host in
            let window = WidgetWindow(root: Label("unsaved"), canvas: try SDLCanvas(host: host))
            window.attach(to: host)
            var asked = 0
            var agrees = false
            window.shouldClose = {
                asked += 1
                return agrees
            }
            let id = try #require(window.hostWindow?.id)
            @SDLActor func state(_ step: String) -> String {
                "\(step): asked=\(asked) open=\(window.hostWindow?.isOpen == true) windows=\(host.openWindows.count)"
            }
            host.post(SyntheticInput.closeWindow(windowID: id))
            try await settle()
            log.withLock { $0.append(state("close button")) }
            post(SyntheticInput.keyPress(SDLK_w, modifiers: KMOD_CTRL), to: host, windowID: id)
            try await settle()
            log.withLock { $0.append(state("Ctrl+W")) }
            agrees = true
            post(SyntheticInput.keyPress(SDLK_w, modifiers: KMOD_CTRL), to: host, windowID: id)
            try? await settle()
            log.withLock { $0.append(state("Ctrl+W agreed")) }
        }
        #expect(log.withLock { $0 } == [
            "close button: asked=1 open=true windows=1",
            "Ctrl+W: asked=2 open=true windows=1",
            "Ctrl+W agreed: asked=3 open=false windows=0",
        ])
        // The last window's accepted close ended the run (quitsWhenLastWindowCloses).
        #expect(exit.reason == .windowClosed)
    }

    @Test("Ctrl+Q asks every window in opening order, stops at a refusal (the host runs on), and quits with status 0 when all agree")
    func quitShortcut() async throws {
        let log = Mutex([String]())
        let exit = try await HostHarness.runSDLHost(HostHarness.dummyConfiguration()) { host in
            var asked: [String] = []
            var secondAgrees = false
            let first = try WidgetWindow(host: host, options: options("first"), root: Label("1"))
            let second = try WidgetWindow(host: host, options: options("second"), root: Label("2"))
            let third = try WidgetWindow(host: host, options: options("third"), root: Label("3"))
            first.shouldClose = { asked.append("first"); return true }
            second.shouldClose = { asked.append("second"); return secondAgrees }
            third.shouldClose = { asked.append("third"); return true }
            let thirdID = try #require(third.hostWindow?.id)
            // Pressed in the third window: every window is asked, not just this one.
            post(SyntheticInput.keyPress(SDLK_q, modifiers: KMOD_CTRL), to: host, windowID: thirdID)
            try await settle()
            log.withLock { $0.append("refused: asked=\(asked) open=\(host.openWindows.count)") }
            asked = []
            secondAgrees = true
            post(SyntheticInput.keyPress(SDLK_q, modifiers: KMOD_CTRL), to: host, windowID: thirdID)
            try? await settle()
            log.withLock { $0.append("agreed: asked=\(asked)") }
        }
        #expect(log.withLock { $0 } == [
            "refused: asked=[\"first\", \"second\"] open=3",
            "agreed: asked=[\"first\", \"second\", \"third\"]",
        ])
        #expect(exit.reason == .requested(status: 0))
        #expect(exit.status == 0)
    }

    @Test("an app-defined shortcut fires through the real path; it replaces a built-in with the same keys; a removed one does nothing")
    func appShortcut() async throws {
        let log = Mutex([String]())
        let exit = try await HostHarness.runSDLHost(HostHarness.dummyConfiguration(window: options("app"))) { host in
            let window = WidgetWindow(root: Label("text"), canvas: try SDLCanvas(host: host))
            window.attach(to: host)
            window.addShortcut(KeyboardShortcut("S", modifiers: .control)) { log.withLock { $0.append("save") } }
            window.addShortcut(.closeWindow) { log.withLock { $0.append("own Ctrl+W") } }
            window.removeShortcut(.quit)
            post(SyntheticInput.keyPress(SDLK_s, modifiers: KMOD_CTRL), to: host)
            // Ctrl+Shift+S is another shortcut: nothing.
            post(SyntheticInput.keyPress(SDLK_s, modifiers: SDL_Keymod(KMOD_CTRL.rawValue | KMOD_SHIFT.rawValue)), to: host)
            post(SyntheticInput.keyPress(SDLK_w, modifiers: KMOD_CTRL), to: host)
            post(SyntheticInput.keyPress(SDLK_q, modifiers: KMOD_CTRL), to: host)
            try await settle()
            log.withLock { $0.append("open=\(host.openWindows.count)") }
        }
        #expect(log.withLock { $0 } == ["save", "own Ctrl+W", "open=1"])
        #expect(exit.reason == .rootReturned)
    }

    @Test("a shortcut does not fire for a key a widget handled, nor for a typing key while a text-taking widget has focus, nor on repeats unless asked")
    func shortcutDispatchRules() async throws {
        let log = try await onSDLActor { () -> [String] in
            let taker = KeyTaker()
            let window = WidgetWindow(root: Stack(.vertical, children: [taker]), canvas: RecordingCanvas(size: Size(width: 200, height: 100)))
            var fired: [String] = []
            window.addShortcut(KeyboardShortcut("s", modifiers: .control)) { fired.append("Ctrl+S") }
            window.addShortcut(KeyboardShortcut("n")) { fired.append("N") }
            window.addShortcut(KeyboardShortcut(.right, modifiers: .control), repeats: true) { fired.append("Ctrl+Right") }
            @SDLActor func press(_ key: InputEvent.Key, _ modifiers: InputEvent.KeyModifiers = [], isRepeat: Bool = false) {
                window.handle(.keyDown(key, modifiers: modifiers, isRepeat: isRepeat))
            }
            var log: [String] = []
            press(.character("s"), .control)
            log.append("unfocused: \(fired) taker=\(taker.handled.count)")
            window.focus(taker)
            press(.character("s"), .control)
            log.append("focused: \(fired) taker=\(taker.handled.count)")
            press(.character("n"))
            taker.typesText = true
            press(.character("n"))
            press(.character("n"), .shift)
            log.append("typing: \(fired)")
            press(.character("s"), .control, isRepeat: true)  // the taker handles it
            taker.isEnabled = false
            fired = []
            press(.character("s"), .control, isRepeat: true)
            press(.right, .control, isRepeat: true)
            log.append("repeats: \(fired)")
            return log
        }
        #expect(log == [
            "unfocused: [\"Ctrl+S\"] taker=0",
            "focused: [\"Ctrl+S\"] taker=1",
            "typing: [\"Ctrl+S\", \"N\"]",
            "repeats: [\"Ctrl+Right\"]",
        ])
    }

    @Test("without a host window, Ctrl+W only asks shouldClose")
    func closeShortcutWithoutHost() async throws {
        let asked = try await onSDLActor { () -> Int in
            let window = WidgetWindow(root: Label("x"), canvas: RecordingCanvas(size: Size(width: 100, height: 50)))
            var asked = 0
            window.shouldClose = { asked += 1; return false }
            window.handle(.keyDown(.character("w"), modifiers: .control, isRepeat: false))
            window.handle(.keyDown(.character("w"), modifiers: .control, isRepeat: true))
            #expect(!window.requestClose())
            return asked
        }
        #expect(asked == 2, "the press and requestClose(), not the repeat")
    }

    @Test("shortcuts: letters name their unshifted key, modifiers must match exactly, descriptions read as in menus")
    func shortcutValues() {
        #expect(KeyboardShortcut("W", modifiers: .control) == .closeWindow)
        #expect(KeyboardShortcut("w", modifiers: [.control, .shift]) != .closeWindow)
        #expect(KeyboardShortcut("z", modifiers: [.shift, .control]).description == "Ctrl+Shift+Z")
        #expect(KeyboardShortcut(.enter, modifiers: .alt).description == "Alt+Enter")
        #expect(KeyboardShortcut.quit.description == "Ctrl+Q")
    }
}

extension WindowBehaviourTests {
    @Test("under x11 (a private Xvfb, 1280 × 800, no window manager) windows open centred then cascaded, and the X server sees the positions and a changed title",
          .enabled(if: XvfbServer.isInstalled, "Xvfb is not installed (make test installs it)"), .timeLimit(.minutes(2)))
    func cascadeUnderX11() async throws {
        let server = try XvfbServer.start()
        defer { server.stop() }
        let log = Log<String>()
        let exit = try await HostHarness.onHostThread { () -> HostExit in
            // On the host thread, holding the host turn: no other test starts SDL while the
            // environment is changed (as SDLHostTests' unreachable display does).
            let saved = getenv("DISPLAY").map { String(cString: $0) }
            defer { if let saved { setenv("DISPLAY", saved, 1) } else { unsetenv("DISPLAY") } }
            setenv("DISPLAY", server.display, 1)
            var configuration = HostHarness.dummyConfiguration()
            configuration.videoDriver = "x11"
            return try SDLHost.run(configuration) { host in
                var windows: [WidgetWindow] = []
                for index in 1...3 {
                    windows.append(try WidgetWindow(host: host, options: options("cascade \(index)"), root: Label("\(index)")))
                }
                windows[1].title = "renamed"
                try await settle()
                for line in ["driver \(host.videoDriverName)"] + windows.map(position) { log.append(line) }
                // The X server's own view of the second window.
                if let geometry = try server.xdotool(["search", "--name", "^renamed$", "getwindowgeometry"]) {
                    let line = geometry.split(separator: "\n").first { $0.contains("Position:") }
                    log.append(line.map { $0.trimmingCharacters(in: .whitespaces) } ?? geometry)
                }
            }
        }
        #expect(exit.reason == .rootReturned)
        let lines = log.values
        // 400 × 300 in 1280 × 800: centred at (440, 250), then +32 each.
        #expect(Array(lines.prefix(4)) == ["driver x11", "440,250", "472,282", "504,314"])
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/xdotool") {
            #expect(lines.count == 5 && lines[4].hasPrefix("Position: 472,282"), "\(lines)")
        }
    }
}
