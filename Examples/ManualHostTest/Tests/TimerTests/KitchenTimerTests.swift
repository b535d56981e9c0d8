import SDLConcurrency
import SDLConcurrencyTesting
import Testing
import Timer

// Each test runs its own ManualHost: virtual time, no SDL, no window. Swift Testing runs these
// tests in parallel; the hosts take turns by themselves (SDLActor has one executor per process).
@Suite("KitchenTimer")
struct KitchenTimerTests {
    @Test("a three-minute timer counts down minute by minute and rings after exactly three minutes")
    func countsDown() async throws {
        let (steps, elapsed) = try await ManualHost().run { () -> ([String], Duration) in
            let clock = SDLClock()
            let start = clock.now
            let timer = KitchenTimer(minutes: 3)
            timer.button.activate()                      // a click: the slot starts inside it
            var steps = [timer.label.text]
            for _ in 0..<3 {
                try await clock.sleep(for: .seconds(60))   // virtual: returns at once
                steps.append(timer.label.text)
            }
            await timer.connection?.lastTask?.value
            return (steps, start.duration(to: clock.now))
        }
        #expect(steps == ["3 min", "2 min", "1 min", "Ding!"])
        #expect(elapsed == .seconds(180))
    }

    @Test("a second click while it runs starts nothing (drop while running)")
    func secondClickIsDropped() async throws {
        let dropped = try await ManualHost().run { () -> Int in
            let timer = KitchenTimer(minutes: 1)
            timer.button.activate()
            timer.button.activate()
            await timer.connection?.lastTask?.value
            return timer.connection?.droppedCount ?? -1
        }
        #expect(dropped == 1)
    }
}
