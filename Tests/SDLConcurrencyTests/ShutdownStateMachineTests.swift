@testable import SDLConcurrency
import Testing

/// The shutdown state machine without a host: every transition, the status rules, the actions.
@Suite("Shutdown state machine")
struct ShutdownStateMachineTests {}

private struct Failure: Error, CustomStringConvertible {
    var description: String { "disk full" }
}

extension ShutdownStateMachineTests {
    @Test("a cause begins draining with its status, publishes it, cancels the tasks; later causes change nothing")
    func firstCauseWins() {
        var machine = ShutdownStateMachine(gracePeriodNanoseconds: 2_000)
        #expect(machine.isRunning)
        #expect(machine.begin(.windowClosed, now: 100) == [.publishStatus(0), .cancelTrackedTasks])
        #expect(machine.phase == .draining(deadline: 2_100))
        #expect(machine.startedAt == 100)
        #expect(machine.begin(.requested(status: 3), now: 150) == [])
        #expect(machine.reason == .windowClosed)
        #expect(machine.status == 0)
    }

    @Test("draining ends when the last tracked task ends, or at the grace period's end, once")
    func drainEnds() {
        var machine = ShutdownStateMachine(gracePeriodNanoseconds: 1_000)
        #expect(machine.turnEnded(trackedTasks: 0, now: 0) == nil, "running: nothing to end")
        _ = machine.begin(.requested(status: 7), now: 0)
        #expect(machine.turnEnded(trackedTasks: 2, now: 999) == nil)
        #expect(machine.drainDeadline() == 1_000)
        #expect(machine.turnEnded(trackedTasks: 2, now: 1_000) == .finish)
        #expect(machine.isFinished)
        #expect(machine.turnEnded(trackedTasks: 0, now: 2_000) == nil, "finished once")
        #expect(machine.drainDeadline() == nil)
        #expect(machine.status == 7)

        var quick = ShutdownStateMachine(gracePeriodNanoseconds: 1_000)
        _ = quick.begin(.windowClosed, now: 0)
        #expect(quick.turnEnded(trackedTasks: 0, now: 1) == .finish)
    }

    @Test("the root's end quits only with AfterRoot.quit; a failure is reported and exits 1")
    func rootEnds() {
        var keepRunning = ShutdownStateMachine(gracePeriodNanoseconds: 10)
        #expect(keepRunning.rootFinished(.returned, quitsAfterRoot: false, now: 0) == [])
        #expect(keepRunning.isRunning)
        #expect(keepRunning.rootFinished(.failed(Failure()), quitsAfterRoot: false, now: 0)
                == [.warn("error: the root operation failed: disk full")])
        #expect(keepRunning.isRunning)

        var quits = ShutdownStateMachine(gracePeriodNanoseconds: 10)
        #expect(quits.rootFinished(.cancelled, quitsAfterRoot: true, now: 5) == [.publishStatus(0), .cancelTrackedTasks])
        #expect(quits.reason == .rootReturned)

        var fails = ShutdownStateMachine(gracePeriodNanoseconds: 10)
        #expect(fails.rootFinished(.failed(Failure()), quitsAfterRoot: true, now: 5)
                == [.warn("error: the root operation failed: disk full"), .publishStatus(1), .cancelTrackedTasks])
        #expect(fails.status == 1)
    }

    @Test("a root that fails during a shutdown with status 0 (writing its outputs) makes the run fail; a non-zero status stays")
    func rootFailsWhileDraining() {
        var closed = ShutdownStateMachine(gracePeriodNanoseconds: 10)
        _ = closed.begin(.windowClosed, now: 0)
        #expect(closed.rootFinished(.failed(Failure()), quitsAfterRoot: true, now: 1)
                == [.warn("error: the root operation failed: disk full"), .publishStatus(1)])
        #expect(closed.reason == .rootFailed(message: "disk full"))

        var signalled = ShutdownStateMachine(gracePeriodNanoseconds: 10)
        _ = signalled.begin(.signal(15), now: 0)
        #expect(signalled.rootFinished(.failed(Failure()), quitsAfterRoot: true, now: 1)
                == [.warn("error: the root operation failed: disk full")])
        #expect(signalled.status == 143)
    }

    @Test("signals: the first begins the shutdown (128+N); during another cause's shutdown the first is noted, the second stops waiting")
    func signals() {
        var machine = ShutdownStateMachine(gracePeriodNanoseconds: 10)
        #expect(machine.signalArrived(2, ordinal: 1, trackedTasks: 3, now: 0) == [.publishStatus(130), .cancelTrackedTasks])
        #expect(machine.status == 130)
        // The second signal of a signal's own shutdown: stop waiting, the status stays.
        #expect(machine.signalArrived(15, ordinal: 2, trackedTasks: 3, now: 1)
                == [.warn("SDLConcurrency: signal 15 again: not waiting for 3 task(s)"), .finish])
        #expect(machine.status == 130)
        #expect(machine.isFinished)
        #expect(machine.signalArrived(15, ordinal: 2, trackedTasks: 3, now: 2) == [])

        var closed = ShutdownStateMachine(gracePeriodNanoseconds: 10)
        _ = closed.begin(.windowClosed, now: 0)
        let noted = closed.signalArrived(15, ordinal: 1, trackedTasks: 1, now: 1)
        #expect(noted.count == 1)
        #expect(closed.status == 0, "a signal during another cause's shutdown keeps that status")
        #expect(!closed.isFinished)
        // A second signal cuts the tasks short: the run did not do all it was asked.
        #expect(closed.signalArrived(15, ordinal: 2, trackedTasks: 1, now: 2)
                == [.warn("SDLConcurrency: signal 15 again: not waiting for 1 task(s)"), .publishStatus(143), .finish])
        #expect(closed.status == 143)

        var nothingLeft = ShutdownStateMachine(gracePeriodNanoseconds: 10)
        _ = nothingLeft.begin(.requested(status: 0), now: 0)
        #expect(nothingLeft.signalArrived(15, ordinal: 2, trackedTasks: 0, now: 1) == [.finish])
        #expect(nothingLeft.status == 0, "nothing was cut short")
    }
}
