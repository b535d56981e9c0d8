import Foundation
@testable import SDLConcurrency
import SDLConcurrencyTesting
import Testing

/// The executor conformance suite: the same semantics on every host.
@Suite("Executor semantics")
struct ExecutorSemanticsTests {}

extension ExecutorSemanticsTests {
    @Test("jobs run in enqueue order, all on the SDL thread", arguments: HostHarness.Kind.allCases)
    func fifoOnHostThread(kind: HostHarness.Kind) async throws {
        let (order, offThread) = try await HostHarness.runGuest(on: kind) { () -> ([Int], Int) in
            let log = Log<Int>()
            let offThread = Counter()
            var tasks: [Task<Void, Never>] = []
            for index in 0..<1000 {
                tasks.append(Task { @SDLActor in
                    if !SDLExecutor.shared.isHostThread { offThread.increment() }
                    log.append(index)
                })
            }
            for task in tasks { await task.value }
            return (log.values, offThread.count)
        }
        #expect(offThread == 0)
        // Expected: exactly the order in which the tasks were created.
        #expect(order == Array(0..<1000))
    }

    @Test("SDLActor code comes back to the SDL thread after Task.yield, SDLActor.yield and continuations; nonisolated task-group children leave it unless the task was started with .onSDLThread",
          arguments: HostHarness.Kind.allCases, [NonisolatedWork.offSDLThread, .onSDLThread])
    func resumesStayOnHostThread(kind: HostHarness.Kind, work: NonisolatedWork) async throws {
        let offThread = try await HostHarness.runGuest(on: kind) { () -> Int in
            let task = SDLActor.task(nonisolatedWork: work) { () -> Int in
                var off = 0
                for _ in 0..<100 {
                    await Task.yield()
                    if !SDLExecutor.shared.isHostThread { off += 1 }
                    await SDLActor.yield()
                    if !SDLExecutor.shared.isHostThread { off += 1 }
                }
                // A continuation resumed from another thread comes back here.
                let value = await withCheckedContinuation { continuation in
                    Task.detached { continuation.resume(returning: 7) }
                }
                if value != 7 || !SDLExecutor.shared.isHostThread { off += 1 }
                off += await withTaskGroup(of: Int.self) { group in
                    for _ in 0..<10 {
                        group.addTask { SDLExecutor.shared.isHostThread ? 0 : 1 }
                    }
                    var sum = 0
                    for await value in group { sum += value }
                    return sum
                }
                return off
            }
            return await task.value
        }
        // Only the ten nonisolated children may leave, and only without the SDL preference.
        #expect(offThread == (work == .onSDLThread ? 0 : 10))
    }

    @Test("SDLActor.yield interleaves tasks round-robin, with .onSDLThread or not",
          arguments: HostHarness.Kind.allCases, [NonisolatedWork.offSDLThread, .onSDLThread])
    func yieldInterleaves(kind: HostHarness.Kind, work: NonisolatedWork) async throws {
        let log = try await HostHarness.runGuest(on: kind) { () -> [String] in
            let log = Log<String>()
            let a = SDLActor.task(nonisolatedWork: work) { for i in 0..<3 { log.append("a\(i)"); await SDLActor.yield() } }
            let b = SDLActor.task(nonisolatedWork: work) { for i in 0..<3 { log.append("b\(i)"); await SDLActor.yield() } }
            await a.value
            await b.value
            return log.values
        }
        // Each yield puts the task behind the other one.
        #expect(log == ["a0", "b0", "a1", "b1", "a2", "b2"])
    }

    @Test("SDLActor.yield lets a call posted before it run first, from SDLActor or nonisolated code, with .onSDLThread or not",
          arguments: HostHarness.Kind.allCases, [NonisolatedWork.offSDLThread, .onSDLThread])
    func yieldRunsPostedWork(kind: HostHarness.Kind, work: NonisolatedWork) async throws {
        let (fromActor, fromNonisolated) = try await HostHarness.runGuest(on: kind) { () -> (Bool, Bool) in
            return await SDLActor.task(nonisolatedWork: work) { () -> (Bool, Bool) in
                let ran = Flag()
                SDLExecutor.shared.post { ran.set() }
                await SDLActor.yield()
                return (ran.isSet, await postThenYield())
            }.value
        }
        #expect(fromActor, "SDLActor.yield() in @SDLActor code returned before the call posted ahead of it ran")
        #expect(fromNonisolated, "SDLActor.yield() in nonisolated code returned before the call posted ahead of it ran")
    }

