extension SDLExecutor: SerialExecutor {
    /// The runtime calls this, from any thread, with a job isolated to `SDLActor`: it joins the ready
    /// queue and the host is woken if it sleeps. It never waits, however long the queue: the runtime
    /// calls it on pool threads and with a task's status lock held.
    public func enqueue(_ job: consuming ExecutorJob) {
        submit(.actor(UnownedJob(job)))
    }

    public func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }

    /// The runtime calls this when code claims `SDLActor` isolation outside a job of this executor
    /// (`SDLActor.assumeIsolated`, `preconditionIsolated`). Event handlers run on the SDL thread but
    /// outside any job, so the answer is thread identity; without it they would crash.
    public func checkIsolated() {
        precondition(
            isIsolatingByThread,
            "Incorrect actor executor assumption: expected the SDL host thread (code isolated to SDLActor ran on another thread)")
    }

    /// Lets `Task.immediate` started from event-handler code run synchronously up to its first
    /// suspension, instead of enqueueing.
    public func isIsolatingCurrentContext() -> Bool? {
        isIsolatingByThread
    }

    /// The host thread; or, when this executor is also `MainActor`'s and no host runs yet, the main
    /// thread (the synchronous `main` that will run the host is main-actor code).
    private var isIsolatingByThread: Bool {
        if isHostThread { return true }
        return Self.isMainActorExecutor && hostThread.load(ordering: .acquiring) == ThreadID.none
            && MainQueueBridge.isMainThread
    }
}

/// The `TaskExecutor` face of ``SDLExecutor``: tasks created with this executor preference run
/// their nonisolated steps, continuation resumes and `Task.yield()` on the SDL thread.
///
/// A separate object from ``SDLExecutor`` because the two `enqueue` paths must be told apart:
/// jobs arriving here run with `runSynchronously(isolatedTo:taskExecutor:)`, jobs sent to the actor
/// with `runSynchronously(on:)`.
public final class SDLTaskExecutor: TaskExecutor {
    init() {}

    /// The runtime calls this, from any thread, with a step of a task that prefers this executor: it
    /// joins the ready queue like an actor job. The exception is the first job of a task started
    /// eagerly on the SDL thread (`SDLActor.immediateTask` with `.onSDLThread`): that job runs at
    /// once, before the call that created the task returns, as `Task.immediate` would.
    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        if SDLExecutor.shared.captureIfStartingEagerly(job) { return }
        SDLExecutor.shared.submit(.task(job))
    }

    /// The runtime's unretained handle to this executor. Safe because the one instance belongs to
    /// ``SDLExecutor/shared`` and lives as long as the process.
    public func asUnownedTaskExecutor() -> UnownedTaskExecutor {
        UnownedTaskExecutor(ordinary: self)
    }
}
