import Foundation
@testable import SDLConcurrency
import SDLConcurrencyTesting
import Testing

/// What `SDLActor.yield()` costs the SDL ready queue: code that runs on the SDL thread takes
/// exactly one job per yield (its own step, at the back of the queue), whatever its task's executor
/// preference; and the yields stay round-robin (FIFO) across tasks.
@Suite("Yield cost", .serialized, .timeLimit(.minutes(2)))
struct YieldCostTests {}

extension YieldCostTests {
    @Test("SDLActor.yield() on the SDL thread is one ready-queue job, round-robin across tasks",
          arguments: FrameWaitKind.allCases)
    func oneJobPerYield(kind: FrameWaitKind) async throws {
        let tasks = 50
        let yields = 20
        let (jobs, order, offHost) = try await HostHarness.onHostThread { () throws -> (Int, [Int], Int) in
            try ManualHost().withAttached { host in
                let order = Locked<[Int]>([])
                let offHost = Locked(0)
                SDLExecutor.shared.resetTelemetry()
                for index in 0..<tasks {
                    @Sendable func note() {
                        if !SDLExecutor.shared.isHostThread { offHost.withLock { $0 += 1 } }
                        order.withLock { $0.append(index) }
                    }
                    switch kind {
                    case .sdlActorDefault, .sdlActorOnSDLThread:
                        SDLActor.task(nonisolatedWork: kind == .sdlActorOnSDLThread ? .onSDLThread : .offSDLThread) {
                            for _ in 0..<yields {
                                await SDLActor.yield()
                                note()
                            }
                        }
                    case .nonisolatedOnSDLThread:
                        Task(executorPreference: SDLExecutor.shared.taskExecutor) { () async -> Void in
                            for _ in 0..<yields {
                                await SDLActor.yield()
                                note()
                            }
                        }
                    }
                }
                host.runUntilIdle()
                return (SDLExecutor.shared.telemetry.jobsRun, order.withLock { $0 }, offHost.withLock { $0 })
            }
        }
        // Each task: one job per yield, and at most two of its own (its start and its end). Through a
        // preference scope a default task's yield took three or more.
        #expect(jobs <= tasks * (yields + 2), "\(jobs) jobs for \(tasks) tasks × \(yields) yields")
        #expect(offHost == 0)
        // Round-robin: after the first round, every round holds each task once, in start order.
        let rounds = stride(from: 0, to: order.count, by: tasks).map { Array(order[$0..<min($0 + tasks, order.count)]) }
        #expect(rounds.count == yields)
        #expect(rounds.allSatisfy { $0 == Array(0..<tasks) }, "yields were not round-robin")
    }
}