    @Test("an SDLClock sleep is never early", arguments: HostHarness.Kind.allCases)
    func sleepNeverEarly(kind: HostHarness.Kind) async throws {
        let earlyBy = try await HostHarness.runGuest(on: kind) { () -> [Duration] in
            let clock = SDLClock()
            var early: [Duration] = []
            // Other work keeps waking the loop meanwhile, so a timer fired on a wake-up before its
            // deadline would show (an idle loop only wakes at the deadline itself).
            let stop = Flag()
            Thread.detachNewThread {
                while !stop.isSet {
                    SDLExecutor.shared.post {}
                    usleep(200)
                }
            }
            defer { stop.set() }
            for milliseconds in [1, 2, 3, 5, 8, 13, 0] {
                let deadline = clock.now.advanced(by: .milliseconds(milliseconds))
                try await clock.sleep(until: deadline)
                let now = clock.now
                if now < deadline { early.append(now.duration(to: deadline)) }
            }
            return early
        }
        #expect(earlyBy.isEmpty)
    }

    @Test("cancelling a sleeping task ends it promptly and removes its timer", arguments: HostHarness.Kind.allCases)
    func cancelSleep(kind: HostHarness.Kind) async throws {
        let (outcome, elapsed, pendingAfter) = try await HostHarness.runGuest(on: kind) { () -> (String, Duration, Int) in
            let clock = SDLClock()
            let start = clock.now
            let sleeper = SDLActor.task { () -> String in
                do {
                    try await Task.sleep(for: .seconds(3600), clock: clock)
                    return "woke"
                } catch is CancellationError {
                    return "cancelled"
                } catch {
                    return "other error"
                }
            }
            await SDLActor.yield()  // let it start sleeping
            await SDLActor.yield()
            sleeper.cancel()
            let outcome = await sleeper.value
            // The heap is process-wide: count only timers due as far out as this sleeper's.
            return (outcome, start.duration(to: clock.now),
                    SDLExecutor.shared.pendingTimerCount(dueAtOrAfter: start.advanced(by: .seconds(3000))))
        }
        #expect(outcome == "cancelled")
        #expect(elapsed < .seconds(1))
        #expect(pendingAfter == 0, "the cancelled sleep's timer is gone")
    }

    @Test("a sleep in an already-cancelled task throws at once", arguments: HostHarness.Kind.allCases)
    func sleepInCancelledTask(kind: HostHarness.Kind) async throws {
        let threw = try await HostHarness.runGuest(on: kind) { () -> Bool in
            let task = SDLActor.task { () -> Bool in
                withUnsafeCurrentTask { $0?.cancel() }
                do {
                    try await SDLClock().sleep(until: SDLClock().now.advanced(by: .seconds(3600)))
                    return false
                } catch {
                    return error is CancellationError
                }
            }
            return await task.value
        }
        #expect(threw)
    }

    @Test("Task.immediate from event-handler code runs synchronously up to its first await", arguments: HostHarness.Kind.allCases)
    func immediateFromHandler(kind: HostHarness.Kind) async throws {
        let (steps, finished) = try await HostHarness.runGuest(on: kind) { () -> ([String], Bool) in
            let log = Log<String>()
            let done = Flag()
            await withCheckedContinuation { (finished: CheckedContinuation<Void, Never>) in
                // `post` runs its body on the host thread outside any job: event-handler code.
                SDLExecutor.shared.post {
                    log.append("handler start")
                    Task.immediate { @SDLActor in
                        log.append("immediate before await")
                        await SDLActor.yield()
                        log.append("immediate after await")
                        done.set()
                        finished.resume()
                    }
                    log.append("handler end")
                }
            }
            return (log.values, done.isSet)
        }
        #expect(finished)
        #expect(steps == ["handler start", "immediate before await", "handler end", "immediate after await"])
    }

