import Foundation
import SDLConcurrency
import SDLConcurrencyTesting
import Testing

/// Signals and async slots on a running host: virtual time (ManualHost) unless the test says otherwise.
@Suite("Signal and async slots")
struct SignalTests {}

private enum Boom: Error, Equatable {
    case boom
}

/// A slot body that logs its start, sleeps one second on the SDL clock, and logs how it ended.
@SDLActor
private func sleepingSlot(_ log: Log<String>) -> @SDLActor (Int) async throws -> Void {
    { value in
        log.append("start \(value)")
        do {
            try await Task.sleep(for: .seconds(1), clock: .sdl)
        } catch {
            log.append("cancelled \(value)")
            throw error
        }
        log.append("end \(value)")
    }
}

extension SignalTests {
    @Test("emitting on the SDL thread calls sync slots at once, in connection order", arguments: HostHarness.Kind.allCases)
    func syncSlotsInOrder(kind: HostHarness.Kind) async throws {
        let log = try await HostHarness.runGuest(on: kind) { () -> [String] in
            let log = Log<String>()
            let signal = Signal<Int>(name: "numbers")
            let a = signal.connect(name: "a") { log.append("a\($0)") }
            let b = signal.connect(name: "b") { log.append("b\($0)") }
            signal.emit(1)
            log.append("emit returned")
            withExtendedLifetime((a, b)) {}
            return log.values
        }
        // Expected: both slots, in connection order, before emit returns.
        #expect(log == ["a1", "b1", "emit returned"])
    }

    @Test("an emission from another thread is delivered on the SDL thread", arguments: HostHarness.Kind.allCases)
    func crossThreadEmit(kind: HostHarness.Kind) async throws {
        let (received, onHostThread, nextValue) = try await HostHarness.runGuest(on: kind) { () -> ([Int], Bool, Int) in
            let log = Log<Int>()
            let onHost = Flag()
            let signal = Signal<Int>(name: "fromThread")
            let connection = signal.connect { value in
                if SDLExecutor.shared.isHostThread { onHost.set() }
                log.append(value)
            }
            let waiter = Task.immediate { @SDLActor in try await signal.next() }
            Thread.detachNewThread { signal.emit(7) }
            let value = try await waiter.value
            withExtendedLifetime(connection) {}
            return (log.values, onHost.isSet, value)
        }
        #expect(received == [7])
        #expect(onHostThread)
        #expect(nextValue == 7)
    }

    @Test("an async slot starts eagerly: the code before its first await has run when emit returns")
    func eagerStart() async throws {
        let (atEmitReturn, finalLog, elapsed) = try await HostHarness.runGuest(on: .manual) { () -> ([String], [String], Duration) in
            let log = Log<String>()
            let signal = Signal<Int>(name: "clicked")
            let connection = signal.connect(name: "slow", sleepingSlot(log))
            let start = SDLClock().now
            signal.emit(1)
            let atReturn = log.values
            guard let task = connection.lastTask else { throw NoTask() }  // the connection hands back the task it started
            await withNonisolatedWorkOnSDLThread { await task.value }   // no pool hop (see doubleClick)
            return (atReturn, log.values, start.duration(to: SDLClock().now))
        }
        #expect(atEmitReturn == ["start 1"])
        #expect(finalLog == ["start 1", "end 1"])
        #expect(elapsed == .seconds(1))
    }

    @Test("policy concurrent, double click: both runs start at once and overlap")
    func concurrentPolicy() async throws {
        let (log, elapsed) = try await doubleClick(policy: .concurrent)
        // Both start before either ends; their sleeps overlap exactly (slot runs keep every step on
        // the SDL thread, so their timers are set in click order at the same virtual instant).
        #expect(log == ["start 1", "start 2", "end 1", "end 2"])
        #expect(elapsed == .seconds(1))
    }

    @Test("policy serial, double click: the second run starts when the first has finished (FIFO)")
    func serialPolicy() async throws {
        let (log, elapsed) = try await doubleClick(policy: .serial)
        #expect(log == ["start 1", "end 1", "start 2", "end 2"])
        #expect(elapsed == .seconds(2))
    }

