import SDLConcurrency
import SDLConcurrencyTesting
import SDLWidgetsTesting
@testable import SDLWidgets
import Synchronization
import Testing

/// Label: alignment, wrapping over several lines, truncation with "…"; sizes that agree with what
/// is drawn; bounded work for long texts; and alignment and wrapping checked in pixels on SDL.
@Suite("Label", .timeLimit(.minutes(3)))
struct LabelTests {}

/// 10 points a character.
private func tenPoints(_ text: String) -> Int { text.count * 10 }

extension LabelTests {
    @Test("wrap: at the last space that fits, at line breaks, inside a word wider than the line; the last allowed line elided when text is left")
    func wrapping() {
        #expect(Label.wrap("alpha beta gamma", toWidth: 100, maxLines: 10, width: tenPoints) == ["alpha beta", "gamma"])
        #expect(Label.wrap("alpha beta gamma", toWidth: 1_000, maxLines: 10, width: tenPoints) == ["alpha beta gamma"])
        #expect(Label.wrap("abcdefghijklmno", toWidth: 50, maxLines: 10, width: tenPoints) == ["abcde", "fghij", "klmno"])
        #expect(Label.wrap("one\ntwo three", toWidth: 50, maxLines: 10, width: tenPoints) == ["one", "two", "three"])
        #expect(Label.wrap("a\n\nb", toWidth: 50, maxLines: 10, width: tenPoints) == ["a", "", "b"])
        #expect(Label.wrap("aaa   bbb", toWidth: 50, maxLines: 10, width: tenPoints) == ["aaa", "bbb"])
        #expect(Label.wrap("ab cdefghij", toWidth: 50, maxLines: 10, width: tenPoints) == ["ab", "cdefg", "hij"])
        #expect(Label.wrap("", toWidth: 50, maxLines: 10, width: tenPoints) == [""])
        // Truncation: the last line allowed takes what is left, elided.
        #expect(Label.wrap("alpha beta gamma delta", toWidth: 100, maxLines: 2, width: tenPoints) == ["alpha beta", "gamma del\u{2026}"])
        #expect(Label.wrap("a\nb\nc", toWidth: 100, maxLines: 2, width: tenPoints) == ["a", "b\u{2026}"])
        #expect(Label.wrap("a\nb", toWidth: 100, maxLines: 2, width: tenPoints) == ["a", "b"])
        #expect(Label.wrap("alpha", toWidth: 100, maxLines: 0, width: tenPoints) == [])
        // Whole characters: a flag is one character, never split.
        #expect(Label.wrap("\u{1F1EB}\u{1F1F7}\u{1F1EB}\u{1F1F7}", toWidth: 15, maxLines: 10, width: tenPoints) == ["\u{1F1EB}\u{1F1F7}", "\u{1F1EB}\u{1F1F7}"])
        // A line narrower than any character still moves on, one character a line.
        #expect(Label.wrap("abc", toWidth: 5, maxLines: 10, width: tenPoints) == ["a", "b", "c"])
    }

    @Test("wrap is bounded by the lines asked for, not the text's length: three lines of a megabyte measure a few thousand characters")
    func wrappingBounded() {
        let megabyte = String(repeating: "lorem ipsum dolor sit amet ", count: 40_000)
        var measured = 0
        let lines = Label.wrap(megabyte, toWidth: 1_000, maxLines: 3) { text in
            measured += text.count
            return text.count * 10
        }
        #expect(lines.count == 3)
        #expect(lines[2].hasSuffix("\u{2026}"))
        #expect(measured < 100_000, "\(measured) characters measured")
        // Without a space, a megabyte word.
        let word = String(repeating: "x", count: 1_000_000)
        measured = 0
        let broken = Label.wrap(word, toWidth: 100, maxLines: 4) { text in
            measured += text.count
            return text.count * 10
        }
        #expect(broken == ["xxxxxxxxxx", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxxxxxx\u{2026}"])
        #expect(measured < 10_000, "\(measured) characters measured")
    }
}

