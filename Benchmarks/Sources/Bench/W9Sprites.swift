import CSDL2
import Foundation
import SDLConcurrency

// MARK: - W9: sprites moved once per frame, by coroutines or by a plain loop

/// The sprites of W9: positions and velocities, updated once per frame and drawn as 4 × 4 squares.
/// SDL thread only (every access is `@SDLActor` code).
@SDLActor
final class SpriteField {
    static let width: Float = 1280, height: Float = 720
    var x: [Float] = [], y: [Float] = [], vx: [Float] = [], vy: [Float] = []
    var rects: [SDL_Rect] = []
    var count: Int { x.count }
    /// The frame each sprite last moved in (0: not yet), the latest frame any sprite moved in, and
    /// the misses: a sprite that skipped a frame number, or a draw before every sprite had moved
    /// for the latest frame. A probe with a miss fails, whatever its frame times.
    var movedIn: [Int] = []
    var latestFrame = 0
    var misses = 0
    /// Whether draws check that every sprite moved (off while a probe's movers are cancelled).
    var checking = false

    func resize(to count: Int) {
        var generator = SystemRandomNumberGenerator()
        while x.count < count {
            x.append(Float.random(in: 0..<Self.width, using: &generator))
            y.append(Float.random(in: 0..<Self.height, using: &generator))
            vx.append(Float.random(in: -200...200, using: &generator))
            vy.append(Float.random(in: -200...200, using: &generator))
        }
        x.removeLast(x.count - count); y.removeLast(y.count - count)
        vx.removeLast(vx.count - count); vy.removeLast(vy.count - count)
        movedIn = Array(repeating: 0, count: count)
        latestFrame = 0
        misses = 0
    }

    /// One sprite's step: move, bounce off the edges.
    @inline(__always)
    func step(_ index: Int, _ seconds: Float, frame: Int) {
        let last = movedIn[index]
        if last != 0, frame != last + 1 { misses += 1 }
        movedIn[index] = frame
        if frame > latestFrame { latestFrame = frame }
        var nx = x[index] + vx[index] * seconds
        var ny = y[index] + vy[index] * seconds
        if nx < 0 || nx > Self.width - 4 { vx[index] = -vx[index]; nx = min(max(nx, 0), Self.width - 4) }
        if ny < 0 || ny > Self.height - 4 { vy[index] = -vy[index]; ny = min(max(ny, 0), Self.height - 4) }
        x[index] = nx
        y[index] = ny
    }

    func draw(_ renderer: OpaquePointer) {
        if checking {
            for moved in movedIn where moved != 0 && moved != latestFrame {
                misses += 1
                break
            }
        }
        SDL_SetRenderDrawColor(renderer, 16, 18, 24, 255)
        SDL_RenderClear(renderer)
        rects.removeAll(keepingCapacity: true)
        for index in 0..<count {
            rects.append(SDL_Rect(x: Int32(x[index]), y: Int32(y[index]), w: 4, h: 4))
        }
        SDL_SetRenderDrawColor(renderer, 240, 200, 80, 255)
        _ = rects.withUnsafeBufferPointer { SDL_RenderFillRects(renderer, $0.baseAddress, Int32($0.count)) }
    }
}

/// How W9 moves the sprites.
enum SpriteDriver: String, CaseIterable, Sendable {
    /// One coroutine awaits each frame and updates every sprite in a plain `for` loop: the limit
    /// of the program itself (update, draw, present).
    case loop
    /// One coroutine per sprite, `for await frame in SDLClock.frames`, in default tasks.
    case coroutines
    /// The same in tasks with `nonisolatedWork: .onSDLThread` (the SDL executor preference).
    case coroutinesOnSDLThread = "coroutines_onSDLThread"
}

/// W9: the most sprites each driver keeps at a frame-time p99 ≤ 16.7 ms (software renderer,
/// 1280 × 720, frames unpaced so that frame time is the work of a frame), the coroutines' count as
/// a ratio of the plain loop's, and the cost of one awaiting coroutine per frame.
func spriteFrames(_ scale: Scale) async -> [Figure] {
    await SDLActor.task { () -> [Figure] in
        guard let host = BenchHost.running, let renderer = host.renderer else { return [] }
        let field = SpriteField()
        host.onDraw = { _ in field.draw(renderer) }
        let budget = 16.7
        var figures: [Figure] = []
        var limits: [SpriteDriver: Int] = [:]
        for driver in SpriteDriver.allCases {
            let limit = await maxSprites(driver, field: field, budget: budget, scale: scale)
            limits[driver] = limit
            figures.append(Figure(metric: "\(driver.rawValue)_max_at_60fps", value: Double(limit), unit: "sprites"))
        }
        let loopLimit = Double(limits[.loop] ?? 0)
        for driver in [SpriteDriver.coroutines, .coroutinesOnSDLThread] where loopLimit > 0 {
            figures.append(Figure(metric: "\(driver.rawValue)_ratio_to_loop",
                                  value: Double(limits[driver] ?? 0) / loopLimit, unit: "x"))
        }
        // Cost per awaiting coroutine per frame: at a fixed count, the median frame time above the
        // plain loop's (same sprites, same drawing), divided by the count.
        let fixed = scale.spriteFixedCount
        let loopMedian = await frameTimes(.loop, count: fixed, field: field, scale: scale).median
        for driver in [SpriteDriver.coroutines, .coroutinesOnSDLThread] {
            let median = await frameTimes(driver, count: fixed, field: field, scale: scale).median
            figures.append(Figure(metric: "\(driver.rawValue)_ns_per_frame",
                                  value: (median - loopMedian) * 1e6 / Double(fixed), unit: "ns"))
        }
        figures.append(Figure(metric: "loop_frame_p50_at_\(fixed)", value: loopMedian, unit: "ms"))
        host.onDraw = nil
        return figures
    }.value
}

