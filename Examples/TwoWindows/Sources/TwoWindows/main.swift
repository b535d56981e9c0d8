import Foundation
import SDLConcurrency
import SDLWidgets

/// Two windows, one loop: the "Sender" window's button (or Ctrl+Enter) emits a signal; the
/// "Receiver" window counts the messages, in its title too. The Receiver opens centred and the
/// Sender cascaded from it, so both title bars show. Each window closes on its own (its close
/// button, or Ctrl+W; the Receiver asks for a second try while messages are unread); Ctrl+Q quits;
/// the program ends when the last window closes.
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
    var unread = 0
    var connections = [
        sent.connect(to: received) { [weak receiver] label, count in
            label.text = "Received message \(count)."
            unread += 1
            receiver?.title = "Receiver (\(count))"
        },
        // Asks, as the close button does.
        closeButton.clicked.connect(to: receiver) { window, _ in window.requestClose() },
    ]
    // Unread messages: the first close request only warns (as an editor asks about unsaved changes).
    receiver.shouldClose = {
        guard unread > 0 else { return true }
        unread = 0
        received.text = "Unread messages; close again to close."
        return false
    }

    // The sender: a button that emits, with an async slot that waits a little before answering.
    let status = Label("Press Send.")
    let send = Button("Send")
    var count = 0
    let sender = try WidgetWindow(
        host: host,
        options: SDLHost.WindowOptions(title: "Sender", width: 420, height: 220),
        root: Stack(.vertical, spacing: 20, children: [status, send]))
    sender.addShortcut(KeyboardShortcut(.enter, modifiers: .control)) { send.clicked.emit() }
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
        let placed = host.openWindows.map { window in "\(window.options.title) at \(window.position.map { "(\($0.x), \($0.y))" } ?? "-")" }
        print("two windows opened headless: \(placed)")
        host.quit()
    }
}
