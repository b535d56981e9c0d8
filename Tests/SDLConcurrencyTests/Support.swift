import Foundation
import Synchronization

/// A value behind an `NSLock`, for state that several threads write at once.
///
/// Why not `Synchronization.Mutex`: on Linux its contended path hands the lock over inside the
/// kernel (a priority-inheritance futex), where the thread sanitizer cannot see it, so `make tsan`
/// reported a data race between two threads that had in fact taken turns (FloodTests' producers
/// stopping together). `NSLock` is a pthread mutex, which the sanitizer understands.
final class Locked<Value: Sendable>: @unchecked Sendable {
    // @unchecked: `value` is only touched while `lock` is held, in `withLock`.
    private let lock = NSLock()
    private var value: Value
    init(_ initial: Value) { value = initial }
    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}

/// A thread-safe log of values, for ordering assertions (appended to from any thread).
final class Log<T: Sendable>: Sendable {
    private let storage = Locked<[T]>([])
    func append(_ value: T) { storage.withLock { $0.append(value) } }
    var values: [T] { storage.withLock { $0 } }
}

/// A thread-safe counter.
final class Counter: Sendable {
    private let value = Atomic<Int>(0)
    @discardableResult
    func increment(by amount: Int = 1) -> Int { value.add(amount, ordering: .sequentiallyConsistent).newValue }
    var count: Int { value.load(ordering: .sequentiallyConsistent) }
}

/// A thread-safe flag.
final class Flag: Sendable {
    private let value = Atomic<Bool>(false)
    func set() { value.store(true, ordering: .sequentiallyConsistent) }
    var isSet: Bool { value.load(ordering: .sequentiallyConsistent) }
}

/// Blocks the calling thread for `seconds` and returns `value`: stands for slow work on another
/// thread (tests only; the loop under test must wait for it without polling).
func slowWork<T>(seconds: Double, returning value: T) -> T {
    Thread.sleep(forTimeInterval: seconds)
    return value
}

/// `make tsan` sets `SDLCONCURRENCY_SANITIZER`: code runs several times slower there, so bounds on
/// wall-clock time and on how often a loop turned are checked only without it.
let runsUnderSanitizer = getenv("SDLCONCURRENCY_SANITIZER") != nil
