import Dispatch
import Observation
import SDLConcurrency
import SDLConcurrencyTesting
import SDLWidgetsTesting
@testable import SDLWidgets
import Synchronization
import Testing

/// Models bound to widgets: once per frame, before the draw; lifetimes; two-way round trips; models
/// on `@SDLActor`, on `@MainActor` (another thread in tests: the evaluation hops) and locked ones
/// written from the pool.
@Suite("Bindings")
struct BindingTests {}

// MARK: - Fixtures

@SDLActor @Observable
private final class SDLNotes {
    var count = 0
    var level = 0
}

@MainActor @Observable
private final class MainNotes {
    var count = 0
    var level = 0
}

/// An `Observable` model guarded by a lock, so any thread may write it.
private final class LockedCounter: Observable, Sendable {
    private let registrar = ObservationRegistrar()
    private let storage = Mutex(0)

    var value: Int {
        get {
            registrar.access(self, keyPath: \.value)
            return storage.withLock { $0 }
        }
        set {
            // The lock is held around the whole mutation, the change notification (willSet)
            // included: a binding evaluating in between waits for the new value instead of reading
            // the old one after its notification has gone.
            storage.withLock { value in
                registrar.withMutation(of: self, keyPath: \.value) { value = newValue }
            }
        }
    }
}

/// A two-way control: an integer the user sets (the real controls live elsewhere).
@SDLActor
private final class Stepper: Widget, ValueControl {
    let edited = Signal<Int>(name: "Stepper.edited")
    /// Values set by code (a binding), not by the user.
    private(set) var programmaticSets: [Int] = []
    private var isUserEditing = false

    var value = 0 {
        didSet {
            if !isUserEditing { programmaticSets.append(value) }
            setNeedsDisplay()
        }
    }

    /// What a user's click or key would do.
    func userSets(_ newValue: Int) {
        isUserEditing = true
        value = newValue
        isUserEditing = false
        edited.emit(newValue)
    }
}

/// A widget that records what it drew, and in which frame.
@SDLActor
private final class Gauge: Widget {
    var level = 0 { didSet { setNeedsDisplay() } }
    var drawn: [(frame: Int, level: Int)] = []
    override func draw(on canvas: any Canvas) {
        drawn.append((containingWindow?.framesDrawn ?? -1, level))
        canvas.fill(frame, Color(UInt8(clamping: level), 0, 0))
    }
}

/// A label and a gauge in a window on a recording canvas, first frame drawn.
@SDLActor
private final class Fixture {
    let label = Label("")
    let gauge = Gauge()
    let stepper = Stepper()
    let canvas = RecordingCanvas(size: Size(width: 400, height: 200))
    let window: WidgetWindow

    init() {
        window = WidgetWindow(root: Stack(.vertical, children: [label, gauge, stepper]), canvas: canvas)
        window.render()
    }
}

/// A thread-safe count.
private final class Counter: Sendable {
    private let count = Atomic(0)
    func increment() { count.add(1, ordering: .relaxed) }
    var value: Int { count.load(ordering: .relaxed) }
}

/// `.text`, counting each time the binding sets it.
private func countedText(_ counter: Counter) -> WidgetProperty<Label, String> {
    WidgetProperty { label, text in
        counter.increment()
        label.text = text
    }
}

/// Waits until `window` asks for a frame (at most `timeout`, wall time); returns whether it did.
/// For changes that come from another thread, whose arrival the SDL thread cannot foresee.
@SDLActor
private func redrawRequested(_ window: WidgetWindow, timeout: Duration = .seconds(20)) async -> Bool {
    if window.needsDisplay { return true }
    let gate = Gate()
    window.onNeedsDisplay = { gate.open(true) }
    defer { window.onNeedsDisplay = nil }
    Task.detached {
        try? await Task.sleep(for: timeout)
        gate.open(false)
    }
    return await gate.wait()
}

