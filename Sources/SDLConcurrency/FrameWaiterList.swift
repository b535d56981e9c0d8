/// The coroutines waiting for the next frame, in the order they began to wait, as a pure state
/// machine (no locks, no continuations resumed here; tested without SDL).
///
/// A wait has two steps, because cancellation may arrive between them or before the first:
/// ``reserve()`` takes a ticket (a slot in this frame's list), then ``fill(_:with:)`` puts the
/// continuation into it. ``cancel(_:)`` empties a slot in O(1). ``takeAll(frame:into:)`` hands over
/// the whole list for one frame and starts the next generation: a ticket reserved before a frame
/// and filled after it gets that frame at once (it was waiting when the frame came).
///
/// Invariants: `entries` holds this generation's slots in ticket order; `liveCount` is the number of
/// slots that are `.reserved` or `.waiting`.
struct FrameWaiterList<Waiter> {
    /// A slot in one generation's list.
    struct Ticket: Equatable, Sendable {
        let generation: UInt64
        let index: Int
    }

    enum Entry {
        /// Ticket taken, continuation not yet stored.
        case reserved
        /// Waiting for the next frame.
        case waiting(Waiter)
        /// Cancelled (or the slot was given up): skipped by the frame.
        case cancelled
    }

    /// What ``fill(_:with:)`` decided.
    enum FillOutcome {
        /// Stored: the waiter is resumed by the next frame (or by ``cancel(_:)``).
        case stored
        /// The wait was cancelled before the waiter was stored: resume it at once as cancelled.
        case cancelled
        /// A frame came between ``reserve()`` and ``fill(_:with:)``: resume it at once with that frame.
        case missedFrame(SDLFrame)
    }

    private(set) var generation: UInt64 = 0
    private var entries: [Entry] = []
    /// Slots reserved or waiting in this generation.
    private(set) var liveCount = 0
    /// The frame that ended the previous generation (for tickets filled after it).
    private var lastFrame: SDLFrame?

    var isEmpty: Bool { liveCount == 0 }

    /// Takes the next slot. Returns the ticket and whether the list was empty before.
    mutating func reserve() -> (ticket: Ticket, wasEmpty: Bool) {
        let wasEmpty = liveCount == 0
        entries.append(.reserved)
        liveCount += 1
        return (Ticket(generation: generation, index: entries.count - 1), wasEmpty)
    }

    /// Takes the next slot and stores `waiter` in it at once (a wait registered in one step, as
    /// when the continuation exists before the ticket). Returns the ticket and whether the list was
    /// empty before.
    mutating func add(_ waiter: Waiter) -> (ticket: Ticket, wasEmpty: Bool) {
        let wasEmpty = liveCount == 0
        entries.append(.waiting(waiter))
        liveCount += 1
        return (Ticket(generation: generation, index: entries.count - 1), wasEmpty)
    }

    /// Stores `waiter` in the slot of `ticket`.
    mutating func fill(_ ticket: Ticket, with waiter: Waiter) -> FillOutcome {
        guard ticket.generation == generation else {
            guard let lastFrame, ticket.generation + 1 == generation else {
                // Two frames between two lines of one waiter's code: possible only if that thread
                // was descheduled for two frame intervals. It still gets the latest frame.
                return lastFrame.map(FillOutcome.missedFrame) ?? .cancelled
            }
            return .missedFrame(lastFrame)
        }
        switch entries[ticket.index] {
        case .reserved:
            entries[ticket.index] = .waiting(waiter)
            return .stored
        case .cancelled:
            return .cancelled
        case .waiting:
            preconditionFailure("FrameWaiterList: ticket \(ticket) filled twice (a library bug)")
        }
    }

    /// Cancels the wait of `ticket`. Returns the waiter to resume as cancelled, if it was stored and
    /// not yet handed to a frame; `nil` otherwise (not yet stored: ``fill(_:with:)`` reports it;
    /// already resumed: nothing to do).
    mutating func cancel(_ ticket: Ticket) -> Waiter? {
        guard ticket.generation == generation else { return nil }
        switch entries[ticket.index] {
        case .reserved:
            entries[ticket.index] = .cancelled
            liveCount -= 1
            return nil
        case .waiting(let waiter):
            entries[ticket.index] = .cancelled
            liveCount -= 1
            return waiter
        case .cancelled:
            return nil
        }
    }

    /// Ends every wait of this generation (its host is gone): a reserved slot becomes cancelled (its
    /// fill reports that), and each stored waiter is appended to `ended`, to be resumed with `nil`.
    mutating func endAll(into ended: inout [Waiter]) {
        for index in entries.indices {
            switch entries[index] {
            case .reserved:
                entries[index] = .cancelled
                liveCount -= 1
            case .waiting(let waiter):
                entries[index] = .cancelled
                liveCount -= 1
                ended.append(waiter)
            case .cancelled:
                break
            }
        }
    }

    /// Hands this generation's slots to `frame` (swapped into `buffer`, which must be empty) and
    /// starts the next generation. The caller resumes every `.waiting` entry of `buffer` in order,
    /// then empties it (keeping its capacity). Returns how many were waiting or reserved.
    mutating func takeAll(frame: SDLFrame, into buffer: inout [Entry]) -> Int {
        precondition(buffer.isEmpty, "FrameWaiterList.takeAll: the previous frame's buffer was not emptied")
        let taken = liveCount
        swap(&entries, &buffer)
        liveCount = 0
        generation &+= 1
        lastFrame = frame
        return taken
    }
}

extension FrameWaiterList: Sendable where Waiter: Sendable {}
extension FrameWaiterList.Entry: Sendable where Waiter: Sendable {}
