// Names from before 1.0, each still compiling (deprecated, with a fix-it to its 1.0 name).
import Foundation
import SDLConcurrency
import SDLWidgets

SDLHost.runAndExit(.init(videoDriver: "dummy", window: .init(title: "old names", width: 200, height: 100),
                         afterRoot: .keepRunning)) { host in
    let label = Label("old names")
    WidgetWindow(root: Stack(.vertical, children: [label]), canvas: try SDLCanvas(host: host)).attach(to: host)
    let onHost = SDLExecutor.shared.isOnHostThread                 // 1.0: isHostThread
    let window = host.openWindow(id: host.mainWindow?.id ?? 0)      // 1.0: window(withID:)
    let current = SDLHost.current                                   // 1.0: the host the root receives
    try await host.spawn(name: "a tracked task") { try await Task.sleep(for: .milliseconds(10), clock: .sdl) }.value
    print("on the host thread: \(onHost), window found: \(window != nil), current host: \(current != nil)")
    Thread { host.requestQuit(status: 0) }.start()                  // 1.0: quit(status:), any thread
}
