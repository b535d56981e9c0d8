import Foundation
public import SDLConcurrency

/// Runs host loops from async tests.
///
/// `SDLActor` has one executor per process, so at most one host may run at a time: every entry here
/// holds a process-wide lock, which keeps parallel test suites from overlapping.
public enum HostHarness {
    /// The hosts the executor conformance suite runs against.
    public enum Kind: String, CaseIterable, Sendable {
        /// ``SDLHost`` with the dummy video driver, no window, real time.
        case sdlDummy
        /// ``ManualHost``: no SDL, virtual time.
        case manual
    }

    /// Runs `body` on a new thread (the host thread) while holding the process-wide host lock.
    public static func onHostThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        await hostLock.acquire()
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<T, any Error>, Never>) in
            let thread = Thread {
                continuation.resume(returning: Result { try body() })
            }
            thread.stackSize = 8 << 20
            thread.name = "sdl-host"
            thread.start()
        }
        await hostLock.release()
        return try result.get()
    }

    /// Runs an ``SDLHost`` (dummy driver, no window unless given) on its own thread with `root`,
    /// and returns how it exited.
    public static func runSDLHost(
        _ configuration: SDLHost.Configuration = dummyConfiguration(),
        root: @escaping @Sendable @SDLActor (SDLHost) async throws -> Void
    ) async throws -> HostExit {
        try await onHostThread { try SDLHost.run(configuration, root: root) }
    }

    /// A headless configuration: dummy driver, no signal handling (tests share the process).
    public static func dummyConfiguration(window: SDLHost.WindowOptions? = nil) -> SDLHost.Configuration {
        SDLHost.Configuration(videoDriver: "dummy", window: window, handlesSignals: false)
    }

    /// Runs `body` as the root operation on a host of the given kind and returns its result.
    public static func runGuest<T: Sendable>(
        on kind: Kind,
        _ body: @escaping @Sendable @SDLActor () async throws -> T
    ) async throws -> T {
        switch kind {
        case .manual:
            return try await onHostThread { try ManualHost().run(body) }
        case .sdlDummy:
            let box = ResultBox<T>()
            let exit = try await runSDLHost { _ in box.set(try await body()) }
            if case .rootFailed(let message) = exit.reason { throw HarnessError.rootFailed(message) }
            guard let value = box.get() else { throw HarnessError.noResult(exit) }
            return value
        }
    }

    public enum HarnessError: Error {
        case rootFailed(String)
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

/// A FIFO async lock: one host at a time in the whole test process.
actor AsyncLock {
    private var held = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func acquire() async {
        if !held {
            held = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    func release() {
        if waiters.isEmpty {
            held = false
        } else {
            waiters.removeFirst().resume()
        }
    }
}

let hostLock = AsyncLock()
