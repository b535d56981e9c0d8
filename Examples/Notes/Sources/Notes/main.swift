// Notes: a small app in default-isolation mode (every declaration is @MainActor unless it says
// otherwise): a list of notes in a scroll view, a text field, toggles, a slider, a cover picture
// loaded off the SDL thread, and a cover rendering on Swift's global pool with progress and Cancel.
// An @Observable model drives the widgets through bindings.
//
//   swift run                                  a window (needs a display)
//   SDL_VIDEODRIVER=dummy swift run Notes --screenshot notes.png     one frame, written as PNG
import Foundation
import SDLConcurrency
import SDLWidgets

let arguments = CommandLine.arguments.dropFirst()
let screenshot: String? = arguments.firstIndex(of: "--screenshot").map { index in
    let next = arguments.index(after: index)
    guard next < arguments.endIndex else {
        FileHandle.standardError.write(Data("usage: Notes [--screenshot file.png]\n".utf8))
        exit(2)
    }
    return arguments[next]
}

// SwiftPM's `Bundle.module` is @MainActor in this mode: look the file up here, on the main actor.
let coverURL = Bundle.module.url(forResource: "cover", withExtension: "jpg")

SDLHost.runAndExit(.init(window: .init(title: "Notes", width: 960, height: 600))) { [coverURL, screenshot] host in
    let notes = NotesWindow()
    try notes.show(in: host, coverURL: coverURL)
    guard let screenshot else { return }
    // Wait (up to ten seconds) for the cover, then write one frame and quit.
    let deadline = SDLClock().now.advanced(by: .seconds(10))
    for await _ in SDLClock.frames where notes.cover.image != nil || SDLClock().now > deadline { break }
    guard let window = host.mainWindow?.content as? WidgetWindow, let canvas = window.canvas as? SDLCanvas else { return }
    window.render()
    try canvas.readPixels().writePNG(to: URL(fileURLWithPath: screenshot))
    print("Screenshot written to \(screenshot)")
    host.quit(status: 0)
}
