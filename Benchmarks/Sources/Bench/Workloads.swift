import CSDL2
import Eratosthenes
import Foundation
import SDLConcurrency
import SDLWidgets
import SDLWidgetsTesting

/// Sizes: `full` is what the README reports; `tiny` proves the program works (CI).
struct Scale: Sendable {
    var hops = 200_000
    var fanOutTasks = 10_000
    var fanOutYields = 10
    var wakes = 2_000
    var sleeps = 200
    var idleSeconds = 5.0
    var clicks = 1_000
    var burst = 1_000_000
    var sieveSeconds = 4.0
    /// W9: frames measured per probe, the first count tried, the most tried, the fixed count of the
    /// per-coroutine cost.
    var spriteFrames = 120
    var spriteStart = 1_000
    var spriteCap = 4_000_000
    var spriteFixedCount = 5_000
    /// W10: frames drawn with a new megabyte of label text each.
    var hugeLabelFrames = 20
    /// W11: rows in the scroll view, and frames scrolled (one wheel step each).
    var scrollRows = 10_000
    var scrollFrames = 300
    /// W12: labels bound to one model property, and the changes timed.
    var boundLabels = 10_000
    var bindingChanges = 30

    static let full = Scale()
    static let tiny = Scale(hops: 2_000, fanOutTasks: 100, fanOutYields: 10, wakes: 20, sleeps: 5,
                            idleSeconds: 0.2, clicks: 20, burst: 10_000, sieveSeconds: 0.3,
                            spriteFrames: 5, spriteStart: 100, spriteCap: 400, spriteFixedCount: 200,
                            hugeLabelFrames: 2, scrollRows: 200, scrollFrames: 5,
                            boundLabels: 100, bindingChanges: 3)
}

enum Workload: String, CaseIterable, Sendable {
    case w1 = "W1", w2 = "W2", w3 = "W3", w4 = "W4", w5 = "W5", w6 = "W6", w7 = "W7", w8 = "W8", w9 = "W9", w10 = "W10", w11 = "W11", w12 = "W12"

    var title: String {
        switch self {
        case .w1: return "hop rate (one task yields to its loop)"
        case .w2: return "fan-out (10,000 tasks x 10 yields)"
        case .w3: return "cross-thread wake latency"
        case .w4: return "timer overshoot (20 ms sleeps)"
        case .w5: return "idle CPU"
        case .w6: return "click-to-slot latency"
        case .w7: return "frame time while the sieve runs"
        case .w8: return "burst: jobs from two producer threads"
        case .w9: return "sprites moved once per frame: coroutines vs a plain loop"
        case .w10: return "frame time with a 1 MB label"
        case .w11: return "frame time scrolling a ScrollView of 10,000 rows"
        case .w12: return "10,000 bound labels: one model change to the frame that shows it"
        }
    }

    /// Workloads that exist only where there are SDL events and a window.
    var sdlOnly: Bool { self == .w6 || self == .w7 || self == .w9 || self == .w10 || self == .w11 || self == .w12 }
}

/// Runs one workload on one system, inside the system's root task; returns its figures.
func run(_ workload: Workload, on system: any LoopSystem, scale: Scale) async -> [Figure] {
    switch workload {
    case .w1: return await hopRate(system, scale)
    case .w2: return await fanOut(system, scale)
    case .w3: return await wakeLatency(system, scale)
    case .w4: return await timerOvershoot(system, scale)
    case .w5: return await idleCPU(system, scale)
    case .w6: return await clickToSlot(scale)
    case .w7: return await sieveFrames(scale)
    case .w8: return await burst(system, scale)
    case .w9: return await spriteFrames(scale)
    case .w10: return await hugeLabelFrames(scale)
    case .w11: return await scrollFrames(scale)
    case .w12: return await boundLabelFrames(scale)
    }
}

// MARK: - W1, W2

