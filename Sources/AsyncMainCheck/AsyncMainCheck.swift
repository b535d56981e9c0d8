// An async `main` — the shape the SDL loop cannot host: Swift parks the main thread in
// `dispatchMain()`. SDLHost.run must fail with a clear error rather than hang.
import SDLConcurrency
#if canImport(Glibc)
import Glibc
#endif

@main
struct AsyncMainCheck {
    static func main() async {
        // Swift runs an async main synchronously on the main thread up to its first suspension and
        // only then parks the main thread in dispatchMain(); after this await the rest runs on the
        // thread that drains the main queue.
        try? await Task.sleep(for: .milliseconds(1))
        do {
            _ = try SDLHost.run(.init(videoDriver: "dummy"))
            print("FAIL: SDLHost.run returned from an async main")
            exit(1)
        } catch {
            print("error: \(error)")
            exit(error == .asyncMain ? 3 : 1)
        }
    }
}
