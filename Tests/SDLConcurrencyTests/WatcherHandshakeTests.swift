import Foundation
@testable import SDLConcurrency
import Testing

/// The main-queue watcher's park/re-arm handshake, driven by three threads as the real ones drive
/// it: a producer queues main-queue work, the helper forwards each signal to the host and parks,
/// the host wakes, handles it, re-arms the helper and sleeps. A helper left parked while the host
/// sleeps loses the next wake-up: the producer's wait then times out.
@Suite("Main-queue watcher handshake", .timeLimit(.minutes(3)))
struct WatcherHandshakeTests {}

extension WatcherHandshakeTests {
    @Test("20,000 wake-ups through the park/re-arm handshake: none is lost")
    func noLostWakeUp() async throws {
        let rounds = 20_000
        let handshake = WatcherHandshake()
        let port = DispatchSemaphore(value: 0)       // libdispatch's eventfd: work was queued
        let hostWake = DispatchSemaphore(value: 0)   // the executor's wake-up of a sleeping host
        let rearm = DispatchSemaphore(value: 0)      // the host sends a parked helper back to watching
        let handled = DispatchSemaphore(value: 0)    // the host ran the work
        let stop = Flag()
        let lost = Counter()

        let helper = Thread {
            while true {
                port.wait()
                if stop.isSet { return }
                hostWake.signal()
                if handshake.helperMayPark() { rearm.wait() }
            }
        }
        let host = Thread {
            while true {
                if handshake.hostWillSleep() { rearm.signal() }
                hostWake.wait()
                handshake.hostDidWake()
                if stop.isSet { return }
                handled.signal()
            }
        }
        helper.start()
        host.start()
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            Thread {
                for _ in 0..<rounds {
                    port.signal()
                    if handled.wait(timeout: .now() + 2) == .timedOut {
                        lost.increment()
                        break
                    }
                }
                stop.set()
                port.signal()
                hostWake.signal()
                rearm.signal()
                continuation.resume()
            }.start()
        }
        #expect(lost.count == 0, "a main-queue wake-up was lost: the helper stayed parked while the host slept")
    }
}