func hopRate(_ system: any LoopSystem, _ scale: Scale) async -> [Figure] {
    let count = scale.hops
    let yieldSeconds = await system.spawn { (_: isolated any Actor) async -> Double in
        let start = nowNanoseconds()
        for _ in 0..<count { await Task.yield() }
        return Double(nowNanoseconds() - start) / 1e9
    }.value
    var figures = [Figure(metric: "task_yield", value: Double(count) / yieldSeconds, unit: "hops/s")]
    if system is SDLSystem {
        // SDLActor.yield() in a default task (Swift's rule: @concurrent work off the SDL thread)
        // and in a task started with NonisolatedWork.onSDLThread.
        for (label, work) in [("", NonisolatedWork.offSDLThread), ("_onSDLThread", .onSDLThread)] {
            let fastSeconds = await SDLActor.task(nonisolatedWork: work) { () -> Double in
                let start = nowNanoseconds()
                for _ in 0..<count { await SDLActor.yield() }
                return Double(nowNanoseconds() - start) / 1e9
            }.value
            figures.append(Figure(metric: "fast_yield\(label)", value: Double(count) / fastSeconds, unit: "hops/s"))
        }
        // Task.yield() in an .onSDLThread task: the runtime hands the resume to the SDL task executor.
        let onSDLThreadSeconds = await SDLActor.task(nonisolatedWork: .onSDLThread) { () -> Double in
            let start = nowNanoseconds()
            for _ in 0..<count { await Task.yield() }
            return Double(nowNanoseconds() - start) / 1e9
        }.value
        figures.append(Figure(metric: "task_yield_onSDLThread", value: Double(count) / onSDLThreadSeconds, unit: "hops/s"))
        // An already-due SDLClock sleep (a timer through the heap) in a default task.
        let sleepSeconds = await SDLActor.task { () -> Double in
            let clock = SDLClock()
            let start = nowNanoseconds()
            for _ in 0..<count / 4 { try? await clock.sleep(until: clock.now) }
            return Double(nowNanoseconds() - start) / 1e9
        }.value
        figures.append(Figure(metric: "due_sleep", value: Double(count / 4) / sleepSeconds, unit: "hops/s"))
        // @MainActor ↔ @SDLActor: the host runs on the main thread and drains the main queue.
        let roundTripSeconds = await Task { @MainActor () -> Double in
            let start = nowNanoseconds()
            for _ in 0..<count / 4 { await sdlNoop() }
            return Double(nowNanoseconds() - start) / 1e9
        }.value
        figures.append(Figure(metric: "mainactor_sdl_round_trip", value: Double(count / 4) / roundTripSeconds, unit: "trips/s"))
        let mainYieldSeconds = await Task { @MainActor () -> Double in
            let start = nowNanoseconds()
            for _ in 0..<count / 4 { await Task.yield() }
            return Double(nowNanoseconds() - start) / 1e9
        }.value
        figures.append(Figure(metric: "mainactor_task_yield", value: Double(count / 4) / mainYieldSeconds, unit: "hops/s"))
    }
    return figures
}

/// Has an effect the optimiser must keep (an empty body let release builds skip the hop).
@SDLActor var sdlCounter = 0
@SDLActor func sdlNoop() { sdlCounter &+= 1 }

func fanOut(_ system: any LoopSystem, _ scale: Scale) async -> [Figure] {
    let tasks = scale.fanOutTasks
    let yields = scale.fanOutYields
    let start = nowNanoseconds()
    var handles: [Task<Double, Never>] = []
    handles.reserveCapacity(tasks)
    for _ in 0..<tasks {
        handles.append(system.spawn { (_: isolated any Actor) async -> Double in
            for _ in 0..<yields { await Task.yield() }
            return 0
        })
    }
    for handle in handles { _ = await handle.value }
    let seconds = Double(nowNanoseconds() - start) / 1e9
    var figures = [Figure(metric: "task_yield", value: Double(tasks * yields) / seconds, unit: "hops/s")]
    if system is SDLSystem {
        // SDLActor.yield() in default tasks, then in tasks started with .onSDLThread.
        for (label, work) in [("", NonisolatedWork.offSDLThread), ("_onSDLThread", .onSDLThread)] {
            let fastStart = nowNanoseconds()
            var fastHandles: [Task<Void, Never>] = []
            fastHandles.reserveCapacity(tasks)
            for _ in 0..<tasks {
                fastHandles.append(SDLActor.task(nonisolatedWork: work) { for _ in 0..<yields { await SDLActor.yield() } })
            }
            for handle in fastHandles { await handle.value }
            let fastSeconds = Double(nowNanoseconds() - fastStart) / 1e9
            figures.insert(Figure(metric: "fast_yield" + label, value: Double(tasks * yields) / fastSeconds, unit: "hops/s"),
                           at: label.isEmpty ? 0 : 1)
        }
    }
    return figures
}

// MARK: - W3

