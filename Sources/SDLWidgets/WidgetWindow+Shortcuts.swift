import SDLConcurrency

/// Keyboard shortcuts at window level: keys that no widget handled (neither the focused widget nor
/// its parents) are looked up here. Built in: ``KeyboardShortcut/closeWindow`` (Ctrl+W) and
/// ``KeyboardShortcut/quit`` (Ctrl+Q).
extension WidgetWindow {
    /// Runs `action` when `shortcut` is pressed in this window and no widget handled the key.
    /// Replaces whatever the same keys did before, a built-in (Ctrl+W, Ctrl+Q) included.
    ///
    /// A held key repeats: the action runs again for each repeat only when `repeats` is `true`.
    /// While a widget that takes typed text has focus (a text field), a shortcut with no
    /// modifier but Shift does not run for a key that types: the key is typing. Tab without Ctrl
    /// or Alt moves focus and never reaches a shortcut.
    public func addShortcut(_ shortcut: KeyboardShortcut, repeats: Bool = false, action: @escaping () -> Void) {
        shortcuts[shortcut] = .custom(action, repeats: repeats)
    }

    /// Removes what `shortcut` does in this window, a built-in included: after
    /// `removeShortcut(.closeWindow)`, Ctrl+W does nothing (the close button still asks
    /// ``shouldClose``).
    public func removeShortcut(_ shortcut: KeyboardShortcut) {
        shortcuts[shortcut] = nil
    }

    /// Asks to close the window as its close button does (and Ctrl+W): it closes unless
    /// ``shouldClose`` refuses. Returns whether it closed. Without a host window (a tree on a
    /// canvas of its own), only asks, and returns the answer.
    @discardableResult
    public func requestClose() -> Bool {
        if let hostWindow { return hostWindow.requestClose() }
        return shouldClose?() ?? true
    }

    /// Runs the shortcut for a key no widget handled; returns whether there was one.
    func performShortcut(_ key: InputEvent.Key, modifiers: InputEvent.KeyModifiers, isRepeat: Bool) -> Bool {
        let shortcut = KeyboardShortcut(key, modifiers: modifiers)
        guard let action = shortcuts[shortcut] else { return false }
        if modifiers.subtracting(.shift).isEmpty, let focused, focused.acceptsTextInput, focused.isEnabled {
            // The same key press also arrives as typed text for the focused widget.
            if case .character = key { return false }
            if key == .space { return false }
        }
        switch action {
        case .closeWindow:
            guard !isRepeat else { return true }
            requestClose()
        case .quit:
            guard !isRepeat else { return true }
            guard let host else { return false }
            host.askToQuit()
        case .custom(let run, let repeats):
            guard !isRepeat || repeats else { return true }
            run()
        }
        return true
    }
}

/// What a ``WidgetWindow`` does for one of its shortcuts.
enum ShortcutAction {
    /// ``WidgetWindow/requestClose()``.
    case closeWindow
    /// `SDLHost.askToQuit(status:)` with status 0.
    case quit
    /// An app's own action.
    case custom(() -> Void, repeats: Bool)

    /// The shortcuts every window starts with.
    static var builtIns: [KeyboardShortcut: ShortcutAction] {
        [.closeWindow: .closeWindow, .quit: .quit]
    }
}
