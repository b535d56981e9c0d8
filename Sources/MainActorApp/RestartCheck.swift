import SDLConcurrency
#if canImport(Glibc)
import Glibc
#endif

/// `--restarts N --driver NAME`: starts N hosts one after another on the main thread, each with a
/// window, each quitting as soon as its root has yielded once, and prints `ok N hosts started` or
/// `FAIL host K did not start: …`. Under x11 each host's start follows the previous one's
/// `SDL_Quit` by a fraction of a millisecond: an X server left with no client resets itself then,
/// and a host that raced that reset failed to start (the test suite runs this against Xvfb).
enum RestartCheck {
    static func run(count: Int, driver: String) -> Never {
        var configuration = SDLHost.Configuration(videoDriver: driver, afterRoot: .quit)
        configuration.window = SDLHost.WindowOptions(title: "restart check", width: 160, height: 100, softwareRenderer: true)
        configuration.stallThreshold = nil
        for index in 1...max(1, count) {
            do {
                let exit = try SDLHost.run(configuration) { _ in await SDLActor.yield() }
                guard exit.status == 0 else {
                    print("FAIL host \(index) exited with status \(exit.status)")
                    Glibc.exit(1)
                }
            } catch {
                print("FAIL host \(index) of \(count) did not start: \(error)")
                Glibc.exit(1)
            }
        }
        print("ok \(count) hosts started one after another")
        Glibc.exit(0)
    }
}
