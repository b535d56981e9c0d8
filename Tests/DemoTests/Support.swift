import ArgumentParser
@testable import Demo
import Testing

/// Expects `arguments` to be rejected as a usage error (exit code 64), never parsed.
func expectUsageError(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) {
    do {
        _ = try DemoCommand.parseAsRoot(arguments)
        Issue.record("\(arguments) parsed", sourceLocation: sourceLocation)
    } catch {
        #expect(DemoCommand.exitCode(for: error) == ExitCode(64),
                "\(arguments): \(DemoCommand.message(for: error))", sourceLocation: sourceLocation)
    }
}
