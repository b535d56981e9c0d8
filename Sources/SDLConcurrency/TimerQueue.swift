import HeapModule

/// The host-owned timer heap behind ``SDLClock``: deadline first, then a sequence number, so timers
/// with equal deadlines fire in the order they were set (FIFO among equals).
///
/// Not thread-safe by itself: ``SDLExecutor`` keeps it inside a `Mutex`. Generic over the waiter so
/// it can be tested without suspended tasks; the executor's waiters are continuations.
///
/// Cancellation removes a timer's continuation at once (so it is resumed exactly once, with
/// `CancellationError`, on the cancelling thread). Its heap slot is purged lazily: when it reaches
/// the top, or all together when cancelled slots outnumber live ones, which keeps memory bounded
/// by the number of live timers.
struct TimerQueue<Waiter> {
    struct Key: Comparable {
        var deadline: UInt64
        var sequence: UInt64
        static func < (a: Key, b: Key) -> Bool {
            (a.deadline, a.sequence) < (b.deadline, b.sequence)
        }
    }

    /// A sleep's slot, from `reserve()` until it fires or is cancelled.
    private enum Slot {
        /// Reserved by a sleep that has not handed over its continuation yet.
        case reserved
        /// Cancelled while reserved: the cancellation handler of an already-cancelled task runs
        /// before the operation that would add the timer.
        case cancelledEarly
        case waiting(Waiter)
    }

    private var heap = Heap<Key>()
    private var slots: [UInt64: Slot] = [:]
    private var nextSequence: UInt64 = 1
    private var waitingCount = 0

    /// Timers set and not yet fired or cancelled.
    var liveCount: Int { waitingCount }

    mutating func reserve() -> UInt64 {
        defer { nextSequence += 1 }
        slots[nextSequence] = .reserved
        return nextSequence
    }

    enum AddResult {
        /// The timer is in the heap; `isEarliest` tells whether the host must recompute its wait.
        case added(isEarliest: Bool)
        /// The timer was cancelled before it was added: resume the waiter with `CancellationError`.
        case cancelled
    }

    mutating func add(sequence: UInt64, deadline: UInt64, waiter: Waiter) -> AddResult {
        switch slots[sequence] {
        case .reserved:
            break
        case .cancelledEarly:
            slots[sequence] = nil
            return .cancelled
        case .waiting, nil:
            preconditionFailure("SDLConcurrency bug: timer \(sequence) added twice or never reserved")
        }
        let key = Key(deadline: deadline, sequence: sequence)
        heap.insert(key)
        slots[sequence] = .waiting(waiter)
        waitingCount += 1
        purgeTop()
        return .added(isEarliest: heap.min == key)
    }

    /// Removes the timer; returns its waiter if it was still waiting (the caller resumes it).
    mutating func cancel(sequence: UInt64) -> Waiter? {
        switch slots[sequence] {
        case .reserved:
            slots[sequence] = .cancelledEarly
            return nil
        case .waiting(let waiter):
            slots[sequence] = nil
            waitingCount -= 1
            compactIfMostlyCancelled()
            return waiter
        case .cancelledEarly, nil:
            return nil  // already fired, or cancelled twice
        }
    }

    /// Live timers due at or after `deadline` (diagnostics and tests; walks the whole heap).
    func liveCount(dueAtOrAfter deadline: UInt64) -> Int {
        heap.unordered.filter { $0.deadline >= deadline && isWaiting($0.sequence) }.count
    }

    /// The earliest live deadline.
    mutating func nextDeadline() -> UInt64? {
        purgeTop()
        return heap.min?.deadline
    }

    /// Removes every timer due at `now` and appends its waiter, in deadline order, to `due`.
    mutating func popDue(now: UInt64, into due: inout [(deadline: UInt64, waiter: Waiter)]) {
        while let top = heap.min, top.deadline <= now {
            heap.removeMin()
            if case .waiting(let waiter) = slots[top.sequence] {
                slots[top.sequence] = nil
                waitingCount -= 1
                due.append((top.deadline, waiter))
            }
        }
    }

    /// Removes every live timer (host shutdown); the caller resumes them.
    mutating func removeAll() -> [Waiter] {
        var all: [Waiter] = []
        for (sequence, slot) in slots {
            if case .waiting(let waiter) = slot {
                all.append(waiter)
                slots[sequence] = nil
            }
        }
        waitingCount = 0
        heap = Heap()
        return all
    }

    private mutating func purgeTop() {
        while let top = heap.min, !isWaiting(top.sequence) {
            heap.removeMin()
        }
    }

    private mutating func compactIfMostlyCancelled() {
        guard heap.count > 1024, heap.count > 2 * waitingCount else { return }
        heap = Heap(heap.unordered.filter { isWaiting($0.sequence) })
    }

    private func isWaiting(_ sequence: UInt64) -> Bool {
        if case .waiting = slots[sequence] { return true }
        return false
    }
}
