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
/// Invariants: ids are unique for the life of the value and increase (one counter for all three
/// kinds), so id order is connection, arrival and subscription order; a waiter id is in at most
/// one of `waiters` and `cancelledWaiters`.
///
/// Cost (issue 11: 40,000 `next()` waiters in arrays took 32 s): every event is O(1) on a hash
/// table, except an emission, which is O(n log n) in the waiters it resumes (each resumed once)
/// and, after a connect or disconnect changed them, in the slots and subscribers it reaches.
struct SignalStateMachine<Value, Slot, Waiter, Subscriber> {
    private var nextID: UInt64 = 1
    /// Connected slots.
    private var slotTable = IDTable<Slot>()
    /// `next()` callers.
    private var waiters: [UInt64: WaiterState] = [:]
    /// Waiters cancelled before they suspended; their registration must resume them at once.
    private var cancelledWaiters: Set<UInt64> = []
    private var subscribers = IDTable<Subscriber>()
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

    /// Connected slots, in connection order.
    var slots: [(id: UInt64, slot: Slot)] {
        mutating get { slotTable.ordered.map { (id: $0.id, slot: $0.element) } }
    }

    /// Number of connected slots.
    var slotCount: Int { slotTable.count }

    mutating func connect(_ slot: Slot) -> UInt64 {
        let id = makeID()
        slotTable.insert(slot, id: id)
        return id
    }

    /// Removes the slot; returns `false` when it was not connected (already disconnected).
    @discardableResult
    mutating func disconnect(_ id: UInt64) -> Bool {
        slotTable.remove(id)
    }

    func isConnected(_ id: UInt64) -> Bool {
        slotTable.contains(id)
    }

    // MARK: next()

    /// First step of `next()`: an id to register under, taken before suspending so a cancellation
    /// that races the suspension is never lost.
    mutating func reserveWaiter() -> UInt64 {
        let id = makeID()
        waiters[id] = .reserved
        return id
    }

    mutating func addWaiter(_ id: UInt64, _ waiter: Waiter) -> AddWaiterAction {
        // The signal is gone (its end dropped every waiter): nothing will ever resume this one.
        if isFinished { return .resumeCancelled }
        guard let state = waiters[id] else {
            preconditionFailure("SignalStateMachine.addWaiter: waiter \(id) was never reserved")
        }
        switch state {
        case .reserved:
            if cancelledWaiters.remove(id) != nil {
                waiters[id] = nil
                return .resumeCancelled
            }
            waiters[id] = .suspended(waiter)
            return .suspended
        case .received(let value):
            waiters[id] = nil
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
        guard let state = waiters[id] else { return nil }
        switch state {
        case .suspended(let waiter):
            waiters[id] = nil
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
        subscribers.insert(subscriber, id: id)
        return id
    }

    mutating func unsubscribe(_ id: UInt64) {
        subscribers.remove(id)
    }

    // MARK: Emission and end

    /// An emission: every connected slot (in connection order), every suspended waiter (each waiter
    /// gets one value and is removed; one not suspended yet keeps the value for ``addWaiter(_:_:)``),
    /// every subscriber.
    mutating func emit(_ value: Value) -> Delivery {
        var suspended: [(id: UInt64, waiter: Waiter)] = []
        var kept: [UInt64: WaiterState] = [:]
        for (id, state) in waiters {
            switch state {
            case .suspended(let waiter): suspended.append((id, waiter))
            case .reserved: kept[id] = .received(value)
            case .received: kept[id] = state
            }
        }
        waiters = kept
        // Arrival order.
        suspended.sort { $0.id < $1.id }
        return Delivery(slots: slots, waiters: suspended.map(\.waiter), subscribers: subscribers.ordered.map(\.element))
    }

    /// The signal is gone: drop the slots, hand back every waiter and subscriber to end.
    mutating func finish() -> Finish {
        isFinished = true
        let suspended = waiters.sorted { $0.key < $1.key }.compactMap { entry -> Waiter? in
            if case .suspended(let waiter) = entry.value { return waiter }
            return nil
        }
        waiters.removeAll()
        cancelledWaiters.removeAll()
        let ended = Finish(waiters: suspended, subscribers: subscribers.ordered.map(\.element))
        subscribers = IDTable()
        slotTable = IDTable()
        return ended
    }
}

/// Elements by increasing id: O(1) insert, remove and lookup, and the id-ordered list for
/// emissions, rebuilt (O(n log n)) only after a removal.
struct IDTable<Element> {
    private var table: [UInt64: Element] = [:]
    /// `table` in id order, or `nil` after a removal.
    private var cache: [(id: UInt64, element: Element)]? = []

    var count: Int { table.count }

    func contains(_ id: UInt64) -> Bool { table[id] != nil }

    /// Inserts under `id`, which must be larger than every id inserted before.
    mutating func insert(_ element: Element, id: UInt64) {
        table[id] = element
        cache?.append((id, element))
    }

    @discardableResult
    mutating func remove(_ id: UInt64) -> Bool {
        guard table.removeValue(forKey: id) != nil else { return false }
        cache = nil
        return true
    }

    var ordered: [(id: UInt64, element: Element)] {
        mutating get {
            if let cache { return cache }
            let rebuilt = table.sorted { $0.key < $1.key }.map { (id: $0.key, element: $0.value) }
            cache = rebuilt
            return rebuilt
        }
    }
}
