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
        guard SDLExecutor.shared.isHostThread else {
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
    /// Unlike `Task.yield()`, the hop never leaves the SDL thread, with or without the SDL executor
    /// preference: the task waits at the back of the SDL ready queue, not in the global pool.
    public nonisolated(nonsending) static func yield() async {
        if let context = SDLExecutor.shared.yieldContext(#isolation) {
            // Code that runs on the SDL thread parks its own job at the back of the ready queue:
            // one job, no hop back (see `YieldSlot`).
            YieldSlot.shared.pending = FrameWaiterRun(context: context)
            await YieldSlot.shared.pass()
            return
        }
        if SDLExecutor.shared.currentTaskPrefersSDLExecutor {
            // A task that already prefers the SDL executor, running on it, would take the hop below
            // inline (same task executor, same thread): no suspension at all. Task.yield() really
            // suspends, and the runtime hands the resumed task to the SDL task executor.
            await Task.yield()
        } else {
            await withNonisolatedWorkOnSDLThread { await hopToPreferredExecutor() }
        }
    }

    /// Starts an `SDLActor` task. Not tracked by a host: use `SDLHost.spawn(name:priority:nonisolatedWork:operation:)`
    /// for work that shutdown must cancel and await.
    ///
    /// With the default ``NonisolatedWork/offSDLThread`` the task follows Swift's rules: its
    /// `@SDLActor` code runs on the SDL thread, and nonisolated or `@concurrent` async functions it
    /// awaits run on the global pool. ``NonisolatedWork/onSDLThread`` gives it the SDL executor
    /// preference instead (SE-0417): every hop stays on the SDL thread — much faster for coroutines
    /// that await often — and so does every nonisolated function it awaits, `@concurrent` included.
    @discardableResult
    public static func task<Success: Sendable>(
        name: String? = nil,
        priority: TaskPriority? = nil,
        nonisolatedWork: NonisolatedWork = .offSDLThread,
        operation: @escaping @Sendable @SDLActor () async -> Success
    ) -> Task<Success, Never> {
        switch nonisolatedWork {
        case .offSDLThread:
            Task(name: name, priority: priority, operation: operation)
        case .onSDLThread:
            Task(name: name, executorPreference: SDLExecutor.shared.taskExecutor, priority: priority, operation: operation)
        }
    }

    /// The throwing form of `task(name:priority:nonisolatedWork:operation:)`.
    @discardableResult
    public static func task<Success: Sendable>(
        name: String? = nil,
        priority: TaskPriority? = nil,
        nonisolatedWork: NonisolatedWork = .offSDLThread,
        operation: @escaping @Sendable @SDLActor () async throws -> Success
    ) -> Task<Success, any Error> {
        switch nonisolatedWork {
        case .offSDLThread:
            Task(name: name, priority: priority, operation: operation)
        case .onSDLThread:
            Task(name: name, executorPreference: SDLExecutor.shared.taskExecutor, priority: priority, operation: operation)
        }
    }
}

/// Where the nonisolated async functions a task awaits run — `@concurrent` ones included.
///
/// Swift's rule (SE-0461) is that a `@concurrent` function runs off the caller's actor, on the
/// global pool; every task the library starts follows it by default. A task that *prefers* the SDL
/// executor (SE-0417) runs all its nonisolated work on the SDL thread instead; in exchange its
/// continuation resumes and `Task.yield()` never leave that thread, which makes it many times
/// faster for coroutines that hop often (the sieve's markers). Choose it only for such hot code,
/// and send CPU work elsewhere explicitly (`Task.detached`) from inside it.
public enum NonisolatedWork: Sendable, Equatable {
    /// Swift's rule: nonisolated and `@concurrent` async functions run on the global pool.
    case offSDLThread
    /// The task prefers the SDL executor: nonisolated async work — `@concurrent` functions too —
    /// runs on the SDL thread, and every resume stays there (fast hops).
    case onSDLThread
}

/// Runs on the generic executor — the task's preferred executor when it has one. Awaited inside
/// ``withNonisolatedWorkOnSDLThread(isolation:_:)`` it is one trip through the SDL ready queue.
@concurrent
func hopToPreferredExecutor() async {}

/// Runs `body` with the SDL executor preference (``NonisolatedWork/onSDLThread``): child tasks it
/// starts inherit it, and nonisolated async functions it awaits — `@concurrent` ones included —
/// run on the SDL thread. For hot coroutine code inside a task that does not have the preference.
public func withNonisolatedWorkOnSDLThread<T, Failure: Error>(
    isolation: isolated (any Actor)? = #isolation,
    _ body: () async throws(Failure) -> T
) async throws(Failure) -> T {
    try await withTaskExecutorPreference(SDLExecutor.shared.taskExecutor, isolation: isolation, operation: body)
}
