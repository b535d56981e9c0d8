import Foundation
import SDLConcurrency
import SDLWidgets

// The toolkit under a real X server, driven by xdotool the way a person would use it: types
// "Grüße 42" into a text field, drags a slider's thumb with the mouse, clicks a toggle. Run by the
// x11 toolkit test as a child process under a private Xvfb; prints what each control ended up with
// and exits 0 only if all three took the input (1 otherwise, 2 when xdotool is missing).
//
//   ToolkitCheck [--screenshot path]   (SDL_VIDEODRIVER=x11, DISPLAY set)

let typed = "Grüße 42"
let arguments = CommandLine.arguments.dropFirst()
let screenshotPath = arguments.firstIndex(of: "--screenshot").flatMap { index in
    arguments.index(after: index) < arguments.endIndex ? arguments[arguments.index(after: index)] : nil
}

/// Runs xdotool with `arguments` off the SDL thread; `false` when it fails or is missing.
@concurrent func xdotool(_ arguments: [String]) async -> Bool {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["xdotool"] + arguments
    process.standardOutput = FileHandle.nullDevice
    do { try process.run() } catch { return false }
    process.waitUntilExit()
    return process.terminationStatus == 0
}

@SDLActor final class Panel {
    let field = TextField(placeholder: "Type here")
    let slider = Slider(value: 0, in: 0...100)
    let toggle = Toggle("Enabled")
    let root: Stack

    init() {
        root = Stack(.vertical, spacing: 16, children: [field, slider, toggle])
    }
}

SDLHost.runAndExit(.init(window: .init(title: "ToolkitCheck", width: 480, height: 300))) { host in
    let panel = Panel()
    let window = WidgetWindow(root: panel.root, canvas: try SDLCanvas(host: host))
    window.attach(to: host)
    // Let the first frames draw and the window map.
    var framesSeen = 0
    for await _ in SDLClock.frames {
        framesSeen += 1
        if framesSeen == 5 { break }
    }
    try await Task.sleep(for: .milliseconds(300))
    let windowArguments = ["search", "--sync", "--name", "ToolkitCheck"]
    guard await xdotool(windowArguments) else {
        print("FAIL xdotool is missing or found no window")
        host.quit(status: 2)
        return
    }
    func center(_ rect: Rect) -> [String] { ["\(rect.x + rect.width / 2)", "\(rect.y + rect.height / 2)"] }
    let fieldAt = center(panel.field.frame)
    let sliderFrame = panel.slider.frame
    let toggleAt = center(panel.toggle.frame)
    // Click into the field (focus), type, and wait for the text to arrive.
    _ = await xdotool(windowArguments + ["mousemove", "--window", "%1"] + fieldAt + ["click", "1"])
    _ = await xdotool(["type", "--delay", "30", typed])
    // Drag the slider's thumb from its left end to three quarters of the track.
    let y = "\(sliderFrame.y + sliderFrame.height / 2)"
    _ = await xdotool(windowArguments + ["mousemove", "--window", "%1", "\(sliderFrame.x + 4)", y, "mousedown", "1"])
    _ = await xdotool(windowArguments + ["mousemove", "--window", "%1", "\(sliderFrame.x + sliderFrame.width * 3 / 4)", y, "mouseup", "1"])
    _ = await xdotool(windowArguments + ["mousemove", "--window", "%1"] + toggleAt + ["click", "1"])
    try await Task.sleep(for: .milliseconds(500))
    print("text: \(panel.field.text)")
    print("slider: \(panel.slider.value)")
    print("toggle: \(panel.toggle.isOn)")
    if let screenshotPath, let canvas = window.canvas as? SDLCanvas {
        window.render()
        try canvas.readPixels().writePNG(to: URL(fileURLWithPath: screenshotPath))
        print("screenshot: \(screenshotPath)")
    }
    let ok = panel.field.text == typed && panel.slider.value > 50 && panel.toggle.isOn
    print(ok ? "ok all three controls took the input" : "FAIL")
    host.quit(status: ok ? 0 : 1)
}
