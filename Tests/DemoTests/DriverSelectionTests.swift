@testable import Demo
import SDLConcurrency
import SDLConcurrencyTesting
import Testing

/// Which video driver the demo runs with: only the absence of a display *and* of an explicit
/// `SDL_VIDEODRIVER` selects the headless run.
@Suite("Driver selection")
struct DriverSelectionTests {}

extension DriverSelectionTests {
    @Test("an explicit SDL_VIDEODRIVER is honoured with no DISPLAY: not headless, SDL picks it", arguments: ["kmsdrm", "wayland", "x11"])
    func explicitDriver(driver: String) throws {
        let plan = DemoPlan(command: try DemoCommand.parse([]), environment: ["SDL_VIDEODRIVER": driver])
        #expect(!plan.isAutomaticallyHeadless)
        #expect(!plan.headless)
        #expect(plan.screenshot == nil)
    }

    @Test("no display and no driver: headless; an empty SDL_VIDEODRIVER counts as none")
    func noDisplayNoDriver() throws {
        for environment in [[:], ["SDL_VIDEODRIVER": ""]] {
            let plan = DemoPlan(command: try DemoCommand.parse([]), environment: environment)
            #expect(plan.isAutomaticallyHeadless)
        }
    }

    @Test("an unavailable driver fails with SDL's own error, naming it")
    func unavailableDriver() async throws {
        // A name no SDL build has, so the test means the same on a machine with a DRM device.
        var configuration = HostHarness.dummyConfiguration()
        configuration.videoDriver = "no-such-driver"
        await #expect {
            _ = try await HostHarness.runSDLHost(configuration) { _ in }
        } throws: { error in
            guard case .initializationFailed(let message) = error as? SDLError else { return false }
            return message.contains("no-such-driver")
        }
    }
}
