import SDLConcurrency
import SDLConcurrencyTesting
@testable import SDLWidgets
import Synchronization
import Testing
import SDLWidgetsTesting

/// Text drawing bounded by what is visible (issue 16, item 6: one frame of a 1 MB label held the SDL
/// thread for seconds with 1.85 GB peak), and a text cache bounded in bytes (item 8: a line that
/// changes every frame filled 4,096 entries of ~30 kB). Frame times are the benchmark's business;
/// here the sizes that make them are asserted.
@Suite("Text drawing bounds (dummy driver)", .timeLimit(.minutes(3)))
struct TextBoundsTests {}

private func options(width: Int32 = 400) -> SDLHost.WindowOptions {
    SDLHost.WindowOptions(title: "text", width: width, height: 200, softwareRenderer: true)
}

/// One megabyte of text: "0123456789" over and over.
private let megabyte = String(repeating: "0123456789", count: 100_000)

extension TextBoundsTests {
    @Test("a 1 MB label: one texture no wider than the window, the text elided, a few kilobytes cached")
    func megabyteLabel() async throws {
        let result = Mutex<(textures: Int, widest: Int, bytes: Int, shown: String, frames: Int, measured: Int)?>(nil)
        _ = try await HostHarness.runSDLHost(HostHarness.dummyConfiguration(window: options())) { host in
            let canvas = try SDLCanvas(host: host)
            let label = Label(megabyte)
            let window = WidgetWindow(root: Stack(.vertical, children: [label]), canvas: canvas)
            for _ in 0..<3 {
                window.render()
                window.setNeedsDisplay()
            }
            let measured = canvas.measure(megabyte, font: .body).width
            result.withLock {
                $0 = (canvas.textTexturesCreated, canvas.widestTextTexture, canvas.textCacheBytes,
                      label.visibleText(on: canvas), window.framesDrawn, measured)
            }
        }
        let seen = try #require(result.withLock { $0 })
        #expect(seen.frames == 3)
        // Three frames, one texture: the elided line, made once.
        #expect(seen.textures == 1)
        #expect(seen.widest <= 400 + 20, "the glyph crossing the edge is drawn whole")
        #expect(seen.bytes <= 400 * 64 * 4)
        #expect(seen.shown.hasSuffix("\u{2026}"))
        #expect(seen.shown.count < 200, "\(seen.shown.count) characters shown")
        #expect(megabyte.hasPrefix(seen.shown.dropLast()))
        #expect(seen.measured <= SDLCanvas.maximumTextPixelWidth)
    }

    @Test("drawText with 1 MB renders only what lies between its origin and the canvas's edge")
    func megabyteDrawText() async throws {
        let result = Mutex<[Int]>([])
        _ = try await HostHarness.runSDLHost(HostHarness.dummyConfiguration(window: options())) { host in
            let canvas = try SDLCanvas(host: host)
            var widths: [Int] = []
            for x in [0, 300, -5_000, 399, 400, Int.max / 4, Int.min / 4] {
                canvas.beginFrame()
                canvas.drawText(megabyte, font: .body, color: Palette.text, at: Point(x: x, y: 0))
                widths.append(canvas.widestTextTexture)
            }
            result.withLock { $0 = widths + [canvas.textTexturesCreated] }
        }
        let seen = result.withLock { $0 }
        // At x = 0 at most the window's width (plus the glyph crossing the edge); from 300 less.
        #expect(seen[0] <= 400 + 20)
        #expect(seen.dropLast().allSatisfy { $0 <= SDLCanvas.maximumTextPixelWidth + 20 })
        // 0, 300, -5,000 and 399 draw something; at 400 and beyond nothing is visible. From far
        // left, the prefix is capped at the widest texture.
        #expect(seen.last.map { $0 >= 3 && $0 <= 5 } == true, "\(seen)")
    }

    @Test("coordinates far off any screen draw nothing and trap nowhere")
    func hostileCoordinates() async throws {
        let drawn = Mutex(false)
        _ = try await HostHarness.runSDLHost(HostHarness.dummyConfiguration(window: options())) { host in
            let canvas = try SDLCanvas(host: host)
            canvas.beginFrame()
            for value in [Int.max, Int.min, Int.max / 2, Int.min / 2, Int(Int32.max), -1] {
                canvas.fill(Rect(x: value, y: value, width: 10, height: 10), Palette.text)
                canvas.fill(Rect(x: 0, y: 0, width: value, height: value), Palette.text)
                canvas.fillRects([Rect(x: value, y: 0, width: 5, height: 5)], Palette.text)
                canvas.drawText("far", font: .body, color: Palette.text, at: Point(x: value, y: value))
            }
            drawn.withLock { $0 = (try? canvas.readPixels()) != nil }
        }
        #expect(drawn.withLock { $0 })
    }

