import CSDL2
import SDLConcurrency
#if canImport(Glibc)
import Glibc
#endif

// A small window that proves the loop works: coroutines on SDLActor move bars in step with
// SDLClock sleeps while the loop stays idle between ticks. (The full demo app replaces this.)

let arguments = Array(CommandLine.arguments.dropFirst())
let noDisplay = getenv("DISPLAY") == nil && getenv("WAYLAND_DISPLAY") == nil
let headless = arguments.contains("--headless") || noDisplay
var exitAfter: Double? = headless ? 2 : nil
if let index = arguments.firstIndex(of: "--exit-after") {
    guard index + 1 < arguments.count, let seconds = Double(arguments[index + 1]), seconds >= 0 else {
        writeError("error: --exit-after needs a number of seconds\nusage: sdl-concurrency-demo [--headless] [--exit-after SECONDS]\n")
        exit(64)
    }
    exitAfter = seconds
}
if let unknown = arguments.first(where: { $0.hasPrefix("-") && $0 != "--headless" && $0 != "--exit-after" }) {
    writeError("error: unknown option '\(unknown)'\nusage: sdl-concurrency-demo [--headless] [--exit-after SECONDS]\n")
    exit(64)
}

func writeError(_ text: String) {
    var text = text
    text.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
}

@SDLActor final class Bars {
    var heights = [Int](repeating: 0, count: 8)
}

let configuration = SDLHost.Configuration(
    videoDriver: headless ? "dummy" : nil,
    window: .init(title: "SDLConcurrency demo", width: 480, height: 240),
    afterRoot: .keepRunning)

let quitAfter = exitAfter
SDLHost.runAndExit(configuration) { host in
    let bars = Bars()
    host.onDraw = { host in
        guard let renderer = host.renderer else { return }
        SDL_SetRenderDrawColor(renderer, 24, 26, 32, 255)
        SDL_RenderClear(renderer)
        for (index, height) in bars.heights.enumerated() {
            SDL_SetRenderDrawColor(renderer, UInt8(80 + index * 20), 140, UInt8(220 - index * 15), 255)
            var rect = SDL_Rect(x: Int32(20 + index * 56), y: Int32(220 - height), w: 44, h: Int32(height))
            SDL_RenderFillRect(renderer, &rect)
        }
    }
    for index in 0..<bars.heights.count {
        host.spawn(name: "bar \(index)") {
            let tick = Duration.milliseconds(40 + index * 15)
            while true {
                try await Task.sleep(for: tick, clock: .sdl)
                bars.heights[index] = (bars.heights[index] + 7) % 200
                host.setNeedsDisplay()
            }
        }
    }
    print("SDLConcurrency demo: running on the \(host.videoDriverName) video driver"
          + (quitAfter.map { ", quitting after \($0) s" } ?? "; close the window or press Ctrl+C to quit"))
    if let quitAfter {
        try await Task.sleep(for: .seconds(quitAfter), clock: .sdl)
        print("SDLConcurrency demo: \(SDLExecutor.shared.telemetry)")
        host.quit()
    }
}
