// A countdown you can cancel, and CPU-heavy work kept off the SDL thread.
//
// - "Start" runs an async slot that counts down on the loop's clock (`SDLClock`), then counts the
//   primes below five million on another thread (`Task.detached`), so the window stays responsive.
// - "Cancel" cancels the slot's task: the sleep ends at once, and the cancellation is forwarded to
//   the detached work, which checks for it.
//
// `swift run` (or `SDL_VIDEODRIVER=dummy swift run`).
import SDLConcurrency
import SDLWidgets

/// Counts the primes below `limit` (a sieve); checks for cancellation as it goes. Runs on whatever
/// thread calls it: here, a detached task on Swift's global pool.
func primes(below limit: Int) throws -> Int {
    var composite = [Bool](repeating: false, count: limit)
    var count = 0
    for n in 2..<limit where !composite[n] {
        count += 1
        if n % 4096 == 0 { try Task.checkCancellation() }
        var multiple = n * n
        while multiple < limit {
            composite[multiple] = true
            multiple += n
        }
    }
    return count
}

/// Runs `work` on the global pool (never on the SDL thread) and forwards cancellation to it.
func offTheSDLThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    let task = Task.detached(priority: .userInitiated) { try work() }
    return try await withTaskCancellationHandler {
        try await task.value
    } onCancel: {
        task.cancel()
    }
}

SDLHost.runAndExit(.init(window: .init(title: "Countdown", width: 520, height: 260))) { host in
    let label = Label("Press Start.")
    let start = Button("Start")
    let cancel = Button("Cancel")
    cancel.isEnabled = false
    // Shown in the host's window, which keeps it alive while it is open; the run lasts until the
    // window is closed (the root just sets things up and returns).
    WidgetWindow(
        root: Stack(.vertical, spacing: 20, padding: 24, children: [
            label,
            Stack(.horizontal, spacing: 16, padding: 0, children: [start, cancel]),
        ]),
        canvas: try SDLCanvas(host: host)).attach(to: host)

    // Connections stay connected until disconnect() (or the button's end), kept or not.
    let countdown = start.clicked.connect(policy: .dropWhileRunning) { _ in
        start.isEnabled = false
        cancel.isEnabled = true
        defer {
            start.isEnabled = true
            cancel.isEnabled = false
        }
        do {
            for remaining in stride(from: 3, to: 0, by: -1) {
                label.text = "\(remaining)…"
                try await Task.sleep(for: .seconds(1), clock: .sdl)
            }
            label.text = "Counting primes on another thread…"
            let count = try await offTheSDLThread { try primes(below: 5_000_000) }
            label.text = "\(count) primes below five million."
        } catch is CancellationError {
            label.text = "Cancelled."
        }
    }
    cancel.clicked.connect { _ in
        countdown.lastTask?.cancel()
    }
}
