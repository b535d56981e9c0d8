// A window with a label and a button whose async slot sleeps one second and then rewrites the
// label; the window stays responsive meanwhile. `swift run` (or `SDL_VIDEODRIVER=dummy swift run`).
import SDLConcurrency
import SDLWidgets

// The root sets the window up and returns; the run lasts until the window is closed.
SDLHost.runAndExit(.init(window: .init(title: "Hello, widgets", width: 480, height: 220))) { host in
    let label = Label("The answer is 42.")
    let button = Button("What is the question?")
    // Shown in the host's window; the host keeps it alive while the window is open.
    WidgetWindow(root: Stack(.vertical, spacing: 24, padding: 24, children: [label, button]),
                 canvas: try SDLCanvas(host: host)).attach(to: host)

    // An async slot: it starts inside the click, sleeps on the loop's clock, then updates the
    // label. It stays connected until disconnect() (or the button's end), kept or not.
    button.clicked.connect(policy: .dropWhileRunning) { _ in
        button.isEnabled = false
        defer { button.isEnabled = true }
        label.text = "Thinking…"
        try await Task.sleep(for: .seconds(1), clock: .sdl)
        label.text = "What do you get if you multiply six by nine?"
    }
}
