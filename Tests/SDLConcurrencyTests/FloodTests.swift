import Foundation
@testable import SDLConcurrency
import SDLConcurrencyTesting
import Synchronization
import Testing

/// Eight producers posting to the host as fast as they can (unbounded, memory grew to gigabytes, a
/// 2 s sleep took 16 s, SIGTERM took 7.4 s because it queued behind the backlog); and the runtime's
/// own `enqueue`, which must never wait for the host, whatever the backlog.
@Suite("Flood", .serialized, .timeLimit(.minutes(4)))
struct FloodTests {}

/// How the producers post.
enum FloodMode: String, CaseIterable, Sendable {
    /// `SDLExecutor.post` from eight threads of their own: each waits while the queue is full.
    case post
    /// `SDLExecutor.postWithBackpressure` from eight tasks on the cooperative pool: each suspends.
    case postFromPool
}

/// What the flood test measures, set from the producer threads and the host.
private final class FloodRecord: Sendable {
    let producers: Int
    /// Per producer: the next sequence number its jobs must carry (host thread only).
    let next: UnsafeCounters
    /// Jobs each producer posted (written once by the producer when it stops: all of them at once).
    let posted: Locked<[Int]>
    let outOfOrder = Counter()
    let stop = Flag()
    let stopped = DispatchSemaphore(value: 0)
    let sleepSeconds = Mutex<Double?>(nil)
    let highWater = Mutex(0)
    /// When the quit was requested (`DispatchTime` nanoseconds).
    let quitRequestedAt = Mutex<UInt64>(0)

    let mode: FloodMode

    init(producers: Int, mode: FloodMode) {
        self.producers = producers
        self.mode = mode
        next = UnsafeCounters(count: producers)
        posted = Locked(Array(repeating: 0, count: producers))
    }

    func startProducers() {
        for producer in 0..<producers {
            let job = { @Sendable (expected: Int) -> @Sendable @SDLActor () -> Void in
                { [self] in
                    if next[producer] != expected { _ = outOfOrder.increment() }
                    next[producer] = expected + 1
                }
            }
            switch mode {
            case .post:
                Thread { [self] in
                    var sequence = 0
                    while !stop.isSet {
                        SDLExecutor.shared.post(job(sequence))
                        sequence += 1
                    }
                    posted.withLock { $0[producer] = sequence }
                    stopped.signal()
                }.start()
            case .postFromPool:
                // Producers on the cooperative pool (two threads here): the async post suspends
                // them, so the pool stays free for other work.
                Task.detached { [self] in
                    var sequence = 0
                    while !stop.isSet {
                        await SDLExecutor.shared.postWithBackpressure(job(sequence))
                        sequence += 1
                    }
                    posted.withLock { $0[producer] = sequence }
                    stopped.signal()
                }
            }
        }
    }

    func stopProducers() {
        stop.set()
        for _ in 0..<producers { stopped.wait() }
    }
}

