import Foundation
public import SDLConcurrency
internal import CSDL2

/// Runs host loops from async tests.
///
/// `SDLActor` has one executor per process, so at most one host may run at a time. Every entry here
/// runs its host on a new thread that first waits for the process-wide host turn (which
/// ``ManualHost`` takes too), so parallel test suites take turns instead of failing. Waiting happens
/// on that thread: the caller's task suspends and no thread of Swift's cooperative pool is blocked.
public enum HostHarness {
    /// The hosts the executor conformance suite runs against.
    public enum Kind: String, CaseIterable, Sendable {
        /// `SDLHost` with the dummy video driver, no window, real time.
        case sdlDummy
        /// ``ManualHost``: no SDL, virtual time.
        case manual
        /// An `AttachedGuest` in a hand-written SDL loop (events subsystem only), real time.
        case attached
    }

    /// Runs `body` on a new thread (the host thread) once that thread holds the process-wide host
    /// turn, and returns its result. Start any host inside `body` (`SDLHost.run(_:root:)`, a
    /// ``ManualHost``, an `AttachedGuest`): it runs alone.
    public static func onHostThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<T, any Error>, Never>) in
            let thread = Thread {
                continuation.resume(returning: Result { try HostTurn.withTurn(body) })
            }
            thread.stackSize = 8 << 20
            thread.name = "sdl-host"
            thread.start()
        }
        return try result.get()
    }

    /// Runs an `SDLHost` (dummy driver, no window unless given) on its own thread with `root`,
    /// and returns how it exited.
    public static func runSDLHost(
        _ configuration: SDLHost.Configuration = dummyConfiguration(),
        root: @escaping @Sendable @SDLActor (SDLHost) async throws -> Void
    ) async throws -> HostExit {
        try await onHostThread { try SDLHost.run(configuration, root: root) }
    }

    /// A headless configuration: dummy driver, no signal handling (tests share the process), the
    /// root's end is the run's end (`AfterRoot.quit`), windows or not, and shutdown waits up to
    /// 30 s for cancelled tasks: the grace period is wall time, and tests running beside others
    /// can have Swift's cooperative pool busy for seconds (a test that wants a leak sets its own).
    public static func dummyConfiguration(window: SDLHost.WindowOptions? = nil) -> SDLHost.Configuration {
        var configuration = SDLHost.Configuration(videoDriver: "dummy", window: window, afterRoot: .quit, handlesSignals: false)
        configuration.shutdownGracePeriod = .seconds(30)
        return configuration
    }

    /// Runs `body` as the root operation on a host of the given kind and returns its result.
    public static func runGuest<T: Sendable>(
        on kind: Kind,
        _ body: @escaping @Sendable @SDLActor () async throws -> T
    ) async throws -> T {
        switch kind {
        case .manual:
            return try await onHostThread { try ManualHost().run(body) }
        case .attached:
            return try await onHostThread { try runInOwnLoop(body) }
        case .sdlDummy:
            let box = ResultBox<T>()
            let exit = try await runSDLHost { _ in box.set(try await body()) }
            if case .rootFailed(let message) = exit.reason { throw HarnessError.rootFailed(message) }
            guard let value = box.get() else { throw HarnessError.noResult(exit) }
            return value
        }
    }

    /// The loop the `AttachedGuest` documentation shows, run until `body` (an `SDLActor` task)
    /// has finished. Host thread.
    private static func runInOwnLoop<T: Sendable>(_ body: @escaping @Sendable @SDLActor () async throws -> T) throws -> T {
        guard SDL_Init(SDL_INIT_EVENTS) == 0 else {
            throw HarnessError.rootFailed("SDL_Init(SDL_INIT_EVENTS) failed: \(String(cString: SDL_GetError()))")
        }
        defer { SDL_Quit() }
        let guest = try AttachedGuest()
        defer { guest.detach() }
        let box = ResultBox<Result<T, any Error>>()
        SDLActor.task {
            do { box.set(.success(try await body())) } catch { box.set(.failure(error)) }
        }
        while box.get() == nil {
            var event = SDL_Event()
            if SDL_WaitEventTimeout(&event, guest.waitTimeout()) == 1 {
                repeat { guest.handle(event) } while SDL_PollEvent(&event) == 1
            }
            guest.runReadyWork()
        }
        return try box.get()!.get()
    }

    /// Why ``runGuest(on:_:)`` returned no value.
    public enum HarnessError: Error {
        /// The root operation threw; the error's description.
        case rootFailed(String)
        /// The host ended without the root returning (how it ended).
        case noResult(HostExit)
    }
}

/// A one-shot, lock-protected slot for a value produced on the host thread.
final class ResultBox<T: Sendable>: @unchecked Sendable {
    // @unchecked: `value` is only touched under `lock`.
    private let lock = NSLock()
    private var value: T?
    func set(_ newValue: T) { lock.withLock { value = newValue } }
    func get() -> T? { lock.withLock { value } }
}
