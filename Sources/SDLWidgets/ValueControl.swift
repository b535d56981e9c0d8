public import SDLConcurrency

/// A control whose value the user edits — a `TextField`'s text, a `Toggle`'s state, a
/// `Slider`'s value — seen the same way by two-way bindings.
///
/// Setting ``value`` from code changes the control and redraws it, but never emits ``edited``;
/// each change the user makes (typing, a click, a drag, a key) sets ``value`` and then emits
/// ``edited`` with the new value, on the SDL thread.
///
/// Threads: SDL thread (`SDLActor`).
@SDLActor
public protocol ValueControl: Widget {
    /// What the control holds.
    associatedtype Value: Equatable & Sendable
    /// The current value.
    var value: Value { get set }
    /// Emitted after each change the user makes, with the new value.
    var edited: Signal<Value> { get }
}
