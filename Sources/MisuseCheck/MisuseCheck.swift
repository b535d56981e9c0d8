// Wrong-but-plausible library use, one scenario per run, for the isolation tests (child processes:
// each scenario either stops the program with a message or exits with a status the test checks).
import SDLConcurrency
import SDLWidgets
internal import CSDL2
import Foundation

@main
struct MisuseCheck {
    static func main() {
        let scenario = CommandLine.arguments.dropFirst().first ?? ""
        switch scenario {
        case "nested-run-ready-work": nestedRunReadyWork()
        case "nested-tick": nestedTick()
        case "main-actor-host-off-main": mainActorHostOffMainThread()
        case "root-priority": rootPriority()
        case "slider-step-zero": onHost { _ = Slider(value: 0, in: 0...1, step: 0) }
        case "slider-infinite-range": onHost { _ = Slider(value: 0, in: -Double.infinity...1) }
        case "text-field-negative-length": onHost { TextField().maximumLength = -1 }
        default:
            FileHandle.standardError.write(Data("usage: MisuseCheck nested-run-ready-work | nested-tick | main-actor-host-off-main | root-priority | slider-step-zero | slider-infinite-range | text-field-negative-length\n".utf8))
            exit(2)
        }
    }

    /// An own loop whose `@SDLActor` job calls `runReadyWork()` again: refused with a message.
    static func nestedRunReadyWork() {
        guard SDL_Init(SDL_INIT_EVENTS) == 0 else { print("SDL_Init failed"); exit(1) }
        let guest: AttachedGuest
        do { guest = try AttachedGuest() } catch { print("error: \(error)"); exit(1) }
        SDLActor.task { guest.runReadyWork() }
        guest.runReadyWork()
        print("FAIL: the nested runReadyWork() was accepted")
        exit(0)
    }

    /// A root operation that turns the host's loop itself: refused with a message.
    static func nestedTick() {
        SDLHost.runAndExit(.init(videoDriver: "dummy", handlesSignals: false)) { host in
            // Through a protocol: the call is the deprecated tick()'s, without a deprecation warning.
            (host as any Ticking).tick()
            print("FAIL: the nested tick() was accepted")
        }
    }

    /// The one-executor opt-in, then a host on another thread: `SDLHost.run` throws.
    static func mainActorHostOffMainThread() {
        do { try SDLHost.shareExecutorWithMainActor() } catch { print("error: \(error)"); exit(1) }
        Thread {
            do {
                _ = try SDLHost.run(.init(videoDriver: "dummy", handlesSignals: false)) { _ in
                    print("FAIL: the host ran on another thread, and @MainActor with it")
                }
                exit(0)
            } catch {
                print("error: \(error)")
                exit((error as? SDLError) == .mainActorNeedsMainThread ? 5 : 1)
            }
        }.start()
        while true { sleep(1) }
    }

    /// Runs `body` as a host's root (widgets are made on the SDL thread); a program that gets past
    /// it was not stopped.
    static func onHost(_ body: @escaping @Sendable @SDLActor () -> Void) {
        SDLHost.runAndExit(.init(videoDriver: "dummy", handlesSignals: false)) { _ in
            body()
            print("FAIL: the misuse was accepted")
        }
    }

    /// Prints the root's priority and those of tasks it spawns. Nothing awaits the spawned tasks:
    /// awaiting a task's value raises its priority to the waiter's.
    static func rootPriority() {
        SDLHost.runAndExit(.init(videoDriver: "dummy", handlesSignals: false)) { host in
            print("root: \(Task.currentPriority.rawValue)")
            host.spawn(name: "low", priority: .low) { print("spawned low: \(Task.currentPriority.rawValue)") }
            host.spawn(name: "inherited") { print("spawned: \(Task.currentPriority.rawValue)") }
            for _ in 0..<10 { await SDLActor.yield() }
        }
    }
}

/// `SDLHost.tick()`, deprecated but still public: a program written against the older API may call it.
protocol Ticking { func tick() }
extension SDLHost: @SDLActor Ticking {}
