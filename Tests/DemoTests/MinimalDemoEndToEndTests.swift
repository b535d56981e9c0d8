import CSDL2
@testable import Demo
import Foundation
import SDLConcurrency
import SDLConcurrencyTesting
import SDLWidgetsTesting
import SDLWidgets
import Synchronization
import Testing

/// The minimal demo end to end on the real SDL loop, headless (dummy video driver, software
/// renderer). Input is synthesized with `host.post`, so it takes the same path as a user's.
@Suite("Minimal demo, end to end (dummy driver)")
struct MinimalDemoEndToEndTests {}

/// What a test root reports back.
private struct Outcome: Sendable {
    var labelBefore = ""
    var labelDuringSleep = ""
    var labelAfter = ""
    var elapsed = Duration.zero
    var hoveredDuringSleep = true
}

private final class OutcomeBox: Sendable {
    private let value = Mutex(Outcome())
    func update(_ body: (inout Outcome) -> Void) { value.withLock { body(&$0) } }
    var outcome: Outcome { value.withLock { $0 } }
}

private func configuration(virtualTime: Bool) -> SDLHost.Configuration {
    var configuration = HostHarness.dummyConfiguration(
        window: SDLHost.WindowOptions(title: "SDLConcurrency demo", width: 960, height: 360, softwareRenderer: true))
    if virtualTime { configuration.timeline = .virtual(startNanoseconds: 1_000_000_000) }
    // The demo's root writes its screenshot as the run ends; on a loaded machine that takes more
    // than the default 2 s (wall time) of grace.
    configuration.shutdownGracePeriod = .seconds(30)
    return configuration
}

@SDLActor
private func post(_ events: [SDL_Event], to host: SDLHost) {
    for event in events { host.post(event) }
}

extension MinimalDemoEndToEndTests {
    @Test("real time: a mouse click at the button's centre changes the label after 1 s; the window stays responsive meanwhile")
    func mouseClickRealTime() async throws {
        let box = OutcomeBox()
        let exit = try await HostHarness.runSDLHost(configuration(virtualTime: false)) { host in
            let ui = try DemoUI(host: host)
            defer { ui.close() }
            ui.window.layoutIfNeeded()
            let button = ui.minimal.button
            box.update { $0.labelBefore = ui.minimal.label.text }
            // The click's instant, taken inside the emission (where the slot starts its sleep);
            // `next()` resumes this root a turn later.
            let clickedAt = ClickInstant()
            let connection = button.clicked.connect(name: "clicked at") { _ in clickedAt.instant = SDLClock().now }
            defer { connection.disconnect() }
            post(SyntheticInput.click(at: button.frame.center), to: host)
            try await button.clicked.next()
            let run = try #require(ui.lastRun(of: button))
            // While the slot sleeps, input is handled: move the pointer off the button.
            try await Task.sleep(for: .milliseconds(500), clock: .sdl)
            post([SyntheticInput.click(at: Point(x: 2, y: 2))[0]], to: host)
            try await Task.sleep(for: .milliseconds(50), clock: .sdl)
            box.update {
                $0.labelDuringSleep = ui.minimal.label.text
                $0.hoveredDuringSleep = button.isHovered
            }
            await run.value
            box.update {
                $0.elapsed = clickedAt.instant.duration(to: SDLClock().now)
                $0.labelAfter = ui.minimal.label.text
            }
        }
        let outcome = box.outcome
        #expect(exit.status == 0)
        #expect(outcome.labelBefore == "The answer is 42.")
        #expect(outcome.labelDuringSleep == "The answer is 42.")
        #expect(!outcome.hoveredDuringSleep, "a pointer move during the sleep was handled")
        #expect(outcome.labelAfter == "What do you get if you multiply six by nine?")
        #expect(outcome.elapsed >= .seconds(1), "the label changed \(outcome.elapsed) after the click")
    }

