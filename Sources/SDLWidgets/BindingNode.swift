import Observation
import SDLConcurrency
import Synchronization

/// What ``BindingScheduler`` sees of a binding, whatever its widget, model and value types.
protocol AnyBindingNode: AnyObject, Sendable {
    /// Where the model expression (and the write-back) runs; `nil`: anywhere.
    var isolation: (any Actor)? { get }
    /// Not cancelled, and widget and model both alive. Any thread.
    var isActive: Bool { get }
    /// ``cancel()`` has run. Any thread.
    var isCancelled: Bool { get }
    /// Ends the binding. Any thread.
    func cancel()
    /// Evaluates the model expression (re-arming observation) and returns what hands the value
    /// to the SDL thread, or `nil` once the binding has ended. Only where ``isolation`` may run.
    func evaluateForDelivery() -> (@Sendable @SDLActor () -> Void)?
    /// The bound widget, whose window must draw the update.
    @SDLActor var boundWidget: Widget? { get }
    /// In the scheduler's list of bindings to apply before their window draws.
    @SDLActor var isQueuedForApply: Bool { get set }
    /// The expression must be evaluated when the binding is applied (it can run on the SDL thread).
    @SDLActor var needsEvaluation: Bool { get set }
    /// Brings the widget up to date: evaluates if needed, then sets the pending value, if any.
    @SDLActor func apply()
}

