public import Observation
import SDLConcurrency

/// What gives every ``Widget`` its `bind` methods (one-way model bindings, <doc:Bindings>).
///
/// Widgets conform through ``Widget``; you never conform a type yourself. (The methods live on a
/// protocol so that they can name the widget's own type, `Self`, in their property parameter.)
public protocol BindableWidget: AnyObject {}

extension Widget: BindableWidget {}

extension BindableWidget where Self: Widget {
    /// Binds one of this widget's properties to an expression of an `@Observable` model: the
    /// property follows the expression from now on, re-evaluated whenever something it read
    /// changes, at most once per frame, just before the window draws.
    ///
    /// ```swift
    /// label.bind(.text, to: model) { "\($0.count) notes" }
    /// label.bind(.color, to: model) { $0.isOverdue ? .red : Palette.text }
    /// ```
    ///
    /// Call it from any isolation, with no `await`. `expression` runs in its own isolation —
    /// the caller's, unless it says otherwise — so it may read the model's isolated state: in
    /// `@SDLActor` code bound to an `@SDLActor` model, or `@MainActor` code to a `@MainActor`
    /// model, write it plainly; when the model's actor is not the caller's, say which it is:
    /// `{ @MainActor in "\($0.count) notes" }`. It should read the model and nothing else that
    /// changes, and not capture the widget (it would live as long as the widget: a cycle).
    ///
    /// The binding lasts as long as the widget, or until ``ModelBinding/cancel()``; it ends too
    /// when the model is deallocated (the binding holds it weakly; the widget keeps its last value).
    /// When the call is made on the SDL thread and `expression` may run there (an `@SDLActor` or
    /// nonisolated expression; a `@MainActor` one while the host owns the main thread), the
    /// property is set before the call returns; otherwise by the next frame.
    ///
    /// - Parameters:
    ///   - property: The widget property to set: `.text`, `.color`, `.isHidden`, … (see
    ///     ``WidgetProperty``).
    ///   - model: The model; held weakly.
    ///   - expression: The property's value, computed from the model.
    /// - Returns: The binding, to cancel it early; discard it to keep the binding for the widget's
    ///   lifetime.
    @discardableResult
    public nonisolated func bind<Model: Observable & AnyObject & Sendable, Value: Sendable>(
        _ property: WidgetProperty<Self, Value>,
        to model: Model,
        _ expression: @escaping @isolated(any) (Model) -> Value
    ) -> ModelBinding {
        let node = BindingNode(widget: self, model: model, read: expression, write: nil, set: property.set)
        node.start()
        return ModelBinding(node)
    }

    /// Binds the widget property at `keyPath` to an expression of an `@Observable` model, as
    /// `bind(.text, to: model) { … }` does for a ``WidgetProperty``.
    ///
    /// For `@SDLActor` code, where key paths to widget properties can be formed: any property of
    /// any widget, including your own. Elsewhere use a ``WidgetProperty``.
    ///
    /// ```swift
    /// gauge.bind(\.level, to: model) { $0.progress }
    /// ```
    @discardableResult
    public nonisolated func bind<Model: Observable & AnyObject & Sendable, Value: Sendable>(
        _ keyPath: ReferenceWritableKeyPath<Self, Value>,
        to model: Model,
        _ expression: @escaping @isolated(any) (Model) -> Value
    ) -> ModelBinding {
        bind(WidgetProperty(keyPath: keyPath), to: model, expression)
    }
}

extension ValueControl {
    /// Binds the control two-way to a property of an `@Observable` model: the control shows the
    /// property's value (updated at most once per frame, just before the window draws), and each
    /// edit the user makes (``edited``) is written back to it.
    ///
    /// ```swift
    /// toggle.bind(to: model, \.showDone)
    /// ```
    ///
    /// The key path is read and written in the caller's isolation, so call it where that key
    /// path can be formed: from `@MainActor` code for a `@MainActor` model, from `@SDLActor` code
    /// for an `@SDLActor` one. Across actors, use ``bind(to:get:set:)``. No `await` either way.
    /// The binding lasts as long as the control, or until ``ModelBinding/cancel()``; it ends too
    /// when the model is deallocated (it is held weakly).
    ///
    /// A value the model takes because of the user's edit is not set back on the control (no
    /// echo); one the model changes to by itself (clamping, say) is.
    @discardableResult
    public func bind<Model: Observable & AnyObject & Sendable>(
        to model: Model,
        _ property: ReferenceWritableKeyPath<Model, Value>,
        isolation: isolated (any Actor)? = #isolation
    ) -> ModelBinding {
        // Both closures are isolated to `isolation`, the caller's, where the key path was formed.
        // A closure is isolated to an `isolated` parameter only if it captures it (SE-0420):
        // without the capture, its `@isolated(any)` isolation would be `nil` and it would run
        // anywhere.
        let get: @isolated(any) (Model) -> Value = {
            _ = isolation
            return $0[keyPath: property]
        }
        let set: @isolated(any) (Model, Value) -> Void = {
            _ = isolation
            $0[keyPath: property] = $1
        }
        return bind(to: model, get: get, set: set)
    }

    /// Binds the control two-way to a model through a getter and a setter, which run in their
    /// own isolation (the caller's, unless they say otherwise; both the same):
    ///
    /// ```swift
    /// // In @SDLActor code, a @MainActor model:
    /// toggle.bind(to: model, get: { @MainActor in $0.showDone },
    ///                        set: { @MainActor in $0.showDone = $1 })
    /// ```
    ///
    /// See ``bind(to:_:isolation:)``.
    @discardableResult
    public nonisolated func bind<Model: Observable & AnyObject & Sendable>(
        to model: Model,
        get: @escaping @isolated(any) (Model) -> Value,
        set: @escaping @isolated(any) (Model, Value) -> Void
    ) -> ModelBinding {
        // fatalError, not precondition: the message is printed in release builds too.
        if get.isolation.map(ObjectIdentifier.init) != set.isolation.map(ObjectIdentifier.init) {
            fatalError("ValueControl.bind(to:get:set:): the getter and the setter must run on the same actor (the caller's mistake)")
        }
        let node = BindingNode(widget: self, model: model, read: get, write: set,
                               set: WidgetProperty<Self, Value>.value.set, edits: { $0.edited })
        node.start()
        return ModelBinding(node)
    }
}

/// A model binding made by a widget's `bind` method (<doc:Bindings>).
///
/// The widget keeps its bindings for its lifetime: keep this object only to end one early with
/// ``cancel()``.
///
/// Threads: any.
public final class ModelBinding: Sendable {
    let node: any AnyBindingNode

    init(_ node: any AnyBindingNode) {
        self.node = node
    }

    /// Whether the binding still updates its widget: not cancelled, and its widget and model
    /// both still exist.
    public var isActive: Bool { node.isActive }

    /// Ends the binding: the widget keeps its current value, no later change of the model reaches
    /// it, and edits are no longer written back. Idempotent.
    public func cancel() { node.cancel() }
}
