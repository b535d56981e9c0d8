import Observation
import SDLConcurrency
import SDLWidgets
#if canImport(Glibc)
import Glibc
#endif

// `--bindings`: an `@Observable` model, `@MainActor` as this target's default, bound to widgets
// from `@SDLActor` code and from `@MainActor` code, while the host owns the main thread. Prints one
// line per fact (`ok …` / `FAIL …`) and exits 0 only if all held; run as a child by the isolation
// tests.

/// The model: `@MainActor` (this target's default isolation).
@Observable final class CheckedNotes {
    var count = 0
    var showDone = false
}

/// A two-way control standing in for a toggle.
@SDLActor final class CheckedToggle: Widget, ValueControl {
    var value = false { didSet { setNeedsDisplay() } }
    let edited = Signal<Bool>(name: "CheckedToggle.edited")

    func userSets(_ newValue: Bool) {
        value = newValue
        edited.emit(newValue)
    }
}

/// The window's widgets; its bindings are made in `@SDLActor` code, across actors.
@SDLActor final class CheckedPanel {
    let title = Label("")
    let mainTitle = Label("")
    let toggle = CheckedToggle()
    let mainToggle = CheckedToggle()
    /// Where each evaluation of `title`'s expression ran: on the SDL thread, which is the main one.
    var evaluatedOnSDLThread: [Bool] = []

    func bind(to model: CheckedNotes) {
        title.bind(.text, to: model) { @MainActor [weak self] model in
            let onSDLThread = IsolationCheck.onMainSDLThread
            SDLActor.assumeIsolated { self?.evaluatedOnSDLThread.append(onSDLThread) }
            return "\(model.count) notes"
        }
        toggle.bind(to: model, get: { @MainActor in $0.showDone }, set: { @MainActor in $0.showDone = $1 })
    }
}

/// `@MainActor` code binds with plain key paths and closures.
func bindFromMainActor(_ panel: CheckedPanel, to model: CheckedNotes) -> (String, Bool) {
    panel.mainTitle.bind(.text, to: model) { "\($0.count) notes (main)" }
    panel.mainToggle.bind(to: model, \.showDone)
    // Set before `bind` returned: on the SDL thread, where this model may be read.
    return SDLActor.assumeIsolated { (panel.mainTitle.text, panel.mainToggle.value) }
}

func addNote(_ model: CheckedNotes) { model.count += 1 }

enum BindingCheck {
    static func run() -> Never {
        IsolationCheck.mainThread = pthread_self()
        let model = CheckedNotes()
        var configuration = SDLHost.Configuration(videoDriver: "dummy", afterRoot: .quit)
        configuration.window = SDLHost.WindowOptions(title: "binding check", width: 320, height: 200, softwareRenderer: true)
        configuration.stallThreshold = nil
        do {
            _ = try SDLHost.run(configuration) { host in
                let panel = CheckedPanel()
                panel.bind(to: model)
                check("an @SDLActor caller's binding to a @MainActor model is set before bind returns",
                      panel.title.text == "0 notes")
                let (mainTitle, mainToggle) = await bindFromMainActor(panel, to: model)
                check("a @MainActor caller's bindings are set before bind returns", mainTitle == "0 notes (main)" && !mainToggle)
                let window = WidgetWindow(root: Stack(.vertical, children: [panel.title, panel.mainTitle, panel.toggle, panel.mainToggle]),
                                          canvas: try SDLCanvas(host: host))
                window.attach(to: host)
                _ = try await SDLClock.nextFrame()

                await addNote(model)
                let framesBefore = window.framesDrawn
                _ = try await SDLClock.nextFrame()   // the frame phase; bindings apply in its draw
                _ = try await SDLClock.nextFrame()
                check("a change made in @MainActor code shows in both labels by the next frame",
                      panel.title.text == "1 notes" && panel.mainTitle.text == "1 notes (main)" && window.framesDrawn > framesBefore)
                check("the @MainActor expression was evaluated on the SDL thread, with no hop (\(panel.evaluatedOnSDLThread))",
                      !panel.evaluatedOnSDLThread.isEmpty && panel.evaluatedOnSDLThread.allSatisfy { $0 })

                panel.toggle.userSets(true)
                check("an edit is written to the @MainActor model at once (same thread)", await model.showDone)
                _ = try await SDLClock.nextFrame()
                _ = try await SDLClock.nextFrame()
                check("the other control bound to that property follows", panel.mainToggle.value)
            }
        } catch {
            print("FAIL the host did not start or a frame wait threw: \(error)")
            Glibc.exit(2)
        }
        Glibc.exit(failures == 0 ? 0 : 1)
    }

    nonisolated(unsafe) static var failures = 0

    nonisolated static func check(_ fact: String, _ holds: Bool) {
        print("\(holds ? "ok" : "FAIL") \(fact)")
        if !holds { failures += 1 }
    }
}
