import Foundation
import SDLConcurrency
import SDLConcurrencyTesting
import Synchronization
import Testing

/// Eight threads posting to the host as fast as they can (issue 11: memory grew without bound,
/// a 2 s sleep took 16 s, SIGTERM took 7.4 s because it queued behind the backlog).
@Suite("Flood", .serialized, .timeLimit(.minutes(2)))
struct FloodTests {}

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

    /// Post with `Task { @SDLActor in … }` instead of `SDLExecutor.post`.
    let usesTasks: Bool

    init(producers: Int, usesTasks: Bool) {
        self.producers = producers
        self.usesTasks = usesTasks
        next = UnsafeCounters(count: producers)
        posted = Locked(Array(repeating: 0, count: producers))
    }

    func startProducers() {
        for producer in 0..<producers {
            Thread { [self] in
                var sequence = 0
                while !stop.isSet {
                    let expected = sequence
                    let job: @Sendable @SDLActor () -> Void = { [self] in
                        if next[producer] != expected { _ = outOfOrder.increment() }
                        next[producer] = expected + 1
                    }
                    if usesTasks {
                        Task { @SDLActor in job() }
                    } else {
                        SDLExecutor.shared.post(job)
                    }
                    sequence += 1
                }
                posted.withLock { $0[producer] = sequence }
                stopped.signal()
            }.start()
        }
    }

    func stopProducers() {
        stop.set()
        for _ in 0..<producers { stopped.wait() }
    }
}

extension FloodTests {
    @Test("under a flood from 8 threads (posts, or new tasks): every job runs once and in order, the queue stays bounded, a timer is on time, a quit acts within 0.5 s, and the memory comes back",
          arguments: [false, true])
    func flood(usesTasks: Bool) async throws {
        let record = FloodRecord(producers: 8, usesTasks: usesTasks)
        var keepRunning = HostHarness.dummyConfiguration()
        keepRunning.afterRoot = .keepRunning
        let configuration = keepRunning
        // Everything on one host thread under the harness's lock: the flood never spills into
        // another test's host, nor competes with it for the CPU.
        let (exit, shutdownSeconds, waits, shrinksBefore, shrinksAfter) = try await HostHarness.onHostThread {
            () -> (HostExit, Double, Int, Int, Int) in
            // The count is process-wide (an earlier case flooded too): count this case's waits.
            let waitsBefore = SDLExecutor.shared.producerWaitCount
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
                // A quit from another thread, as a signal handler's would be.
                Thread {
                    record.quitRequestedAt.withLock { $0 = DispatchTime.now().uptimeNanoseconds }
                    host.requestQuit(status: 0)
                }.start()
            }
            let shutdownSeconds = Double(DispatchTime.now().uptimeNanoseconds - record.quitRequestedAt.withLock { $0 }) / 1e9
            record.stopProducers()
            let waits = SDLExecutor.shared.producerWaitCount - waitsBefore
            let shrinksBefore = SDLExecutor.shared.readyQueueShrinkCount
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
        print("flood (\(usesTasks ? "Task { @SDLActor }" : "post")): \(posted.reduce(0, +)) jobs, high water \(highWater), producer waits \(waits), 0.3 s sleep took \(sleep) s, shutdown \(shutdownSeconds) s")
    }
}
