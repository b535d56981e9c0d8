/// A key pressed with exactly these modifiers, that a ``WidgetWindow`` answers when no widget
/// handled the key (see ``WidgetWindow/addShortcut(_:repeats:action:)``).
///
/// Name a character key by its unshifted character, as ``InputEvent/Key/character(_:)`` does:
/// Ctrl+Shift+Z is `KeyboardShortcut("z", modifiers: [.control, .shift])`. Letters are stored in
/// lower case, so `"Z"` names the same key. The modifiers must match exactly: Ctrl+Shift+W is not
/// Ctrl+W.
public struct KeyboardShortcut: Hashable, Sendable, CustomStringConvertible {
    /// The key.
    public let key: InputEvent.Key
    /// The modifiers that must be held, and no others.
    public let modifiers: InputEvent.KeyModifiers

    /// `key` with `modifiers` held.
    public init(_ key: InputEvent.Key, modifiers: InputEvent.KeyModifiers = []) {
        if case .character(let character) = key, character.isUppercase,
           let lower = character.lowercased().first, character.lowercased().count == 1 {
            // The key arrives as its unshifted character: "W" could never match.
            self.key = .character(lower)
        } else {
            self.key = key
        }
        self.modifiers = modifiers
    }

    /// The key that types `character` (unshifted), with `modifiers` held.
    public init(_ character: Character, modifiers: InputEvent.KeyModifiers = []) {
        self.init(.character(character), modifiers: modifiers)
    }

    /// Ctrl+W: the window asks to close (``WidgetWindow/requestClose()``), as its close button does.
    public static let closeWindow = KeyboardShortcut("w", modifiers: .control)
    /// Ctrl+Q: the host quits with status 0 if every open window agrees to close
    /// (`SDLHost.askToQuit(status:)`).
    public static let quit = KeyboardShortcut("q", modifiers: .control)

    /// The shortcut as a menu shows it: "Ctrl+Shift+Z", "Alt+Enter".
    public var description: String {
        var parts: [String] = []
        if modifiers.contains(.control) { parts.append("Ctrl") }
        if modifiers.contains(.alt) { parts.append("Alt") }
        if modifiers.contains(.gui) { parts.append("Super") }
        if modifiers.contains(.shift) { parts.append("Shift") }
        parts.append(Self.name(of: key))
        return parts.joined(separator: "+")
    }

    /// Names of the keys that are not characters. A table rather than a switch: a key added to
    /// ``InputEvent/Key`` later still gets a name (its case name) without a change here.
    private static let keyNames: [InputEvent.Key: String] = [
        .tab: "Tab", .space: "Space", .enter: "Enter", .escape: "Esc", .backspace: "Backspace",
        .delete: "Delete", .left: "Left", .right: "Right", .up: "Up", .down: "Down", .home: "Home",
        .end: "End", .pageUp: "PgUp", .pageDown: "PgDown",
    ]

    private static func name(of key: InputEvent.Key) -> String {
        if case .character(let character) = key { return character.uppercased() }
        if case .other(let keycode) = key { return "key \(keycode)" }
        return keyNames[key] ?? "\(key)"
    }
}
