@testable import SDLConcurrency
import Testing

/// The frame waiters' state machine, without SDL or continuations.
@Suite("FrameWaiterList (state machine)")
struct FrameWaiterListTests {}

extension FrameWaiterListTests {
    typealias List = FrameWaiterList<String>

    static func frame(_ number: Int) -> SDLFrame {
        SDLFrame(number: number, timestamp: .init(nanoseconds: UInt64(number) * 10), sincePrevious: .nanoseconds(10))
    }

    static func waiting(_ entries: [List.Entry]) -> [String] {
        entries.compactMap { if case .waiting(let name) = $0 { name } else { nil } }
    }

    @Test("a frame hands over the waiters in the order they began to wait, and starts an empty list")
    func order() {
        var list = List()
        for name in ["a", "b", "c"] {
            let (ticket, _) = list.reserve()
            guard case .stored = list.fill(ticket, with: name) else { Issue.record("not stored"); return }
        }
        var buffer: [List.Entry] = []
        #expect(list.takeAll(frame: Self.frame(1), into: &buffer) == 3)
        // Expected: a, b, c — registration order.
        #expect(Self.waiting(buffer) == ["a", "b", "c"])
        #expect(list.isEmpty)
    }

    @Test("cancelling a stored waiter returns it once and skips it in the frame; the live count drops")
    func cancelStored() {
        var list = List()
        let (a, firstWasEmpty) = list.reserve()
        let (b, secondWasEmpty) = list.reserve()
        #expect(firstWasEmpty && !secondWasEmpty)
        _ = list.fill(a, with: "a")
        _ = list.fill(b, with: "b")
        #expect(list.cancel(a) == "a")
        #expect(list.cancel(a) == nil)
        #expect(list.liveCount == 1)
        var buffer: [List.Entry] = []
        _ = list.takeAll(frame: Self.frame(1), into: &buffer)
        #expect(Self.waiting(buffer) == ["b"])
    }

    @Test("a cancellation before the waiter is stored makes the fill report it")
    func cancelBeforeFill() {
        var list = List()
        let (ticket, _) = list.reserve()
        #expect(list.cancel(ticket) == nil)
        #expect(list.isEmpty)
        guard case .cancelled = list.fill(ticket, with: "late") else {
            Issue.record("a cancelled ticket was stored")
            return
        }
    }

    @Test("a frame between reserve and fill is handed to the waiter at once; cancelling that ticket later does nothing")
    func missedFrame() {
        var list = List()
        let (ticket, _) = list.reserve()
        var buffer: [List.Entry] = []
        #expect(list.takeAll(frame: Self.frame(7), into: &buffer) == 1)
        guard case .missedFrame(let frame) = list.fill(ticket, with: "slow") else {
            Issue.record("the waiter did not get the frame it was waiting for")
            return
        }
        #expect(frame.number == 7)
        #expect(list.cancel(ticket) == nil)
        #expect(list.isEmpty)
    }
}
