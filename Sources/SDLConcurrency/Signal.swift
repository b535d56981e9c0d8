import Synchronization

/// A typed signal: slots connect to it, emissions reach them on ``SDLActor``.
///
/// - **Emit from any thread.** On the SDL host thread, ``emit(_:)`` delivers synchronously: every
///   slot has run (an async slot up to its first `await`) when it returns. From another thread the
///   emission is posted to the host and delivered at its next turn, in the order of posting.
/// - **Re-emission from a slot** nests up to 64 deliveries deep, synchronously; an emission deeper
///   than that is queued and delivered as soon as the deepest delivery in progress returns (in
///   emission order), so a slot that re-emits its own signal 100,000 times in a chain works
///   instead of overflowing the stack.
/// - **Slots** run in connection order, then ``next()`` waiters resume, then ``values`` iterators
///   receive the value. A slot connected or disconnected during an emission takes effect from the
///   next one (a slot disconnected during an emission is not called by its later part).
/// - **Async slots** start eagerly (`SDLActor.immediateTask(name:priority:operation:)`) under a
///   per-connection ``SlotPolicy``; a slot that throws reaches ``SignalErrors/handler`` with its
///   context. See `connect(name:policy:nonisolatedWork:_:)`.
/// - **Connections** last until ``Connection/disconnect()``, the signal's end or a weakly held
///   receiver's end; dropping the ``Connection`` does not disconnect.
///
/// Threads: every method is safe from any thread except the `connect` family, which is
/// `SDLActor`-isolated (slots are `SDLActor` code). The connection list, waiters and subscribers
/// live in a `SignalStateMachine` guarded by `state`; no slot runs under that lock.
public final class Signal<Value: Sendable>: Sendable {
    typealias Machine = SignalStateMachine<
        Value, any SlotRunning<Value>, UnsafeContinuation<Value, any Error>, AsyncStream<Value>.Continuation>

    /// The name used in error reports (``SlotFailure/signal``).
    public let name: String
    /// Guards all mutable state of the signal.
    let state = LockedState(Machine())

    /// A signal with no connections. `name` identifies it in error reports (``SlotFailure/signal``):
    /// name it after its owner and event, as `Button` does (`"Button(OK).clicked"`).
    public init(name: String = "signal") {
        self.name = name
    }

    deinit {
        let ended = state.withLock { $0.finish() }
        for waiter in ended.waiters { waiter.resume(throwing: CancellationError()) }
        for subscriber in ended.subscribers { subscriber.finish() }
    }

    // MARK: Emitting

    /// Emits `value`: synchronously on the SDL thread, posted to it from any other thread.
    public func emit(_ value: Value) {
        if SDLExecutor.shared.isHostThread {
            SDLActor.assumeIsolated { deliver(value) }
        } else {
            SDLExecutor.shared.post { [self] in deliver(value) }
        }
    }

    /// Delivers `value` now, or queued when emissions are nested too deep (see `EmissionQueue`).
    @SDLActor
    func deliver(_ value: Value) {
        EmissionQueue.deliver { [self] in deliverNow(value) }
    }

    @SDLActor
    private func deliverNow(_ value: Value) {
        let delivery = state.withLock { $0.emit(value) }
        for (id, slot) in delivery.slots where isConnected(id) {
            slot.deliver(value)
        }
        for waiter in delivery.waiters { waiter.resume(returning: value) }
        for subscriber in delivery.subscribers { subscriber.yield(value) }
    }

    // MARK: Awaiting

    /// Waits for the next emission after this call began and returns its value.
    ///
    /// Throws `CancellationError` when the waiting task is cancelled or the signal is deallocated.
    /// Runs on the caller's executor (`nonisolated(nonsending)`): called from `SDLActor` code, the
    /// waiter is registered before `next()` suspends, so an emission right after is not missed.
    ///
    /// The waiting task resumes through the SDL ready queue, never the global pool, with or without
    /// the SDL executor preference (so a virtual-time host sees the resume as ready work).
    nonisolated(nonsending)
    public func next() async throws -> Value {
        // Reserved here, on the caller's executor: an emission from now on is kept for this waiter
        // even before its continuation exists (entering the preference scope below is one hop).
        let id = state.withLock { $0.reserveWaiter() }
        return try await withNonisolatedWorkOnSDLThread { () async throws -> Value in
            try await awaitWaiter(id)
        }
    }

    private nonisolated(nonsending) func awaitWaiter(_ id: UInt64) async throws -> Value {
        return try await withTaskCancellationHandler {
            try await withUnsafeThrowingContinuation { (waiter: UnsafeContinuation<Value, any Error>) in
                switch state.withLock({ $0.addWaiter(id, waiter) }) {
                case .suspended:
                    break
                case .resume(let value):
                    waiter.resume(returning: value)
                case .resumeCancelled:
                    waiter.resume(throwing: CancellationError())
                }
            }
        } onCancel: {
            state.withLock { $0.cancelWaiter(id) }?.resume(throwing: CancellationError())
        }
    }

    /// The emissions from now on, as an `AsyncSequence` (every value is buffered until iterated).
    ///
    /// Each access subscribes anew. The sequence ends when the signal is deallocated; the
    /// subscription ends when iteration stops (or its task is cancelled).
    public var values: AsyncStream<Value> {
        let (stream, continuation) = AsyncStream<Value>.makeStream()
        let id = state.withLock { $0.subscribe(continuation) }
        continuation.onTermination = { [weak self] _ in
            self?.state.withLock { $0.unsubscribe(id) }
        }
        return stream
    }

    // MARK: Connection bookkeeping

    /// Number of connected slots.
    public var connectionCount: Int { state.withLock { $0.slotCount } }

    func isConnected(_ id: UInt64) -> Bool {
        state.withLock { $0.isConnected(id) }
    }

    @SDLActor
    func add(_ runner: any SlotRunning<Value>) -> Connection {
        let id = state.withLock { $0.connect(runner) }
        return Connection(name: runner.slotName, runner: runner) { [weak self] in
            _ = self?.state.withLock { $0.disconnect(id) }
        }
    }
}

extension Signal where Value == Void {
    /// Emits `()`.
    public func emit() { emit(()) }
}