/// Renders `window` whenever it asks for a frame until `condition` holds; `false` if it does not
/// within `timeout` of one wait.
@SDLActor
private func render(_ window: WidgetWindow, until condition: () async -> Bool) async -> Bool {
    while true {
        window.render()
        if await condition() { return true }
        guard await redrawRequested(window) else { return false }
    }
}

/// A one-shot result, set once from any thread.
private final class Gate: Sendable {
    private let state = Mutex<(result: Bool?, waiter: CheckedContinuation<Bool, Never>?)>((nil, nil))
    func open(_ result: Bool) {
        let waiter = state.withLock { state -> CheckedContinuation<Bool, Never>? in
            guard state.result == nil else { return nil }
            state.result = result
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: result)
    }
    func wait() async -> Bool {
        await withCheckedContinuation { continuation in
            let ready = state.withLock { state -> Bool? in
                if let result = state.result { return result }
                state.waiter = continuation
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }
}

// MARK: - One frame

extension BindingTests {
    @Test("a change is applied by the first frame drawn after it, and that frame shows it")
    func updateWithinOneFrame() async throws {
        let result = try await onSDLActor { () -> (String, String, Int, [String], Bool) in
            let f = Fixture()
            let model = SDLNotes()
            f.label.bind(.text, to: model) { "\($0.count) notes" }
            let initial = f.label.text            // set before bind returns: SDL thread, SDLActor model
            f.window.render()
            let framesBefore = f.window.framesDrawn
            model.count = 5
            await SDLActor.yield()                // the routing job runs
            let drew = f.window.renderIfNeeded()
            return (initial, f.label.text, f.window.framesDrawn - framesBefore, f.canvas.texts,
                    drew && !f.window.renderIfNeeded())
        }
        #expect(result.0 == "0 notes")
        #expect(result.1 == "5 notes")
        #expect(result.2 == 1, "one frame, which applied the change")
        #expect(result.3.contains("5 notes"), "the frame drew the new text")
        #expect(result.4, "a frame was asked for, and no second one")
    }

    @Test("100 changes in one job, or in 100 jobs of one turn: one update, one redraw")
    func hundredChangesOneUpdate() async throws {
        let (updates, frames, text) = try await onSDLActor { () -> ([Int], [Int], String) in
            let f = Fixture()
            let model = SDLNotes()
            let counter = Counter()
            f.label.bind(countedText(counter), to: model) { "\($0.count)" }
            f.window.render()
            var updates: [Int] = []
            var frames: [Int] = []
            for _ in 0..<2 {
                let (updatesBefore, framesBefore) = (counter.value, f.window.framesDrawn)
                if updates.isEmpty {
                    for _ in 0..<100 { model.count += 1 }
                } else {
                    // 100 jobs, each posting the next: the routing job of each change runs between
                    // them, before the next change.
                    await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
                        @SDLActor func step(_ left: Int) {
                            model.count += 1
                            if left > 1 { SDLExecutor.shared.post { step(left - 1) } } else { done.resume() }
                        }
                        SDLExecutor.shared.post { step(100) }
                    }
                }
                await SDLActor.yield()
                while f.window.renderIfNeeded() {}
                updates.append(counter.value - updatesBefore)
                frames.append(f.window.framesDrawn - framesBefore)
            }
            return (updates, frames, f.label.text)
        }
        #expect(updates == [1, 1])
        #expect(frames == [1, 1])
        #expect(text == "200")
    }

    @Test("10,000 labels bound to one property: one change, all redrawn in one frame")
    func tenThousandLabels() async throws {
        let (frames, stale, evaluations) = try await onSDLActor { () -> (Int, Int, Int) in
            let model = SDLNotes()
            let root = Widget()
            let labels = (0..<10_000).map { _ in Label("") }
            for label in labels {
                root.addChild(label)
                label.bind(.text, to: model) { "\($0.count)" }
            }
            let window = WidgetWindow(root: root, canvas: RecordingCanvas(size: Size(width: 400, height: 200)))
            window.render()
            let framesBefore = window.framesDrawn
            let evaluationsBefore = BindingScheduler.shared.evaluations.load(ordering: .relaxed)
            model.count = 1
            await SDLActor.yield()
            while window.renderIfNeeded() {}
            return (window.framesDrawn - framesBefore, labels.count { $0.text != "1" },
                    BindingScheduler.shared.evaluations.load(ordering: .relaxed) - evaluationsBefore)
        }
        #expect(frames == 1)
        #expect(stale == 0)
        #expect(evaluations == 10_000, "each binding evaluated once")
    }
}

// MARK: - Lifetimes

extension BindingTests {
    @Test("a deallocated widget gets no update, and its binding goes with it")
    func noUpdateAfterWidgetIsGone() async throws {
        let (widgetGone, bindingGone, updates) = try await onSDLActor { () -> (Bool, Bool, Int) in
            let model = SDLNotes()
            let counter = Counter()
            weak var weakLabel: Label?
            weak var weakNode: (any AnyBindingNode)?
            do {
                let label = Label("")
                weakLabel = label
                weakNode = label.bind(countedText(counter), to: model) { "\($0.count)" }.node
            }
            let before = counter.value
            model.count = 1
            await SDLActor.yield()
            return (weakLabel == nil, weakNode == nil, counter.value - before)
        }
        #expect(widgetGone)
        #expect(bindingGone, "the binding lives as long as its widget: no leak")
        #expect(updates == 0)
    }

