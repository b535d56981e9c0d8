#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Identity of an OS thread, cheap to read and compare from any thread.
struct ThreadID: Equatable, Sendable {
    let raw: UInt

    static var current: ThreadID {
        #if canImport(Glibc)
        ThreadID(raw: UInt(pthread_self()))
        #else
        ThreadID(raw: UInt(bitPattern: pthread_self()))
        #endif
    }

    /// Raw value meaning "no thread"; `pthread_self()` is never 0 on Linux.
    static let none: UInt = 0
}

/// Monotonic time in nanoseconds (`CLOCK_MONOTONIC`), the base of ``SDLClock`` in real time.
@inline(__always)
func monotonicNanoseconds() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
}

extension Duration {
    /// Whole nanoseconds, rounded up, clamped to `0...UInt64.max`. Never traps: it reads the
    /// `Int128` attoseconds directly (`components` traps past `Int64.max` seconds).
    var nanosecondsRoundedUp: UInt64 {
        let attoseconds = self.attoseconds
        if attoseconds <= 0 { return 0 }
        let (nanoseconds, remainder) = attoseconds.quotientAndRemainder(dividingBy: 1_000_000_000)
        return UInt64(clamping: nanoseconds) &+ (remainder > 0 && nanoseconds < Int128(UInt64.max) ? 1 : 0)
    }

    /// The magnitude in whole nanoseconds, rounded up, clamped to `UInt64.max` (never traps, also
    /// for the most negative `Duration`, whose negation would overflow).
    var magnitudeNanosecondsRoundedUp: UInt64 {
        let magnitude = attoseconds.magnitude
        let (nanoseconds, remainder) = magnitude.quotientAndRemainder(dividingBy: 1_000_000_000)
        return UInt64(clamping: nanoseconds) &+ (remainder > 0 && nanoseconds < UInt128(UInt64.max) ? 1 : 0)
    }
}

extension UInt64 {
    /// `self + other`, or `UInt64.max` when that overflows (deadlines: "now + a huge duration" is
    /// "never", not a wrapped-around time in the past).
    @inline(__always)
    func saturatingAdd(_ other: UInt64) -> UInt64 {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? .max : sum
    }
}

/// Writes `text` to standard error unbuffered (no shared `FILE *`, so no data race on `stderr`).
func writeToStandardError(_ text: String) {
    var text = text
    text.withUTF8 { bytes in
        var offset = 0
        while offset < bytes.count {
            let written = write(2, bytes.baseAddress! + offset, bytes.count - offset)
            if written <= 0 { return }  // nowhere left to report a failing stderr
            offset += written
        }
    }
}
