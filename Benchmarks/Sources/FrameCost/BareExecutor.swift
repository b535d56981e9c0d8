/// The physical limit: a bare single-thread executor with no host loop, no locks and no telemetry.
/// Its ready queue is an array; N coroutines prefer it (so every resume is a job on it), and each
/// is resumed through an `UnsafeContinuation` once per frame. Everything runs on the calling thread.
final class BareExecutor: SerialExecutor, TaskExecutor, @unchecked Sendable {
    // @unchecked: one thread only. Tasks are created, resumed and run on the thread that calls
    // `runFrames` (the program's main thread), so `jobs` and `waiters` are never shared.
    private var jobs: [UnownedJob] = []
    private var next = 0
    var waiters: [UnsafeContinuation<Int, Never>] = []
    private var spare: [UnsafeContinuation<Int, Never>] = []

    func enqueue(_ job: consuming ExecutorJob) { jobs.append(UnownedJob(job)) }

    func asUnownedSerialExecutor() -> UnownedSerialExecutor { UnownedSerialExecutor(ordinary: self) }
    func asUnownedTaskExecutor() -> UnownedTaskExecutor { UnownedTaskExecutor(ordinary: self) }

    /// Runs jobs until none is left.
    func runJobs() {
        let executor = asUnownedTaskExecutor()
        while next < jobs.count {
            let job = jobs[next]
            next += 1
            job.runSynchronously(on: executor)
        }
        jobs.removeAll(keepingCapacity: true)
        next = 0
    }

    /// One frame: resumes every waiter with `number`, in order, and runs them to their next wait.
    func frame(_ number: Int) {
        swap(&waiters, &spare)
        for waiter in spare { waiter.resume(returning: number) }
        spare.removeAll(keepingCapacity: true)
        runJobs()
    }

    /// A coroutine's frame wait.
    nonisolated(nonsending) func nextFrame() async -> Int {
        await withUnsafeContinuation { waiters.append($0) }
    }
}

/// Per coroutine-frame cost on the bare executor: `count` coroutines, `frames` frames.
func bareCost(count: Int, frames: Int) -> (nanoseconds: Double, steps: Int) {
    let executor = BareExecutor()
    let sink = Sink(count: count)
    for index in 0..<count {
        Task(executorPreference: executor) {
            while true {
                let number = await executor.nextFrame()
                sink.step(index, number)
            }
        }
    }
    executor.runJobs()   // every coroutine reaches its first wait
    executor.frame(0)
    let start = monotonicNow()
    for number in 1...frames { executor.frame(number) }
    let elapsed = monotonicNow() - start
    return (Double(elapsed) / Double(count * frames), sink.steps)
}
