import Foundation
import Synchronization

/// Monotonic nanoseconds (`CLOCK_MONOTONIC`).
@inline(__always)
func nowNanoseconds() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}

/// CPU time (user + system) of this process, in nanoseconds.
func processCPUNanoseconds() -> UInt64 {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    func ns(_ t: timeval) -> UInt64 { UInt64(t.tv_sec) * 1_000_000_000 + UInt64(t.tv_usec) * 1_000 }
    return ns(usage.ru_utime) + ns(usage.ru_stime)
}

/// Peak resident set size of this process, in MiB.
func peakRSSMiB() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
}

/// One named figure printed by a child process.
struct Figure: Sendable {
    var metric: String
    var value: Double
    var unit: String
}

/// A lock-protected list of samples filled on any thread.
final class Samples: Sendable {
    private let storage = Mutex<[Double]>([])
    func append(_ value: Double) { storage.withLock { $0.append(value) } }
    var values: [Double] { storage.withLock { $0 } }
}

/// A lock-protected countdown that resumes a continuation when it reaches zero.
final class Countdown: Sendable {
    private let state: Mutex<(remaining: Int, continuation: CheckedContinuation<Void, Never>?)>
    private let counted = Atomic<Int>(0)
    init(_ count: Int) { state = Mutex((count, nil)) }

    /// How many times `tick()` ran.
    var ticks: Int { counted.load(ordering: .acquiring) }

    func wait() async {
        await withCheckedContinuation { continuation in
            let done = state.withLock { state -> Bool in
                if state.remaining == 0 { return true }
                state.continuation = continuation
                return false
            }
            if done { continuation.resume() }
        }
    }

    func tick() {
        counted.add(1, ordering: .releasing)
        let continuation = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.remaining -= 1
            if state.remaining == 0 { defer { state.continuation = nil }; return state.continuation }
            return nil
        }
        continuation?.resume()
    }
}

func percentile(_ sorted: [Double], _ p: Double) -> Double {
    guard !sorted.isEmpty else { return .nan }
    let rank = Int((p / 100 * Double(sorted.count - 1)).rounded())
    return sorted[min(max(rank, 0), sorted.count - 1)]
}

/// The middle value; the mean of the two middle values for an even count.
func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return .nan }
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/// Starts a plain OS thread (producers in the cross-thread workloads).
func startThread(_ body: @escaping @Sendable () -> Void) {
    let thread = Thread { body() }
    thread.stackSize = 1 << 20
    thread.start()
}
