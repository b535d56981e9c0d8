import SDLConcurrency

/// A property of a widget that a model binding sets: `.text` of a ``Label``, `.isHidden` of any
/// widget, or one of your own.
///
/// A key path to a widget property can only be formed in `@SDLActor` code (Swift refuses
/// `\Label.text` anywhere else), and `@MainActor` code — the default in
/// `defaultIsolation(MainActor.self)` targets — binds widgets too. So the bindable properties are
/// values like this one, written as `.text`, `.color`, `.isHidden` at the call site from any
/// isolation:
///
/// ```swift
/// label.bind(.text, to: model) { "\($0.count) notes" }
/// ```
///
/// Make your own with ``init(set:)``; the setter runs on the SDL thread:
///
/// ```swift
/// extension WidgetProperty where Target == Gauge, Value == Double {
///     static var level: Self { Self { gauge, level in gauge.level = level } }
/// }
/// ```
public struct WidgetProperty<Target: Widget, Value: Sendable>: Sendable {
    /// Sets the property on the SDL thread.
    let set: @Sendable @SDLActor (Target, Value) -> Void

    /// A property that `set` writes on the SDL thread.
    public init(set: @escaping @Sendable @SDLActor (Target, Value) -> Void) {
        self.set = set
    }

    /// The property at `keyPath` (for the key-path form of `bind(_:to:_:)`).
    init(keyPath: ReferenceWritableKeyPath<Target, Value>) {
        let path = WidgetKeyPath(keyPath)
        self.init { widget, value in widget[keyPath: path.keyPath] = value }
    }
}

/// A key path to a widget property, carried to the SDL thread.
///
/// `@unchecked Sendable`: a key path is an immutable value; it is not `Sendable` only because it
/// may name `SDLActor`-isolated properties, and it is applied only in ``WidgetProperty``'s setter,
/// which runs on the SDL thread.
private struct WidgetKeyPath<Target: Widget, Value>: @unchecked Sendable {
    let keyPath: ReferenceWritableKeyPath<Target, Value>
    init(_ keyPath: ReferenceWritableKeyPath<Target, Value>) { self.keyPath = keyPath }
}

// MARK: - Every widget

extension WidgetProperty where Value == Bool {
    /// ``Widget/isHidden``.
    public static var isHidden: Self { Self { $0.isHidden = $1 } }
    /// ``Widget/isEnabled``.
    public static var isEnabled: Self { Self { $0.isEnabled = $1 } }
}

// MARK: - Label

extension WidgetProperty where Target == Label, Value == String {
    /// ``Label/text``.
    public static var text: Self { Self { $0.text = $1 } }
}

extension WidgetProperty where Target == Label, Value == Color {
    /// ``Label/color``.
    public static var color: Self { Self { $0.color = $1 } }
}

extension WidgetProperty where Target == Label, Value == Font {
    /// ``Label/font``.
    public static var font: Self { Self { $0.font = $1 } }
}

// MARK: - Controls

extension WidgetProperty where Target: ValueControl, Value == Target.Value {
    /// A control's ``ValueControl/value``, shown but not written back (for that, bind the control
    /// two-way with ``ValueControl/bind(to:_:isolation:)``).
    public static var value: Self {
        Self { control, value in
            if control.value != value { control.value = value }
        }
    }
}
