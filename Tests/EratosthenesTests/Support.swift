import SDLConcurrency
import SDLConcurrencyTesting

/// Runs `body` on the SDL actor of a virtual-time `ManualHost` (no SDL).
func onSDLActor<T: Sendable>(_ body: @escaping @Sendable @SDLActor () async throws -> T) async throws -> T {
    try await HostHarness.runGuest(on: .manual, body)
}
