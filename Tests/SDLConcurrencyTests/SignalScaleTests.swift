@testable import SDLConcurrency
import SDLConcurrencyTesting
import Testing

/// `Signal`'s bookkeeping at scale (issue 11: `next()` waiters in an array searched and removed
/// linearly; 40,000 waiters took 32 s on the SDL thread). At the sizes here a quadratic machine
/// needs minutes; the time limit turns that into a failure.
@Suite("Signal at scale", .timeLimit(.minutes(3)))
struct SignalScaleTests {}

extension SignalScaleTests {
    @Test("200,000 waiters: reserved, suspended, half cancelled out of order, the rest resumed by one emission in arrival order")
    func manyWaiters() {
        var machine = Machine()
        let count = 200_000
        let ids = (0..<count).map { _ in machine.reserveWaiter() }
        for (index, id) in ids.enumerated() {
            if case .suspended = machine.addWaiter(id, "w\(index)") {} else { Issue.record("waiter \(index) did not suspend") }
        }
        // Cancel every odd waiter, newest first (the worst case for a linear search from the front).
        var cancelled = 0
        for index in stride(from: count - 1, through: 0, by: -1) where index % 2 == 1 {
            if machine.cancelWaiter(ids[index]) == "w\(index)" { cancelled += 1 }
        }
        #expect(cancelled == count / 2)
        let delivery = machine.emit(1)
        #expect(delivery.waiters.count == count / 2)
        #expect(delivery.waiters.prefix(3) == ["w0", "w2", "w4"])
        #expect(machine.emit(2).waiters.isEmpty)
    }

    @Test("200,000 slots and subscribers connected and removed one by one")
    func manySlotsAndSubscribers() {
        var machine = Machine()
        let count = 200_000
        let slots = (0..<count).map { machine.connect("s\($0)") }
        let subscribers = (0..<count).map { machine.subscribe("u\($0)") }
        #expect(machine.emit(0).slots.count == count)
        for id in slots.reversed() where id % 3 != 0 { machine.disconnect(id) }
        for id in subscribers.reversed() { machine.unsubscribe(id) }
        for id in slots where id % 3 == 0 { #expect(machine.isConnected(id)) }
        let delivery = machine.emit(1)
        #expect(delivery.slots.count == slots.filter { $0 % 3 == 0 }.count)
        #expect(delivery.subscribers.isEmpty)
    }

    @Test("40,000 tasks awaiting next() on a running host all get the emission")
    func manyAwaitingTasks() async throws {
        let received = try await HostHarness.runGuest(on: .manual) { () -> Int in
            let signal = Signal<Int>(name: "s")
            var tasks: [Task<Int, any Error>] = []
            for _ in 0..<40_000 {
                tasks.append(SDLActor.task { try await signal.next() })
            }
            // Let every waiter register (each task runs to its first suspension).
            for _ in 0..<4 { await SDLActor.yield() }
            signal.emit(7)
            var total = 0
            for task in tasks { total += try await task.value }
            return total
        }
        #expect(received == 40_000 * 7)
    }
}