/// Doubling, then bisection to within 2 %: the largest count whose frame-time p99 is within budget.
@SDLActor
func maxSprites(_ driver: SpriteDriver, field: SpriteField, budget: Double, scale: Scale) async -> Int {
    var good = 0
    var bad: Int?
    var count = scale.spriteStart
    while bad == nil, count <= scale.spriteCap {
        if await frameTimes(driver, count: count, field: field, scale: scale, budget: budget).p99 <= budget {
            good = count
            count *= 2
        } else {
            bad = count
        }
    }
    guard var high = bad else { return good }
    while high - good > max(good / 50, 100) {
        let middle = (good + high) / 2
        if await frameTimes(driver, count: middle, field: field, scale: scale, budget: budget).p99 <= budget {
            good = middle
        } else {
            high = middle
        }
    }
    return good
}

/// Runs `count` sprites under `driver` for the scale's frames (after a warm-up) and returns the
/// p50 and p99 of the frame times in ms (each frame's `sincePrevious`: frames are unpaced).
/// With a `budget`, the probe stops as soon as enough frames exceed it to put the p99 over it.
/// Prints one progress line per probe to standard error.
@SDLActor
func frameTimes(
    _ driver: SpriteDriver, count: Int, field: SpriteField, scale: Scale, budget: Double? = nil
) async -> (median: Double, p99: Double) {
    let setupStart = nowNanoseconds()
    field.resize(to: count)
    var movers: [Task<Void, Never>] = []
    if driver != .loop {
        movers.reserveCapacity(count)
        let work: NonisolatedWork = driver == .coroutinesOnSDLThread ? .onSDLThread : .offSDLThread
        for index in 0..<count {
            movers.append(SDLActor.task(nonisolatedWork: work) {
                for await frame in SDLClock.frames {
                    field.step(index, Float(frame.seconds), frame: frame.number)
                }
            })
        }
    }
    let setupMillis = Double(nowNanoseconds() - setupStart) / 1e6
    let warmUp = 10
    // percentile(_:99) of n sorted samples is the one at round(0.99 (n − 1)): the p99 exceeds the
    // budget once more than n − 1 − that rank samples do.
    let allowedOver = scale.spriteFrames - 1 - Int((0.99 * Double(scale.spriteFrames - 1)).rounded())
    var over = 0
    var times: [Double] = []
    times.reserveCapacity(scale.spriteFrames)
    var seen = 0
    field.checking = true
    for await frame in SDLClock.frames {
        if driver == .loop {
            let seconds = Float(frame.seconds)
            for index in 0..<count { field.step(index, seconds, frame: frame.number) }
        }
        seen += 1
        if seen > warmUp + 1 {
            let millis = Double(frame.sincePrevious.components.attoseconds) / 1e15
                + Double(frame.sincePrevious.components.seconds) * 1e3
            times.append(millis)
            if let budget, millis > budget { over += 1 }
        }
        if times.count == scale.spriteFrames || over > allowedOver { break }
    }
    field.checking = false
    let misses = field.misses
    for mover in movers { mover.cancel() }
    for mover in movers { await mover.value }
    times.sort()
    // A probe cut short reports the budget exceeded (its own p99 would understate the miss); a probe
    // in which a sprite skipped a frame, or a frame was drawn before every sprite moved, fails.
    var p99 = over > allowedOver ? max(percentile(times, 99), budget ?? 0) + 0.001 : percentile(times, 99)
    if misses > 0 { p99 = .infinity }
    FileHandle.standardError.write(Data(String(
        format: "W9 %@ %d sprites: frame p50 %.2f ms, p99 %.2f ms%@%@ (setup %.0f ms)\n",
        driver.rawValue, count, percentile(times, 50), p99, over > allowedOver ? " (cut short)" : "",
        misses > 0 ? " (FAILED: \(misses) sprites skipped a frame or were drawn unmoved)" : "",
        setupMillis).utf8))
    return (percentile(times, 50), p99)
}
