// An app target built with `swiftSettings: [.defaultIsolation(MainActor.self)]` (SE-0466, the
// default for new app projects): every declaration here without an annotation is `@MainActor`.
//
//     swift run mainactor-app            a window: a counter button whose slot sleeps on the SDL clock
//     swift run mainactor-app --check    headless: checks where @MainActor and @concurrent code runs
//
// The UI object is `@SDLActor` (widgets live on the SDL thread, like every SDLWidgets type); its
// slots set labels and update state with no `await` and no `assumeIsolated`. `@MainActor` code —
// this file's default — runs on the same thread while the host owns the main thread.
import Dispatch
import SDLConcurrency
import SDLWidgets
#if canImport(Glibc)
import Glibc
#endif

/// The window's content: a label, a button and the state they show.
@SDLActor
final class CounterUI {
    let label = Label("No clicks yet.")
    let button = Button("Click me")
    var clicks = 0

    init() {
        // The slot keeps this object alive as long as the button's signal lives (the window's).
        button.clicked.connect(name: "count") { [self] _ in
            clicks += 1
            label.text = "Counting click \(clicks)…"
            try await Task.sleep(for: .milliseconds(300), clock: .sdl)
            label.text = "\(clicks) click\(clicks == 1 ? "" : "s") counted."
        }
    }
}

/// Main-actor state: a log kept by `@MainActor` code (this file's default isolation).
final class History {
    private(set) var entries: [String] = []
    func record(_ entry: String) { entries.append(entry) }
}

@main
struct MainActorApp {
    static func main() {
        // `--one-executor`: MainActor's executor becomes the SDL executor. The opt-in must be the
        // first statement of a synchronous main (IsolationCheck.preflight makes it for the checks).
        IsolationCheck.preflight()
        if CommandLine.arguments.contains("--check") { IsolationCheck.run() }
        if CommandLine.arguments.contains("--bindings") { BindingCheck.run() }
        let arguments = CommandLine.arguments
        if let index = arguments.firstIndex(of: "--restarts"), index + 1 < arguments.count, let count = Int(arguments[index + 1]) {
            let driver = arguments.firstIndex(of: "--driver").flatMap { $0 + 1 < arguments.count ? arguments[$0 + 1] : nil } ?? "dummy"
            RestartCheck.run(count: count, driver: driver)
        }
        // The root sets the window up and returns: the run lasts until the window is closed.
        SDLHost.runAndExit(.init(window: .init(title: "MainActor app", width: 360, height: 200))) { host in
            let ui = CounterUI()
            // The host keeps a window it shows alive while it is open: nothing to store.
            WidgetWindow(root: Stack(.vertical, spacing: 16, padding: 20, children: [ui.label, ui.button]),
                         canvas: try SDLCanvas(host: host)).attach(to: host)
        }
    }
}
