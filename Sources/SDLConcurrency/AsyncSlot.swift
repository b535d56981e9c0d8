/// How a connection treats an emission that arrives while an earlier run of its async slot is
/// still going (asyncslot's and psygnal's choices).
public enum SlotPolicy: Sendable, Equatable, CustomStringConvertible {
    /// Every emission starts its own run at once; runs overlap.
    case concurrent
    /// Runs happen one after another in emission order (FIFO); a run that has to wait starts when
    /// the previous one finishes, so only the first of a burst starts eagerly.
    case serial
    /// A new emission cancels the running ones and starts at once (search-as-you-type).
    case latestWins
    /// An emission that arrives while a run is going is dropped (a "Send order" button).
    case dropWhileRunning

    public var description: String {
        switch self {
        case .concurrent: "concurrent"
        case .serial: "serial"
        case .latestWins: "latestWins"
        case .dropWhileRunning: "dropWhileRunning"
        }
    }
}

// MARK: - Connecting

extension Signal {
    /// Connects a synchronous slot. It runs on the SDL thread inside each delivery; an error it
    /// throws goes to ``SignalErrors/handler``.
    @SDLActor
    @discardableResult
    public func connect(
        name: String = "slot",
        _ slot: @escaping @SDLActor (Value) throws -> Void
    ) -> Connection {
        add(SlotRunner(signalName: self.name, slotName: name, policy: .concurrent, body: .sync(slot)))
    }

    /// Connects an async slot: each emission starts an `SDLActor` task eagerly
    /// (`SDLActor.immediateTask(name:priority:nonisolatedWork:operation:)`), so the slot's code
    /// before its first `await` runs inside the emission — a
    /// button can disable itself before a second click lands. ``Connection/lastTask`` hands back
    /// that task. A thrown error goes to ``SignalErrors/handler`` with the signal, slot and task
    /// names; `CancellationError` is not reported. While an ``SDLHost`` runs, each run is also
    /// tracked by it, so shutdown cancels and awaits it. `@concurrent` functions the slot awaits run
    /// off the SDL thread unless `nonisolatedWork` is ``NonisolatedWork/onSDLThread``.
    @SDLActor
    @discardableResult
    public func connect(
        name: String = "slot",
        policy: SlotPolicy = .concurrent,
        nonisolatedWork: NonisolatedWork = .offSDLThread,
        _ slot: @escaping @SDLActor (Value) async throws -> Void
    ) -> Connection {
        add(SlotRunner(signalName: self.name, slotName: name, policy: policy, nonisolatedWork: nonisolatedWork,
                       body: .async(slot)))
    }

    /// Connects a synchronous slot on a weakly held `receiver`: once the receiver is gone, the slot
    /// is not called (and the emission counts as dropped).
    @SDLActor
    @discardableResult
    public func connect<Receiver: AnyObject & Sendable>(
        to receiver: Receiver,
        name: String = "slot",
        _ slot: @escaping @SDLActor (Receiver, Value) throws -> Void
    ) -> Connection {
        let runner = SlotRunner<Value>(
            signalName: self.name, slotName: name, policy: .concurrent,
            body: .sync { [weak receiver] value in
                if let receiver { try slot(receiver, value) }
            })
        runner.isReceiverGone = { [weak receiver] in receiver == nil }
        return add(runner)
    }

    /// Connects an async slot on a weakly held `receiver` (see ``connect(name:policy:nonisolatedWork:_:)``).
    /// The running slot holds the receiver strongly; an emission after the receiver is gone starts nothing.
    @SDLActor
    @discardableResult
    public func connect<Receiver: AnyObject & Sendable>(
        to receiver: Receiver,
        name: String = "slot",
        policy: SlotPolicy = .concurrent,
        nonisolatedWork: NonisolatedWork = .offSDLThread,
        _ slot: @escaping @SDLActor (Receiver, Value) async throws -> Void
    ) -> Connection {
        let runner = SlotRunner<Value>(
            signalName: self.name, slotName: name, policy: policy, nonisolatedWork: nonisolatedWork,
            body: .async { [weak receiver] value in
                if let receiver { try await slot(receiver, value) }
            })
        runner.isReceiverGone = { [weak receiver] in receiver == nil }
        return add(runner)
    }
}

// MARK: - Running slots

