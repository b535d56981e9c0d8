import Dispatch
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
/// mid-shutdown. Each signal is ignored at the process level and observed through a Dispatch signal
/// source, so the handler is ordinary code (no async-signal-safety rules).
///
/// Escalation (counted from the host's start; signals before it are held for it):
/// 1. the first signal starts the orderly shutdown (exit 128+N), or, when another cause (window
///    close, a timed exit, a failed root) already started one, changes nothing: that shutdown
///    keeps its status and writes its outputs;
/// 2. the second stops waiting for tasks (skips the grace period);
/// 3. the third exits at once, from the signal thread, with the shutdown's status (128+N of the
///    first signal when that status would be 0): the way out of a host thread stuck in a job.
final class SignalWatcher: @unchecked Sendable {
    // @unchecked: `sources` is written once in init and never read again (it only keeps the
    // sources alive); everything else is the `state` mutex.

    /// The signals handled.
    static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP]

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
    }

    private let state = Mutex(State())
    private let sources: [any DispatchSourceSignal]

    private init() {
        var sources: [any DispatchSourceSignal] = []
        for number in Self.signals {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global(qos: .userInteractive))
            sources.append(source)
        }
        self.sources = sources
        for (number, source) in zip(Self.signals, sources) {
            source.setEventHandler { [unowned self] in received(number) }
            source.resume()
        }
    }

    /// Installs the handlers (idempotent).
    static func install() {
        _ = shared
    }

    /// The host starts: signals from now on (and any held) go to `target`.
    func attach(_ target: @escaping Target) {
        let held = state.withLock { state -> [Int32] in
            state.target = target
            state.status = nil
            state.count = 0
            state.first = nil
            let held = state.pending
            state.pending = []
            return held
        }
        for number in held { received(number) }
    }

    /// The host has stopped: later signals are held (and a third still exits at once).
    func detach() {
        state.withLock { $0.target = nil }
    }

    /// The running host's exit status so far, for a third-signal exit.
    func setStatus(_ status: Int32) {
        state.withLock { $0.status = status }
    }

    private enum Action {
        case deliver(Target, ordinal: Int)
        case hold
        case exitNow(Int32)
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
            return .deliver(target, ordinal: state.count)
        }
        switch action {
        case .deliver(let target, let ordinal):
            target(number, ordinal)
        case .hold:
            break
        case .exitNow(let status):
            writeToStandardError("SDLConcurrency: a third signal (\(number)): exiting at once with status \(status)\n")
            _exit(status)
        }
    }
}