    @Test("SDLActor.assumeIsolated works from handler code on the SDL thread", arguments: HostHarness.Kind.allCases)
    func assumeIsolatedInHandler(kind: HostHarness.Kind) async throws {
        let value = try await HostHarness.runGuest(on: kind) { () -> Int in
            await withCheckedContinuation { (continuation: CheckedContinuation<Int, Never>) in
                SDLExecutor.shared.post {
                    continuation.resume(returning: SDLActor.assumeIsolated { isolatedAnswer() })
                }
            }
        }
        #expect(value == 42)
    }
}

@SDLActor private func isolatedAnswer() -> Int {
    SDLActor.shared.preconditionIsolated()
    return 42
}

/// A nonisolated async function: it runs on the task's executor preference, or on the global pool.
private nonisolated func runsOnHostThread() async -> Bool {
    SDLExecutor.shared.isHostThread
}

extension ExecutorSemanticsTests {
    @Test("SDLActor.immediateTask runs eagerly, from handler code and from a job; nonisolated awaits run on the SDL thread only with .onSDLThread",
          arguments: HostHarness.Kind.allCases, [NonisolatedWork.offSDLThread, .onSDLThread])
    func immediateTaskIsEagerAndPreferring(kind: HostHarness.Kind, work: NonisolatedWork) async throws {
        let steps = try await HostHarness.runGuest(on: kind) { () -> [String] in
            let log = Log<String>()
            // From a job (this root task):
            let fromJob = SDLActor.immediateTask(nonisolatedWork: work) {
                log.append("job: before await")
                log.append("job: nonisolated await on SDL thread = \(await runsOnHostThread())")
            }
            log.append("job: returned")
            await fromJob.value
            // From handler code (outside any job):
            await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
                SDLExecutor.shared.post {
                    SDLActor.immediateTask(nonisolatedWork: work) {
                        log.append("handler: before await")
                        log.append("handler: nonisolated await on SDL thread = \(await runsOnHostThread())")
                        done.resume()
                    }
                    log.append("handler: returned")
                }
            }
            return log.values
        }
        let onSDLThread = work == .onSDLThread
        #expect(steps == [
            "job: before await", "job: returned", "job: nonisolated await on SDL thread = \(onSDLThread)",
            "handler: before await", "handler: returned", "handler: nonisolated await on SDL thread = \(onSDLThread)",
        ])
    }
}

/// Nonisolated code that posts a call and yields: whether the call ran before the yield returned.
private func postThenYield() async -> Bool {
    let ran = Flag()
    SDLExecutor.shared.post { ran.set() }
    await SDLActor.yield()
    return ran.isSet
}

extension ExecutorSemanticsTests {
    @Test("a call sent with postUrgent from another thread runs, on the SDL thread, on every host", arguments: HostHarness.Kind.allCases)
    func urgentLaneRuns(kind: HostHarness.Kind) async throws {
        let ranOnHostThread = try await HostHarness.runGuest(on: kind) { () -> Bool? in
            // Bounded: an urgent lane nobody runs would leave this wait unanswered.
            let answer = OneShot<Bool?>()
            return await withCheckedContinuation { (continuation: CheckedContinuation<Bool?, Never>) in
                answer.arm(continuation)
                Thread {
                    SDLExecutor.shared.postUrgent { answer.resume(SDLExecutor.shared.isHostThread) }
                    Thread.sleep(forTimeInterval: 10)
                    answer.resume(nil)
                }.start()
            }
        }
        #expect(ranOnHostThread == true, "the urgent call \(ranOnHostThread == nil ? "did not run within 10 s" : "ran off the SDL thread")")
    }
}

/// A continuation resumed once, by whichever of several resumers comes first.
final class OneShot<T: Sendable>: Sendable {
    private let continuation = Locked<CheckedContinuation<T, Never>?>(nil)
    func arm(_ continuation: CheckedContinuation<T, Never>) { self.continuation.withLock { $0 = continuation } }
    func resume(_ value: T) {
        continuation.withLock { stored in
            defer { stored = nil }
            return stored
        }?.resume(returning: value)
    }
}
