import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Turns `SIGINT`, `SIGTERM` and `SIGHUP` into the host's shutdown path, instead of SDL's own
/// handlers (which make Ctrl+C indistinguishable from a window close) or the default action
/// (death by the signal: no outputs written, no exit status of our choosing).
///
/// One per process, installed by the first ``SDLHost/installSignalHandlers()`` or the first
/// ``SDLHost/run(_:root:)`` that handles signals — before SDL starts — and **never removed**:
/// restoring the default action before the process exits would let a second Ctrl+C kill it
/// mid-shutdown.
///
/// Mechanism: a `sigaction` handler that only writes the signal's number to a pipe (the self-pipe
/// trick: `write` is async-signal-safe), and a thread of its own blocked reading that pipe, where
/// the rest is ordinary code. The handler is in place when ``install()`` returns. (Dispatch signal
/// sources were used before: libdispatch arms them asynchronously, so a signal right after
/// start-up could still be lost or kill the process.)
///
/// A signal the process inherited as ignored (`nohup` ignores `SIGHUP`; a non-interactive shell's
/// `cmd &` ignores `SIGINT`) stays ignored: the handler is installed only where the disposition
/// was not `SIG_IGN`, as shells and Qt/GLib apps do.
///
/// While a host starts (``attach(_:startupBound:)`` until ``hostStarted()``: the display probe,
/// `SDL_Init`, the first window) nothing of the app has run on it yet, and SDL can block there for
/// good (an X server that accepts and never answers). A signal then is delivered as usual (the
/// orderly path at the host's first turn, when the start ends soon); if the host has still not
/// started `startupBound` after it, or a second signal arrives, the watcher's thread exits the
/// process at once with 128+N: no root, slot or main-actor job of this host has run, so no output
/// of the app's is cut short that the orderly path would have written.
///
/// Escalation (counted from the host's start; signals before it are held for it):
/// 1. the first signal starts the orderly shutdown (exit 128+N), or, when another cause (window
///    close, a timed exit, a failed root) already started one, changes nothing: that shutdown
///    keeps its status and writes its outputs;
/// 2. the second stops waiting for tasks (skips the grace period);
/// 3. the third exits at once, from the signal thread, with the shutdown's status (128+N of the
///    first signal when that status would be 0): the way out of a host thread stuck in a job.
final class SignalWatcher: Sendable {

    /// The signals handled.
    static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    /// How long a signal waits for a starting host before the process exits (start-ups take
    /// 0.1–0.3 s with a GL renderer; the default shutdown grace period, for a host that hung).
    static let startupBound: Duration = .seconds(2)

    /// The process's watcher; the first access installs it (thread-safe: a global's lazy init).
    static let shared = SignalWatcher()

    /// Receives (signal, its ordinal since the host attached: 1 or 2) on the signal thread.
    typealias Target = @Sendable (_ signal: Int32, _ ordinal: Int) -> Void

    private struct State {
        var target: Target?
        /// Signals since the host attached (or since install, while none has).
        var count = 0
        /// Signals that arrived while no host was attached, delivered when one attaches.
        var pending: [Int32] = []
        /// The first signal counted: its number sets the status of a third-signal exit.
        var first: Int32?
        /// The status the running host would exit with now (`nil` before its shutdown began).
        var status: Int32?
        /// The attached host is starting (see the type's comment): how long a signal may wait for it.
        var startupBound: UInt64?
        /// Signals delivered while the host was starting; held again if its start fails.
        var startupSignals: [Int32] = []
        /// Monotonic ns by which a starting host must have started, once a signal arrived meanwhile.
        var startupDeadline: UInt64?
    }

    private let state = LockedState(State())
    /// The pipe's read end, read by the watcher's thread only.
    private let readEnd: Int32