/// What a ``Connection`` needs from its runner, whatever the signal's value type.
@SDLActor
protocol SlotRunningBase: AnyObject, Sendable {
    var slotName: String { get }
    var lastTask: Task<Void, Never>? { get }
    var runningTaskCount: Int { get }
    var deliveryCount: Int { get }
    var droppedCount: Int { get }
}

/// A connection's runner as its ``Signal`` sees it.
@SDLActor
protocol SlotRunning<Value>: SlotRunningBase {
    associatedtype Value: Sendable
    func deliver(_ value: Value)
}

/// Runs one connection's slot: calls a sync slot, or starts an async slot's runs under its policy
/// and reports their errors. `SDLActor`-isolated: deliveries, starts and finishes all happen on the
/// SDL thread, so its state needs no lock.
@SDLActor
final class SlotRunner<Value: Sendable>: SlotRunning {
    enum Body {
        case sync(@SDLActor (Value) throws -> Void)
        case async(@SDLActor (Value) async throws -> Void)
    }

    let signalName: String
    let slotName: String
    let policy: SlotPolicy
    let nonisolatedWork: NonisolatedWork
    let body: Body
    /// Set for weak-receiver connections: `true` once the receiver is gone.
    var isReceiverGone: (@SDLActor () -> Bool)?

    private(set) var lastTask: Task<Void, Never>?
    private(set) var deliveryCount = 0
    private(set) var droppedCount = 0
    /// Runs started and not finished, by run number.
    private var running: [Int: Task<Void, Never>] = [:]
    /// Runs that have not finished yet, including one whose eager start has not returned.
    private var unfinished: Set<Int> = []
    /// The last run started under ``SlotPolicy/serial`` (the next one waits for it).
    private var serialTail: Task<Void, Never>?

    init(signalName: String, slotName: String, policy: SlotPolicy, nonisolatedWork: NonisolatedWork = .offSDLThread,
         body: Body) {
        self.signalName = signalName
        self.slotName = slotName
        self.policy = policy
        self.nonisolatedWork = nonisolatedWork
        self.body = body
    }

    var runningTaskCount: Int { unfinished.count }

    func deliver(_ value: Value) {
        deliveryCount += 1
        if let isReceiverGone, isReceiverGone() {
            droppedCount += 1
            return
        }
        switch body {
        case .sync(let slot):
            do {
                try slot(value)
            } catch {
                report(error, taskName: nil)
            }
        case .async(let slot):
            switch policy {
            case .concurrent:
                start(slot, value, after: nil)
            case .serial:
                serialTail = start(slot, value, after: serialTail)
            case .latestWins:
                for task in running.values { task.cancel() }
                start(slot, value, after: nil)
            case .dropWhileRunning:
                if unfinished.isEmpty {
                    start(slot, value, after: nil)
                } else {
                    droppedCount += 1
                    lastTask = nil
                }
            }
        }
    }

    @discardableResult
    private func start(
        _ slot: @escaping @SDLActor (Value) async throws -> Void,
        _ value: Value,
        after previous: Task<Void, Never>?
    ) -> Task<Void, Never> {
        let run = deliveryCount
        let taskName = "\(signalName) → \(slotName) #\(run)"
        unfinished.insert(run)
        // Eager: the code before the first `await` runs inside the emission.
        let task = SDLActor.immediateTask(name: taskName, nonisolatedWork: nonisolatedWork) {
            @Sendable @SDLActor [self] in
            defer { finished(run) }
            if let previous {
                await previous.value
                if Task.isCancelled { return }
            }
            do {
                try await slot(value)
            } catch is CancellationError {
                // Cancellation (latest-wins, shutdown) is how runs are stopped, not a failure.
            } catch {
                report(error, taskName: taskName)
            }
        }
        lastTask = task
        if unfinished.contains(run) {
            running[run] = task
            SDLHost.running?.track(task, name: taskName)
        }
        return task
    }

    private func finished(_ run: Int) {
        unfinished.remove(run)
        running[run] = nil
    }

    private func report(_ error: any Error, taskName: String?) {
        SignalErrors.report(SlotFailure(signal: signalName, slot: slotName, task: taskName, error: error))
    }
}

extension SDLHost {
    /// Lets shutdown cancel and await a task started elsewhere (an eager async slot run), through a
    /// tracked watcher task that forwards the cancellation.
    func track(_ task: Task<Void, Never>, name: String) {
        spawn(name: name) {
            await withTaskCancellationHandler {
                await task.value
            } onCancel: {
                task.cancel()
            }
        }
    }
}
