import SDLConcurrency
import SDLConcurrencyTesting
import SDLWidgets
import Synchronization

/// A thread-safe log of values, for ordering assertions.
final class Log<T: Sendable>: Sendable {
    private let storage = Mutex<[T]>([])
    func append(_ value: T) { storage.withLock { $0.append(value) } }
    var values: [T] { storage.withLock { $0 } }
}

/// Runs `body` on the SDL actor of a virtual-time `ManualHost` (no SDL): for widget tests.
func onSDLActor<T: Sendable>(_ body: @escaping @Sendable @SDLActor () async throws -> T) async throws -> T {
    try await HostHarness.runGuest(on: .manual, body)
}
