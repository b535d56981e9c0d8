// Your own SDL loop, with Swift Concurrency as its guest: `@SDLActor` tasks, `SDLClock` sleeps
// and work from other threads all run inside the `while` below. Run it with a display, or headless:
//     SDL_VIDEODRIVER=dummy swift run
import CSDL2
import SDLConcurrency

guard SDL_Init(UInt32(SDL_INIT_VIDEO)) == 0 else {
    fatalError("SDL_Init failed: \(String(cString: SDL_GetError()))")
}
let window = SDL_CreateWindow("Own loop", 100, 100, 480, 320, SDL_WINDOW_SHOWN.rawValue)
let renderer = SDL_CreateRenderer(window, -1, 0)

let guest: AttachedGuest
do {
    guest = try AttachedGuest()   // after SDL_Init, on the thread that runs the loop
} catch {
    fatalError("\(error)")
}

/// What the guest changes and the loop draws: `@SDLActor` state, which is the loop's thread.
@SDLActor enum Scene {
    static var step = 0
}

// A task on the loop's thread: steps an animation ten times a second, asks another thread for a sum
// (its result wakes the loop with one SDL event), then quits by posting SDL_QUIT.
SDLActor.task(name: "animation") {
    for _ in 0..<15 {
        try? await Task.sleep(for: .milliseconds(100), clock: .sdl)
        Scene.step += 1
    }
    let sum = await Task.detached { (1...1_000_000).reduce(0, +) }.value
    print("sum computed off the loop's thread: \(sum); \(Scene.step) steps; quitting")
    var quit = SDL_Event()
    quit.type = SDL_QUIT.rawValue
    SDL_PushEvent(&quit)
}

while loopTurn(guest, onEvent: { event in
    if event.type == SDL_KEYDOWN.rawValue { print("key pressed") }
}) {
    let step = SDLActor.assumeIsolated { UInt8(Scene.step * 16 % 256) }
    SDL_SetRenderDrawColor(renderer, step, 64, 255 &- step, 255)
    SDL_RenderClear(renderer)
    SDL_RenderPresent(renderer)
}

guest.detach()
SDL_DestroyRenderer(renderer)
SDL_DestroyWindow(window)
SDL_Quit()
