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
///
/// **Timelines.** A deadline means something only on the timeline it was set on: `CLOCK_MONOTONIC`
/// (``realTimeline``, shared by every real-time host and by the time between hosts) or the virtual
/// timeline of one virtual-time attachment (each gets a fresh id). Every timer is set on the
/// ``timeline`` current when it is added; only that timeline's timers are in `heap`, so
/// ``nextDeadline()`` and ``popDue(now:into:)`` never see a deadline from another timeline (a
/// virtual host must not jump to a leftover real-time deadline, nor a real host fire a virtual
/// one at once). Timers of other timelines are parked: they keep waiting, stay cancellable, and
/// come back when their timeline is current again (only the real one ever is).
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
        case waiting(Waiter, timeline: UInt64)
    }

    /// The timeline of `CLOCK_MONOTONIC`.
    static var realTimeline: UInt64 { 0 }

    /// The timeline new timers are set on and `heap` holds.
    private(set) var timeline: UInt64 = Self.realTimeline
    /// The current timeline's timers (and cancelled ones not yet purged).
    private var heap = Heap<Key>()
    /// Other timelines' timers: their keys (cancelled ones included) and how many are still live.
    /// A timeline is dropped from here once none of its timers is live.
    private var parked: [UInt64: (keys: [Key], live: Int)] = [:]
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
        slots[sequence] = .waiting(waiter, timeline: timeline)
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
        case .waiting(let waiter, let waiterTimeline):
            slots[sequence] = nil
            waitingCount -= 1
            if waiterTimeline == timeline {
                compactIfMostlyCancelled()
            } else if let entry = parked[waiterTimeline] {
                parked[waiterTimeline] = entry.live > 1 ? (entry.keys, entry.live - 1) : nil
            }
            return waiter
        case .cancelledEarly, nil:
            return nil  // already fired, or cancelled twice
        }
    }

    /// Makes `newTimeline` current: the current timeline's live timers are parked, and the ones
    /// parked on `newTimeline` (if any) are back in the heap.
    mutating func switchTimeline(to newTimeline: UInt64) {
        guard newTimeline != timeline else { return }
        let live = heap.unordered.filter { isWaiting($0.sequence) }
        if !live.isEmpty { parked[timeline] = (live, live.count) }
        heap = Heap(parked.removeValue(forKey: newTimeline)?.keys.filter { isWaiting($0.sequence) } ?? [])
        timeline = newTimeline
    }

    /// Live timers of the current timeline due at or after `deadline` (diagnostics and tests;
    /// walks the whole heap).
    func liveCount(dueAtOrAfter deadline: UInt64) -> Int {
        heap.unordered.filter { $0.deadline >= deadline && isWaiting($0.sequence) }.count
    }

    /// The earliest live deadline of the current timeline.
    mutating func nextDeadline() -> UInt64? {
        purgeTop()
        return heap.min?.deadline
    }

    /// Removes every timer of the current timeline due at `now` and appends its waiter, in
    /// deadline order, to `due`.
    mutating func popDue(now: UInt64, into due: inout [(deadline: UInt64, waiter: Waiter)]) {
        while let top = heap.min, top.deadline <= now {
            heap.removeMin()
            if case .waiting(let waiter, _) = slots[top.sequence] {
                slots[top.sequence] = nil
                waitingCount -= 1
                due.append((top.deadline, waiter))
            }
        }
    }

    /// Removes every live timer, on every timeline (host shutdown); the caller resumes them.
    mutating func removeAll() -> [Waiter] {
        var all: [Waiter] = []
        for (sequence, slot) in slots {
            if case .waiting(let waiter, _) = slot {
                all.append(waiter)
                slots[sequence] = nil
            }
        }
        waitingCount = 0
        heap = Heap()
        parked = [:]
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
