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
    /// Whole nanoseconds, rounded up, clamped to `0...UInt64.max`.
    var nanosecondsRoundedUp: UInt64 {
        let (seconds, attoseconds) = components
        if seconds < 0 || (seconds == 0 && attoseconds <= 0) { return 0 }
        if seconds >= Int64(UInt64.max / 1_000_000_000) { return UInt64.max }
        let wholeNanos = UInt64(attoseconds / 1_000_000_000)
        let remainder = attoseconds % 1_000_000_000
        return UInt64(seconds) * 1_000_000_000 + wholeNanos + (remainder > 0 ? 1 : 0)
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