    @Test("a widget removed from its window is not updated while it is out, and catches up when shown")
    func widgetOutOfWindowWaits() async throws {
        let texts = try await onSDLActor { () -> [String] in
            let f = Fixture()
            let model = SDLNotes()
            f.label.bind(.text, to: model) { "\($0.count)" }
            f.label.removeFromParent()
            model.count = 3
            await SDLActor.yield()
            f.window.render()
            let whileOut = f.label.text
            f.window.root.addChild(f.label)
            f.window.render()
            return [whileOut, f.label.text]
        }
        #expect(texts == ["0", "3"])
    }

    @Test("a deallocated model ends the binding; the widget keeps its last value; edits go nowhere")
    func modelGoneEndsBinding() async throws {
        let result = try await onSDLActor { () -> (Bool, Bool, String, Int) in
            let f = Fixture()
            var model: SDLNotes? = SDLNotes()
            model?.count = 4
            let labelBinding = f.label.bind(.text, to: model!) { "\($0.count)" }
            let stepperBinding = f.stepper.bind(to: model!, \.level)
            let activeBefore = labelBinding.isActive && stepperBinding.isActive
            model = nil
            f.stepper.userSets(9)
            await SDLActor.yield()
            f.window.render()
            return (activeBefore, labelBinding.isActive || stepperBinding.isActive, f.label.text, f.stepper.value)
        }
        #expect(result.0)
        #expect(!result.1)
        #expect(result.2 == "4")
        #expect(result.3 == 9)
    }

    @Test("cancel ends a binding at once; the widget keeps its value")
    func cancelEndsBinding() async throws {
        let texts = try await onSDLActor { () -> [String] in
            let f = Fixture()
            let model = SDLNotes()
            let binding = f.label.bind(.text, to: model) { "\($0.count)" }
            model.count = 1
            await SDLActor.yield()
            f.window.render()
            binding.cancel()
            model.count = 2
            await SDLActor.yield()
            f.window.render()
            return [f.label.text, binding.isActive ? "active" : "ended", "\(f.label.modelBindings.count)"]
        }
        #expect(texts == ["1", "ended", "0"])
    }
}

// MARK: - Two-way

extension BindingTests {
    @Test("two-way, @SDLActor model: edits reach the model, model changes reach the control, no echo")
    func twoWaySDLActorModel() async throws {
        let (levels, values, programmatic) = try await onSDLActor { () -> ([Int], [Int], [Int]) in
            let f = Fixture()
            let model = SDLNotes()
            model.level = 3
            f.stepper.bind(to: model, \.level)
            var levels: [Int] = []
            var values = [f.stepper.value]                  // 3: set by bind
            f.stepper.userSets(5)
            levels.append(model.level)                      // 5 at once: same thread, same actor
            await SDLActor.yield()
            f.window.render()
            model.level = 8
            await SDLActor.yield()
            f.window.render()
            values.append(f.stepper.value)                  // 8
            f.stepper.userSets(1)
            f.stepper.userSets(2)
            await SDLActor.yield()
            f.window.render()
            levels.append(model.level)                      // 2
            values.append(f.stepper.value)
            return (levels, values, f.stepper.programmaticSets)
        }
        #expect(levels == [5, 2])
        #expect(values == [3, 8, 2])
        #expect(programmatic == [3, 8], "the binding set the control only for the model's own changes")
    }

