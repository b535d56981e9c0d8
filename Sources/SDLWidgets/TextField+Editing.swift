import SDLConcurrency

/// What the user does to a text field: keys, typed and composed text, the mouse, the clipboard.
extension TextField {
    /// The field's reaction to `event` (``Widget/handle(_:)``); `true` when used.
    func handleInput(_ event: InputEvent) -> Bool {
        switch event {
        case .textInput(let typed):
            // A commit ends the composition (SDL usually says so first with an empty one).
            composition = ""
            insert(typed)
            return true
        case .textEditing(let composed, let cursor):
            compose(composed, cursor: cursor)
            return true
        case .keyDown(let key, let modifiers, let isRepeat):
            return handleKey(key, modifiers: modifiers, isRepeat: isRepeat)
        case .pointerDown(let point, .left):
            // While composing, the caret belongs to the input method.
            guard composition.isEmpty, let canvas = containingWindow?.canvas else { return true }
            let offset = offset(nearestTo: point.x, on: canvas)
            anchor = offset
            caret = offset
            selectionDidChange()
            return true
        case .pointerMoved(let point):
            // Only the pressed widget gets moves: this is a drag that began here.
            guard composition.isEmpty, let canvas = containingWindow?.canvas else { return true }
            caret = offset(nearestTo: point.x, on: canvas)
            selectionDidChange()
            return true
        case .pointerUp(_, .left):
            return true
        default:
            return false
        }
    }

    /// A key for the field: editing and moving keys are used; printable keys are consumed (their
    /// text comes as ``InputEvent/textInput(_:)``); the rest go on to the parents and the window.
    private func handleKey(_ key: InputEvent.Key, modifiers: InputEvent.KeyModifiers, isRepeat: Bool) -> Bool {
        // Alt and Super combinations are the window's or the desktop's.
        guard modifiers.isDisjoint(with: [.alt, .gui]) else { return false }
        let extending = modifiers.contains(.shift)
        let byWord = modifiers.contains(.control)
        // While composing, the input method owns the editing keys (SDL usually keeps them from us).
        if !composition.isEmpty, [.left, .right, .home, .end, .backspace, .delete, .enter].contains(key) { return true }
        switch key {
        case .left:
            let selection = selectedRange
            if !extending, !byWord, !selection.isEmpty {
                moveCaret(to: selection.lowerBound, extending: false)
            } else {
                moveCaret(to: byWord ? wordStart(before: caret) : caret - 1, extending: extending)
            }
        case .right:
            let selection = selectedRange
            if !extending, !byWord, !selection.isEmpty {
                moveCaret(to: selection.upperBound, extending: false)
            } else {
                moveCaret(to: byWord ? wordStart(after: caret) : caret + 1, extending: extending)
            }
        case .home:
            moveCaret(to: 0, extending: extending)
        case .end:
            moveCaret(to: characters.count, extending: extending)
        case .backspace:
            if selectedRange.isEmpty {
                deleteByUser(byWord ? wordStart(before: caret)..<caret : max(0, caret - 1)..<caret)
            } else {
                deleteByUser(selectedRange)
            }
        case .delete:
            if selectedRange.isEmpty {
                let count = characters.count
                deleteByUser(byWord ? caret..<wordStart(after: caret) : caret..<min(count, caret + 1))
            } else {
                deleteByUser(selectedRange)
            }
        case .enter:
            // Ctrl+Enter is left to the window's shortcuts; a held Enter submits once.
            guard !byWord else { return false }
            if !isRepeat { submitted.emit(storage) }
        case .character(let character) where modifiers == .control:
            return handleShortcut(character)
        case .character, .space:
            // Typed text arrives as `.textInput`; its key events are consumed so that the parents
            // and window shortcuts do not act on a letter typed into the field.
            return !byWord
        default:
            // Escape, Up/Down, Page Up/Down, Tab and others: not a one-line field's.
            return false
        }
        return true
    }