func wakeLatency(_ system: any LoopSystem, _ scale: Scale) async -> [Figure] {
    let latencies = Samples()
    let countdown = Countdown(scale.wakes)
    let count = scale.wakes
    startThread {
        for _ in 0..<count {
            let enqueued = nowNanoseconds()
            system.submit {
                latencies.append(Double(nowNanoseconds() - enqueued) / 1_000)
                countdown.tick()
            }
            usleep(1_000)
        }
    }
    await countdown.wait()
    let sorted = latencies.values.sorted()
    var figures = [
        Figure(metric: "p50", value: percentile(sorted, 50), unit: "us"),
        Figure(metric: "p99", value: percentile(sorted, 99), unit: "us"),
        Figure(metric: "max", value: sorted.last ?? .nan, unit: "us"),
    ]
    if system is SDLSystem || system is MainActorSystem {
        // The same wake-up as a user writes it for main-actor code: `Task { @MainActor in … }` from
        // another thread (ours: the loop runs Dispatch's main queue; MainActor: dispatchMain()).
        let taskLatencies = Samples()
        let taskCountdown = Countdown(count)
        startThread {
            for _ in 0..<count {
                let enqueued = nowNanoseconds()
                Task { @MainActor in
                    taskLatencies.append(Double(nowNanoseconds() - enqueued) / 1_000)
                    taskCountdown.tick()
                }
                usleep(1_000)
            }
        }
        await taskCountdown.wait()
        let taskSorted = taskLatencies.values.sorted()
        figures.append(Figure(metric: "mainactor_task_p50", value: percentile(taskSorted, 50), unit: "us"))
        figures.append(Figure(metric: "mainactor_task_p99", value: percentile(taskSorted, 99), unit: "us"))
    }
    return figures
}

// MARK: - W4

func timerOvershoot(_ system: any LoopSystem, _ scale: Scale) async -> [Figure] {
    let count = scale.sleeps
    func summarize(_ prefix: String, _ overshoots: [Double]) -> [Figure] {
        let sorted = overshoots.sorted()
        return [
            Figure(metric: "\(prefix)_p50", value: percentile(sorted, 50), unit: "ms"),
            Figure(metric: "\(prefix)_p99", value: percentile(sorted, 99), unit: "ms"),
            Figure(metric: "\(prefix)_early", value: Double(sorted.filter { $0 < 0 }.count), unit: "count"),
        ]
    }
    var figures: [Figure] = []
    if system is SDLSystem {
        let samples = Samples()
        _ = await SDLActor.task { () -> Double in
            let clock = SDLClock()
            for _ in 0..<count {
                let deadline = clock.now.advanced(by: .milliseconds(20))
                try? await clock.sleep(until: deadline)
                let over = deadline.duration(to: clock.now)
                samples.append(Double(over.components.attoseconds) / 1e15 + Double(over.components.seconds) * 1e3)
            }
            return 0
        }.value
        figures += summarize("sdlclock", samples.values)
    }
    let samples = Samples()
    _ = await system.spawn { (_: isolated any Actor) async -> Double in
        let clock = ContinuousClock()
        for _ in 0..<count {
            let deadline = clock.now.advanced(by: .milliseconds(20))
            try? await Task.sleep(until: deadline, clock: clock)
            let over = deadline.duration(to: clock.now)
            samples.append(Double(over.components.attoseconds) / 1e15 + Double(over.components.seconds) * 1e3)
        }
        return 0
    }.value
    figures += summarize("task_sleep", samples.values)
    return figures
}

// MARK: - W5

func idleCPU(_ system: any LoopSystem, _ scale: Scale) async -> [Figure] {
    let seconds = scale.idleSeconds
    let isSDL = system is SDLSystem
    let percent = await system.spawn { (_: isolated any Actor) async -> Double in
        // Let start-up settle first (the window's first frame, its expose events).
        try? await Task.sleep(for: .milliseconds(500))
        let cpu0 = processCPUNanoseconds()
        let wall0 = nowNanoseconds()
        if isSDL {
            try? await Task.sleep(for: .seconds(seconds), clock: .sdl)
        } else {
            try? await Task.sleep(for: .seconds(seconds))
        }
        let cpu = Double(processCPUNanoseconds() - cpu0)
        let wall = Double(nowNanoseconds() - wall0)
        return cpu / wall * 100
    }.value
    return [Figure(metric: "cpu", value: percent, unit: "%")]
}

// MARK: - W6, W7 (ours only: SDL events and a window)

