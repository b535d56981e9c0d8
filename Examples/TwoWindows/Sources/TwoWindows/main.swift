import Foundation
import SDLConcurrency
import SDLWidgets

/// Two windows, one loop: the "Sender" window's button emits a signal; the "Receiver" window
/// counts the messages. Each window closes on its own; the program ends when the last one closes.
///
/// Neither window nor connection is kept in a variable: the host owns the windows shown in it, and
/// a connection lasts until it is disconnected (or its signal's owner goes away).
@SDLActor
func openWindows(on host: SDLHost) throws -> [Connection] {
    let sent = Signal<Int>(name: "sent")

    // The receiver: a label that follows the signal.
    let received = Label("Nothing received yet.")
    let closeButton = Button("Close this window")
    let receiver = try WidgetWindow(
        host: host,
        options: SDLHost.WindowOptions(title: "Receiver", width: 420, height: 220),
        root: Stack(.vertical, spacing: 20, children: [received, closeButton]))
    var connections = [
        sent.connect(to: received) { label, count in label.text = "Received message \(count)." },
        closeButton.clicked.connect(to: receiver) { window, _ in window.close() },
    ]

    // The sender: a button that emits, with an async slot that waits a little before answering.
    let status = Label("Press Send.")
    let send = Button("Send")
    var count = 0
    _ = try WidgetWindow(
        host: host,
        options: SDLHost.WindowOptions(title: "Sender", width: 420, height: 220),
        root: Stack(.vertical, spacing: 20, children: [status, send]))
    connections.append(send.clicked.connect(name: "send") { _ in
        count += 1
        sent.emit(count)
        status.text = "Sent \(count); waiting half a second…"
        try await Task.sleep(for: .milliseconds(500), clock: .sdl)
        status.text = "Sent \(count)."
    })
    connections.append(receiver.closed.connect(to: status) { label, _ in label.text = "The receiver is closed." })
    return connections
}

var configuration = SDLHost.Configuration()
let environment = ProcessInfo.processInfo.environment
let headless = environment["DISPLAY"] == nil && environment["WAYLAND_DISPLAY"] == nil && environment["SDL_VIDEODRIVER"] == nil
// With no display, run headless for a moment (so CI can run it too).
if headless { configuration.videoDriver = "dummy" }
// The root opens the windows and returns: the run lasts until the last window is closed.
SDLHost.runAndExit(configuration) { host in
    _ = try openWindows(on: host)
    if headless {
        try await Task.sleep(for: .seconds(1), clock: .sdl)
        print("two windows opened headless: \(host.openWindows.map(\.options.title))")
        host.quit()
    }
}
