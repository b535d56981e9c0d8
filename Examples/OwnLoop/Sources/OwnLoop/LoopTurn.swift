import CSDL2
import SDLConcurrency

/// One turn of a hand-written SDL loop that hosts the Swift Concurrency guest: block in SDL's own
/// wait for as long as the guest allows, hand every event over (the guest keeps its wake-up event,
/// the rest are yours), then run the guest's ready work within a budget.
///
/// Returns `false` once `SDL_QUIT` arrived. `onEvent` sees every event but the guest's own.
func loopTurn(_ guest: AttachedGuest, onEvent: (SDL_Event) -> Void = { _ in }) -> Bool {
    var running = true
    var event = SDL_Event()
    if SDL_WaitEventTimeout(&event, guest.waitTimeout()) == 1 {
        repeat {
            if guest.handle(event) { continue }      // the guest's wake-up: nothing else to do
            if event.type == SDL_QUIT.rawValue { running = false }
            onEvent(event)
        } while SDL_PollEvent(&event) == 1
    }
    guest.runReadyWork(maxJobs: 8192, maxDuration: .milliseconds(8))
    return running
}
