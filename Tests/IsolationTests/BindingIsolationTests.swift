import Testing

/// Model bindings in a default-isolation app while the host owns the main thread, where
/// `@MainActor` code runs on the SDL thread (checked in a child process: a test's own main thread
/// is parked in `dispatchMain()`).
@Suite("Bindings in a default-isolation app")
struct BindingIsolationTests {}

extension BindingIsolationTests {
    @Test("a @MainActor model drives widgets bound from @SDLActor and @MainActor code, evaluated on the SDL thread",
          .timeLimit(.minutes(3)))
    func mainActorModel() throws {
        let result = try runChild("MainActorApp", ["--bindings"], timeout: 60)
        let lines = result.output.split(separator: "\n").map(String.init)
        #expect(lines.filter { $0.hasPrefix("FAIL") }.isEmpty, "\(result.output)")
        #expect(lines.filter { $0.hasPrefix("ok ") }.count == 6, "\(result.output)")
        #expect(result.status == 0, "\(result.output)")
    }
}