    @Test("virtual time: a mouse click changes the label exactly 1 s later")
    func mouseClickVirtualTime() async throws {
        let box = OutcomeBox()
        _ = try await HostHarness.runSDLHost(configuration(virtualTime: true)) { host in
            let ui = try DemoUI(host: host)
            defer { ui.close() }
            ui.window.layoutIfNeeded()
            let button = ui.minimal.button
            // The click's instant, taken inside the emission (a synchronous slot runs there): an
            // awaited `next()` would resume through the global pool in this unpinned root, and
            // virtual time could jump to the slot's deadline meanwhile.
            let clickedAt = ClickInstant()
            let connection = button.clicked.connect(name: "clicked at") { _ in clickedAt.instant = SDLClock().now }
            defer { connection.disconnect() }
            post(SyntheticInput.click(at: button.frame.center), to: host)
            try await button.clicked.next()
            box.update { $0.labelDuringSleep = ui.minimal.label.text }
            // Awaited with the SDL preference: no pool hop for virtual time to jump past.
            await withNonisolatedWorkOnSDLThread { await ui.lastRun(of: button)?.value }
            box.update {
                $0.elapsed = clickedAt.instant.duration(to: SDLClock().now)
                $0.labelAfter = ui.minimal.label.text
            }
        }
        #expect(box.outcome.labelDuringSleep == "The answer is 42.")
        #expect(box.outcome.labelAfter == "What do you get if you multiply six by nine?")
        #expect(box.outcome.elapsed == .seconds(1))
    }

    @Test("virtual time: Tab focuses the button, Space clicks it, the label changes")
    func keyboard() async throws {
        let box = OutcomeBox()
        _ = try await HostHarness.runSDLHost(configuration(virtualTime: true)) { host in
            let ui = try DemoUI(host: host)
            defer { ui.close() }
            let button = ui.minimal.button
            post(SyntheticInput.keyPress(SDLK_TAB) + SyntheticInput.keyPress(SDLK_SPACE), to: host)
            try await button.clicked.next()
            box.update { $0.hoveredDuringSleep = button.isFocused }
            await ui.lastRun(of: button)?.value
            box.update { $0.labelAfter = ui.minimal.label.text }
        }
        #expect(box.outcome.hoveredDuringSleep, "the button had keyboard focus when Space clicked it")
        #expect(box.outcome.labelAfter == "What do you get if you multiply six by nine?")
    }

    @Test("eager start: when the click handling returns, the slot has started and is sleeping")
    func eagerStartOnClick() async throws {
        let started = Mutex<[Bool]>([])
        _ = try await HostHarness.runSDLHost(configuration(virtualTime: true)) { host in
            let ui = try DemoUI(host: host)
            defer { ui.close() }
            ui.window.layoutIfNeeded()
            let button = ui.minimal.button
            // Handle the click directly, as the translate phase does, and look right after.
            ui.window.handle(.pointerDown(button.frame.center, button: .left))
            ui.window.handle(.pointerUp(button.frame.center, button: .left))
            let run = ui.lastRun(of: button)
            let connection = try #require(ui.minimal.clickConnection)
            started.withLock { $0 = [run != nil, connection.runningTaskCount == 1] }
            await run?.value
        }
        #expect(started.withLock { $0 } == [true, true])
    }