    @Test("two-way, @MainActor model bound from @MainActor code: round trip across threads, no echo while edits are in flight")
    func twoWayMainActorModel() async throws {
        let model = await MainNotes()
        let (level, values, programmatic, texts) = try await onSDLActor { () -> (Int, [Int], [Int], [String]) in
            let f = Fixture()
            await MainActor.run {
                // @MainActor code: key paths and plain closures, no await, no annotation.
                model.level = 3
                f.stepper.bind(to: model, \.level)
                f.label.bind(.text, to: model) { "level \($0.level)" }
            }
            #expect(await render(f.window) { f.stepper.value == 3 && f.label.text == "level 3" })
            var values = [f.stepper.value]                  // 3
            // Edits in a burst: a value evaluated before the last edit lands must not pull the
            // control back. Made certain here: the main actor is held after the write of 4 until
            // the edit to 5 is made, so the evaluation that the write of 4 caused (reading 4) is
            // queued there ahead of the write of 5.
            let wroteFour = Gate()
            let release = DispatchSemaphore(value: 0)
            f.stepper.userSets(4)
            Task { @MainActor in
                wroteFour.open(true)
                release.wait()
            }
            _ = await wroteFour.wait()          // the write of 4 has run; its change is routed next
            await SDLActor.yield()
            f.stepper.userSets(5)
            release.signal()
            f.stepper.userSets(6)
            for _ in 0..<3 {
                await MainActor.run {}
                await SDLActor.yield()
                f.window.render()
            }
            #expect(await render(f.window) { await MainActor.run { model.level } == 6 && f.label.text == "level 6" })
            values.append(f.stepper.value)                  // 6
            await MainActor.run { model.level = 10 }
            #expect(await render(f.window) { f.stepper.value == 10 && f.label.text == "level 10" })
            values.append(f.stepper.value)                  // 10
            return (await MainActor.run { model.level }, values, f.stepper.programmaticSets, [f.label.text])
        }
        #expect(level == 10)
        #expect(values == [3, 6, 10])
        #expect(programmatic == [3, 10], "never pulled back to 4 or 5 while the edits were on their way")
        #expect(texts == ["level 10"])
    }

