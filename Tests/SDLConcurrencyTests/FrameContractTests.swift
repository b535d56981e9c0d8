import CSDL2
import Foundation
@testable import SDLConcurrency
import SDLConcurrencyTesting
import Testing

/// The frame contract at scale: however many coroutines await a frame and however long their steps
/// take, each runs to its next await before that frame is drawn, none skips a frame number, and
/// input waits for the end of the frame, not for a later one.
@Suite("Frame contract at scale (dummy driver)", .serialized, .timeLimit(.minutes(4)))
struct FrameContractTests {}

/// What the coroutines and the host saw. SDL thread only, except the `offPool` counters (locked).
final class FrameBoard: @unchecked Sendable {
    // @unchecked: the arrays and counters are touched on the SDL thread only (the coroutines'
    // `@SDLActor` steps, the draw and event callbacks); `lock` guards them for coroutines whose
    // steps run on Swift's pool.
    let lock = NSLock()
    var lastSeen: [Int]
    var done: [Bool]
    var latestFrame = 0
    var skips = 0
    var deltaErrors = 0
    var stepsRun = 0
    var draws = 0
    var drawsMissingSteps = 0
    var clickFrame = -1
    var clickBehind = -1
    var clickAhead = -1

    func withLock<T>(_ body: () -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body()
    }

    init(count: Int) {
        lastSeen = Array(repeating: 0, count: count)
        done = Array(repeating: false, count: count)
    }

    /// One coroutine's step for `frame`, after `previous` (its frame before, if any).
    func step(_ index: Int, _ frame: SDLFrame, after previous: SDLFrame?) {
        lock.lock()
        defer { lock.unlock() }
        if let previous {
            if frame.number != previous.number + 1 { skips += 1 }
            if frame.sincePrevious != previous.timestamp.duration(to: frame.timestamp) { deltaErrors += 1 }
        }
        lastSeen[index] = frame.number
        latestFrame = max(latestFrame, frame.number)
        stepsRun += 1
    }

    func finish(_ index: Int) {
        lock.lock()
        defer { lock.unlock() }
        done[index] = true
    }

    /// Coroutines that started and are still stepping, behind / ahead of the latest frame.
    func laggards() -> (behind: Int, ahead: Int) {
        var behind = 0, ahead = 0
        for index in lastSeen.indices where lastSeen[index] > 0 && !done[index] {
            if lastSeen[index] < latestFrame { behind += 1 }
            if lastSeen[index] > latestFrame { ahead += 1 }
        }
        return (behind, ahead)
    }

    func drew() {
        lock.lock()
        defer { lock.unlock() }
        draws += 1
        if laggards().behind > 0 { drawsMissingSteps += 1 }
    }

    func clicked() {
        lock.lock()
        defer { lock.unlock() }
        guard clickFrame < 0 else { return }
        clickFrame = latestFrame
        (clickBehind, clickAhead) = laggards()
    }
}

/// How a contract run's coroutines are started.
enum FrameCoroutineKind: String, CaseIterable, Sendable {
    /// `SDLActor.task`: `@SDLActor` steps, no executor preference.
    case sdlActorDefault
    /// `SDLActor.task(nonisolatedWork: .onSDLThread)`.
    case sdlActorOnSDLThread
    /// A plain `Task` with a nonisolated body: its steps run on Swift's pool.
    case nonisolated
}

extension FrameContractTests {
    struct Outcome: Sendable {
        var skips = 0
        var deltaErrors = 0
        var stepsRun = 0
        var draws = 0
        var drawsMissingSteps = 0
        var clickFrame = -1
        var clickBehind = -1
        var clickAhead = -1
        var turnsWhileIdle = -1
        var framesWhileIdle = -1
        var waitersAfter = -1
    }

    /// `count` coroutines of `kind` each await 60 frames (unpaced, on a real loop with a window);
    /// one of them posts a click during frame 10, while the others still have their step to take.
    static func run(_ kind: FrameCoroutineKind, count: Int, frames: Int = 60) async throws -> Outcome {
        let board = FrameBoard(count: count)
        let result = Locked(Outcome())
        var configuration = HostHarness.dummyConfiguration(window: SDLHost.WindowOptions(title: "frames", width: 64, height: 48))
        configuration.frameInterval = .zero
        _ = try await HostHarness.runSDLHost(configuration) { host in
            host.onDraw = { _ in board.drew() }
            host.onEvent = { event in
                if event.type == SDL_MOUSEBUTTONDOWN.rawValue { board.clicked() }
            }
            let click = SDL_Event(button: SDL_MouseButtonEvent(
                type: SDL_MOUSEBUTTONDOWN.rawValue, timestamp: 0, windowID: 0, which: 0,
                button: UInt8(SDL_BUTTON_LEFT), state: UInt8(SDL_PRESSED), clicks: 1, padding1: 0, x: 5, y: 5))
            let tasks: [Task<Void, Never>] = (0..<count).map { index in
                let clickAt = index == 0 ? 10 : -1
                switch kind {
                case .sdlActorDefault, .sdlActorOnSDLThread:
                    return SDLActor.task(nonisolatedWork: kind == .sdlActorOnSDLThread ? .onSDLThread : .offSDLThread) {
                        var previous: SDLFrame?
                        var seen = 0
                        for await frame in SDLClock.frames {
                            board.step(index, frame, after: previous)
                            if seen == clickAt { host.post(click) }
                            previous = frame
                            seen += 1
                            if seen == frames { break }
                        }
                        board.finish(index)
                    }
                case .nonisolated:
                    return Task { @concurrent () async -> Void in
                        var previous: SDLFrame?
                        var seen = 0
                        for await frame in SDLClock.frames {
                            board.step(index, frame, after: previous)
                            if seen == clickAt { host.post(click) }
                            previous = frame
                            seen += 1
                            if seen == frames { break }
                        }
                        board.finish(index)
                    }
                }
            }
            for task in tasks { await task.value }
            // Idle: nobody awaits frames and nothing is dirty.
            try await Task.sleep(for: .milliseconds(50), clock: .sdl)
            SDLExecutor.shared.resetTelemetry()
            try await Task.sleep(for: .milliseconds(300), clock: .sdl)
            let telemetry = SDLExecutor.shared.telemetry
            board.withLock {
            result.withLock { outcome in
                outcome.skips = board.skips
                outcome.deltaErrors = board.deltaErrors
                outcome.stepsRun = board.stepsRun
                outcome.draws = board.draws
                outcome.drawsMissingSteps = board.drawsMissingSteps
                outcome.clickFrame = board.clickFrame
                outcome.clickBehind = board.clickBehind
                outcome.clickAhead = board.clickAhead
                outcome.turnsWhileIdle = telemetry.turns
                outcome.framesWhileIdle = telemetry.framesDrawn
                outcome.waitersAfter = SDLExecutor.shared.frameWaiterCount
            }
            }
        }
        return result.withLock { $0 }
    }