extension FloodTests {
    @Test("under a flood from 8 producers (threads posting, or pool tasks awaiting the async post): every job runs once and in order, the queue stays bounded, the pool stays free, a timer is on time, a quit acts within 0.5 s, and the memory comes back",
          arguments: FloodMode.allCases)
    func flood(mode: FloodMode) async throws {
        let record = FloodRecord(producers: 8, mode: mode)
        let poolAnswer = Locked<Int?>(nil)
        var keepRunning = HostHarness.dummyConfiguration()
        keepRunning.afterRoot = .keepRunning
        // The pool check holds the SDL thread on purpose: no stall report.
        keepRunning.stallThreshold = nil
        let configuration = keepRunning
        // Everything on one host thread under the harness's lock: the flood never spills into
        // another test's host, nor competes with it for the CPU.
        let (exit, shutdownSeconds, waits, shrinksBefore, shrinksAfter) = try await HostHarness.onHostThread {
            () -> (HostExit, Double, Int, Int, Int) in
            // The count is process-wide (an earlier case flooded too): count this case's waits.
            let waitsBefore = SDLExecutor.shared.producerWaitCount
            // The queue gives its memory back once it is empty after the flood: during this host's
            // shutdown, or on the next host below if jobs were left for it.
            let shrinksBefore = SDLExecutor.shared.readyQueueShrinkCount
            let exit = try SDLHost.run(configuration) { host in
                SDLExecutor.shared.resetTelemetry()
                record.startProducers()
                // Let the backlog build up to the bound, then time a sleep on the host clock through
                // it. Usually 200 ms is plenty; eight producers slowed down by the thread sanitizer
                // on two busy cores can take longer, so wait (up to 20 s) until one has had to wait.
                try await Task.sleep(for: .milliseconds(200), clock: .sdl)
                let floodDeadline = SDLClock().now.advanced(by: .seconds(20))
                while SDLExecutor.shared.producerWaitCount == waitsBefore, SDLClock().now < floodDeadline {
                    try await Task.sleep(for: .milliseconds(50), clock: .sdl)
                }
                let before = SDLClock().now
                try await Task.sleep(for: .milliseconds(300), clock: .sdl)
                let took = before.duration(to: SDLClock().now)
                record.sleepSeconds.withLock { $0 = Double(took.components.seconds) + Double(took.components.attoseconds) / 1e18 }
                record.highWater.withLock { $0 = SDLExecutor.shared.telemetry.readyQueueHighWater }
                // The cooperative pool still runs other work: a producer waiting for room holds none
                // of its threads. Only a producer that meets a full queue waits (one that finds room
                // runs on, as any busy task does; under the thread sanitizer the host drains faster
                // than eight slowed-down producers post, so the queue may never fill by itself): the
                // SDL thread is held, without draining, until the queue is full and every pool
                // producer has suspended, and then the pool must answer while it is still held.
                if record.mode == .postFromPool {
                    let deadline = DispatchTime.now() + 20
                    while SDLExecutor.shared.suspendedProducerCount < record.producers, DispatchTime.now() < deadline {
                        usleep(1_000)
                    }
                    let suspended = SDLExecutor.shared.suspendedProducerCount
                    let answer = Locked<Int?>(nil)
                    Task.detached { let sum = (1...100).reduce(0, +); answer.withLock { $0 = sum } }
                    let answerDeadline = DispatchTime.now() + 20
                    while answer.withLock({ $0 }) == nil, DispatchTime.now() < answerDeadline { usleep(1_000) }
                    poolAnswer.withLock { $0 = suspended == record.producers ? answer.withLock { $0 } : -suspended }
                } else {
                    let answer = await Task.detached { (1...100).reduce(0, +) }.value
                    poolAnswer.withLock { $0 = answer }
                }
                // A quit from another thread, as a signal handler's would be.
                Thread {
                    record.quitRequestedAt.withLock { $0 = DispatchTime.now().uptimeNanoseconds }
                    host.quit(status: 0)
                }.start()
            }
            let shutdownSeconds = Double(DispatchTime.now().uptimeNanoseconds - record.quitRequestedAt.withLock { $0 }) / 1e9
            record.stopProducers()
            let waits = SDLExecutor.shared.producerWaitCount - waitsBefore
            // The jobs still queued run on the next host, before its root (FIFO); once the queue is
            // empty it gives its memory back.
            _ = try SDLHost.run(HostHarness.dummyConfiguration()) { _ in
                for _ in 0..<3 { await SDLActor.yield() }
            }
            return (exit, shutdownSeconds, waits, shrinksBefore, SDLExecutor.shared.readyQueueShrinkCount)
        }
        #expect(shrinksAfter > shrinksBefore, "the drained queue kept its memory")

        #expect(exit.status == 0)
        let posted = record.posted.withLock { $0 }
        for producer in 0..<record.producers {
            #expect(record.next[producer] == posted[producer], "producer \(producer): ran \(record.next[producer]) of \(posted[producer])")
        }
        #expect(record.outOfOrder.count == 0, "jobs that ran out of order or twice")
        let limit = SDLExecutor.shared.readyQueueLimit
        let highWater = record.highWater.withLock { $0 }
        // The bound, plus one job per waiting producer, plus a few of the host thread's own (the
        // root's steps, the timers' resumes), which never wait.
        #expect(highWater <= limit + record.producers + 64, "the ready queue reached \(highWater) jobs (bound \(limit))")
        #expect(waits > 0, "the producers never had to wait: no flood")
        let sleep = try #require(record.sleepSeconds.withLock { $0 })
        // Generous (two shared cores): unbounded, the backlog made a 2 s sleep take 16 s.
        #expect(sleep < (runsUnderSanitizer ? 6 : 1.5), "a 0.3 s sleep took \(sleep) s under the flood")
        #expect(shutdownSeconds < 0.5, "the quit took \(shutdownSeconds) s to act")
        #expect(poolAnswer.withLock { $0 } == 5050, "work on the cooperative pool did not run during the flood (a negative answer: only that many producers ever suspended)")
        print("flood (\(mode)): \(posted.reduce(0, +)) jobs, high water \(highWater), producer waits \(waits), 0.3 s sleep took \(sleep) s, shutdown \(shutdownSeconds) s")
    }
}

