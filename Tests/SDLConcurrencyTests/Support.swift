import Foundation
import Synchronization

/// A thread-safe log of values, for ordering assertions.
final class Log<T: Sendable>: Sendable {
    private let storage = Mutex<[T]>([])
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