    @Test("a text that cannot be rendered is tried once, not every frame")
    func failuresAreCached() async throws {
        let result = Mutex<(created: Int, failed: Int)?>(nil)
        _ = try await HostHarness.runSDLHost(HostHarness.dummyConfiguration(window: options())) { host in
            let canvas = try SDLCanvas(host: host)
            // A zero-width space only: SDL2_ttf refuses a text of zero width.
            for _ in 0..<5 {
                canvas.beginFrame()
                canvas.drawText("\u{200B}", font: .body, color: Palette.text, at: Point(x: 0, y: 0))
            }
            result.withLock { $0 = (canvas.textTexturesCreated, canvas.failedTextCount) }
        }
        let seen = try #require(result.withLock { $0 })
        #expect(seen.created == 0)
        #expect(seen.failed == 1)
    }

    @Test("a line that changes every frame keeps the text cache within its byte limit")
    func cacheBytesBounded() async throws {
        let result = Mutex<(peak: Int, count: Int, created: Int)?>(nil)
        _ = try await HostHarness.runSDLHost(HostHarness.dummyConfiguration(window: options(width: 800))) { host in
            let canvas = try SDLCanvas(host: host)
            canvas.textCacheByteLimit = 1 << 20
            var peak = 0
            for frame in 0..<600 {
                canvas.beginFrame()
                canvas.drawText("Marked \(frame) of 40000   ·   markers alive: \(frame % 97)   ·   elapsed \(frame) s",
                                font: .caption, color: Palette.text, at: Point(x: 0, y: 0))
                peak = max(peak, canvas.textCacheBytes)
            }
            result.withLock { $0 = (peak, canvas.textCacheCount, canvas.textTexturesCreated) }
        }
        let seen = try #require(result.withLock { $0 })
        #expect(seen.created == 600)
        // At most one frame's texture over the limit (eviction runs when a new texture would cross it).
        #expect(seen.peak <= (1 << 20) + 800 * 64 * 4, "peak \(seen.peak) bytes")
        #expect(seen.count < 600)
    }
}

extension TextBoundsTests {
    @Test("elision: the longest prefix that fits, then an ellipsis; whole when it fits; a label asks for at most its maximum width")
    func elision() async throws {
        // 10 points a character.
        let width = { (text: String) in text.count * 10 }
        #expect(Label.elide("short", toWidth: 100, width: width) == "short")
        #expect(Label.elide(String(repeating: "x", count: 1_000_000), toWidth: 100, width: width) == String(repeating: "x", count: 9) + "\u{2026}")
        #expect(Label.elide("abcdef", toWidth: 5, width: width) == "")
        #expect(Label.elide("abcdef", toWidth: -3, width: width) == "")
        #expect(Label.elide("abcdef", toWidth: .max, width: width) == "abcdef")
        #expect(Label.elide("abcdef", toWidth: .max, width: { _ in .max }) == "abcdef")
        #expect(Label.elide("abcdef", toWidth: .min, width: width) == "")
        #expect(Label.elide("abcdef", toWidth: 10, width: width) == "\u{2026}")
        // Whole characters: an emoji with a skin tone is one character, never split.
        #expect(Label.elide("\u{1F44D}\u{1F3FD}\u{1F44D}\u{1F3FD}ab", toWidth: 25, width: width) == "\u{1F44D}\u{1F3FD}\u{2026}")
        let (preferred, shown, drawn) = try await onSDLActor { () -> (Int, Int, Bool) in
            let canvas = RecordingCanvas(size: Size(width: 2000, height: 40))
            let label = Label(String(repeating: "x", count: 1_000_000))
            let window = WidgetWindow(root: Stack(.vertical, children: [label]), canvas: canvas)
            window.render()
            let visible = label.visibleText(on: canvas)
            return (label.preferredSize(on: canvas).width, visible.count, canvas.texts == [visible])
        }
        #expect(preferred == 1024)
        // RecordingCanvas measures body text 9 points a character: 1,024 points hold 112 and "…".
        #expect(shown == 114 || shown == 113, "\(shown) characters shown")
        #expect(drawn)
    }
}
