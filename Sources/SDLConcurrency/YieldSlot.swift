/// Where `SDLActor.yield()` parks a task that runs on the SDL thread: the task hops into
/// ``pass()``, the runtime hands this executor the task's own job (synchronously, on the yielding
/// thread), and the job goes to the back of the SDL ready queue as a ready job. The host later runs
/// it *on the SDL executor* (``SDLExecutor/runFrameWaiter(_:_:)``), as the code after the yield
/// expects: `pass()` returns at once and the return to `@SDLActor` is no hop. One ready-queue job
/// per yield, with or without the SDL executor preference — the frame wait's technique
/// (``FrameWaitSlot``) without a frame.
///
/// One slot serves every yield: only the host thread uses it, one yield at a time (a yield writes
/// ``pending`` and hops; the runtime's enqueue reads it within that hop, on the same thread).
final actor YieldSlot: SerialExecutor {
    static let shared = YieldSlot()

    /// How the next yielded job is to be run. Host thread only (see the type's comment).
    nonisolated(unsafe) var pending = FrameWaiterRun(context: .serial)

    nonisolated var unownedExecutor: UnownedSerialExecutor { asUnownedSerialExecutor() }

    nonisolated func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }

    /// The runtime calls this as a yielding task hops into ``pass()``: the job is the task's.
    nonisolated func enqueue(_ job: consuming ExecutorJob) {
        SDLExecutor.shared.submit(.frameWaiter(UnownedJob(job), pending))
    }

    /// The first code after the yield, run by the host on the SDL executor: nothing to do.
    func pass() {}
}

extension SDLExecutor {
    /// How a yield of the current task in `isolation` can park in ``YieldSlot``: its code after the
    /// yield runs on the SDL thread. `nil` elsewhere (off the host thread, another actor, a
    /// default task's nonisolated code).
    @inline(__always)
    func yieldContext(_ isolation: (any Actor)?) -> FrameWaiterRun.Context? {
        guard isHostThread else { return nil }
        if let isolation {
            guard runsOnSDLExecutor(isolation) else { return nil }
            return currentTaskPrefersSDLExecutor ? .serialAndTask : .serial
        }
        return currentTaskPrefersSDLExecutor ? .task : nil
    }

    /// Whether code isolated to `isolation` runs on the SDL executor: `SDLActor`, and `MainActor`
    /// when it shares the SDL executor. Identity is enough: an actor of the app's own on the SDL
    /// executor takes the general (continuation) path of a frame wait or a yield.
    @inline(__always)
    func runsOnSDLExecutor(_ isolation: any Actor) -> Bool {
        isolation === SDLActor.shared || (Self.isMainActorExecutor && isolation === MainActor.shared)
    }
}