extension LabelTests {
    @Test("alignment per line (RecordingCanvas: 9 points a character, 22 a line); the lines centred vertically")
    func alignment() async throws {
        let drawn = try await onSDLActor { () -> [String] in
            var drawn: [String] = []
            for alignment in [TextAlignment.leading, .center, .trailing] {
                let canvas = RecordingCanvas(size: Size(width: 100, height: 100))
                let label = Label("alpha beta gamma")
                label.lineLimit = nil
                label.alignment = alignment
                label.stretch = 1
                let window = WidgetWindow(root: Stack(.vertical, distribution: .fill, spacing: 0, padding: 0, children: [label]), canvas: canvas)
                window.render()
                drawn.append("\(alignment): " + canvas.textRects.map { "\($0.text)@\($0.rect.x),\($0.rect.y)" }.joined(separator: " "))
            }
            return drawn
        }
        // "alpha beta" is 90 points, "gamma" 45; two lines of 22 in 100 start at y 28.
        #expect(drawn == [
            "leading: alpha beta@0,28 gamma@0,50",
            "center: alpha beta@5,28 gamma@27,50",
            "trailing: alpha beta@10,28 gamma@55,50",
        ])
    }

    @Test("a one-line label is as before: elided with an ellipsis, centred, and aligned when asked")
    func singleLine() async throws {
        let drawn = try await onSDLActor { () -> [String] in
            let canvas = RecordingCanvas(size: Size(width: 100, height: 40))
            let label = Label("alpha beta gamma")
            label.stretch = 1
            let window = WidgetWindow(root: Stack(.vertical, distribution: .fill, spacing: 0, padding: 0, children: [label]), canvas: canvas)
            var drawn: [String] = []
            for alignment in [TextAlignment.center, .leading, .trailing] {
                label.alignment = alignment
                window.render()
                drawn += canvas.textRects.map { "\($0.text)@\($0.rect.x),\($0.rect.y)" }
            }
            return drawn
        }
        // 100 points hold 11 characters (9 points each): ten and the ellipsis, 99 points.
        #expect(drawn == ["alpha beta\u{2026}@0,9", "alpha beta\u{2026}@0,9", "alpha beta\u{2026}@1,9"])
    }

    @Test("an elided line never ends in a space before the ellipsis: one line, a wrapped last line, a last line cut at a line break")
    func elisionTrimsSpaces() async throws {
        let drawn = try await onSDLActor { () -> [String] in
            let canvas = RecordingCanvas(size: Size(width: 100, height: 22))
            // 100 points hold 11 characters: "The quick " and the ellipsis.
            let label = Label("The quick brown fox")
            label.stretch = 1
            let window = WidgetWindow(root: Stack(.vertical, distribution: .fill, spacing: 0, padding: 0, children: [label]), canvas: canvas)
            window.render()
            var drawn = canvas.texts
            label.lineLimit = 2
            label.text = "The quick brown fox jumps over the lazy dog"
            canvas.size = Size(width: 100, height: 44)
            window.render()
            drawn += canvas.texts
            return drawn
        }
        #expect(drawn == ["The quick\u{2026}", "The quick", "brown fox\u{2026}"])
        let width: (String) -> Int = { $0.count * 9 }
        // A paragraph that ends in spaces, followed by another, on the last line allowed.
        #expect(Label.wrap("alpha   \nbeta", toWidth: 100, maxLines: 1, width: width) == ["alpha\u{2026}"])
        #expect(Label.elide("ab \t cdefghijklmnop", toWidth: 54, width: width) == "ab\u{2026}")
    }

    @Test("line limit and frame height: as many lines as allowed, the last one elided; at its preferred size nothing is cut")
    func truncationAndSizes() async throws {
        let (limited, byHeight, preferred, atPreferred, heightFor) = try await onSDLActor { () -> ([String], [String], Size, [String], Int) in
            let text = "The quick brown fox jumps over the lazy dog.\nA second paragraph, short."
            let canvas = RecordingCanvas(size: Size(width: 100, height: 400))
            let label = Label(text)
            label.lineLimit = 2
            label.stretch = 1
            let window = WidgetWindow(root: Stack(.vertical, distribution: .fill, spacing: 0, padding: 0, children: [label]), canvas: canvas)
            window.render()
            let limited = canvas.texts
            // No limit, but a frame 3 lines high.
            label.lineLimit = nil
            canvas.size = Size(width: 100, height: 66)
            window.render()
            let byHeight = canvas.texts
            // At its preferred size, wrapped at its maximum width of 200.
            label.maximumWidth = 200
            let preferred = label.preferredSize(on: canvas)
            let heightFor = label.preferredHeight(forWidth: 100, on: canvas)
            label.stretch = 0
            canvas.size = preferred
            window.render()
            return (limited, byHeight, preferred, canvas.texts, heightFor)
        }
        // 100 points hold 11 characters (9 points each), the ellipsis included.
        #expect(limited == ["The quick", "brown fox\u{2026}"])
        #expect(byHeight == ["The quick", "brown fox", "jumps over\u{2026}"])
        // 200 points hold 22 characters: "The quick brown fox" (19), "jumps over the lazy" (19),
        // "dog.", "A second paragraph," (19), "short." — widest 19 × 9 = 171, five lines of 22.
        #expect(preferred == Size(width: 171, height: 110))
        #expect(atPreferred == ["The quick brown fox", "jumps over the lazy", "dog.", "A second paragraph,", "short."])
        // At 100 points (11 characters): The quick / brown fox / jumps over / the lazy / dog. / A second / paragraph, / short.
        #expect(heightFor == 8 * 22)
    }
}