    @Test("policy latestWins, double click: the first run is cancelled, the second completes")
    func latestWinsPolicy() async throws {
        let (log, elapsed) = try await doubleClick(policy: .latestWins)
        #expect(log == ["start 1", "start 2", "cancelled 1", "end 2"])
        #expect(elapsed == .seconds(1))
    }

    @Test("policy dropWhileRunning, double click: the second click is dropped; a later one runs")
    func dropWhileRunningPolicy() async throws {
        let (log, dropped, droppedStartedTask) = try await HostHarness.runGuest(on: .manual) { () -> ([String], Int, Bool) in
            let log = Log<String>()
            let signal = Signal<Int>(name: "clicked")
            let connection = signal.connect(policy: .dropWhileRunning, sleepingSlot(log))
            signal.emit(1)
            let first = connection.lastTask
            signal.emit(2)
            let droppedStartedTask = connection.lastTask != nil
            await first?.value
            signal.emit(3)
            await connection.lastTask?.value
            return (log.values, connection.droppedCount, droppedStartedTask)
        }
        #expect(!droppedStartedTask, "a dropped emission starts no task")
        #expect(log == ["start 1", "end 1", "start 3", "end 3"])
        #expect(dropped == 1)
    }

    @Test("a throwing slot reaches the error handler once, with context; the next emission still works")
    func throwingSlot() async throws {
        let (failures, log) = try await HostHarness.runGuest(on: .manual) { () -> ([String], [String]) in
            let failures = Log<String>()
            let log = Log<String>()
            SignalErrors.handler = { failure in
                failures.append("\(failure.signal)|\(failure.slot)|\(failure.task ?? "-")|\(failure.error as? Boom == .boom)")
            }
            defer { SignalErrors.handler = nil }
            let signal = Signal<Int>(name: "clicked")
            let connection = signal.connect(name: "flaky") { value in
                try await Task.sleep(for: .milliseconds(100), clock: .sdl)
                if value == 1 { throw Boom.boom }
                log.append("ok \(value)")
            }
            signal.emit(1)
            await connection.lastTask?.value
            signal.emit(2)
            await connection.lastTask?.value
            // Cancellation is not an error.
            signal.emit(3)
            connection.lastTask?.cancel()
            await connection.lastTask?.value
            return (failures.values, log.values)
        }
        #expect(failures == ["clicked|flaky|clicked → flaky #1|true"])
        #expect(log == ["ok 2"])
    }

    @Test("a sync slot's error goes to the same handler")
    func throwingSyncSlot() async throws {
        let failures = try await HostHarness.runGuest(on: .manual) { () -> [String] in
            let failures = Log<String>()
            SignalErrors.handler = { failures.append("\($0.slot)|\($0.task == nil)") }
            defer { SignalErrors.handler = nil }
            let signal = Signal<Int>(name: "s")
            let connection = signal.connect(name: "sync") { (_: Int) throws in throw Boom.boom }
            signal.emit(1)
            withExtendedLifetime(connection) {}
            return failures.values
        }
        #expect(failures == ["sync|true"])
    }

    @Test("a disconnected slot is not called; one whose Connection was released stays connected")
    func disconnect() async throws {
        let (log, countAfter, explicitConnected) = try await HostHarness.runGuest(on: .manual) { () -> ([String], Int, Bool) in
            let log = Log<String>()
            let signal = Signal<Int>(name: "s")
            let explicit = signal.connect(name: "explicit") { log.append("explicit \($0)") }
            var released: Connection? = signal.connect(name: "released") { log.append("released \($0)") }
            signal.connect(name: "discarded") { log.append("discarded \($0)") }
            signal.emit(1)
            explicit.disconnect()
            released = nil
            signal.emit(2)
            _ = released
            return (log.values, signal.connectionCount, explicit.isConnected)
        }
        // Expected order: connection order for emission 1; only the explicit disconnect took effect.
        #expect(log == ["explicit 1", "released 1", "discarded 1", "released 2", "discarded 2"])
        #expect(countAfter == 2)
        #expect(!explicitConnected)
    }