    @Test("two-way across actors: @SDLActor code binds a @MainActor model with isolated closures")
    func twoWayAcrossActors() async throws {
        let model = await MainNotes()
        let (level, value, text) = try await onSDLActor { () -> (Int, Int, String) in
            let f = Fixture()
            f.label.bind(.text, to: model) { @MainActor in "\($0.count) notes" }
            f.stepper.bind(to: model, get: { @MainActor in $0.level }, set: { @MainActor in $0.level = $1 })
            f.stepper.userSets(7)
            #expect(await render(f.window) { await MainActor.run { model.level } == 7 })
            await MainActor.run { model.count = 2 }
            #expect(await render(f.window) { f.label.text == "2 notes" })
            return (await MainActor.run { model.level }, f.stepper.value, f.label.text)
        }
        #expect(level == 7)
        #expect(value == 7)
        #expect(text == "2 notes")
    }
}

// MARK: - Where expressions run

extension BindingTests {
    @Test("each expression, getter and setter runs on its own actor: the caller's, or the one it names")
    func isolationOfExpressions() async throws {
        let model = await MainNotes()
        let names = try await onSDLActor { () -> [String] in
            let f = Fixture()
            let sdlModel = SDLNotes()
            func name(_ binding: ModelBinding) -> String {
                switch binding.node.isolation {
                case let actor? where actor === SDLActor.shared: "SDLActor"
                case let actor? where actor === MainActor.shared: "MainActor"
                case nil: "nonisolated"
                default: "other"
                }
            }
            var names = [
                name(f.label.bind(.text, to: sdlModel) { "\($0.count)" }),
                name(f.label.bind(.text, to: model) { @MainActor in "\($0.count)" }),
                name(f.stepper.bind(to: sdlModel, \.level)),
            ]
            names += await MainActor.run {
                [name(f.stepper.bind(to: model, \.level)), name(f.label.bind(.text, to: model) { "\($0.count)" })]
            }
            return names
        }
        #expect(names == ["SDLActor", "MainActor", "SDLActor", "MainActor", "MainActor"])
    }
}

// MARK: - Other threads

extension BindingTests {
    @Test("a @concurrent task writes a locked model and a @MainActor model: both land at the next frame")
    func writesFromAnotherThread() async throws {
        let mainModel = await MainNotes()
        let texts = try await onSDLActor { () -> [String] in
            let f = Fixture()
            let locked = LockedCounter()
            f.label.bind(.text, to: locked) { "locked \($0.value)" }
            f.gauge.bind(\.level, to: mainModel) { @MainActor in $0.level }
            f.window.render()
            @concurrent func work() async {
                locked.value = 42
                await MainActor.run { mainModel.level = 99 }
            }
            await work()
            guard await render(f.window, until: { f.label.text == "locked 42" && f.gauge.level == 99 }) else {
                return ["timed out", f.label.text, "\(f.gauge.level)"]
            }
            let lastDrawn = f.gauge.drawn.last.map { "\($0.level)" } ?? "none"
            return [f.label.text, lastDrawn]
        }
        #expect(texts == ["locked 42", "99"])
    }
}

// MARK: - A real host

extension BindingTests {
    @Test("SDLHost (dummy driver): a change is drawn in the next frame, once, and the pixels change")
    func endToEnd() async throws {
        let box = Mutex<(Int, Int, Bool, String)?>(nil)
        _ = try await HostHarness.runSDLHost { host in
            let hostWindow = try host.openWindow(.init(title: "bindings", width: 240, height: 120))
            let canvas = try SDLCanvas(window: hostWindow)
            let model = SDLNotes()
            let label = Label("")
            let gauge = Gauge()
            let window = WidgetWindow(root: Stack(.vertical, children: [label, gauge]), canvas: canvas)
            window.attach(to: hostWindow)
            label.bind(.text, to: model) { "\($0.count) notes" }
            gauge.bind(\.level, to: model) { $0.level }
            try await Task.sleep(for: .milliseconds(100), clock: .sdl)   // first frames drawn; idle since
            let before = try canvas.readPixels()
            let framesBefore = window.framesDrawn
            // 100 changes in 100 jobs of one turn.
            for _ in 0..<100 {
                SDLExecutor.shared.post {
                    model.count += 1
                    model.level += 2
                }
            }
            try await Task.sleep(for: .milliseconds(200), clock: .sdl)
            let after = try canvas.readPixels()
            let firstDrawnAfter = gauge.drawn.first { $0.frame == framesBefore }
            box.withLock { $0 = (window.framesDrawn - framesBefore, firstDrawnAfter?.level ?? -1, before != after, label.text) }
        }
        let result = try #require(box.withLock { $0 })
        #expect(result.0 == 1, "one redraw for 100 changes")
        #expect(result.1 == 200, "the first frame after the changes drew their result")
        #expect(result.2, "the pixels changed")
        #expect(result.3 == "100 notes")
    }
}
