/// Keeps re-emission from overflowing the SDL thread's stack.
///
/// A ``Signal`` emitted on the SDL thread delivers synchronously, so a slot that emits (its own
/// signal, or one whose slot emits back) nests a whole delivery in its own stack frame. A few
/// thousand levels overflow the stack (SIGSEGV, no diagnostic). Up to ``maximumDepth`` nested
/// deliveries stay synchronous, as documented; an emission deeper than that is appended to a FIFO
/// queue instead, and the delivery at the deepest level runs the queue as soon as it returns,
/// before control goes back to the slot that emitted at the level above. The queued deliveries run
/// at that same level, so their own re-emissions queue in turn, and the stack stays bounded however
/// long the chain: a chain of 100,000 re-emissions runs in a loop, not in 100,000 frames.
///
/// Order: every emission is delivered, exactly once, in the order emitted among those queued; past
/// the depth an emission returns before its slots have run (they run when the delivery in progress
/// at the deepest level has returned, not later than that).
///
/// Threads: SDL thread only (`SDLActor`), like every delivery.
@SDLActor
enum EmissionQueue {
    /// Nested synchronous deliveries allowed before emissions are queued. A level (emit, delivery,
    /// slot) takes about 4 kB of stack in a debug build, so 64 levels take about 250 kB: room to
    /// spare on the main thread's 8 MB and on a 512 kB secondary thread, where a host may also run.
    /// Deep enough that ordinary code (a slot updating a model that emits its own change signal)
    /// never sees the queue.
    nonisolated static let maximumDepth = 64

    /// Deliveries in progress on the SDL thread right now.
    private(set) static var depth = 0
    /// Emissions waiting for the deepest delivery to return, oldest first from `head`.
    private static var queued: [@SDLActor () -> Void] = []
    private static var head = 0

    /// Emissions queued and not yet delivered (for tests).
    static var pendingCount: Int { queued.count - head }

    /// Runs `delivery` now, nested, or queues it when `maximumDepth` deliveries are in progress.
    static func deliver(_ delivery: @escaping @SDLActor () -> Void) {
        if depth >= maximumDepth {
            queued.append(delivery)
            return
        }
        depth += 1
        delivery()
        depth -= 1
        // Only the deepest level queues work, so only its return has any to run (draining at
        // every level would run queued work ahead of the level that queued it).
        guard depth == maximumDepth - 1, head < queued.count else { return }
        while head < queued.count {
            let next = queued[head]
            head += 1
            depth += 1
            next()
            depth -= 1
        }
        queued.removeAll(keepingCapacity: queued.count <= 1024)
        head = 0
    }
}
