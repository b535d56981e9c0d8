@testable import SDLConcurrency
import Testing

/// The signal's bookkeeping without SDL, threads or continuations: slots, waiters and subscribers
/// are plain strings.
@Suite("SignalStateMachine")
struct SignalStateMachineTests {}

typealias Machine = SignalStateMachine<Int, String, String, String>

extension SignalStateMachineTests {
    @Test("slots are delivered in connection order; a disconnected slot is left out")
    func slotOrder() {
        var machine = Machine()
        let a = machine.connect("a")
        _ = machine.connect("b")
        _ = machine.connect("c")
        let firstDelivery = machine.emit(1)
        #expect(firstDelivery.slots.map(\.slot) == ["a", "b", "c"])
        let removed = machine.disconnect(a)
        #expect(removed)
        let removedAgain = machine.disconnect(a)
        #expect(!removedAgain, "a second disconnect finds nothing")
        let secondDelivery = machine.emit(2)
        #expect(secondDelivery.slots.map(\.slot) == ["b", "c"])
        #expect(!machine.isConnected(a))
    }

    @Test("a suspended waiter gets exactly one emission; subscribers get every emission")
    func waitersAreOneShot() {
        var machine = Machine()
        let id = machine.reserveWaiter()
        let added = machineAdd(&machine, id, "w")
        #expect(added == "suspended")
        _ = machine.subscribe("s")
        let first = machine.emit(1)
        #expect(first.waiters == ["w"])
        #expect(first.subscribers == ["s"])
        let second = machine.emit(2)
        #expect(second.waiters.isEmpty)
        #expect(second.subscribers == ["s"])
    }

    @Test("an emission between reservation and suspension is kept for the waiter")
    func emissionWhileReserved() {
        var machine = Machine()
        let id = machine.reserveWaiter()
        let delivery = machine.emit(5)
        #expect(delivery.waiters.isEmpty)
        let added = machineAdd(&machine, id, "w")
        #expect(added == "resume 5")
    }

    @Test("cancellation before suspension resumes the waiter as cancelled when it registers")
    func cancelBeforeSuspension() {
        var machine = Machine()
        let id = machine.reserveWaiter()
        let toResume = machine.cancelWaiter(id)
        #expect(toResume == nil, "nothing suspended yet: nothing to resume now")
        let added = machineAdd(&machine, id, "w")
        #expect(added == "cancelled")
        let delivery = machine.emit(1)
        #expect(delivery.waiters.isEmpty)
    }

    @Test("cancellation after suspension hands the waiter back once; the emission then skips it")
    func cancelAfterSuspension() {
        var machine = Machine()
        let id = machine.reserveWaiter()
        _ = machineAdd(&machine, id, "w")
        let handedBack = machine.cancelWaiter(id)
        #expect(handedBack == "w")
        let handedBackAgain = machine.cancelWaiter(id)
        #expect(handedBackAgain == nil)
        let delivery = machine.emit(1)
        #expect(delivery.waiters.isEmpty)
    }

    @Test("cancellation after the emission resumed the waiter does nothing")
    func cancelAfterEmission() {
        var machine = Machine()
        let id = machine.reserveWaiter()
        _ = machineAdd(&machine, id, "w")
        let delivery = machine.emit(1)
        #expect(delivery.waiters == ["w"])
        let handedBack = machine.cancelWaiter(id)
        #expect(handedBack == nil)
    }

    @Test("finish hands back every suspended waiter and subscriber and drops the slots")
    func finish() {
        var machine = Machine()
        _ = machine.connect("slot")
        _ = machine.subscribe("s1")
        let unsubscribed = machine.subscribe("s2")
        machine.unsubscribe(unsubscribed)
        let waiter = machine.reserveWaiter()
        _ = machineAdd(&machine, waiter, "w")
        let late = machine.reserveWaiter()
        let ended = machine.finish()
        #expect(ended.waiters == ["w"])
        #expect(ended.subscribers == ["s1"])
        #expect(machine.slots.isEmpty)
        let added = machineAdd(&machine, late, "late")
        #expect(added == "cancelled", "a waiter arriving after the end is cancelled")
    }
}

/// `addWaiter`'s action as a string, for compact expectations.
private func machineAdd(_ machine: inout Machine, _ id: UInt64, _ waiter: String) -> String {
    switch machine.addWaiter(id, waiter) {
    case .suspended: "suspended"
    case .resume(let value): "resume \(value)"
    case .resumeCancelled: "cancelled"
    }
}
