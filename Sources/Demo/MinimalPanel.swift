import SDLConcurrency
import SDLWidgets

/// The PySide6 `minimal` example: a label above a button whose async slot sleeps one second on
/// the host clock and then rewrites the label. The window stays responsive while it sleeps.
@SDLActor
final class MinimalPanel {
    nonisolated static let initialText = "The answer is 42."
    nonisolated static let answeredText = "What do you get if you multiply six by nine?"
    nonisolated static let buttonTitle = "What is the question?"

    let label = Label(MinimalPanel.initialText)
    let button = Button(MinimalPanel.buttonTitle)
    let view: Stack
    /// The button's connection to ``setText()``; its `lastTask` is the run a click started.
    private(set) var clickConnection: Connection?

    init() {
        // Room for the answer from the start: the window's minimum size fits both texts.
        label.sizingTexts = [Self.answeredText]
        view = Stack(
            .vertical, spacing: 28, padding: 20,
            background: Palette.panelBackground, border: Palette.panelBorder,
            children: [label, button])
        clickConnection = button.clicked.connect(to: self, name: "MinimalPanel.setText") { panel, _ in
            try await panel.setText()
        }
    }

    /// The slot (the seed's `set_text`).
    func setText() async throws {
        try await Task.sleep(for: .seconds(1), clock: .sdl)
        label.text = Self.answeredText
    }
}
