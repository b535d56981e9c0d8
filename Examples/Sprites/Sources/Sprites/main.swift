// Sprites, each moved by a coroutine of its own: `for await frame in SDLClock.frames`.
//
// - Up or + adds a thousand sprites (a thousand coroutines); Down or − removes a thousand
//   (cancelling a coroutine ends its wait for the next frame at once). Escape quits.
// - The count, the frame time and what the coroutines and the drawing take of it are on screen.
// - While sprites move, the loop draws every frame at the display's pace; with none left it draws
//   only when something changes, and blocks when idle (0 % CPU).
//
// `swift run Sprites [--sprites N] [--seconds S]` (or `SDL_VIDEODRIVER=dummy swift run …`, headless).
import CSDL2
import Foundation
import SDLConcurrency
import SDLWidgets

/// The positions every sprite coroutine writes and the draw reads. Only `@SDLActor` code touches it.
@SDLActor
final class Field {
    static let side = 6
    var rects: [Rect] = []
    var movers: [Task<Void, any Error>] = []
    var bounds = Size(width: 1280, height: 720)
    /// Frame time, smoothed over about 30 frames (ms).
    var frameMillis = 0.0
    /// The latest frame: its timestamp tells the draw how long the coroutines took.
    var lastFrame: SDLFrame?
    var updateMillis = 0.0
    var drawMillis = 0.0
    /// The heads-up text, rewritten four times a second (each new text is a new texture).
    var hud = ""
    var hudUpdated = SDLClock.Instant(nanoseconds: 0)
    var generator = SystemRandomNumberGenerator()

    /// Starts `count` sprites, each a coroutine that moves its square once per frame.
    func add(_ count: Int, host: SDLHost) {
        for _ in 0..<count {
            let index = rects.count
            var x = Double.random(in: 0..<Double(bounds.width - Self.side), using: &generator)
            var y = Double.random(in: 0..<Double(bounds.height - Self.side), using: &generator)
            var vx = Double.random(in: -240...240, using: &generator)
            var vy = Double.random(in: -240...240, using: &generator)
            rects.append(Rect(x: Int(x), y: Int(y), width: Self.side, height: Self.side))
            // Hot code, one hop per frame: give it the SDL executor preference (every resume stays
            // on the SDL thread). Spawned through the host, so closing the window cancels it.
            movers.append(host.spawn(name: "sprite \(index)", nonisolatedWork: .onSDLThread) { [unowned self] in
                for await frame in SDLClock.frames {
                    if index == 0 { lastFrame = frame }   // for the heads-up display
                    let seconds = frame.seconds
                    x += vx * seconds
                    y += vy * seconds
                    let maxX = Double(bounds.width - Self.side), maxY = Double(bounds.height - Self.side)
                    if x < 0 || x > maxX { vx = -vx; x = min(max(x, 0), maxX) }
                    if y < 0 || y > maxY { vy = -vy; y = min(max(y, 0), maxY) }
                    // A sprite removed while its step was already under way has no square left.
                    guard index < rects.count else { break }
                    rects[index].origin = Point(x: Int(x), y: Int(y))
                }
            })
        }
    }

    /// Cancels the newest `count` sprites: each coroutine's `for await` ends at once.
    func remove(_ count: Int) {
        let removed = min(count, movers.count)
        for mover in movers.suffix(removed) { mover.cancel() }
        movers.removeLast(removed)
        rects.removeLast(removed)
    }
}

func milliseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
}

var parsedSprites = 1_000
var parsedSeconds: Double?
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
    switch argument {
    case "--sprites": parsedSprites = arguments.next().flatMap { Int($0) } ?? parsedSprites
    case "--seconds": parsedSeconds = arguments.next().flatMap { Double($0) }
    default: print("usage: Sprites [--sprites N] [--seconds S]"); exit(2)
    }
}

let initialSprites = parsedSprites, seconds = parsedSeconds
let options = SDLHost.WindowOptions(title: "Sprites — a coroutine each", width: 1280, height: 720, softwareRenderer: true)
SDLHost.runAndExit(.init(window: options)) { host in
    let canvas = try SDLCanvas(host: host)
    canvas.textCacheLimit = 64   // the heads-up text changes often: keep few textures around
    let field = Field()
    let background = Color(18, 20, 28)
    let sprite = Color(250, 196, 72)

    host.onDraw = { _ in
        let start = SDLClock().now
        if let frame = field.lastFrame, !field.rects.isEmpty {
            // The frame began when the coroutines were resumed; they have all run by now.
            let updateMillis = milliseconds(frame.timestamp.duration(to: start))
            field.updateMillis = field.updateMillis == 0 ? updateMillis : field.updateMillis * 0.95 + updateMillis * 0.05
            let frameMillis = milliseconds(frame.sincePrevious)
            field.frameMillis = field.frameMillis == 0 ? frameMillis : field.frameMillis * 0.95 + frameMillis * 0.05
        }
        canvas.beginFrame()
        field.bounds = canvas.size
        canvas.clear(background)
        canvas.fillRects(field.rects, sprite)
        if field.hudUpdated.duration(to: start) >= .milliseconds(250) || field.hud.isEmpty {
            field.hudUpdated = start
            field.hud = String(
                format: "%d sprites   frame %.1f ms (%.0f fps)   coroutines %.1f ms   drawing %.1f ms",
                field.rects.count, field.frameMillis, field.frameMillis > 0 ? 1000 / field.frameMillis : 0,
                field.updateMillis, field.drawMillis)
        }
        canvas.fill(Rect(x: 0, y: 0, width: canvas.size.width, height: 64), Color(0, 0, 0, 200))
        canvas.drawText(field.hud, font: .body, color: Color(240, 240, 240), at: Point(x: 16, y: 8))
        canvas.drawText("Up / +  add 1,000     Down / −  remove 1,000     Esc  quit", font: .caption,
                        color: Color(170, 176, 190), at: Point(x: 16, y: 38))
        field.drawMillis = milliseconds(start.duration(to: SDLClock().now))
    }
    host.onEvent = { event in
        guard event.type == SDL_KEYDOWN.rawValue else { return }
        switch Int(event.key.keysym.sym) {
        case Int(SDLK_UP.rawValue), Int(SDLK_PLUS.rawValue), Int(SDLK_KP_PLUS.rawValue), Int(SDLK_EQUALS.rawValue):
            field.add(1_000, host: host)
        case Int(SDLK_DOWN.rawValue), Int(SDLK_MINUS.rawValue), Int(SDLK_KP_MINUS.rawValue):
            field.remove(1_000)
        case Int(SDLK_ESCAPE.rawValue):
            host.quit()
        default:
            return
        }
        field.hud = ""           // the count changed: new text now,
        host.setNeedsDisplay()   // and shown even with no sprite left to animate: show it even with no sprite left to animate
    }

    field.add(initialSprites, host: host)

    // Run until the window is closed (or for --seconds): closing it cancels every spawned task.
    try? await Task.sleep(for: seconds.map { .seconds($0) } ?? .seconds(365 * 86_400), clock: .sdl)
    host.quit()
}
