import Foundation
@testable import SDLConcurrency
import SDLConcurrencyTesting
import Testing

/// What a frame wait costs the SDL ready queue: a coroutine whose code after the wait runs on the
/// SDL thread takes exactly one job per frame (its own step), whatever its task's executor
/// preference; and a frame whose waiters are of both kinds (parked on the SDL thread, continuations
/// elsewhere) still gives each of them every frame, in the order they waited.
@Suite("Frame wait cost", .serialized, .timeLimit(.minutes(2)))
struct FrameWaitCostTests {}

/// The coroutines of a frame-wait cost run.
enum FrameWaitKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    /// `SDLActor.task`: `@SDLActor` code, no executor preference.
    case sdlActorDefault
    /// `SDLActor.task(nonisolatedWork: .onSDLThread)`: `@SDLActor` code with the preference.
    case sdlActorOnSDLThread
    /// `Task(executorPreference:)` with the SDL task executor and a nonisolated body.
    case nonisolatedOnSDLThread

    var testDescription: String { rawValue }
}

extension FrameWaitCostTests {
    struct Outcome: Sendable {
        var jobs = -1
        var steps = -1
        var skips = -1
        var stepsOffHostThread = -1
        var waitersAfter = -1
    }

    @Test("a coroutine on the SDL thread takes one job per frame: no hop back, no preference scope, no pool",
          arguments: FrameWaitKind.allCases)
    func oneJobPerCoroutineFrame(kind: FrameWaitKind) async throws {
        let count = 200
        let frames = 30
        let offHost = Locked(0)
        let outcome = try await HostHarness.onHostThread { () throws -> Outcome in
            try ManualHost(frameInterval: .milliseconds(10)).withAttached { host in
                let board = FrameBoard(count: count)
                let tasks: [Task<Void, Never>] = (0..<count).map { index in
                    // Frame 1 starts the coroutines; frames 2 ... frames + 1 are measured.
                    @Sendable func step(_ frame: SDLFrame, after previous: SDLFrame?) {
                        if !SDLExecutor.shared.isHostThread { offHost.withLock { $0 += 1 } }
                        board.step(index, frame, after: previous)
                    }
                    switch kind {
                    case .sdlActorDefault, .sdlActorOnSDLThread:
                        return SDLActor.task(nonisolatedWork: kind == .sdlActorOnSDLThread ? .onSDLThread : .offSDLThread) {
                            var previous: SDLFrame?
                            for await frame in SDLClock.frames {
                                step(frame, after: previous)
                                previous = frame
                                if frame.number == frames + 1 { break }
                            }
                        }
                    case .nonisolatedOnSDLThread:
                        return Task(executorPreference: SDLExecutor.shared.taskExecutor) { () async -> Void in
                            var previous: SDLFrame?
                            for await frame in SDLClock.frames {
                                step(frame, after: previous)
                                previous = frame
                                if frame.number == frames + 1 { break }
                            }
                        }
                    }
                }
                host.runUntilIdle()   // every coroutine took frame 1 and awaits frame 2
                SDLExecutor.shared.resetTelemetry()
                host.advance(by: .milliseconds(10 * frames))
                var outcome = Outcome()
                outcome.jobs = SDLExecutor.shared.telemetry.jobsRun
                for task in tasks { task.cancel() }
                host.runUntilIdle()
                board.withLock {
                    outcome.steps = board.stepsRun
                    outcome.skips = board.skips
                }
                outcome.stepsOffHostThread = offHost.withLock { $0 }
                outcome.waitersAfter = SDLExecutor.shared.frameWaiterCount
                return outcome
            }
        }
        #expect(outcome.steps == count * (frames + 1))
        #expect(outcome.skips == 0)
        #expect(outcome.stepsOffHostThread == 0)
        #expect(outcome.waitersAfter == 0)
        // Each coroutine's step for each frame is one job; a hop back to the coroutine's executor,
        // a preference scope or a trip through Swift's pool would be more.
        #expect(outcome.jobs == count * frames, "\(outcome.jobs) jobs for \(count * frames) coroutine-frames")
    }

    @Test("a frame whose waiters are parked on the SDL thread and continuations on the pool gives each every frame, the SDL thread's in the order they waited")
    func mixedWaiters() async throws {
        let frames = 20
        let order = Log<(number: Int, label: String)>()
        let outcome = try await HostHarness.onHostThread { () throws -> Outcome in
            try ManualHost(frameInterval: .milliseconds(10)).withAttached { host in
                let board = FrameBoard(count: 4)
                func sdlActorCoroutine(_ index: Int, _ label: String, _ work: NonisolatedWork) -> Task<Void, Never> {
                    SDLActor.task(nonisolatedWork: work) {
                        var previous: SDLFrame?
                        var seen = 0
                        for await frame in SDLClock.frames {
                            board.step(index, frame, after: previous)
                            order.append((frame.number, label))
                            previous = frame
                            seen += 1
                            if seen == frames { break }
                        }
                    }
                }
                let tasks = [
                    sdlActorCoroutine(0, "a", .offSDLThread),
                    // Nonisolated code of a default task: a continuation, resumed on Swift's pool.
                    // (Each coroutine counts the frames it saw: the first frame may come before
                    // the others have begun to wait.)
                    Task { @concurrent () async -> Void in
                        var previous: SDLFrame?
                        var seen = 0
                        for await frame in SDLClock.frames {
                            board.step(1, frame, after: previous)
                            previous = frame
                            seen += 1
                            if seen == frames { break }
                        }
                    },
                    sdlActorCoroutine(2, "b", .onSDLThread),
                    sdlActorCoroutine(3, "c", .offSDLThread),
                ]
                // The coroutine on the pool begins its wait when a pool thread gets to it.
                let deadline = Date().addingTimeInterval(10)
                repeat {
                    host.runUntilIdle()
                    if SDLExecutor.shared.frameWaiterCount == 4 { break }
                    usleep(1_000)
                } while Date() < deadline
                host.advance(by: .milliseconds(10 * (frames + 2)))
                for task in tasks { task.cancel() }
                host.runUntilIdle()
                var outcome = Outcome()
                board.withLock {
                    outcome.steps = board.stepsRun
                    outcome.skips = board.skips
                }
                outcome.waitersAfter = SDLExecutor.shared.frameWaiterCount
                return outcome
            }
        }
        #expect(outcome.steps == 4 * frames)
        #expect(outcome.skips == 0)
        #expect(outcome.waitersAfter == 0)
        // The three coroutines on the SDL thread began to wait in the same turn: every frame
        // resumes them in that order.
        let byFrame = Dictionary(grouping: order.values, by: \.number).mapValues { $0.map(\.label) }
        #expect(byFrame.count == frames)
        #expect(byFrame.values.allSatisfy { $0 == ["a", "b", "c"] }, "\(byFrame.sorted { $0.key < $1.key })")
    }
}
