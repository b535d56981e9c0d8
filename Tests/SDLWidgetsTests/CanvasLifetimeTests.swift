import SDLConcurrency
import SDLConcurrencyTesting
import SDLWidgets
import Synchronization
import Testing

/// A canvas whose window is gone (issue 16, item 1): drawing through it read the freed
/// `SDL_Renderer` (valgrind: invalid reads of a freed 760-byte block). Now it is inert.
@Suite("SDLCanvas after its window closed (dummy driver)", .timeLimit(.minutes(3)))
struct CanvasLifetimeTests {}

private func options(_ title: String) -> SDLHost.WindowOptions {
    SDLHost.WindowOptions(title: title, width: 400, height: 300, softwareRenderer: true)
}

/// What the test saw on the SDL thread, read after the host has gone.
private struct Observed: Sendable {
    var closedBefore = true
    var closedAfter = false
    var rendererAfter = true
    var framesBefore = 0
    var framesAfter = 0
    var texturesBefore = 0
    var texturesAfter = 0
    var readError: String?
}

extension CanvasLifetimeTests {
    @Test("a closed window's canvas reports itself closed, draws nothing and throws on readPixels")
    func closedWindowCanvasIsInert() async throws {
        let observed = Mutex(Observed())
        _ = try await HostHarness.runSDLHost(HostHarness.dummyConfiguration(window: options("main"))) { host in
            // A second window: closing it destroys its renderer at once (the last one would live on).
            let label = Label("Drawn after close?")
            let window = try WidgetWindow(host: host, options: options("second"), root: Stack(.vertical, children: [label]))
            let canvas = try #require(window.canvas as? SDLCanvas)
            window.render()
            var seen = Observed()
            seen.closedBefore = canvas.isClosed
            window.close()
            seen.closedAfter = canvas.isClosed
            seen.rendererAfter = canvas.renderer != nil
            seen.framesBefore = window.framesDrawn
            seen.texturesBefore = canvas.textTexturesCreated
            // Every drawing call of the canvas, and the window's own render, on the dead renderer.
            window.render()
            canvas.beginFrame()
            canvas.clear(Palette.windowBackground)
            canvas.fill(Rect(x: 0, y: 0, width: 50, height: 50), Palette.text)
            canvas.fillRects([Rect(x: 0, y: 0, width: 5, height: 5)], Palette.text)
            canvas.stroke(Rect(x: 0, y: 0, width: 50, height: 50), Palette.text, width: 2)
            canvas.drawText("a text never drawn before", font: .body, color: Palette.text, at: Point(x: 4, y: 4))
            canvas.close()
            seen.framesAfter = window.framesDrawn
            seen.texturesAfter = canvas.textTexturesCreated
            do {
                _ = try canvas.readPixels()
            } catch {
                seen.readError = "\(error)"
            }
            observed.withLock { $0 = seen }
        }
        let seen = observed.withLock { $0 }
        #expect(!seen.closedBefore)
        #expect(seen.closedAfter)
        #expect(!seen.rendererAfter, "a closed canvas hands out no renderer")
        #expect(seen.framesAfter == seen.framesBefore, "render() on a closed window draws no frame")
        #expect(seen.texturesAfter == seen.texturesBefore, "no text texture is made on a destroyed renderer")
        #expect(seen.readError?.contains("closed") == true)
    }

    @Test("the last window, closed, keeps drawing until SDL quits (a final screenshot still works)")
    func lastWindowDrawsUntilQuit() async throws {
        let result = Mutex<(closed: Bool, width: Int)?>(nil)
        var configuration = HostHarness.dummyConfiguration(window: options("only"))
        configuration.afterRoot = .keepRunning
        _ = try await HostHarness.runSDLHost(configuration) { host in
            let canvas = try SDLCanvas(host: host)
            let window = WidgetWindow(root: Stack(.vertical, children: [Label("last")]), canvas: canvas)
            window.attach(to: host)
            host.mainWindow?.close()
            window.render()
            let pixels = try canvas.readPixels()
            result.withLock { $0 = (canvas.isClosed, pixels.width) }
        }
        let seen = try #require(result.withLock { $0 })
        #expect(!seen.closed)
        #expect(seen.width == 400)
    }

    @Test("a canvas on a renderer of its caller's is inert after invalidate()")
    func invalidatedCanvasIsInert() async throws {
        let result = Mutex<(closed: Bool, textures: Int, threw: Bool)?>(nil)
        _ = try await HostHarness.runSDLHost(HostHarness.dummyConfiguration(window: options("main"))) { host in
            let renderer = try #require(host.renderer)
            let canvas = SDLCanvas(renderer: renderer, window: host.window, fonts: try FontBook())
            canvas.drawText("before", font: .body, color: Palette.text, at: Point(x: 0, y: 0))
            canvas.invalidate()
            canvas.drawText("after", font: .body, color: Palette.text, at: Point(x: 0, y: 0))
            let threw = (try? canvas.readPixels()) == nil
            result.withLock { $0 = (canvas.isClosed, canvas.textTexturesCreated, threw) }
        }
        let seen = try #require(result.withLock { $0 })
        #expect(seen.closed)
        #expect(seen.textures == 1)
        #expect(seen.threw)
    }
}
