import CSDL2
import SDLConcurrency
import SDLConcurrencyTesting
import SDLWidgetsTesting
import SDLWidgets
import Synchronization
import Testing

/// Several windows on one host, and windows the host keeps alive: the real SDL loop, headless
/// (dummy driver, software renderer). Input is posted with the window id SDL would give it.
@Suite("Windows on one host (dummy driver)")
struct MultiWindowTests {}

private func options(_ title: String) -> SDLHost.WindowOptions {
    SDLHost.WindowOptions(title: title, width: 400, height: 300, softwareRenderer: true)
}

/// A click counter a test reads after the host has gone.
private final class Counter: Sendable {
    private let value = Mutex([String: Int]())
    func add(_ key: String) { value.withLock { $0[key, default: 0] += 1 } }
    subscript(key: String) -> Int { value.withLock { $0[key, default: 0] } }
}

@SDLActor
private func post(_ events: [SDL_Event], to host: SDLHost) {
    for event in events { host.post(event) }
}

/// Lets the host run a few turns (translate, guest jobs, draw).
@SDLActor
private func settle() async throws {
    try await Task.sleep(for: .milliseconds(60), clock: .sdl)
}

extension MultiWindowTests {
    @Test("a window created without being stored still draws and answers clicks")
    func unstoredWindowLives() async throws {
        let counter = Counter()
        let frames = Mutex(0)
        _ = try await HostHarness.runSDLHost(HostHarness.dummyConfiguration()) { host in
            let button = Button("Unstored")
            let connection = button.clicked.connect { counter.add("clicked") }
            defer { connection.disconnect() }
            // Not kept in any variable: only the host holds the window.
            _ = try WidgetWindow(host: host, options: options("unstored"), root: Stack(.vertical, children: [button]))
            try await settle()
            let hostWindow = try #require(host.openWindows.first)
            post(SyntheticInput.click(at: button.frame.center, windowID: hostWindow.id), to: host)
            try await settle()
            let shown = try #require(hostWindow.content as? WidgetWindow)
            frames.withLock { $0 = shown.framesDrawn }
            // The frame on screen shows the button (hovered: the pointer is on it) left of its title.
            let pixels = try SDLCanvas(window: hostWindow).readPixels()
            let offset = (button.frame.center.y * pixels.width + button.frame.x + 4) * 4
            #expect(Array(pixels.pixels[offset..<offset + 3]) == [Palette.buttonHover.red, Palette.buttonHover.green, Palette.buttonHover.blue])
        }
        #expect(counter["clicked"] == 1)
        #expect(frames.withLock { $0 } >= 1)
    }

    @Test("two windows: a click in the second reaches only its widgets; closing the first closes only it; the last close quits")
    func twoWindows() async throws {
        let counter = Counter()
        let states = Mutex([String]())
        var configuration = HostHarness.dummyConfiguration(window: options("first"))
        configuration.afterRoot = .keepRunning
        let exit = try await HostHarness.runSDLHost(configuration) { host in
            let first = Button("Same place")
            let second = Button("Same place")
            let firstConnection = first.clicked.connect { counter.add("first") }
            let secondConnection = second.clicked.connect { counter.add("second") }
            // Both windows keep running after this root returns: the host owns them.
            let firstWindow = WidgetWindow(root: Stack(.vertical, children: [first]), canvas: try SDLCanvas(host: host))
            firstWindow.attach(to: host)
            let secondWindow = try WidgetWindow(host: host, options: options("second"), root: Stack(.vertical, children: [second]))
            try await settle()
            #expect(first.frame == second.frame, "the same layout in both windows: a point hits both buttons")
            let firstID = try #require(firstWindow.hostWindow?.id)
            let secondID = try #require(secondWindow.hostWindow?.id)
            #expect(firstID != secondID)

            post(SyntheticInput.click(at: second.frame.center, windowID: secondID), to: host)
            try await settle()
            states.withLock { $0.append("after click in second: first=\(counter["first"]) second=\(counter["second"])") }

            post([SyntheticInput.closeWindow(windowID: firstID)], to: host)
            try await settle()
            states.withLock {
                $0.append("after closing first: open=\(host.openWindows.map(\.id) == [secondID]) first=\(firstWindow.hostWindow == nil) second=\(secondWindow.hostWindow?.isOpen == true) running=\(host.trackedTaskNames)")
            }
            post(SyntheticInput.click(at: second.frame.center, windowID: secondID), to: host)
            try await settle()
            states.withLock { $0.append("second still answers: second=\(counter["second"])") }
            firstConnection.disconnect()
            secondConnection.disconnect()
            // The root ends here; with `.keepRunning` the host goes on until the last window closes.
            let closeLast = SyntheticInput.closeWindow(windowID: secondID)
            host.post(closeLast)
        }
        #expect(states.withLock { $0 } == [
            "after click in second: first=0 second=1",
            "after closing first: open=true first=true second=true running=[\"root\"]",
            "second still answers: second=2",
        ])
        #expect(exit.reason == .windowClosed)
    }

    @Test("with quitsWhenLastWindowCloses off, closing the last window leaves the host running")
    func keepRunningWithoutWindows() async throws {
        let log = Mutex([String]())
        var configuration = HostHarness.dummyConfiguration(window: options("only"))
        configuration.quitsWhenLastWindowCloses = false
        let exit = try await HostHarness.runSDLHost(configuration) { host in
            let id = try #require(host.mainWindow?.id)
            post([SyntheticInput.closeWindow(windowID: id)], to: host)
            try await settle()
            log.withLock { $0.append("windows=\(host.openWindows.count) window=\(host.window == nil ? "nil" : "set")") }
        }
        #expect(log.withLock { $0 } == ["windows=0 window=nil"])
        #expect(exit.reason == .rootReturned)
    }
}
