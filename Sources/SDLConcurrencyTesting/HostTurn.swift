import Foundation

/// The process-wide turn of the one host `SDLActor` allows at a time.
///
/// `SDLActor` has one executor per process, so two hosts cannot run at once. Every host this
/// library starts — ``ManualHost``, and ``HostHarness``'s `SDLHost` runs — first takes this turn
/// on the thread it will run on, and waits while another thread holds it. Parallel tests then take
/// turns instead of failing with "a host is already running on another thread".
///
/// The turn is re-entrant per thread: a ``ManualHost`` run inside ``HostHarness/onHostThread(_:)``
/// (which already holds it) proceeds at once.
enum HostTurn {
    struct Holder {
        var thread: UInt = 0
        var depth = 0
    }

    /// Guards `holder`; waiters sleep on it until the turn is free.
    private static let condition = NSCondition()
    // nonisolated(unsafe): read and written only while `condition` is locked.
    nonisolated(unsafe) private static var holder = Holder()

    /// Takes the turn for the calling thread, blocking while another thread holds it.
    static func acquire() {
        let me = UInt(pthread_self())
        condition.lock()
        defer { condition.unlock() }
        while holder.depth > 0, holder.thread != me {
            condition.wait()
        }
        holder.thread = me
        holder.depth += 1
    }

    /// Gives the turn back (once per ``acquire()``), on the thread that took it.
    static func release() {
        condition.lock()
        defer { condition.unlock() }
        precondition(holder.depth > 0 && holder.thread == UInt(pthread_self()),
                     "HostTurn.release() called on a thread that does not hold the turn")
        holder.depth -= 1
        if holder.depth == 0 {
            holder.thread = 0
            condition.broadcast()
        }
    }

    /// Runs `body` holding the turn.
    static func withTurn<T>(_ body: () throws -> T) rethrows -> T {
        acquire()
        defer { release() }
        return try body()
    }
}
