#if canImport(Glibc)
import Glibc
#endif

/// File descriptors free at a host's start, counted before anything needs one.
///
/// A host takes a handful (SDL's display connection, its wake-up eventfd, Dispatch's main-queue
/// port, fonts the app opens), and so does libdispatch, which the Swift runtime uses for every task
/// off the SDL thread: its event loop (epoll, an eventfd, timerfds) is made on the first use of the
/// global pool, and its pool monitor opens `/proc/<tid>/stat` while the pool's threads are busy.
/// libdispatch cannot report a failure there: it stops the process with `SIGILL` and no message
/// (`scripts/fd-exhaustion/` shows it without this library). So a host refuses to start, with
/// ``SDLError/tooFewFileDescriptors(free:needed:limit:)``, unless a margin is free.
enum FileDescriptorHeadroom {
    /// Free descriptors a host needs at its start.
    static let needed = 16

    /// How many descriptors can be opened now, counting up to `limit` (they are closed again).
    static func free(upTo limit: Int = needed) -> Int {
        var opened: [Int32] = []
        defer { for fd in opened { close(fd) } }
        while opened.count < limit {
            let fd = open("/dev/null", O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { break }
            opened.append(fd)
        }
        return opened.count
    }

    /// The soft limit on open descriptors (`ulimit -n`), or -1 when unknown or unlimited.
    static var softLimit: Int {
        var limit = rlimit()
        guard getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur != rlim_t.max else { return -1 }
        return Int(clamping: limit.rlim_cur)
    }

    /// Throws unless ``needed`` descriptors are free.
    static func check() throws(SDLError) {
        let free = free()
        if free < needed { throw .tooFewFileDescriptors(free: free, needed: needed, limit: softLimit) }
    }
}