/// Enqueue times of synthesized clicks, by click number.
final class ClickStamps: @unchecked Sendable {
    // @unchecked: slot i is written by the clicking thread before the click's button-up event is
    // pushed (SDL_PushEvent takes SDL's queue lock, a release) and read on the host thread after it
    // pops that event (an acquire).
    var stamps: [UInt64]
    init(count: Int) { stamps = Array(repeating: 0, count: count) }
}

/// A window with one button whose eager async slot records click-to-slot latency.
@SDLActor
final class ClickProbe {
    let button = Button("Click me")
    let stamps: ClickStamps
    let latencies = Samples()
    var clicks = 0
    var connection: Connection?

    init(capacity: Int) {
        stamps = ClickStamps(count: capacity)
        connection = button.clicked.connect(name: "probe") { [latencies, stamps, unowned self] _ in
            // The first line of the eager slot: still inside the click.
            latencies.append(Double(nowNanoseconds() - stamps.stamps[clicks]) / 1_000)
            clicks += 1
            await SDLActor.yield()
        }
    }

    /// Pushes the button-down (the pointer is already on the button, as for `xdotool click`).
    nonisolated func press(on host: SDLHost, at point: Point) {
        let events = SyntheticInput.click(at: point)
        host.post(events[events.count - 2])
    }

    /// Moves the pointer onto the button.
    nonisolated func hover(on host: SDLHost, at point: Point) {
        host.post(SyntheticInput.click(at: point)[0])
    }

    /// Pushes the button-up that completes the click, stamped: click-to-slot starts here.
    nonisolated func release(on host: SDLHost, at point: Point, index: Int) {
        let up = SyntheticInput.click(at: point).last!
        stamps.stamps[index] = nowNanoseconds()
        host.post(up)
    }

    /// A whole click at once (press and release in the same turn).
    nonisolated func click(on host: SDLHost, at point: Point, index: Int) {
        press(on: host, at: point)
        release(on: host, at: point, index: index)
    }
}

@SDLActor
func makeWindow(host: SDLHost, root: Widget) -> (WidgetWindow, SDLCanvas)? {
    guard let canvas = try? SDLCanvas(host: host) else { return nil }
    let window = WidgetWindow(root: root, canvas: canvas)
    window.attach(to: host)
    window.layoutIfNeeded()
    return (window, canvas)
}

func clickToSlot(_ scale: Scale) async -> [Figure] {
    let count = scale.clicks
    let setup = await SDLActor.task { () -> (ClickProbe, Point, WidgetWindow, SDLCanvas)? in
        guard let host = BenchHost.running else { return nil }
        let probe = ClickProbe(capacity: 2 * count + max(1, count / 10))
        guard let (window, canvas) = makeWindow(host: host, root: Stack(.vertical, children: [probe.button])) else { return nil }
        return (probe, probe.button.frame.center, window, canvas)
    }.value
    guard let (probe, point, window, canvas) = setup, let host = await BenchHost.running else { return [] }
    // Clicks as `xdotool click` sends them (move, press, release together), synthesized on the SDL
    // thread as real input arrives there (SDL_PumpEvents runs on it); timed from the release's push.
    // "p50": clicks 1 ms apart; "cold": 20 ms apart, the loop asleep in between as under a
    // person's hand (what waking an idle machine adds). Each click is pushed by the last job of a
    // loop turn — posted twice over, so it runs after the driving task's own sleep has been set up
    // (`Task.sleep` takes a hop through the ready queue) — and the timed window holds the loop and
    // the click only.
    let coldCount = max(1, count / 10)
    _ = await SDLActor.task { () -> Int in
        probe.hover(on: host, at: point)
        try? await Task.sleep(for: .milliseconds(1), clock: .sdl)
        for index in 0..<count {
            SDLExecutor.shared.post { SDLExecutor.shared.post { probe.click(on: host, at: point, index: index) } }
            try? await Task.sleep(for: .milliseconds(1), clock: .sdl)
        }
        for index in count..<(count + coldCount) {
            SDLExecutor.shared.post { SDLExecutor.shared.post { probe.click(on: host, at: point, index: index) } }
            try? await Task.sleep(for: .milliseconds(20), clock: .sdl)
        }
        return 0
    }.value
    let sameThreadAll = probe.latencies.values
    let warm = Array(sameThreadAll.prefix(count)).sorted()
    let cold = Array(sameThreadAll.dropFirst(count)).sorted()
    // Clicks pushed from another thread: adds the cross-thread wake-up.
    let done = Countdown(1)
    let crossStart = count + coldCount
    startThread {
        for index in crossStart..<(crossStart + count) {
            probe.click(on: host, at: point, index: index)
            usleep(1_000)
        }
        usleep(20_000)
        done.tick()
    }
    await done.wait()
    let all = probe.latencies.values
    let crossThread = Array(all.dropFirst(sameThreadAll.count)).sorted()
    await SDLActor.task { window.detach(); canvas.close() }.value
    return [
        Figure(metric: "p50", value: percentile(warm, 50), unit: "us"),
        Figure(metric: "p99", value: percentile(warm, 99), unit: "us"),
        Figure(metric: "cold_p50", value: percentile(cold, 50), unit: "us"),
        Figure(metric: "cross_thread_p50", value: percentile(crossThread, 50), unit: "us"),
        Figure(metric: "cross_thread_p99", value: percentile(crossThread, 99), unit: "us"),
        Figure(metric: "clicks_answered", value: Double(all.count), unit: "clicks"),
    ]
}