    /// Ctrl+A, C, X, V; other Ctrl shortcuts are not the field's.
    private func handleShortcut(_ character: Character) -> Bool {
        switch character {
        case "a":
            anchor = 0
            caret = characters.count
            selectionDidChange()
        case "c":
            copySelection()
        case "x":
            copySelection()
            deleteByUser(selectedRange)
        case "v":
            if let pasted = SystemClipboard.text() { insert(pasted) }
        default:
            return false
        }
        return true
    }

    // MARK: Edits

    /// The user typed, pasted or committed `typed`: it replaces the selection, cut to what
    /// ``maximumLength`` leaves room for, line breaks turned into spaces (the field holds one line).
    func insert(_ typed: String) {
        let selection = selectedRange
        let room = maximumLength - (characters.count - selection.count)
        // Only the part that fits is looked at: a megabyte pasted costs what `room` characters do.
        let fitting = String(Self.prefix(typed, characters: room).map { $0.isNewline ? " " : $0 })
        guard !fitting.isEmpty || !selection.isEmpty else { return }
        replace(selection, with: fitting)
    }

    /// The user deleted `range` (nothing when empty).
    func deleteByUser(_ range: Range<Int>) {
        guard !range.isEmpty else { return }
        replace(range, with: "")
    }

    /// Replaces the characters in `range` with `replacement`, puts the caret after it and emits
    /// ``edited``: every user edit ends here.
    private func replace(_ range: Range<Int>, with replacement: String) {
        let head = String(characters[..<range.lowerBound]) + replacement
        let tail = String(characters[range.upperBound...])
        let newText = head + tail
        setStorage(newText, changedFrom: range.lowerBound)
        // Counted in the new text: a combining mark typed after a letter joins it.
        caret = min(head.count, characters.count)
        anchor = caret
        textDidChange()
        edited.emit(storage)
    }

    /// An input method's composition changed: shown at the caret; an empty one ends it.
    private func compose(_ composed: String, cursor: Int) {
        if !composed.isEmpty, !selectedRange.isEmpty {
            // The composition will replace the selection, as typing would: it goes now (Qt does so).
            deleteByUser(selectedRange)
        }
        composition = composed
        compositionCursor = min(max(0, cursor), composed.count)
        selectionDidChange()
    }

    // MARK: Caret and selection

    /// Moves the caret to `offset` (clamped); the selection follows it when `extending`, else
    /// collapses onto it.
    private func moveCaret(to offset: Int, extending: Bool) {
        caret = min(max(0, offset), characters.count)
        if !extending { anchor = caret }
        selectionDidChange()
    }

    /// The start of the word at or before `offset` (Ctrl+Left, Ctrl+Backspace): back over spaces,
    /// then over the word.
    private func wordStart(before offset: Int) -> Int {
        var index = min(offset, characters.count)
        while index > 0, characters[index - 1].isWhitespace { index -= 1 }
        while index > 0, !characters[index - 1].isWhitespace { index -= 1 }
        return index
    }

    /// The start of the next word after `offset` (Ctrl+Right, Ctrl+Delete), or the end: over the
    /// rest of this word, then over spaces.
    private func wordStart(after offset: Int) -> Int {
        var index = max(0, offset)
        while index < characters.count, !characters[index].isWhitespace { index += 1 }
        while index < characters.count, characters[index].isWhitespace { index += 1 }
        return index
    }

    /// The text changed (by the user or from code): redraw, keep the caret in view.
    func textDidChange() {
        selectionDidChange()
    }

    /// The caret, selection or composition moved: redraw, scroll the caret into view and move the
    /// input method's candidate window to it.
    func selectionDidChange() {
        setNeedsDisplay()
        guard let window = containingWindow else { return }
        scrollToCaret(on: window.canvas)
        if isFocused { window.updateTextInput() }
    }

    private func copySelection() {
        let selection = selectedRange
        guard !selection.isEmpty else { return }
        SystemClipboard.setText(String(characters[selection]))
    }
}