extension FloodTests {
    @Test("Task { @SDLActor } from other threads never waits in the runtime's enqueue, however long the backlog; every job runs once and in order")
    func enqueueNeverWaits() async throws {
        let producers = 4
        let perProducer = 20_000
        let next = UnsafeCounters(count: producers)
        let outOfOrder = Counter()
        let queuedInTime = Flag()
        var keepRunning = HostHarness.dummyConfiguration()
        keepRunning.afterRoot = .keepRunning
        // The test holds the SDL thread on purpose: no stall report.
        keepRunning.stallThreshold = nil
        let configuration = keepRunning
        let (exit, waits, highWater, limit) = try await HostHarness.onHostThread { () -> (HostExit, Int, Int, Int) in
            let waitsBefore = SDLExecutor.shared.producerWaitCount
            let highWater = Locked(0)
            let exit = try SDLHost.run(configuration) { host in
                SDLExecutor.shared.resetTelemetry()
                let queued = DispatchSemaphore(value: 0)
                for producer in 0..<producers {
                    Thread {
                        for sequence in 0..<perProducer {
                            Task { @SDLActor in
                                if next[producer] != sequence { outOfOrder.increment() }
                                next[producer] = sequence + 1
                            }
                        }
                        queued.signal()
                    }.start()
                }
                // The SDL thread is held until every producer has queued all its tasks, ten times the
                // bound. An enqueue that waited for the host would never return: bounded, so that
                // such a wait fails this test instead of hanging it.
                var allQueued = true
                for _ in 0..<producers where queued.wait(timeout: .now() + 20) == .timedOut { allQueued = false }
                if allQueued { queuedInTime.set() }
                highWater.withLock { $0 = SDLExecutor.shared.telemetry.readyQueueHighWater }
                // FIFO: one trip to the back of the queue comes after every task queued so far.
                await SDLActor.yield()
                host.quit()
            }
            return (exit, SDLExecutor.shared.producerWaitCount - waitsBefore, highWater.withLock { $0 }, SDLExecutor.shared.readyQueueLimit)
        }
        #expect(exit.status == 0)
        #expect(queuedInTime.isSet, "a producer was still inside Task { @SDLActor } after 20 s: the runtime's enqueue waited for the host")
        #expect(waits == 0, "\(waits) runtime enqueues waited for the host")
        #expect(highWater > limit, "the backlog (\(highWater)) never passed the posting bound (\(limit)): nothing was tested")
        for producer in 0..<producers {
            #expect(next[producer] == perProducer, "producer \(producer): \(next[producer]) of \(perProducer) tasks ran")
        }
        #expect(outOfOrder.count == 0, "tasks that ran out of order")
    }

    @Test("cancelling sleeping SDLActor tasks from another thread during a flood — their cancellation handlers enqueue SDL work with the task's status lock held — neither deadlocks nor delays the quit")
    func cancellationDuringFlood() async throws {
        let record = FloodRecord(producers: 8, mode: .post)
        let sleepers = 2_000
        let cancelledInTime = Flag()
        let ended = Counter()
        var keepRunning = HostHarness.dummyConfiguration()
        keepRunning.afterRoot = .keepRunning
        let configuration = keepRunning
        let (exit, shutdownSeconds) = try await HostHarness.onHostThread { () -> (HostExit, Double) in
            let waitsBefore = SDLExecutor.shared.producerWaitCount
            let exit = try SDLHost.run(configuration) { host in
                var tasks: [Task<Void, Never>] = []
                let before = SDLExecutor.shared.pendingTimerCount
                for _ in 0..<sleepers {
                    tasks.append(Task { @SDLActor in
                        try? await Task.sleep(for: .seconds(3600), clock: .sdl)
                        ended.increment()
                    })
                }
                while SDLExecutor.shared.pendingTimerCount < before + sleepers { await SDLActor.yield() }
                record.startProducers()
                let floodDeadline = SDLClock().now.advanced(by: .seconds(20))
                while SDLExecutor.shared.producerWaitCount == waitsBefore, SDLClock().now < floodDeadline {
                    try await Task.sleep(for: .milliseconds(20), clock: .sdl)
                }
                // Cancel from another thread while the queue is full and producers wait.
                let cancelled = DispatchSemaphore(value: 0)
                let toCancel = tasks
                Thread {
                    for task in toCancel { task.cancel() }
                    cancelled.signal()
                }.start()
                for task in tasks { await task.value }
                if cancelled.wait(timeout: .now() + 5) == .success { cancelledInTime.set() }
                Thread {
                    record.quitRequestedAt.withLock { $0 = DispatchTime.now().uptimeNanoseconds }
                    host.quit(status: 0)
                }.start()
            }
            let shutdownSeconds = Double(DispatchTime.now().uptimeNanoseconds - record.quitRequestedAt.withLock { $0 }) / 1e9
            record.stopProducers()
            // Run what the producers left queued, so the next test starts with an empty queue.
            _ = try SDLHost.run(HostHarness.dummyConfiguration()) { _ in await SDLActor.yield() }
            return (exit, shutdownSeconds)
        }
        #expect(exit.status == 0)
        #expect(cancelledInTime.isSet)
        #expect(ended.count == sleepers, "\(ended.count) of \(sleepers) cancelled sleepers ended")
        #expect(shutdownSeconds < 0.5, "the quit took \(shutdownSeconds) s to act")
    }
}