/// Frame times while the sieve runs at tick 0, with the minimal panel's button clicked every
/// 100 ms: the window must keep drawing and answering.
func sieveFrames(_ scale: Scale) async -> [Figure] {
    var figures: [Figure] = []
    for side in [40, 200] {
        figures += await sieveFrames(side: side, seconds: scale.sieveSeconds)
    }
    return figures
}

@SDLActor
final class FrameRecorder {
    var frameStarts: [UInt64] = []
    var drawTimes: [Double] = []
}

func sieveFrames(side: Int, seconds: Double) async -> [Figure] {
    let clicks = Int(seconds * 10)
    let result = await SDLActor.task { () -> [Figure] in
        guard let host = BenchHost.running else { return [] }
        let probe = ClickProbe(capacity: clicks + 1)
        let model = SieveModel(configuration: .init(rows: side, columns: side, tick: .zero, seed: 1))
        let panel = SievePanel(model: model)
        let root = Stack(.vertical, distribution: .fill, spacing: 8, padding: 8, children: [probe.button, panel.view])
        guard let (window, canvas) = makeWindow(host: host, root: root) else { return [] }
        let recorder = FrameRecorder()
        host.onDraw = { _ in
            let start = nowNanoseconds()
            window.render()
            // Only frames drawn while the sieve runs count (a finished sieve leaves the loop idle).
            if model.phase == .running {
                recorder.frameStarts.append(start)
                recorder.drawTimes.append(Double(nowNanoseconds() - start) / 1e6)
            }
        }
        let point = probe.button.frame.center
        let run = model.start()
        for index in 0..<clicks {
            try? await Task.sleep(for: .milliseconds(100), clock: .sdl)
            probe.click(on: host, at: point, index: index)
        }
        try? await Task.sleep(for: .milliseconds(100), clock: .sdl)
        let alive = model.markersAlive
        let started = model.markers.count
        let marked = model.markedCount
        model.stop()
        await run.value
        window.detach()
        canvas.close()
        let intervals = zip(recorder.frameStarts.dropFirst(), recorder.frameStarts).map { Double($0 - $1) / 1e6 }.sorted()
        let draws = recorder.drawTimes.sorted()
        let clickLatencies = probe.latencies.values.sorted()
        let label = "\(side)x\(side)"
        return [
            Figure(metric: "\(label)_frame_p50", value: percentile(intervals, 50), unit: "ms"),
            Figure(metric: "\(label)_frame_p99", value: percentile(intervals, 99), unit: "ms"),
            Figure(metric: "\(label)_draw_p50", value: percentile(draws, 50), unit: "ms"),
            Figure(metric: "\(label)_frames", value: Double(intervals.count + 1), unit: "frames"),
            Figure(metric: "\(label)_markers_started", value: Double(started), unit: "markers"),
            Figure(metric: "\(label)_markers_alive", value: Double(alive), unit: "markers"),
            Figure(metric: "\(label)_marked", value: Double(marked), unit: "numbers"),
            Figure(metric: "\(label)_clicks_answered", value: Double(clickLatencies.count), unit: "clicks"),
            Figure(metric: "\(label)_click_p50", value: percentile(clickLatencies, 50), unit: "us"),
            Figure(metric: "\(label)_click_p99", value: percentile(clickLatencies, 99), unit: "us"),
        ]
    }.value
    return result
}

// MARK: - W10

