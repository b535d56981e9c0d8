import ArgumentParser
@testable import Demo
import Testing

/// The demo's command line: good values parse, bad ones are usage errors (exit 64), never a crash.
@Suite("Demo command line")
struct DemoCommandTests {}

extension DemoCommandTests {
    @Test("--press takes a title and a time; the last @ splits them")
    func pressParsing() throws {
        #expect(ScheduledPress(argument: "What is the question?@0.5") == ScheduledPress(title: "What is the question?", seconds: 0.5))
        #expect(ScheduledPress(argument: "mail@home@2") == ScheduledPress(title: "mail@home", seconds: 2))
        for bad in ["no time", "@1", "title@", "title@soon", "title@-1", "title@inf"] {
            #expect(ScheduledPress(argument: bad) == nil, "\(bad) must not parse")
        }
        let command = try DemoCommand.parse(["--press", "a@1", "--press", "b@2.5"])
        #expect(command.presses.map(\.title) == ["a", "b"])
    }

    @Test("bad options are usage errors with exit code 64", arguments: [
        ["--bogus"], ["--press", "nope"], ["--exit-after", "soon"], ["--screenshot", "shot.bmp"], ["--exit-after"],
    ])
    func usageErrors(arguments: [String]) {
        expectUsageError(arguments)
    }

    @Test("with no display the plan is headless: it presses the button, takes a screenshot and exits")
    func noDisplayPlan() throws {
        let plan = DemoPlan(command: try DemoCommand.parse([]), environment: [:])
        #expect(plan.isAutomaticallyHeadless)
        #expect(plan.headless)
        #expect(plan.presses == [ScheduledPress(title: "What is the question?", seconds: 0.5)])
        #expect(plan.screenshot?.hasSuffix("sdl-concurrency-demo.png") == true)
        #expect(plan.exitAfter == 2.0)
        let windowed = DemoPlan(command: try DemoCommand.parse([]), environment: ["DISPLAY": ":99"])
        #expect(!windowed.headless)
        #expect(windowed.exitAfter == nil)
    }
}