    private init() {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else {
            preconditionFailure("SignalWatcher: pipe failed (errno \(errno)): no file descriptors left at start-up")
        }
        // Non-blocking write end: a burst of signals that fills the pipe drops signals (the third
        // has exited the process by then) instead of blocking inside a handler.
        _ = fcntl(ends[1], F_SETFL, O_NONBLOCK)
        // Not inherited by programs the app starts.
        _ = fcntl(ends[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(ends[1], F_SETFD, FD_CLOEXEC)
        readEnd = ends[0]
        signalPipeWriteEnd = ends[1]
        for number in Self.signals {
            // Inherited as ignored (nohup, `cmd &`): the user asked for it; keep it ignored.
            var inherited = sigaction()
            if sigaction(number, nil, &inherited) == 0,
               unsafeBitCast(inherited.__sigaction_handler.sa_handler, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self) {
                continue
            }
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { number in
                let saved = errno
                var byte = UInt8(truncatingIfNeeded: number)
                _ = write(signalPipeWriteEnd, &byte, 1)
                errno = saved
            }
            // SA_RESTART: the host's and SDL's system calls go on instead of failing with EINTR.
            action.sa_flags = SA_RESTART
            sigemptyset(&action.sa_mask)
            sigaction(number, &action, nil)
        }
    }

    /// The watcher's thread: turns each byte from the handler into ``received(_:)``.
    private func readSignals() -> Never {
        var byte: UInt8 = 0
        while true {
            // Blocks for good unless a signal waits for a starting host: then until its deadline.
            if let deadline = state.withLock({ $0.startupDeadline }) {
                let now = monotonicNanoseconds()
                if now >= deadline {
                    startupOverdue()
                    continue
                }
                var request = pollfd(fd: readEnd, events: Int16(POLLIN), revents: 0)
                let millis = Int32(clamping: (deadline - now + 999_999) / 1_000_000)
                if poll(&request, 1, millis) <= 0 { continue }
            }
            let count = read(readEnd, &byte, 1)
            if count == 1 {
                // 0 is no signal: `attach` asking this thread to look at the deadline again.
                if byte != 0 { received(Int32(byte)) }
            } else if count < 0, errno == EINTR {
                continue
            } else {
                // The write end is never closed; a failing read leaves signals ignored, never fatal.
                writeToStandardError("SDLConcurrency: the signal watcher stopped (read failed, errno \(errno))\n")
                while true { pause() }
            }
        }
    }

    /// Installs the handlers and starts the watcher's thread (idempotent, thread-safe).
    static func install() {
        _ = started
    }

    /// The thread starts once `shared` exists (reading `shared` from it while `shared` is being
    /// initialised would deadlock).
    private static let started: Bool = {
        let watcher = shared
        var thread = pthread_t()
        // The watcher lives as long as the process (a static), so an unretained pointer is safe.
        let context = Unmanaged.passUnretained(watcher).toOpaque()
        let created = pthread_create(&thread, nil, { context in
            Unmanaged<SignalWatcher>.fromOpaque(context!).takeUnretainedValue().readSignals()
        }, context)
        precondition(created == 0, "SignalWatcher: pthread_create failed (\(created))")
        pthread_detach(thread)
        return true
    }()

    /// The host starts: signals from now on (and any held) go to `target`. Until ``hostStarted()``
    /// a signal may wait `startupBound` for the host before the process exits with 128+N.
    func attach(_ target: @escaping Target, startupBound: Duration = SignalWatcher.startupBound) {
        let held = state.withLock { state -> [Int32] in
            state.target = target
            state.status = nil
            state.count = 0
            state.first = nil
            state.startupBound = startupBound.nanosecondsRoundedUp
            state.startupSignals = []
            state.startupDeadline = nil
            let held = state.pending
            state.pending = []
            return held
        }
        for number in held { received(number) }
    }

    /// The host has started (SDL is up, its windows open): signals take the orderly path only.
    func hostStarted() {
        state.withLock { state in
            state.startupBound = nil
            state.startupSignals = []
            state.startupDeadline = nil
        }
    }

    /// The host has stopped: later signals are held (and a third still exits at once). A host whose
    /// start failed never ran the jobs its signals posted: they are held again, for the next host.
    func detach() {
        state.withLock { state in
            state.target = nil
            if state.startupBound != nil {
                // Still counted: a third signal meanwhile exits at once, as for any held signal.
                state.pending = state.startupSignals + state.pending
            }
            state.startupBound = nil
            state.startupSignals = []
            state.startupDeadline = nil
        }
    }

    /// The running host's exit status so far, for a third-signal exit.
    func setStatus(_ status: Int32) {
        state.withLock { $0.status = status }
    }

    private enum Action {
        case deliver(Target, ordinal: Int)
        case deliverWhileStarting(Target)
        case hold
        case exitNow(Int32)
        case exitWhileStarting(Int32)
    }

    private func received(_ number: Int32) {
        let action = state.withLock { state -> Action in
            state.count += 1
            if state.first == nil { state.first = number }
            if state.count >= 3 {
                if let status = state.status, status != 0 { return .exitNow(status) }
                return .exitNow(128 + (state.first ?? number))
            }
            guard let target = state.target else {
                state.pending.append(number)
                return .hold
            }
            if let bound = state.startupBound {
                // The host is starting: nothing of the app has run on it (see the type's comment).
                if state.count >= 2 { return .exitWhileStarting(128 + (state.first ?? number)) }
                state.startupSignals.append(number)
                state.startupDeadline = monotonicNanoseconds().saturatingAdd(bound)
                return .deliverWhileStarting(target)
            }
            return .deliver(target, ordinal: state.count)
        }
        switch action {
        case .deliver(let target, let ordinal):
            target(number, ordinal)
        case .deliverWhileStarting(let target):
            target(number, 1)
            // The watcher's thread may be blocked with no deadline (a held signal delivered by
            // `attach` on the host's thread): a 0 byte makes it look again.
            var wake: UInt8 = 0
            _ = write(signalPipeWriteEnd, &wake, 1)
        case .hold:
            break
        case .exitNow(let status):
            writeToStandardError("SDLConcurrency: a third signal (\(number)): exiting at once with status \(status)\n")
            _exit(status)
        case .exitWhileStarting(let status):
            writeToStandardError("SDLConcurrency: a second signal (\(number)) while the host was starting: exiting at once with status \(status)\n")
            _exit(status)
        }
    }

    /// A signal has waited `startupBound` for a host that is still starting (SDL_Init blocked on a
    /// display that does not answer, typically): exit now, from this thread. `_exit` is safe here:
    /// the host thread is inside SDL's start-up, and no job of the app's has run on the host.
    private func startupOverdue() {
        let exit = state.withLock { state -> (Int32, UInt64)? in
            guard state.startupBound != nil, let deadline = state.startupDeadline,
                  monotonicNanoseconds() >= deadline, let first = state.startupSignals.first else {
                return nil
            }
            return (128 + first, state.startupBound ?? 0)
        }
        guard let (status, bound) = exit else { return }
        let seconds = (Double(bound) / 1e8).rounded() / 10
        writeToStandardError(
            "SDLConcurrency: a signal arrived while the host was starting, and it has not started \(seconds) s later "
            + "(SDL_Init or the display blocked?): exiting with status \(status)\n")
        _exit(status)
    }
}

/// The self-pipe's write end, for the signal handler (which can capture nothing).
/// nonisolated(unsafe): written once in `SignalWatcher.init`, before any handler that reads it is
/// installed, and never again; the handlers only read it.
private nonisolated(unsafe) var signalPipeWriteEnd: Int32 = -1
