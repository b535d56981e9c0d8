#if canImport(Glibc)
import Glibc
#endif

/// State guarded by a plain `pthread_mutex_t`.
///
/// Why not `Synchronization.Mutex`: on Linux it is a priority-inheritance futex, whose contended
/// path always enters the kernel and hands the lock over strictly in turn. With many producer
/// threads on few cores, that convoy turns every enqueue into a context switch. glibc's default mutex lets a running thread re-take a free lock without a context switch,
/// which is what a short critical section hammered by many producers needs. And the thread
/// sanitizer understands a pthread mutex: `Mutex`'s contended hand-over happens inside the kernel,
/// where it cannot see the ordering, so it may report a race that is not there (it did, in the
/// bindings' scheduler). `package`: SDLWidgets uses it too.
package final class LockedState<State>: @unchecked Sendable {
    // @unchecked: `state` is only touched between pthread_mutex_lock and _unlock in `withLock`.
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private var state: State

    package init(_ initial: State) {
        state = initial
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        let result = pthread_mutex_init(mutex, nil)
        precondition(result == 0, "pthread_mutex_init failed with \(result)")
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    @inline(__always)
    package func withLock<Result>(_ body: (inout State) throws -> Result) rethrows -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&state)
    }
}
