import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// Turns `SIGINT` and `SIGTERM` into a call on the host thread, instead of SDL's own handlers (which
/// make Ctrl+C indistinguishable from a window close).
///
/// The signal is ignored at the process level and observed through a Dispatch signal source, so the
/// handler is ordinary code (no async-signal-safety rules) that posts to the host's ready queue.
final class SignalWatcher: @unchecked Sendable {
    // @unchecked: `sources` is set once in init and only read (to cancel) afterwards, on the host thread.
    private let sources: [any DispatchSourceSignal]
    private let signals: [Int32]

    init(signals: [Int32], handler: @escaping @Sendable (Int32) -> Void) {
        self.signals = signals
        var sources: [any DispatchSourceSignal] = []
        for number in signals {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { handler(number) }
            source.resume()
            sources.append(source)
        }
        self.sources = sources
    }

    func cancel() {
        for source in sources { source.cancel() }
        for number in signals { signal(number, SIG_DFL) }
    }
}