    static func check(_ outcome: Outcome, count: Int, frames: Int = 60, sourceLocation: SourceLocation = #_sourceLocation) {
        // Every coroutine sees `frames` consecutive frame numbers, each with the exact delta.
        #expect(outcome.stepsRun == count * frames, sourceLocation: sourceLocation)
        #expect(outcome.skips == 0, sourceLocation: sourceLocation)
        #expect(outcome.deltaErrors == 0, sourceLocation: sourceLocation)
        // No draw before every stepping coroutine had taken its step for the latest frame.
        #expect(outcome.draws >= frames, sourceLocation: sourceLocation)
        #expect(outcome.drawsMissingSteps == 0, sourceLocation: sourceLocation)
        // The click posted during frame 10 is handled after all of frame 10's steps and before
        // any of frame 11's (the coroutines count frames from their first, which may be 1 or 2).
        #expect((10...12).contains(outcome.clickFrame), "click handled at frame \(outcome.clickFrame)", sourceLocation: sourceLocation)
        #expect(outcome.clickBehind == 0, sourceLocation: sourceLocation)
        #expect(outcome.clickAhead == 0, sourceLocation: sourceLocation)
        // Idle afterwards.
        #expect(outcome.framesWhileIdle == 0, sourceLocation: sourceLocation)
        #expect(outcome.turnsWhileIdle <= 5, "\(outcome.turnsWhileIdle) turns while idle", sourceLocation: sourceLocation)
        #expect(outcome.waitersAfter == 0, sourceLocation: sourceLocation)
    }

    @Test("10,000 default SDLActor coroutines x 60 frames: every frame once, in order, before its draw")
    func tenThousandDefault() async throws {
        let outcome = try await Self.run(.sdlActorDefault, count: 10_000)
        Self.check(outcome, count: 10_000)
    }

    @Test("20,000 .onSDLThread coroutines x 60 frames: every frame once, in order, before its draw")
    func twentyThousandOnSDLThread() async throws {
        let outcome = try await Self.run(.sdlActorOnSDLThread, count: 20_000)
        Self.check(outcome, count: 20_000)
    }

    @Test("10,000 nonisolated coroutines on Swift's pool x 60 frames: every frame once, in order, before its draw")
    func tenThousandOnThePool() async throws {
        let outcome = try await Self.run(.nonisolated, count: 10_000)
        Self.check(outcome, count: 10_000)
    }
}

@SDLActor private func touchSDLActor(_ counter: Counter) { counter.increment() }

extension FrameContractTests {
    @Test("virtual time: coroutines on the pool whose steps call into SDLActor see every frame; one that ends after one frame does not stop the others")
    func poolStepsCallingIntoSDLActor() async throws {
        struct Seen: Sendable { var numbers: [[Int]] = []; var calls = 0; var oneShot = 0 }
        let seen = try await ManualHost().run { () -> Seen in
            let calls = Counter()
            let logs = (0..<200).map { _ in Log<Int>() }
            let oneShot = Task { @concurrent () async -> Int in
                (try? await SDLClock.nextFrame())?.number ?? -1   // then ends: nobody waits for it
            }
            let tasks = (0..<200).map { index in
                Task { @concurrent () async -> Void in
                    var count = 0
                    for await frame in SDLClock.frames {
                        // A hop to the SDL thread in the middle of the step: a job the host must
                        // run while it waits for this step.
                        await touchSDLActor(calls)
                        logs[index].append(frame.number)
                        count += 1
                        if count == 20 { break }
                    }
                }
            }
            for task in tasks { await task.value }
            return Seen(numbers: logs.map(\.values), calls: calls.count, oneShot: await oneShot.value)
        }
        #expect(seen.calls == 200 * 20)
        #expect(seen.oneShot >= 1)
        // Each coroutine: 20 consecutive frame numbers.
        for numbers in seen.numbers {
            #expect(numbers.count == 20)
            #expect(zip(numbers, numbers.dropFirst()).allSatisfy { $1 == $0 + 1 }, "\(numbers)")
        }
    }
}
