/// Eager start with the SDL executor preference: what `Task.immediate(executorPreference:)` should
/// do, and on Swift 6.3.1 does not.
///
/// Measured on 6.3.1: `Task.immediate` with a custom `executorPreference` enqueues its first job
/// instead of running it (its switch to `SDLActor` sees a task executor that is not the current
/// one), and `withTaskExecutorPreference` inside a plain `Task.immediate` does the same at its first
/// isolated call. A task started without the preference runs eagerly, but then every nonisolated
/// await it makes (`Task.sleep`'s deadline arithmetic, for one) hops through the global pool — and
/// under virtual time such a hop can race the host's jump to the next deadline.
///
/// So: create the task normally with the preference, catch its first job as the task executor
/// receives it (only on the host thread, only while ``startEagerly(_:)`` is creating the task), and
/// run that job right here, synchronously, as `Task.immediate` would. The task runs up to its first
/// suspension before the call returns, and every later step stays on the SDL thread.
extension SDLExecutor {
    /// Host thread: calls `makeTask`, which must create exactly one task with the SDL executor
    /// preference, and runs that task's first job before returning. Off the host thread it simply
    /// calls `makeTask` (the task then starts on the loop's next turn).
    func startEagerly<T>(_ makeTask: () -> T) -> T {
        let me = ThreadID.current.raw
        guard hostThread.load(ordering: .acquiring) == me else { return makeTask() }
        let outer = captureThread.exchange(me, ordering: .acquiringAndReleasing)
        let outerCaptured = capturedJob
        capturedJob = nil
        let result = makeTask()
        let job = capturedJob
        capturedJob = outerCaptured
        captureThread.store(outer, ordering: .releasing)
        job?.runSynchronously(isolatedTo: asUnownedSerialExecutor(), taskExecutor: taskExecutor.asUnownedTaskExecutor())
        return result
    }

    /// Called by ``SDLTaskExecutor/enqueue(_:)``: keeps the job for ``startEagerly(_:)`` when this
    /// thread is creating an eager task and has not caught its first job yet.
    @inline(__always)
    func captureIfStartingEagerly(_ job: UnownedJob) -> Bool {
        let capturing = captureThread.load(ordering: .relaxed)
        guard capturing != ThreadID.none, capturing == ThreadID.current.raw, capturedJob == nil else { return false }
        capturedJob = job
        return true
    }
}

extension SDLActor {
    /// Starts an `SDLActor` task and, when called on the SDL thread, runs it synchronously up to its
    /// first suspension (like `Task.immediate`): the code before the first `await` has run when this
    /// returns. `nonisolatedWork` is as in `task(name:priority:nonisolatedWork:operation:)`.
    @discardableResult
    public static func immediateTask<Success: Sendable>(
        name: String? = nil,
        priority: TaskPriority? = nil,
        nonisolatedWork: NonisolatedWork = .offSDLThread,
        operation: @escaping @Sendable @SDLActor () async throws -> Success
    ) -> Task<Success, any Error> {
        switch nonisolatedWork {
        case .offSDLThread:
            Task.immediate(name: name, priority: priority, operation: operation)
        case .onSDLThread:
            SDLExecutor.shared.startEagerly {
                Task(name: name, executorPreference: SDLExecutor.shared.taskExecutor, priority: priority, operation: operation)
            }
        }
    }

    /// The non-throwing form of `immediateTask(name:priority:nonisolatedWork:operation:)`.
    @discardableResult
    public static func immediateTask<Success: Sendable>(
        name: String? = nil,
        priority: TaskPriority? = nil,
        nonisolatedWork: NonisolatedWork = .offSDLThread,
        operation: @escaping @Sendable @SDLActor () async -> Success
    ) -> Task<Success, Never> {
        switch nonisolatedWork {
        case .offSDLThread:
            Task.immediate(name: name, priority: priority, operation: operation)
        case .onSDLThread:
            SDLExecutor.shared.startEagerly {
                Task(name: name, executorPreference: SDLExecutor.shared.taskExecutor, priority: priority, operation: operation)
            }
        }
    }
}
