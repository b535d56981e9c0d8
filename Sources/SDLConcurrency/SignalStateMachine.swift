/// The bookkeeping of a ``Signal``: its connected slots, its one-shot `next()` waiters and its
/// `values` subscribers, as a pure state machine.
///
/// Events (connect, disconnect, waiter registration and cancellation, emit) return what the caller
/// must do — resume these continuations, call these slots — and the caller does it after releasing
/// the lock that guards this value. Nothing here calls out, so it is tested without SDL.
///
/// Generic over what it stores so tests can use plain values: `Value` is the signal's value,
/// `Slot` a connection's runner, `Waiter` a `next()` continuation, `Subscriber` a stream continuation.
///
/// Invariants: ids are unique for the life of the value (one counter for all three kinds); a waiter
/// id is in at most one of `waiters` and `cancelledWaiters`; `slots` keeps connection order.
struct SignalStateMachine<Value, Slot, Waiter, Subscriber> {
    private var nextID: UInt64 = 1
    /// Connected slots, in connection order.
    private(set) var slots: [(id: UInt64, slot: Slot)] = []
    /// `next()` callers in arrival order.
    private var waiters: [(id: UInt64, state: WaiterState)] = []
    /// Waiters cancelled before they suspended; their registration must resume them at once.
    private var cancelledWaiters: Set<UInt64> = []
    private var subscribers: [(id: UInt64, subscriber: Subscriber)] = []
    /// Set when the signal is gone: no more emissions will ever come.
    private(set) var isFinished = false

    /// What an emission must reach, taken out of the state under the lock.
    struct Delivery {
        var slots: [(id: UInt64, slot: Slot)]
        var waiters: [Waiter]
        var subscribers: [Subscriber]
    }

    /// What the signal's deinit must end.
    struct Finish {
        var waiters: [Waiter]
        var subscribers: [Subscriber]
    }

    enum WaiterState {
        /// Between `reserveWaiter` and `addWaiter`: not suspended yet.
        case reserved
        /// An emission arrived while reserved: `addWaiter` must resume with it at once.
        case received(Value)
        case suspended(Waiter)
    }

    enum AddWaiterAction {
        /// The waiter is stored; an emission (or its cancellation) resumes it.
        case suspended
        /// An emission arrived between reservation and suspension: resume with this value now.
        case resume(Value)
        /// The waiter was cancelled before it suspended: resume it with `CancellationError` now.
        case resumeCancelled
    }

    private mutating func makeID() -> UInt64 {
        defer { nextID += 1 }
        return nextID
    }

    // MARK: Slots

    mutating func connect(_ slot: Slot) -> UInt64 {
        let id = makeID()
        slots.append((id, slot))
        return id
    }

    /// Removes the slot; returns `false` when it was not connected (already disconnected).
    @discardableResult
    mutating func disconnect(_ id: UInt64) -> Bool {
        guard let index = slots.firstIndex(where: { $0.id == id }) else { return false }
        slots.remove(at: index)
        return true
    }

    func isConnected(_ id: UInt64) -> Bool {
        slots.contains { $0.id == id }
    }

    // MARK: next()

    /// First step of `next()`: an id to register under, taken before suspending so a cancellation
    /// that races the suspension is never lost.
    mutating func reserveWaiter() -> UInt64 {
        let id = makeID()
        waiters.append((id, .reserved))
        return id
    }

    mutating func addWaiter(_ id: UInt64, _ waiter: Waiter) -> AddWaiterAction {
        // The signal is gone (its end dropped every waiter): nothing will ever resume this one.
        if isFinished { return .resumeCancelled }
        guard let index = waiters.firstIndex(where: { $0.id == id }) else {
            preconditionFailure("SignalStateMachine.addWaiter: waiter \(id) was never reserved")
        }
        switch waiters[index].state {
        case .reserved:
            if cancelledWaiters.remove(id) != nil {
                waiters.remove(at: index)
                return .resumeCancelled
            }
            waiters[index].state = .suspended(waiter)
            return .suspended
        case .received(let value):
            waiters.remove(at: index)
            cancelledWaiters.remove(id)
            return .resume(value)
        case .suspended:
            preconditionFailure("SignalStateMachine.addWaiter: waiter \(id) is already suspended")
        }
    }

    /// The waiter's task was cancelled. Returns the suspended waiter to resume with
    /// `CancellationError`, or `nil` when it has not suspended yet (it will resume itself) or was
    /// already resumed by an emission.
    mutating func cancelWaiter(_ id: UInt64) -> Waiter? {
        // Not found: an emission already resumed it.
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return nil }
        switch waiters[index].state {
        case .suspended(let waiter):
            waiters.remove(at: index)
            return waiter
        case .reserved:
            cancelledWaiters.insert(id)
            return nil
        case .received:
            // It already has its value; let it take it.
            return nil
        }
    }

    // MARK: values

    mutating func subscribe(_ subscriber: Subscriber) -> UInt64 {
        let id = makeID()
        subscribers.append((id, subscriber))
        return id
    }

    mutating func unsubscribe(_ id: UInt64) {
        subscribers.removeAll { $0.id == id }
    }

    // MARK: Emission and end

    /// An emission: every connected slot (in connection order), every suspended waiter (each waiter
    /// gets one value and is removed; one not suspended yet keeps the value for ``addWaiter(_:_:)``),
    /// every subscriber.
    mutating func emit(_ value: Value) -> Delivery {
        var suspended: [Waiter] = []
        var kept: [(id: UInt64, state: WaiterState)] = []
        for entry in waiters {
            switch entry.state {
            case .suspended(let waiter): suspended.append(waiter)
            case .reserved: kept.append((entry.id, .received(value)))
            case .received: kept.append(entry)
            }
        }
        waiters = kept
        return Delivery(slots: slots, waiters: suspended, subscribers: subscribers.map(\.subscriber))
    }

    /// The signal is gone: drop the slots, hand back every waiter and subscriber to end.
    mutating func finish() -> Finish {
        isFinished = true
        let suspended = waiters.compactMap { entry -> Waiter? in
            if case .suspended(let waiter) = entry.state { return waiter }
            return nil
        }
        waiters.removeAll()
        cancelledWaiters.removeAll()
        let ended = Finish(waiters: suspended, subscribers: subscribers.map(\.subscriber))
        subscribers.removeAll()
        slots.removeAll()
        return ended
    }
}
