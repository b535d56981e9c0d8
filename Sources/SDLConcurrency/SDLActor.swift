/// The global actor of everything that touches SDL: its executor is the SDL host loop's thread.
///
/// `@MainActor` cannot play this role here: while the SDL loop owns the main thread on Linux,
/// main-actor jobs (drained by Dispatch's main queue) never run.
@globalActor
public final actor SDLActor: GlobalActor {
    public static let shared = SDLActor()

    private init() {}

    public nonisolated var unownedExecutor: UnownedSerialExecutor {
        SDLExecutor.shared.asUnownedSerialExecutor()
    }
}

extension SDLActor {
    /// Runs `operation` synchronously as `SDLActor`-isolated code. For event-handler code that runs
    /// on the SDL thread outside any job. Calling it on another thread is a programmer error and
    /// stops the program with a message naming the call site.
    public static func assumeIsolated<T: Sendable>(
        _ operation: @SDLActor () throws -> T,
        file: StaticString = #fileID,
        line: UInt = #line
    ) rethrows -> T {
        typealias Isolated = @SDLActor () throws -> T
        typealias Plain = () throws -> T
        guard SDLExecutor.shared.isOnHostThread else {
            preconditionFailure(
                "SDLActor.assumeIsolated called off the SDL host thread (or with no host running)",
                file: file, line: line)
        }
        // Sound: the check above proves we are on the only thread that runs SDLActor jobs, and it
        // runs them one at a time, so no other SDLActor code can run concurrently.
        return try withoutActuallyEscaping(operation) { (isolated: @escaping Isolated) throws -> T in
            let plain = unsafe unsafeBitCast(isolated, to: Plain.self)
            return try plain()
        }
    }

    /// Lets the loop take a turn (input, drawing, other ready jobs and due timers) and resumes this
    /// task on the SDL thread: the `asyncio.sleep(0)` of this world.
    ///
    /// Cheaper than `Task.yield()`: the suspended continuation itself waits in the ready queue, so
    /// the hop never leaves the SDL thread even for a task without the SDL executor preference.
    public nonisolated(nonsending) static func yield() async {
        await withUnsafeContinuation { (continuation: UnsafeContinuation<Void, Never>) in
            SDLExecutor.shared.submit(.resume(continuation))
        }
    }

    /// Starts an `SDLActor` task that prefers the SDL task executor (SE-0417), so its continuation
    /// resumes, `Task.yield()` and nonisolated async steps stay on the SDL thread. Not tracked by a
    /// host: use ``SDLHost/spawn(name:operation:)`` for work that shutdown must cancel and await.
    ///
    /// Heavy nonisolated work awaited by such a task also runs on the SDL thread: send it elsewhere
    /// explicitly (`Task.detached` without a preference).
    @discardableResult
    public static func task<Success: Sendable>(
        name: String? = nil,
        priority: TaskPriority? = nil,
        operation: @escaping @Sendable @SDLActor () async -> Success
    ) -> Task<Success, Never> {
        Task(name: name, executorPreference: SDLExecutor.shared.taskExecutor, priority: priority, operation: operation)
    }

    /// The throwing form of `task(name:priority:operation:)`.
    @discardableResult
    public static func task<Success: Sendable>(
        name: String? = nil,
        priority: TaskPriority? = nil,
        operation: @escaping @Sendable @SDLActor () async throws -> Success
    ) -> Task<Success, any Error> {
        Task(name: name, executorPreference: SDLExecutor.shared.taskExecutor, priority: priority, operation: operation)
    }
}
