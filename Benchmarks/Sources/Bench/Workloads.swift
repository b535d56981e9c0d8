import CSDL2
import Foundation
import SDLConcurrency

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

    static let full = Scale()
    static let tiny = Scale(hops: 2_000, fanOutTasks: 100, fanOutYields: 10, wakes: 20, sleeps: 5,
                            idleSeconds: 0.2, clicks: 20, burst: 10_000)
}

enum Workload: String, CaseIterable, Sendable {
    case w1 = "W1", w2 = "W2", w3 = "W3", w4 = "W4", w5 = "W5", w6 = "W6", w7 = "W7", w8 = "W8"

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
        }
    }

    /// Workloads that exist only where there are SDL events and a window.
    var sdlOnly: Bool { self == .w6 || self == .w7 }
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
    case .w7: return []
    case .w8: return await burst(system, scale)
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
        let fastSeconds = await SDLActor.task { () -> Double in
            let start = nowNanoseconds()
            for _ in 0..<count { await SDLActor.yield() }
            return Double(nowNanoseconds() - start) / 1e9
        }.value
        figures.insert(Figure(metric: "fast_yield", value: Double(count) / fastSeconds, unit: "hops/s"), at: 0)
        // The same Task.yield() loop in a task without the SDL executor preference: each hop goes
        // through the global pool and back (what SDLTaskExecutor saves).
        let plainSeconds = await Task { @SDLActor () -> Double in
            let start = nowNanoseconds()
            for _ in 0..<count / 10 { await Task.yield() }
            return Double(nowNanoseconds() - start) / 1e9
        }.value
        figures.append(Figure(metric: "task_yield_no_preference", value: Double(count / 10) / plainSeconds, unit: "hops/s"))
    }
    return figures
}

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
        let fastStart = nowNanoseconds()
        var fastHandles: [Task<Void, Never>] = []
        fastHandles.reserveCapacity(tasks)
        for _ in 0..<tasks {
            fastHandles.append(SDLActor.task { for _ in 0..<yields { await SDLActor.yield() } })
        }
        for handle in fastHandles { await handle.value }
        let fastSeconds = Double(nowNanoseconds() - fastStart) / 1e9
        figures.insert(Figure(metric: "fast_yield", value: Double(tasks * yields) / fastSeconds, unit: "hops/s"), at: 0)
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
    return [
        Figure(metric: "p50", value: percentile(sorted, 50), unit: "us"),
        Figure(metric: "p99", value: percentile(sorted, 99), unit: "us"),
        Figure(metric: "max", value: sorted.last ?? .nan, unit: "us"),
    ]
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

// MARK: - W6 (ours only: SDL events)

/// Enqueue times of synthesized clicks, indexed by click number (set before the push).
final class ClickStamps: @unchecked Sendable {
    // @unchecked: slot i is written by the producer before click i is pushed (SDL_PushEvent takes
    // SDL's queue lock, a release) and read by the host after it pops the event (an acquire).
    var stamps: [UInt64]
    init(count: Int) { stamps = Array(repeating: 0, count: count) }
}

func clickToSlot(_ scale: Scale) async -> [Figure] {
    guard let host = await SDLHost.current else { return [] }
    let count = scale.clicks
    let stamps = ClickStamps(count: 2 * count)
    let latencies = Samples()
    let countdown = Countdown(2 * count)
    await ClickHandler.install(host: host) { index in
        // The eager slot: the code before its first await runs inside the click.
        Task.immediate { @SDLActor in
            latencies.append(Double(nowNanoseconds() - stamps.stamps[index]) / 1_000)
            countdown.tick()
            await SDLActor.yield()
        }
    }
    @Sendable func click(_ index: Int) {
        var down = SDL_Event()
        down.button.type = SDL_MOUSEBUTTONDOWN.rawValue
        down.button.button = UInt8(SDL_BUTTON_LEFT)
        down.button.state = UInt8(SDL_PRESSED)
        down.button.x = Int32(index)
        var up = down
        up.button.type = SDL_MOUSEBUTTONUP.rawValue
        up.button.state = UInt8(SDL_RELEASED)
        host.post(down)
        stamps.stamps[index] = nowNanoseconds()
        host.post(up)
    }
    // Clicks synthesized on the SDL thread, as real input arrives (SDL_PumpEvents runs there).
    _ = await SDLActor.task { () -> Int in
        for index in 0..<count {
            click(index)
            try? await Task.sleep(for: .milliseconds(1), clock: .sdl)
        }
        return 0
    }.value
    let sameThread = latencies.values.sorted()
    // Clicks pushed from another thread: adds the cross-thread wake-up.
    startThread {
        for index in count..<(2 * count) {
            click(index)
            usleep(1_000)
        }
    }
    await countdown.wait()
    let all = latencies.values
    let crossThread = Array(all[sameThread.count...]).sorted()
    return [
        Figure(metric: "p50", value: percentile(sameThread, 50), unit: "us"),
        Figure(metric: "p99", value: percentile(sameThread, 99), unit: "us"),
        Figure(metric: "cross_thread_p50", value: percentile(crossThread, 50), unit: "us"),
        Figure(metric: "cross_thread_p99", value: percentile(crossThread, 99), unit: "us"),
    ]
}

/// Installs a click handler on the host: a button release at x = index calls `slot(index)`.
enum ClickHandler {
    @SDLActor
    static func install(host: SDLHost, slot: @escaping @SDLActor (Int) -> Void) {
        host.onEvent = { event in
            if event.type == SDL_MOUSEBUTTONUP.rawValue { slot(Int(event.button.x)) }
        }
    }
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