    @Test("screenshot: the software-rendered frame's label pixels change after the click, and the PNG is written")
    func screenshotPixels() async throws {
        let images = Mutex<[RGBAImage]>([])
        let labelFrames = Mutex<[Rect]>([])
        let file = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("minimal-\(UUID()).png")
        defer { try? FileManager.default.removeItem(at: file) }
        _ = try await HostHarness.runSDLHost(configuration(virtualTime: true)) { host in
            let ui = try DemoUI(host: host)
            defer { ui.close() }
            ui.window.render()
            let before = try ui.canvas.readPixels()
            let labelBefore = ui.minimal.label.frame
            let button = ui.minimal.button
            post(SyntheticInput.click(at: button.frame.center), to: host)
            try await button.clicked.next()
            await ui.lastRun(of: button)?.value
            ui.window.render()
            let after = try ui.canvas.readPixels()
            try after.writePNG(to: file)
            images.withLock { $0 = [before, after] }
            labelFrames.withLock { $0 = [labelBefore, ui.minimal.label.frame] }
        }
        let (before, after) = try images.withLock { images in
            (try #require(images.first), try #require(images.last))
        }
        #expect(before.width == 960 && before.height == 360)
        // The union of both label frames, where the text is drawn.
        let frames = labelFrames.withLock { $0 }
        let region = Rect(
            x: min(frames[0].x, frames[1].x), y: min(frames[0].y, frames[1].y),
            width: max(frames[0].maxX, frames[1].maxX) - min(frames[0].x, frames[1].x),
            height: max(frames[0].maxY, frames[1].maxY) - min(frames[0].y, frames[1].y))
        var changed = 0
        var textBefore = 0
        var textAfter = 0
        let background = before.pixel(x: region.x - 4, y: region.y)
        for y in region.y..<region.maxY {
            for x in region.x..<region.maxX {
                if before.pixel(x: x, y: y) != after.pixel(x: x, y: y) { changed += 1 }
                if before.pixel(x: x, y: y) != background { textBefore += 1 }
                if after.pixel(x: x, y: y) != background { textAfter += 1 }
            }
        }
        #expect(textBefore > 200, "the first frame shows the label's text")
        #expect(textAfter > textBefore, "the longer text covers more pixels")
        #expect(changed > 500, "\(changed) pixels changed in the label's region")
        let png = try Data(contentsOf: file)
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
    }

    @Test("text textures are cached: ten more frames create no new texture; a new label text creates one")
    func textCache() async throws {
        let counts = Mutex<[Int]>([])
        _ = try await HostHarness.runSDLHost(configuration(virtualTime: true)) { host in
            let ui = try DemoUI(host: host)
            defer { ui.close() }
            ui.window.render()
            let first = ui.canvas.textTexturesCreated
            for _ in 0..<10 { ui.window.render() }
            let afterTen = ui.canvas.textTexturesCreated
            ui.minimal.label.text = "changed"
            ui.window.render()
            counts.withLock { $0 = [first, afterTen, ui.canvas.textTexturesCreated] }
        }
        // The first frame renders every text once (the minimal label and button, the sieve's status,
        // progress and five button titles; its grid is too small for numbers here).
        let values = counts.withLock { $0 }
        #expect(values == [9, 9, 10])
    }

    @Test("a throwing slot on the demo's button reaches the error handler once; a later click still works")
    func throwingSlotKeepsUIUsable() async throws {
        let failures = Mutex<[String]>([])
        let box = OutcomeBox()
        _ = try await HostHarness.runSDLHost(configuration(virtualTime: true)) { host in
            SignalErrors.handler = { failure in failures.withLock { $0.append("\(failure.signal)|\(failure.slot)") } }
            defer { SignalErrors.handler = nil }
            let ui = try DemoUI(host: host)
            defer { ui.close() }
            ui.window.layoutIfNeeded()
            let button = ui.minimal.button
            var clicks = 0
            let flaky = button.clicked.connect(name: "flaky") { () async throws in
                clicks += 1
                try await Task.sleep(for: .milliseconds(10), clock: .sdl)
                if clicks == 1 { throw CocoaError(.fileNoSuchFile) }
            }
            for _ in 0..<2 {
                post(SyntheticInput.click(at: button.frame.center), to: host)
                try await button.clicked.next()
                await flaky.lastTask?.value
                await ui.lastRun(of: button)?.value
            }
            box.update { $0.labelAfter = ui.minimal.label.text }
        }
        #expect(failures.withLock { $0 } == ["Button(What is the question?).clicked|flaky"])
        #expect(box.outcome.labelAfter == "What do you get if you multiply six by nine?")
    }

    @Test("the demo's own run: a scripted press, a timed exit and the screenshot, in virtual time")
    func demoRun() async throws {
        let file = NSTemporaryDirectory() + "demo-run-\(UUID()).png"
        defer { try? FileManager.default.removeItem(atPath: file) }
        let command = try DemoCommand.parse([
            "--headless", "--virtual-time", "--press", "What is the question?@0.5", "--screenshot", file,
        ])
        let plan = DemoPlan(command: command, environment: ["DISPLAY": ":0"])
        #expect(plan.exitAfter == 2.0)
        var configuration = configuration(virtualTime: true)
        configuration.afterRoot = .quit
        let exit = try await HostHarness.runSDLHost(configuration) { host in
            try await DemoApp.run(host: host, plan: plan)
        }
        #expect(exit.status == 0)
        #expect(exit.reason == .requested(status: 0))
        #expect(exit.leakedTasks.isEmpty)
        #expect(FileManager.default.fileExists(atPath: file))
    }
}

/// When a click was emitted (set by a synchronous slot, on the SDL thread).
@SDLActor
private final class ClickInstant {
    var instant = SDLClock.Instant(nanoseconds: 0)
}
