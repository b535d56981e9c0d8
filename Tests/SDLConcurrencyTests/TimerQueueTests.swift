@testable import SDLConcurrency
import Testing

/// The timer heap on its own: no SDL, no tasks (waiters are plain strings).
@Suite("TimerQueue")
struct TimerQueueTests {}

extension TimerQueueTests {
    private func add(_ queue: inout TimerQueue<String>, _ name: String, at deadline: UInt64) -> UInt64 {
        let sequence = queue.reserve()
        _ = queue.add(sequence: sequence, deadline: deadline, waiter: name)
        return sequence
    }

    @Test("due timers come out by deadline, then in the order they were set")
    func orderByDeadlineThenSequence() {
        var queue = TimerQueue<String>()
        _ = add(&queue, "c@30", at: 30)
        _ = add(&queue, "a@10", at: 10)
        _ = add(&queue, "b@20 first", at: 20)
        _ = add(&queue, "b@20 second", at: 20)
        var due: [(deadline: UInt64, waiter: String)] = []
        queue.popDue(now: 25, into: &due)
        #expect(due.map(\.waiter) == ["a@10", "b@20 first", "b@20 second"])
        #expect(queue.nextDeadline() == 30)
        #expect(queue.liveCount == 1)
    }

    @Test("nothing is due before its deadline")
    func neverEarly() {
        var queue = TimerQueue<String>()
        _ = add(&queue, "t", at: 100)
        var due: [(deadline: UInt64, waiter: String)] = []
        queue.popDue(now: 99, into: &due)
        #expect(due.isEmpty)
        queue.popDue(now: 100, into: &due)
        #expect(due.map(\.waiter) == ["t"])
    }

    @Test("cancel returns the waiter once and the timer never fires")
    func cancelRemoves() {
        var queue = TimerQueue<String>()
        let first = add(&queue, "first", at: 10)
        _ = add(&queue, "second", at: 20)
        #expect(queue.cancel(sequence: first) == "first")
        #expect(queue.cancel(sequence: first) == nil)
        #expect(queue.nextDeadline() == 20)
        var due: [(deadline: UInt64, waiter: String)] = []
        queue.popDue(now: 100, into: &due)
        #expect(due.map(\.waiter) == ["second"])
    }

    @Test("a timer cancelled before it was added reports .cancelled when added")
    func cancelBeforeAdd() {
        var queue = TimerQueue<String>()
        let sequence = queue.reserve()
        #expect(queue.cancel(sequence: sequence) == nil)
        guard case .cancelled = queue.add(sequence: sequence, deadline: 5, waiter: "late") else {
            Issue.record("expected .cancelled")
            return
        }
        #expect(queue.liveCount == 0)
        #expect(queue.nextDeadline() == nil)
    }

    @Test("a new earliest timer says so (the host must recompute its wait)")
    func earliestFlag() {
        var queue = TimerQueue<String>()
        var sequence = queue.reserve()
        guard case .added(let firstEarliest) = queue.add(sequence: sequence, deadline: 50, waiter: "a") else { return }
        sequence = queue.reserve()
        guard case .added(let laterEarliest) = queue.add(sequence: sequence, deadline: 60, waiter: "b") else { return }
        sequence = queue.reserve()
        guard case .added(let soonerEarliest) = queue.add(sequence: sequence, deadline: 40, waiter: "c") else { return }
        #expect([firstEarliest, laterEarliest, soonerEarliest] == [true, false, true])
    }

    @Test("only the current timeline's timers are due or next; others are parked, cancellable, and come back")
    func timelines() {
        var queue = TimerQueue<String>()
        _ = add(&queue, "real@500", at: 500)
        queue.switchTimeline(to: 1)
        let virtualLeftover = add(&queue, "virtual1@20", at: 20)
        _ = add(&queue, "virtual1@30", at: 30)
        #expect(queue.nextDeadline() == 20)
        queue.switchTimeline(to: 2)
        #expect(queue.nextDeadline() == nil, "a fresh timeline starts with no timers")
        _ = add(&queue, "virtual2@40", at: 40)
        var due: [(deadline: UInt64, waiter: String)] = []
        queue.popDue(now: 1_000, into: &due)
        #expect(due.map(\.waiter) == ["virtual2@40"])
        #expect(queue.liveCount == 3, "parked timers are still live")
        #expect(queue.cancel(sequence: virtualLeftover) == "virtual1@20")
        #expect(queue.liveCount == 2)
        queue.switchTimeline(to: TimerQueue<String>.realTimeline)
        #expect(queue.nextDeadline() == 500)
        due.removeAll()
        queue.popDue(now: 1_000, into: &due)
        #expect(due.map(\.waiter) == ["real@500"])
        #expect(queue.liveCount == 1, "virtual1@30 waits on a timeline that is not current")
    }

    @Test("cancelling most of 10,000 timers keeps live count exact and the heap bounded")
    func massCancellation() {
        var queue = TimerQueue<String>()
        var sequences: [UInt64] = []
        for index in 0..<10_000 { sequences.append(add(&queue, "t\(index)", at: UInt64(1_000 + index))) }
        for sequence in sequences.dropLast(10) { #expect(queue.cancel(sequence: sequence) != nil) }
        #expect(queue.liveCount == 10)
        #expect(queue.nextDeadline() == 1_000 + 9_990)
        var due: [(deadline: UInt64, waiter: String)] = []
        queue.popDue(now: .max, into: &due)
        #expect(due.map(\.waiter) == (9_990..<10_000).map { "t\($0)" })
    }
}
