import Foundation
import Testing

/// A program stopped by `fatalError` prints its message, then Swift's backtracer takes over: a
/// separate process that inherits the output pipe. Under the thread sanitizer it never finished
/// (the pipe stayed open and the test hung), and the message is all these tests need.
private let noBacktrace = ["SWIFT_BACKTRACE": "enable=no"]

/// Wrong-but-plausible library use: each is refused with a message that says whose mistake it is.
@Suite("Misuse (child processes)", .serialized)
struct MisuseTests {}

extension MisuseTests {
    @Test("runReadyWork() called from inside a job it runs stops the program with a message, instead of running other SDLActor jobs inside that one",
          .timeLimit(.minutes(3)))
    func nestedRunReadyWork() throws {
        let result = try runChild("MisuseCheck", ["nested-run-ready-work"], environment: noBacktrace, timeout: 20)
        #expect(result.status != 0, "\(result.output)")
        #expect(result.output.contains("AttachedGuest.runReadyWork() was called from inside a job"), "\(result.output)")
        #expect(!result.output.contains("FAIL"), "\(result.output)")
    }

    @Test("SDLHost.tick() called from the root operation stops the program with a message", .timeLimit(.minutes(3)))
    func nestedTick() throws {
        let result = try runChild("MisuseCheck", ["nested-tick"], environment: noBacktrace, timeout: 20)
        #expect(result.status != 0, "\(result.output)")
        #expect(result.output.contains("SDLHost.tick() was called from inside a job"), "\(result.output)")
        #expect(!result.output.contains("FAIL"), "\(result.output)")
    }

    #if compiler(>=6.3) && compiler(<6.4)  // the one-executor opt-in's compiler
    @Test("after shareExecutorWithMainActor(), SDLHost.run off the main thread throws instead of running @MainActor code there",
          .timeLimit(.minutes(3)))
    func mainActorHostOffMainThread() throws {
        let result = try runChild("MisuseCheck", ["main-actor-host-off-main"], timeout: 20)
        #expect(result.status == 5, "\(result.output)")
        #expect(result.output.contains("off the main thread"), "\(result.output)")
    }
    #endif

    @Test("the root runs at .medium, as an async main's task would, though it starts on the main thread; spawn takes a priority",
          .timeLimit(.minutes(3)))
    func rootPriority() throws {
        let result = try runChild("MisuseCheck", ["root-priority"], timeout: 20)
        #expect(result.status == 0, "\(result.output)")
        let medium = TaskPriority.medium.rawValue, low = TaskPriority.low.rawValue
        #expect(result.output.contains("root: \(medium)\n"), "\(result.output)")
        #expect(result.output.contains("spawned low: \(low)\n"), "\(result.output)")
        #expect(result.output.contains("spawned: \(medium)\n"), "\(result.output)")
    }
}

extension MisuseTests {
    @Test("a slider given a step of 0, a slider given an infinite bound, a text field given a negative maximum length: each stops the program with a message that names the caller's mistake",
          arguments: [
              ("slider-step-zero", "Slider: step 0.0 must be positive and finite"),
              ("slider-infinite-range", "has a bound that is not finite"),
              ("text-field-negative-length", "TextField.maximumLength: -1 is negative"),
          ])
    func widgetMisuse(scenario: String, message: String) throws {
        let result = try runChild("MisuseCheck", [scenario], environment: noBacktrace, timeout: 20)
        #expect(result.status != 0, "\(result.output)")
        #expect(result.output.contains(message), "\(result.output)")
        #expect(!result.output.contains("FAIL"), "\(result.output)")
    }
}
