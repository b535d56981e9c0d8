import CSDL2
import Foundation
import SDLConcurrency
import SDLConcurrencyTesting
import Testing

/// Attached mode: the guest inside a hand-written SDL loop. `OwnLoopExample/LoopTurn.swift` is the
/// `Examples/OwnLoop` example's own turn function (a link to that file), so this suite runs exactly
/// the code a newcomer copies.
@Suite("AttachedGuest (your own SDL loop)")
struct AttachedGuestTests {}

extension AttachedGuestTests {
    struct Outcome: Sendable {
        var log: [String] = []
        var turns = 0
        var sleptAtLeast30ms = false
        var wakeEventsPushed = 0
        var ownEventsSeen = 0
    }

    @Test("the OwnLoop example's turn runs an SDLClock sleep, a result from another thread and a quit, blocking in between")
    func ownLoopTurn() async throws {
        let outcome = try await HostHarness.onHostThread { () throws -> Outcome in
            guard SDL_Init(UInt32(SDL_INIT_EVENTS)) == 0 else {
                throw SDLError.initializationFailed(sdlError: String(cString: SDL_GetError()))
            }
            defer { SDL_Quit() }
            let guest = try AttachedGuest()
            defer { guest.detach() }
            SDLExecutor.shared.resetTelemetry()

            let log = Log<String>()
            let slept = Flag()
            SDLActor.task(name: "guest") {
                log.append("started")
                let clock = SDLClock()
                let start = clock.now
                try? await clock.sleep(for: .milliseconds(30))
                if start.duration(to: clock.now) >= .milliseconds(30) { slept.set() }
                log.append("slept")
                // Work on another thread: its result wakes the blocked loop with one SDL event.
                // 50 ms: long enough that the loop is surely blocked in SDL's wait by then.
                let value = await Task.detached { slowWork(seconds: 0.05, returning: 6 * 7) }.value
                log.append("got \(value) on the loop's thread: \(SDLExecutor.shared.isHostThread)")
                var quit = SDL_Event()
                quit.type = SDL_QUIT.rawValue
                SDL_PushEvent(&quit)
            }
            var outcome = Outcome()
            while loopTurn(guest, onEvent: { _ in outcome.ownEventsSeen += 1 }) {
                outcome.turns += 1
                if outcome.turns > 10_000 { break }   // a busy loop, not a blocking one: fail below
            }
            outcome.log = log.values
            outcome.sleptAtLeast30ms = slept.isSet
            outcome.wakeEventsPushed = SDLExecutor.shared.telemetry.wakeEventsPushed
            return outcome
        }
        #expect(outcome.log == ["started", "slept", "got 42 on the loop's thread: true"])
        #expect(outcome.sleptAtLeast30ms)
        // The loop blocked in SDL's wait for the timer and for the other thread, rather than polling.
        if !runsUnderSanitizer {
            #expect(outcome.turns < 100, "the loop turned \(outcome.turns) times: it did not block")
            #expect(outcome.wakeEventsPushed >= 1)
        }
        // Only SDL_QUIT reached the loop's own handler: the guest kept its wake-up events.
        #expect(outcome.ownEventsSeen == 1)
    }

    @Test("handle(_:) keeps the guest's wake-up event and hands back every other event")
    func handleSortsEvents() async throws {
        let (wake, other) = try await HostHarness.onHostThread { () throws -> (Bool, Bool) in
            guard SDL_Init(UInt32(SDL_INIT_EVENTS)) == 0 else {
                throw SDLError.initializationFailed(sdlError: String(cString: SDL_GetError()))
            }
            defer { SDL_Quit() }
            let guest = try AttachedGuest()
            defer { guest.detach() }
            var wakeEvent = SDL_Event()
            wakeEvent.type = guest.wakeEventType
            var keyEvent = SDL_Event()
            keyEvent.type = SDL_KEYDOWN.rawValue
            return (guest.handle(wakeEvent), guest.handle(keyEvent))
        }
        #expect(wake)
        #expect(!other)
    }

    @Test("a second host cannot attach while an AttachedGuest is attached")
    func oneHostAtATime() async throws {
        let error = try await HostHarness.onHostThread { () throws -> SDLError? in
            guard SDL_Init(UInt32(SDL_INIT_EVENTS)) == 0 else {
                throw SDLError.initializationFailed(sdlError: String(cString: SDL_GetError()))
            }
            defer { SDL_Quit() }
            let guest = try AttachedGuest()
            defer { guest.detach() }
            do {
                _ = try AttachedGuest()
                return nil
            } catch {
                return error as? SDLError
            }
        }
        #expect(error == .hostAlreadyRunning(onThisThread: true))
    }
}
