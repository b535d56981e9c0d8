import Foundation
import SDLConcurrency
import SDLWidgets

/// The notes window: its widgets, what they are bound to, and what the buttons do. `@SDLActor`,
/// as the types that hold widgets are (the rest of this target is `@MainActor` by default).
@SDLActor final class NotesWindow {
    let model = NotesModel()

    let draft = TextField(placeholder: "A new note…")
    let add = Button("Add")
    let hidesDone = Toggle("Hide done")
    let summary = Label("", font: .caption, color: Palette.secondaryText)
    let list = NoteList()
    let removeDone = Button("Remove done")

    let cover = Image()
    let zoomLabel = Label("Zoom", font: .caption, color: Palette.secondaryText)
    let zoom = Slider(value: 1, in: 1...40)
    let progress = ProgressView(value: 0)
    let render = Button("Render cover")
    let cancel = Button("Cancel")

    let root: Widget
    /// Set when a close was refused because of an unsaved draft: the next close goes through.
    private var warnedAboutDraft = false

    init() {
        draft.stretch = 1
        summary.alignment = .trailing
        summary.stretch = 1
        list.model = model
        let scroll = ScrollView(list)
        scroll.stretch = 1
        cover.stretch = 1
        zoom.stretch = 1
        cancel.isEnabled = false
        let notesColumn = Stack(.vertical, distribution: .fill, spacing: 12, padding: 0, children: [
            Stack(.horizontal, distribution: .fill, spacing: 8, padding: 0, children: [draft, add]),
            Stack(.horizontal, distribution: .fill, spacing: 12, padding: 0, children: [hidesDone, summary]),
            scroll,
            removeDone,
        ])
        let coverColumn = Stack(.vertical, distribution: .fill, spacing: 12, padding: 0, children: [
            cover,
            Stack(.horizontal, distribution: .fill, spacing: 12, padding: 0, children: [zoomLabel, zoom]),
            progress,
            Stack(.horizontal, distribution: .fillEqually, spacing: 12, padding: 0, children: [render, cancel]),
        ])
        notesColumn.stretch = 1
        coverColumn.stretch = 1
        root = Stack(.horizontal, distribution: .fill, spacing: 24, padding: 20, children: [notesColumn, coverColumn])
        bind()
        connect()
    }

    /// The model drives the widgets: one call per property, applied once per frame at most.
    private func bind() {
        draft.bind(to: model, \.draft)                          // two-way
        hidesDone.bind(to: model, \.hidesDone)                  // two-way
        zoom.bind(to: model, \.zoom)                            // two-way
        summary.bind(.text, to: model) { $0.summary }
        list.bind(\.notes, to: model) { $0.notes }
        removeDone.bind(.isEnabled, to: model) { $0.notes.contains(where: \.isDone) }
        zoomLabel.bind(.text, to: model) { "Zoom ×\(Int($0.zoom))" }
        progress.bind(\.value, to: model) { $0.renderProgress ?? 0 }
    }

    private func connect() {
        draft.submitted.connect { [model] _ in model.addDraft() }
        add.clicked.connect { [model] _ in model.addDraft() }
        removeDone.clicked.connect { [model] _ in model.removeDone() }
        let rendering = render.clicked.connect(policy: .dropWhileRunning) { [self] _ in
            render.isEnabled = false
            cancel.isEnabled = true
            defer {
                render.isEnabled = true
                cancel.isEnabled = false
                model.renderProgress = nil
            }
            model.renderProgress = 0
            do {
                // Rendering runs on Swift's global pool; the window keeps drawing meanwhile.
                cover.image = try await renderCover(width: 480, height: 320, zoom: model.zoom) { [model] fraction in
                    await model.report(progress: fraction)
                }
            } catch {
                summary.text = "Rendering cancelled."
            }
        }
        cancel.clicked.connect { _ in rendering.lastTask?.cancel() }
    }

    /// Shows the window in `host`, with Ctrl+N for a new note and a close that warns once about an
    /// unsaved draft; then loads the cover picture at `coverURL` off the SDL thread.
    func show(in host: SDLHost, coverURL: URL?) throws {
        let window = WidgetWindow(root: root, canvas: try SDLCanvas(host: host))
        window.attach(to: host)
        window.addShortcut(KeyboardShortcut("n", modifiers: .control)) { [draft] in
            window.focus(draft)
        }
        window.shouldClose = { [self] in
            guard !model.draft.isEmpty, !warnedAboutDraft else { return true }
            warnedAboutDraft = true
            summary.text = "Unsaved draft: close again to discard it."
            return false
        }
        window.focus(draft)
        guard let coverURL else { return }
        host.spawn(name: "load cover") { [cover, summary] in
            do {
                cover.image = try await loadPicture(from: coverURL)
            } catch {
                summary.text = "No cover: \(error)"
            }
        }
    }
}

extension NotesModel {
    func report(progress fraction: Double) {
        renderProgress = fraction
    }
}

/// The list of notes: a toggle per note, bound two-way to the note's `isDone` and hidden while
/// the model hides done notes. Rebuilt when the list of notes changes.
@SDLActor final class NoteList: Widget {
    weak var model: NotesModel?
    private let column = Stack(.vertical, distribution: .fill, spacing: 6, padding: 8)

    var notes: [Note] = [] {
        didSet {
            guard notes.map(ObjectIdentifier.init) != oldValue.map(ObjectIdentifier.init) else { return }
            for row in column.children { row.removeFromParent() }
            for note in notes { column.addChild(row(for: note)) }
        }
    }

    override init() {
        super.init()
        addChild(column)
    }

    private func row(for note: Note) -> Widget {
        let toggle = Toggle(note.text)
        toggle.bind(to: note, \.isDone)
        if let model {
            toggle.bind(.isHidden, to: model) { [note] in $0.hidesDone && note.isDone }
        }
        return toggle
    }

    override func preferredSize(on canvas: any Canvas) -> Size { column.preferredSize(on: canvas) }
}