    @Test("a weakly held receiver that is gone is not called, and the connection does not keep it alive")
    func weakReceiver() async throws {
        let (calls, dropped, receiverGone) = try await HostHarness.runGuest(on: .manual) { () -> (Int, Int, Bool) in
            let calls = Counter()
            let signal = Signal<Int>(name: "s")
            var receiver: Receiver? = Receiver()
            weak let probe = receiver
            let sync = signal.connect(to: receiver!, name: "sync") { receiver, _ in receiver.hits += 1; calls.increment() }
            let async = signal.connect(to: receiver!, name: "async") { receiver, _ in
                receiver.hits += 1
                calls.increment()
            }
            signal.emit(1)
            receiver = nil
            signal.emit(2)
            return (calls.count, sync.droppedCount + async.droppedCount, probe == nil)
        }
        #expect(calls == 2, "each slot ran for the first emission only")
        #expect(dropped == 2)
        #expect(receiverGone)
    }

    @Test("next() returns the next emission; a cancelled next() throws CancellationError")
    func next() async throws {
        let (value, cancelled) = try await HostHarness.runGuest(on: .manual) { () -> (Int, Bool) in
            let signal = Signal<Int>(name: "s")
            let waiter = Task.immediate { @SDLActor in try await signal.next() }
            signal.emit(42)
            let value = try await waiter.value
            let doomed = Task.immediate { @SDLActor in try await signal.next() }
            doomed.cancel()
            let cancelled: Bool
            do {
                _ = try await doomed.value
                cancelled = false
            } catch {
                cancelled = error is CancellationError
            }
            return (value, cancelled)
        }
        #expect(value == 42)
        #expect(cancelled)
    }

    @Test("values yields every emission in order, including ones from other threads", arguments: HostHarness.Kind.allCases)
    func valuesSequence(kind: HostHarness.Kind) async throws {
        let received = try await HostHarness.runGuest(on: kind) { () -> [Int] in
            let signal = Signal<Int>(name: "s")
            let values = signal.values
            signal.emit(1)
            Thread.detachNewThread {
                signal.emit(2)
                signal.emit(3)
            }
            var received: [Int] = []
            for await value in values {
                received.append(value)
                if received.count == 3 { break }
            }
            return received
        }
        #expect(received == [1, 2, 3])
    }

    @Test("while an SDLHost runs, slot runs are tracked: shutdown cancels them and none leaks")
    func hostTracksSlotRuns() async throws {
        let log = Log<String>()
        let tracked = Flag()
        let exit = try await HostHarness.runSDLHost { host in
            let signal = Signal<Int>(name: "s")
            let connection = signal.connect(name: "forever") { value in
                log.append("start \(value)")
                do {
                    try await Task.sleep(for: .seconds(3600), clock: .sdl)
                } catch {
                    log.append("cancelled \(value)")
                }
            }
            signal.emit(1)
            if host.trackedTaskNames.contains("s → forever #1") { tracked.set() }
            withExtendedLifetime(connection) {}
            // Returning from the root quits: the slot run must be cancelled by the shutdown.
        }
        #expect(tracked.isSet, "the slot run was not tracked by the host")
        #expect(exit.status == 0)
        #expect(exit.leakedTasks.isEmpty)
        #expect(log.values == ["start 1", "cancelled 1"])
    }
}

/// Runs an async slot under `policy` for two emissions in a row (a double click) and returns the
/// log and the virtual time until every run ended.
private func doubleClick(policy: SlotPolicy) async throws -> ([String], Duration) {
    try await HostHarness.runGuest(on: .manual) { () -> ([String], Duration) in
        let log = Log<String>()
        let signal = Signal<Int>(name: "clicked")
        let connection = signal.connect(policy: policy, sleepingSlot(log))
        let start = SDLClock().now
        signal.emit(1)
        let first = connection.lastTask
        signal.emit(2)
        let second = connection.lastTask
        // Awaited with the SDL preference, so this root's resumes never hop through the global
        // pool: virtual time cannot see such a hop, and would jump to a timer still set meanwhile
        // (the other run's sleep).
        await withNonisolatedWorkOnSDLThread {
            await first?.value
            await second?.value
        }
        return (log.values, start.duration(to: SDLClock().now))
    }
}

@SDLActor
private final class Receiver {
    var hits = 0
}

/// The connection handed back no task for a slot run it started.
private struct NoTask: Error {}