/// W10: a label holding a megabyte of text, changed before every frame (each frame renders anew:
/// the worst case for the text cache). Issue 16 measured 1.8–21 s and 1.85 GB for one such frame;
/// the canvas renders only what is visible, so a frame costs what one line costs.
func hugeLabelFrames(_ scale: Scale) async -> [Figure] {
    await SDLActor.task { () -> [Figure] in
        guard let host = BenchHost.running else { return [] }
        let megabyte = String(repeating: "0123456789", count: 100_000)
        let label = Label("")
        guard let (window, canvas) = makeWindow(host: host, root: Stack(.vertical, children: [label])) else { return [] }
        var times: [Double] = []
        for frame in 0..<max(1, scale.hugeLabelFrames) {
            // A different megabyte each frame: "<frame> " then the digits.
            label.text = "\(frame) " + megabyte
            let start = nowNanoseconds()
            window.render()
            times.append(Double(nowNanoseconds() - start) / 1e6)
        }
        let widest = canvas.widestTextTexture
        window.detach()
        canvas.close()
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let sorted = times.sorted()
        return [
            Figure(metric: "first_frame", value: times[0], unit: "ms"),
            Figure(metric: "frame_p50", value: percentile(sorted, 50), unit: "ms"),
            Figure(metric: "frame_max", value: sorted.last ?? 0, unit: "ms"),
            Figure(metric: "widest_text_texture", value: Double(widest), unit: "px"),
            Figure(metric: "peak_rss", value: Double(usage.ru_maxrss) / 1024, unit: "MB"),
        ]
    }.value
}

// MARK: - W11

/// W11: a `ScrollView` of 10,000 labels in a column, scrolled by one wheel step (three lines) every
/// frame; a frame is the wheel event handled, the tree drawn and presented (software renderer). A
/// step must move the rows without laying out or measuring them, draw only the ~33 in view, and
/// render the text of the few rows that come into view.
func scrollFrames(_ scale: Scale) async -> [Figure] {
    await SDLActor.task { () -> [Figure] in
        guard let host = BenchHost.running else { return [] }
        let rows = (0..<scale.scrollRows).map { Label("Row \($0): the quick brown fox jumps over the lazy dog") }
        let scrollView = ScrollView(Stack(.vertical, spacing: 0, padding: 0, children: rows))
        let layoutStart = nowNanoseconds()
        guard let (window, canvas) = makeWindow(host: host, root: scrollView) else { return [] }
        let layoutTime = Double(nowNanoseconds() - layoutStart) / 1e6
        let firstStart = nowNanoseconds()
        window.render()
        let firstFrame = Double(nowNanoseconds() - firstStart) / 1e6
        let layouts = window.layoutPasses
        let point = scrollView.viewport.center
        var times: [Double] = []
        for _ in 0..<max(1, scale.scrollFrames) {
            let start = nowNanoseconds()
            window.handle(.wheel(point, dx: 0, dy: -1))
            window.render()
            if let renderer = canvas.renderer { SDL_RenderPresent(renderer) }
            times.append(Double(nowNanoseconds() - start) / 1e6)
        }
        let scrolled = scrollView.offset
        let relayouts = window.layoutPasses - layouts
        window.detach()
        canvas.close()
        let sorted = times.sorted()
        return [
            Figure(metric: "frame_p50", value: percentile(sorted, 50), unit: "ms"),
            Figure(metric: "frame_p99", value: percentile(sorted, 99), unit: "ms"),
            Figure(metric: "frame_max", value: sorted.last ?? 0, unit: "ms"),
            Figure(metric: "first_layout", value: layoutTime, unit: "ms"),
            Figure(metric: "first_frame", value: firstFrame, unit: "ms"),
            Figure(metric: "scrolled", value: Double(scrolled), unit: "pt"),
            Figure(metric: "layouts_while_scrolling", value: Double(relayouts), unit: "passes"),
        ]
    }.value
}

// MARK: - W8

func burst(_ system: any LoopSystem, _ scale: Scale) async -> [Figure] {
    let total = scale.burst
    let perProducer = total / 2
    let countdown = Countdown(total)
    let start = nowNanoseconds()
    for _ in 0..<2 {
        startThread {
            for _ in 0..<perProducer { system.submit { countdown.tick() } }
        }
    }
    await countdown.wait()
    let seconds = Double(nowNanoseconds() - start) / 1e9
    return [
        Figure(metric: "jobs_per_s", value: Double(total) / seconds, unit: "jobs/s"),
        Figure(metric: "jobs_run", value: Double(countdown.ticks), unit: "jobs"),
        Figure(metric: "peak_rss", value: peakRSSMiB(), unit: "MiB"),
    ]
}
