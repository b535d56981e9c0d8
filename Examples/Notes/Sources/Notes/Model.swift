import Observation
import SDLConcurrency

/// One note: its text and whether it is done. `@SDLActor`, like the widgets that show it, so that
/// bindings read and write it with no hop.
@SDLActor @Observable final class Note {
    let text: String
    var isDone = false

    init(_ text: String) { self.text = text }
}

/// What the window shows. The widgets follow it through bindings (`Window.swift`); nothing here
/// knows about widgets.
@SDLActor @Observable final class NotesModel {
    var notes: [Note] = [Note("Buy milk"), Note("Write the release notes"), Note("Call Ada")]
    /// The text being typed into the new-note field (bound two-way).
    var draft = ""
    /// Whether done notes are hidden (bound two-way to a toggle).
    var hidesDone = false
    /// How far the cover's rendering has come, 0…1; `nil` while none runs.
    var renderProgress: Double?
    /// The zoom the next rendering uses (bound two-way to a slider).
    var zoom = 1.0

    var summary: String {
        let done = notes.filter(\.isDone).count
        return "\(notes.count) notes, \(done) done"
    }

    /// Adds the draft as a note, unless it is blank; returns whether it did.
    @discardableResult
    func addDraft() -> Bool {
        let text = draft.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { return false }
        notes.append(Note(text))
        draft = ""
        return true
    }

    func removeDone() {
        notes.removeAll(where: \.isDone)
    }
}
