import Synchronization

/// Counters a test, the demo or a benchmark can read at any time (``SDLExecutor/telemetry``).
public struct SDLTelemetry: Sendable, Equatable, CustomStringConvertible {
    /// Wake events the host pushed into SDL's queue (at most one is ever in flight).
    public var wakeEventsPushed: Int
    /// Pushes SDL refused (its queue was full); the jobs still ran, on the host's next turn.
    public var wakePushFailures: Int
    /// Guest jobs run by the host, all kinds together.
    public var jobsRun: Int
    /// The most jobs ever waiting in the ready queue at once.
    public var readyQueueHighWater: Int
    /// ``SDLClock`` timers that fired (not cancelled ones).
    public var timersFired: Int
    /// The latest a timer ever fired after its deadline, in nanoseconds.
    public var timerLatenessMaxNanoseconds: UInt64
    /// The sum of all timers' lateness, in nanoseconds (divide by ``timersFired`` for the mean).
    public var timerLatenessTotalNanoseconds: UInt64
    /// Turns of the host loop (`tick()` calls).
    public var turns: Int
    /// Frames drawn (draw phases that ran because something was dirty).
    public var framesDrawn: Int

    public var description: String {
        let meanLateness = timersFired == 0 ? 0 : timerLatenessTotalNanoseconds / UInt64(timersFired)
        return "turns=\(turns) jobs=\(jobsRun) wakeEvents=\(wakeEventsPushed) pushFailures=\(wakePushFailures) "
            + "readyHighWater=\(readyQueueHighWater) timers=\(timersFired) "
            + "latenessMean=\(meanLateness)ns latenessMax=\(timerLatenessMaxNanoseconds)ns frames=\(framesDrawn)"
    }
}

/// The live counters behind ``SDLTelemetry``. Relaxed atomics: each is a statistic on its own.
final class TelemetryCounters: Sendable {
    let wakeEventsPushed = Atomic<Int>(0)
    let wakePushFailures = Atomic<Int>(0)
    let jobsRun = Atomic<Int>(0)
    let timersFired = Atomic<Int>(0)
    let timerLatenessMax = Atomic<UInt64>(0)
    let timerLatenessTotal = Atomic<UInt64>(0)
    let turns = Atomic<Int>(0)
    let framesDrawn = Atomic<Int>(0)

    func recordLateness(_ nanoseconds: UInt64) {
        timersFired.add(1, ordering: .relaxed)
        timerLatenessTotal.add(nanoseconds, ordering: .relaxed)
        var current = timerLatenessMax.load(ordering: .relaxed)
        while nanoseconds > current {
            let (exchanged, original) = timerLatenessMax.compareExchange(
                expected: current, desired: nanoseconds, ordering: .relaxed)
            if exchanged { break }
            current = original
        }
    }

    func reset() {
        wakeEventsPushed.store(0, ordering: .relaxed)
        wakePushFailures.store(0, ordering: .relaxed)
        jobsRun.store(0, ordering: .relaxed)
        timersFired.store(0, ordering: .relaxed)
        turns.store(0, ordering: .relaxed)
        framesDrawn.store(0, ordering: .relaxed)
        timerLatenessMax.store(0, ordering: .relaxed)
        timerLatenessTotal.store(0, ordering: .relaxed)
    }
}