/// The rows of `image` with ink (any pixel not `background`) between `x0` and `x1`, as bands of
/// consecutive rows, each with its leftmost and rightmost ink.
private func inkBands(_ image: RGBAImage, x0: Int, x1: Int, background: Color) -> [(top: Int, bottom: Int, left: Int, right: Int)] {
    var bands: [(top: Int, bottom: Int, left: Int, right: Int)] = []
    var open = false
    for y in 0..<image.height {
        let ink = (x0..<x1).filter { !ControlsHarness.pixel(image, x: $0, y: y, is: background) }
        guard let left = ink.first, let right = ink.last else {
            open = false
            continue
        }
        if open {
            bands[bands.count - 1].bottom = y
            bands[bands.count - 1].left = min(bands[bands.count - 1].left, left)
            bands[bands.count - 1].right = max(bands[bands.count - 1].right, right)
        } else {
            bands.append((y, y, left, right))
            open = true
        }
    }
    return bands
}

extension LabelTests {
    @Test("in pixels on SDL: a wrapped label draws one band of ink per line, one line height apart, each against the edge its alignment says",
          arguments: [TextAlignment.leading, .center, .trailing])
    func pixels(alignment: TextAlignment) async throws {
        let seen = Mutex<(bands: [(top: Int, bottom: Int, left: Int, right: Int)], lines: [String], lineHeight: Int, frame: Rect)?>(nil)
        _ = try await HostHarness.runSDLHost(HostHarness.dummyConfiguration(window: ControlsHarness.options("label", width: 400, height: 240))) { host in
            let label = Label("Pack my box with five dozen liquor jugs, then wrap it over several lines of this window")
            label.lineLimit = nil
            label.alignment = alignment
            label.stretch = 1
            // It asks for lines of at most 300 points, so the window's minimum size stays inside
            // 400 points; the layout gives it 360, and it wraps at that.
            label.maximumWidth = 300
            let canvas = try SDLCanvas(host: host)
            let window = WidgetWindow(root: Stack(.vertical, distribution: .fill, spacing: 0, padding: 20, children: [label]), canvas: canvas)
            window.attach(to: host)
            try await ControlsHarness.settle()
            let pixels = try canvas.readPixels()
            let frame = label.frame
            seen.withLock {
                $0 = (inkBands(pixels, x0: 0, x1: pixels.width, background: Palette.windowBackground),
                      label.visibleLines(on: canvas), canvas.measure("", font: label.font).height, frame)
            }
        }
        let result = try #require(seen.withLock { $0 })
        let bands = result.bands
        #expect(result.lines.count >= 3, "\(result.lines)")
        #expect(!result.lines.contains { $0.hasSuffix("\u{2026}") }, "all of it fits: \(result.lines)")
        #expect(bands.count == result.lines.count, "\(bands) for \(result.lines)")
        guard bands.count == result.lines.count else { return }
        // The bands follow each other a line height apart (cap tops line up: within a point or two).
        for (upper, lower) in zip(bands, bands.dropFirst()) {
            #expect(abs(lower.top - upper.top - result.lineHeight) <= 2, "\(bands), line height \(result.lineHeight)")
        }
        let frame = result.frame
        for band in bands {
            switch alignment {
            case .leading: #expect(band.left - frame.x <= 3, "\(band) in \(frame)")
            case .trailing: #expect(frame.maxX - 1 - band.right <= 3, "\(band) in \(frame)")
            case .center: #expect(abs((band.left - frame.x) - (frame.maxX - 1 - band.right)) <= 3, "\(band) in \(frame)")
            }
        }
        // Not all lines are as long: alignment is per line, so the other edge differs between lines.
        let free = bands.map { alignment == .trailing ? $0.left : $0.right }
        #expect(Set(free).count > 1, "\(bands)")
    }

    @Test("a megabyte label wrapping on SDL: as many lines as the frame holds, the last elided, a handful of textures, a bounded preferred size")
    func megabyteWrapping() async throws {
        let seen = Mutex<(lines: [String], textures: Int, preferred: Size, lineHeight: Int)?>(nil)
        _ = try await HostHarness.runSDLHost(HostHarness.dummyConfiguration(window: ControlsHarness.options("label", width: 400, height: 200))) { host in
            let label = Label(String(repeating: "lorem ipsum dolor sit amet ", count: 40_000))
            label.lineLimit = nil
            label.stretch = 1
            let canvas = try SDLCanvas(host: host)
            let window = WidgetWindow(root: Stack(.vertical, distribution: .fill, spacing: 0, padding: 0, children: [label]), canvas: canvas)
            window.render()
            window.render()
            seen.withLock {
                $0 = (label.visibleLines(on: canvas), canvas.textTexturesCreated, label.preferredSize(on: canvas),
                      canvas.measure("", font: label.font).height)
            }
        }
        let result = try #require(seen.withLock { $0 })
        #expect(result.lines.count == 200 / result.lineHeight)
        #expect(result.lines.last?.hasSuffix("\u{2026}") == true)
        #expect(result.textures <= result.lines.count + 2, "\(result.textures) textures for \(result.lines.count) lines")
        #expect(result.preferred.width <= 1_024)
        #expect(result.preferred.height <= 1_024 && result.preferred.height > 1_024 - result.lineHeight)
    }
}
