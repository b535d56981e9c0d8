import Foundation
import SDLConcurrency
import Synchronization

/// Moves model changes to the widgets bound to them, at most once per frame (<doc:Bindings>).
///
/// 1. A model change fires a binding's observation on whichever thread mutated the model
///    (``modelDidChange(_:)``): the binding joins `changed`, and one routing job is posted to the
///    SDL thread for all the changes until it runs.
/// 2. The routing job (``route()``) sorts them: a binding whose expression may run on the SDL
///    thread is marked for evaluation and its window for drawing; the others are evaluated in one
///    task per actor, which hands the values back to the SDL thread (``needsApply(_:)``).
/// 3. Just before a window draws, it applies the bindings of its widgets
///    (``apply(in:)``): each is evaluated (or takes its handed-back value) and set once, however
///    many changes came in between.
///
/// Idle stays idle: nothing runs unless a bound model changes.
final class BindingScheduler: Sendable {
    static let shared = BindingScheduler()

    private struct Changed {
        var nodes: [any AnyBindingNode] = []
        var routingPosted = false
    }

    /// Bindings whose model changed since the last routing job, and whether one is posted.
    /// Guarded by its lock (a pthread mutex, which the thread sanitizer understands); any thread.
    private let changed = LockedState(Changed())
    /// Bindings with something to apply before their window draws (each once). SDL thread only.
    @SDLActor private var queued: [any AnyBindingNode] = []
    /// Widget properties set by bindings (tests and benchmarks). SDL thread only.
    @SDLActor var updatesApplied = 0
    /// Model expressions evaluated, on any thread (tests and benchmarks).
    let evaluations = Atomic<Int>(0)

    private init() {}

    // MARK: Any thread

    /// Whether code isolated to `isolation` may run synchronously on this thread now: nonisolated
    /// code anywhere; `SDLActor` code on the SDL thread; `MainActor` code on the main thread —
    /// which includes the SDL thread while the host owns the main thread (`MainActor.assumeIsolated`
    /// passes there too: the loop runs the main queue's jobs on that thread, between its own). Code
    /// of other actors never: it runs in a task on its actor.
    static func mayRunHere(_ isolation: (any Actor)?) -> Bool {
        guard let isolation else { return true }
        if isolation === SDLActor.shared { return SDLExecutor.shared.isHostThread }
        if isolation === MainActor.shared { return Thread.isMainThread }
        return false
    }

    /// A bound model changed (or a binding needs its first value): route it at the SDL thread's
    /// next job.
    func modelDidChange(_ node: any AnyBindingNode) {
        let mustPost = changed.withLock { changed -> Bool in
            changed.nodes.append(node)
            defer { changed.routingPosted = true }
            return !changed.routingPosted
        }
        if mustPost { SDLExecutor.shared.post { [self] in route() } }
    }

    /// Runs `body` isolated to `actor`, in a task (straight onto the main queue for `MainActor`).
    static func run(on actor: any Actor, _ body: @escaping @Sendable () -> Void) {
        if actor === MainActor.shared {
            Task { @MainActor in body() }
        } else {
            Task { await runIsolated(to: actor, body) }
        }
    }

    private static func runIsolated(to actor: isolated any Actor, _ body: @Sendable () -> Void) {
        body()
    }

    // MARK: SDL thread

    /// The routing job: evaluates nothing, only sorts the changed bindings by where they evaluate.
    @SDLActor
    private func route() {
        let nodes = changed.withLock { changed -> [any AnyBindingNode] in
            changed.routingPosted = false
            defer { changed.nodes = [] }
            return changed.nodes
        }
        var elsewhere: [ObjectIdentifier: (actor: any Actor, nodes: [any AnyBindingNode])] = [:]
        for node in nodes where !node.isCancelled {
            if Self.mayRunHere(node.isolation) {
                node.needsEvaluation = true
                needsApply(node)
            } else if let actor = node.isolation {
                elsewhere[ObjectIdentifier(actor), default: (actor, [])].nodes.append(node)
            }
        }
        for (actor, nodes) in elsewhere.values {
            Self.run(on: actor) {
                // One job on the model's actor evaluates all its changed bindings, and one SDL job
                // hands all their values over.
                let deliveries = nodes.compactMap { $0.evaluateForDelivery() }
                guard !deliveries.isEmpty else { return }
                SDLExecutor.shared.post {
                    for deliver in deliveries { deliver() }
                }
            }
        }
    }

    /// `node` has something to apply: queue it (once) and ask its window for a frame.
    @SDLActor
    func needsApply(_ node: any AnyBindingNode) {
        if !node.isQueuedForApply {
            node.isQueuedForApply = true
            queued.append(node)
        }
        node.boundWidget?.setNeedsDisplay()
    }

    /// Applies the queued bindings whose widgets are in `window`, just before it draws. Bindings of
    /// widgets in no window wait until their widget is shown; those of dead widgets are dropped.
    @SDLActor
    func apply(in window: WidgetWindow) {
        guard !queued.isEmpty else { return }
        let nodes = queued
        queued = []
        var waiting: [any AnyBindingNode] = []
        for node in nodes {
            guard !node.isCancelled, let widget = node.boundWidget else {
                node.isQueuedForApply = false
                continue
            }
            guard widget.containingWindow === window else {
                waiting.append(node)
                continue
            }
            node.isQueuedForApply = false
            node.apply()
        }
        // Applying queues nothing new as a rule; keep whatever it did queue.
        queued = waiting + queued
    }
}