/// One model binding: a widget property, the model expression it follows and, for two-way
/// bindings, the write-back of the user's edits.
///
/// The expression runs in its own isolation (`isolation`): on the SDL thread when it can
/// (``BindingScheduler/mayRunHere(_:)``), evaluated just before the window draws; otherwise in a
/// task on its actor, whose result is handed to the SDL thread and applied before the next draw.
/// Observation's `onChange` fires once per arming, on whichever thread mutates the model; each
/// evaluation re-arms it.
///
/// `@unchecked Sendable`: `read` and `write` are called only where ``isolation`` allows (checked
/// by ``BindingScheduler/mayRunHere(_:)`` or by running in a task isolated to it); the weak
/// references are safe to load from any thread; `cancelled` is atomic; every `var` is
/// `SDLActor`-isolated.
final class BindingNode<Target: Widget, Model: Observable & AnyObject & Sendable, Value: Sendable>:
    AnyBindingNode, @unchecked Sendable
{
    weak let widget: Target?
    weak let model: Model?
    let isolation: (any Actor)?
    /// The expression, as a plain function: called only in `isolation`.
    private let read: (Model) -> Value
    /// The write-back of a two-way binding, as a plain function: called only in `isolation`.
    private let write: ((Model, Value) -> Void)?
    /// Sets the widget property.
    private let set: @Sendable @SDLActor (Target, Value) -> Void
    /// The signal of the user's edits (two-way bindings).
    private let edits: (@Sendable @SDLActor (Target) -> Signal<Value>)?
    private let cancelled = Atomic<Bool>(false)

    // SDL thread only.
    @SDLActor var isQueuedForApply = false
    @SDLActor var needsEvaluation = false
    /// A value evaluated elsewhere, waiting to be set before the next draw.
    @SDLActor private var pending: Value?
    /// Edits handed to `isolation` that have not been written yet: values evaluated meanwhile
    /// predate them and are dropped, so a control never jumps back while the user drags it.
    @SDLActor private var writesInFlight = 0
    @SDLActor private var editConnection: Connection?

    init(
        widget: Target,
        model: Model,
        read: @escaping @isolated(any) (Model) -> Value,
        write: (@isolated(any) (Model, Value) -> Void)?,
        set: @escaping @Sendable @SDLActor (Target, Value) -> Void,
        edits: (@Sendable @SDLActor (Target) -> Signal<Value>)? = nil
    ) {
        self.widget = widget
        self.model = model
        self.isolation = read.isolation
        // An `@isolated(any)` function is a plain function whose context also records its
        // isolation (SE-0431): same size, same calling convention. Calling it synchronously is
        // sound only in that isolation, which every caller of `read` and `write` ensures; Swift
        // offers no checked way to make that call (it would need `await`, and observation
        // tracking is synchronous).
        self.read = unsafe unsafeBitCast(read, to: ((Model) -> Value).self)
        self.write = write.map { unsafe unsafeBitCast($0, to: ((Model, Value) -> Void).self) }
        self.set = set
        self.edits = edits
    }

    /// Registers with the widget and brings it up to date: now, when on the SDL thread and the
    /// expression can run here; otherwise by the next frame.
    func start() {
        if SDLExecutor.shared.isHostThread {
            SDLActor.assumeIsolated {
                attach()
                if BindingScheduler.mayRunHere(isolation) {
                    needsEvaluation = true
                    apply()
                } else {
                    BindingScheduler.shared.modelDidChange(self)
                }
            }
        } else {
            SDLExecutor.shared.post { [self] in attach() }
            BindingScheduler.shared.modelDidChange(self)
        }
    }

    @SDLActor
    private func attach() {
        guard let widget, !cancelled.load(ordering: .relaxed) else { return }
        widget.modelBindings.append(self)
        editConnection = edits?(widget).connect(to: self, name: "binding") { node, value in
            node.userEdited(value)
        }
    }

    var isActive: Bool {
        !isCancelled && widget != nil && model != nil
    }

    var isCancelled: Bool { cancelled.load(ordering: .relaxed) }

    func cancel() {
        guard !cancelled.exchange(true, ordering: .relaxed) else { return }
        if SDLExecutor.shared.isHostThread {
            SDLActor.assumeIsolated { detach() }
        } else {
            SDLExecutor.shared.post { [self] in detach() }
        }
    }

    @SDLActor
    private func detach() {
        editConnection?.disconnect()
        editConnection = nil
        pending = nil
        widget?.modelBindings.removeAll { $0 === self }
    }

    // MARK: Model → widget

    /// Observation's `onChange`: on the thread that mutates the model, before the new value is
    /// stored (so nothing is read here).
    private func modelDidChange() {
        guard !cancelled.load(ordering: .relaxed) else { return }
        BindingScheduler.shared.modelDidChange(self)
    }

    /// The expression's value, with observation armed for its next change; `nil` once the
    /// binding has ended. Only in `isolation`.
    private func evaluate() -> Value? {
        guard !cancelled.load(ordering: .relaxed), let model else { return nil }
        BindingScheduler.shared.evaluations.add(1, ordering: .relaxed)
        return withObservationTracking {
            read(model)
        } onChange: { [weak self] in
            self?.modelDidChange()
        }
    }

    func evaluateForDelivery() -> (@Sendable @SDLActor () -> Void)? {
        guard let value = evaluate() else { return nil }
        return { [self] in receive(value) }
    }

    /// A value evaluated in `isolation`, arriving on the SDL thread.
    @SDLActor
    private func receive(_ value: Value) {
        guard writesInFlight == 0 else { return }
        pending = value
        BindingScheduler.shared.needsApply(self)
    }

    @SDLActor var boundWidget: Widget? { widget }

    @SDLActor
    func apply() {
        if needsEvaluation {
            needsEvaluation = false
            if BindingScheduler.mayRunHere(isolation) {
                if let value = evaluate() { pending = value }
            } else {
                BindingScheduler.shared.modelDidChange(self)
            }
        }
        guard let value = pending else { return }
        pending = nil
        // A value evaluated before the model went away is still its last one: set it.
        guard !isCancelled, let widget else { return }
        set(widget, value)
        BindingScheduler.shared.updatesApplied += 1
    }

    // MARK: Widget → model (two-way)

    /// The user edited the control: write the value to the model, in `isolation`.
    @SDLActor
    private func userEdited(_ value: Value) {
        guard write != nil, isActive else { return }
        if BindingScheduler.mayRunHere(isolation) {
            writeToModel(value)
            return
        }
        guard let isolation else { return }
        writesInFlight += 1
        pending = nil
        BindingScheduler.run(on: isolation) { [self] in
            writeToModel(value)
            SDLExecutor.shared.post { [self] in writeLanded() }
        }
    }

    /// Only in `isolation`.
    private func writeToModel(_ value: Value) {
        guard let write, let model, !cancelled.load(ordering: .relaxed) else { return }
        write(model, value)
    }

    @SDLActor
    private func writeLanded() {
        writesInFlight -= 1
        // Values evaluated while writes were in flight were dropped: evaluate once more, after
        // the last write, so the control ends up showing what the model holds.
        if writesInFlight == 0 { BindingScheduler.shared.modelDidChange(self) }
    }
}
