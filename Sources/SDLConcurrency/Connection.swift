import Synchronization

/// A slot's connection to a ``Signal``.
///
/// The slot stays connected until ``disconnect()``, or until the signal is gone, or — for slots
/// connected `to:` a weakly held receiver — until the receiver is gone (the slot is then never
/// called again). **Letting go of this object does not disconnect** (Qt's and psygnal's rule):
/// `signal.connect { … }` alone is a connection for the signal's lifetime, so the result is
/// discardable. Keep the object only to disconnect later or to look at its runs.
///
/// Disconnecting stops future deliveries; async runs already started go on (cancel ``lastTask``
/// to stop one). The signal holds the slot strongly: a slot that captures the object owning the
/// signal keeps it alive, so connect `to:` that object (held weakly) instead.
///
/// Threads: `disconnect()` and `isConnected` are safe from any thread; the task accessors are
/// `SDLActor`-isolated like the slot itself.
public final class Connection: Sendable {
    /// The slot's name, as in error reports.
    public let name: String
    private let runner: any SlotRunningBase
    /// The action that removes the slot from its signal, until it has run. Guarded by its lock.
    private let disconnectAction: LockedState<(@Sendable () -> Void)?>

    init(name: String, runner: any SlotRunningBase, disconnect: @escaping @Sendable () -> Void) {
        self.name = name
        self.runner = runner
        self.disconnectAction = LockedState<(@Sendable () -> Void)?>(disconnect)
    }

    /// Disconnects the slot: it is not called for any later emission. Idempotent.
    public func disconnect() {
        let action = disconnectAction.withLock { action -> (@Sendable () -> Void)? in
            defer { action = nil }
            return action
        }
        action?()
    }

    /// Whether ``disconnect()`` has not run yet (the signal may be gone regardless).
    public var isConnected: Bool {
        disconnectAction.withLock { $0 != nil }
    }

    /// The task the last emission started (async slots), or `nil` for sync slots, before the first
    /// emission, or when the policy dropped the emission.
    @SDLActor
    public var lastTask: Task<Void, Never>? { runner.lastTask }

    /// Runs started by this connection that have not finished yet.
    @SDLActor
    public var runningTaskCount: Int { runner.runningTaskCount }

    /// Emissions this connection received, including dropped ones.
    @SDLActor
    public var deliveryCount: Int { runner.deliveryCount }

    /// Emissions dropped by ``SlotPolicy/dropWhileRunning`` (or because the receiver was gone).
    @SDLActor
    public var droppedCount: Int { runner.droppedCount }
}

extension Connection {
    /// Keeps the connection in `connections`, to disconnect them together later:
    /// `button.clicked.connect { … }.store(in: &connections)`.
    public func store(in connections: inout [Connection]) {
        connections.append(self)
    }
}
