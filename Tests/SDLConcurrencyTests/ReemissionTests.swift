@testable import SDLConcurrency
import SDLConcurrencyTesting
import Testing

/// A slot that re-emits its own signal (issue 16, item 7): each synchronous delivery nested a whole
/// delivery in its stack frame, and a chain of 1,500–4,000 died with SIGSEGV. Past
/// `EmissionQueue.maximumDepth` emissions are queued, so any chain runs on a bounded stack.
@Suite("Re-emission", .timeLimit(.minutes(3)))
struct ReemissionTests {}

/// What a chain of re-emissions saw, collected on the SDL thread.
@SDLActor
private final class ChainRecord {
    var values: [Int] = []
    var deepest = 0
}

extension ReemissionTests {
    @Test("a sync slot re-emitting its own signal 100,000 times: every value, in order, on a bounded stack", arguments: HostHarness.Kind.allCases)
    func deepSyncChain(kind: HostHarness.Kind) async throws {
        let (values, deepest, pending) = try await HostHarness.runGuest(on: kind) { () -> ([Int], Int, Int) in
            let record = ChainRecord()
            let signal = Signal<Int>(name: "chain")
            let connection = signal.connect(name: "re-emit") { value in
                record.values.append(value)
                record.deepest = max(record.deepest, EmissionQueue.depth)
                if value < 100_000 { signal.emit(value + 1) }
            }
            signal.emit(0)
            // The whole chain ran inside the first emission (the queue is run before it returns).
            let result = (record.values, record.deepest, EmissionQueue.pendingCount)
            connection.disconnect()
            return result
        }
        #expect(values.count == 100_001)
        #expect(values == Array(0...100_000))
        #expect(deepest == EmissionQueue.maximumDepth)
        #expect(pending == 0)
    }

    @Test("two signals whose slots emit each other, 100,000 emissions deep, alternate in order")
    func pingPong() async throws {
        let values = try await HostHarness.runGuest(on: .manual) { () -> [Int] in
            let record = ChainRecord()
            let ping = Signal<Int>(name: "ping")
            let pong = Signal<Int>(name: "pong")
            let a = ping.connect { value in
                record.values.append(value)
                if value < 100_000 { pong.emit(value + 1) }
            }
            let b = pong.connect { value in
                record.values.append(-value)
                if value < 100_000 { ping.emit(value + 1) }
            }
            ping.emit(0)
            a.disconnect()
            b.disconnect()
            return record.values
        }
        // Expected: 0, -1, 2, -3, … (ping's values positive, pong's negative).
        #expect(values.count == 100_001)
        #expect(values == (0...100_000).map { $0 % 2 == 0 ? $0 : -$0 })
    }

    @Test("an async slot re-emitting before its first await, 20,000 deep: every run starts, in order")
    func deepAsyncChain() async throws {
        let (starts, ends) = try await HostHarness.runGuest(on: .manual) { () -> (Int, [Int]) in
            let record = ChainRecord()
            let ends = ChainRecord()
            let signal = Signal<Int>(name: "async chain")
            let connection = signal.connect(name: "re-emit") { (value: Int) async in
                record.values.append(value)
                if value < 20_000 { signal.emit(value + 1) }
                await SDLActor.yield()
                ends.values.append(value)
            }
            signal.emit(0)
            let started = record.values == Array(0...20_000) ? record.values.count : -1
            while ends.values.count < 20_001 { await SDLActor.yield() }
            connection.disconnect()
            return (started, ends.values.sorted())
        }
        #expect(starts == 20_001, "every run started, in emission order, inside the first emission")
        #expect(ends == Array(0...20_000))
    }

    @Test("nesting within the depth limit stays synchronous and depth-first")
    func shallowNestingIsSynchronous() async throws {
        let log = try await HostHarness.runGuest(on: .manual) { () -> [String] in
            let log = Log<String>()
            let signal = Signal<Int>(name: "shallow")
            let connection = signal.connect { value in
                log.append("enter \(value)")
                if value < 3 { signal.emit(value + 1) }
                log.append("exit \(value)")
            }
            signal.emit(0)
            log.append("returned")
            connection.disconnect()
            return log.values
        }
        // Expected: each emission's slots finish inside it, as before the queue existed.
        #expect(log == ["enter 0", "enter 1", "enter 2", "enter 3", "exit 3", "exit 2", "exit 1", "exit 0", "returned"])
    }

    @Test("past the depth, a queued emission runs when the deepest delivery returns, before the slot above goes on")
    func queuedRunsBeforeTheLevelAbove() async throws {
        let log = try await HostHarness.runGuest(on: .manual) { () -> [String] in
            let log = Log<String>()
            let limit = EmissionQueue.maximumDepth
            let signal = Signal<Int>(name: "edge")
            let connection = signal.connect { value in
                if value >= limit - 2 { log.append("enter \(value)") }
                if value <= limit { signal.emit(value + 1) }
                if value >= limit - 2 { log.append("exit \(value)") }
            }
            signal.emit(1)
            connection.disconnect()
            return log.values
        }
        let limit = EmissionQueue.maximumDepth
        // Value n is delivered at depth n. The emission of limit + 1 (inside depth limit) is
        // queued: the slot of `limit` exits first, then it runs, then `limit - 1` exits.
        #expect(log == ["enter \(limit - 2)", "enter \(limit - 1)", "enter \(limit)", "exit \(limit)",
                        "enter \(limit + 1)", "exit \(limit + 1)", "exit \(limit - 1)", "exit \(limit - 2)"])
    }
}
