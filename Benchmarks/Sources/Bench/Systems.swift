import Dispatch
import Foundation
import NIOCore
import NIOPosix
import SDLConcurrency

/// A system under test: an actor with a loop, a way to start a task isolated to it, and a way to
/// send it a job from another thread — each in the way a user of that system would.
protocol LoopSystem: Sendable {
    var name: String { get }
    /// Starts a task isolated to the system's actor.
    func spawn(_ body: @escaping @Sendable (isolated any Actor) async -> Double) -> Task<Double, Never>
    /// Sends a job to the system's loop from a thread that is not the loop's.
    func submit(_ job: @escaping @Sendable () -> Void)
    /// Runs the loop on the calling (main) thread; `root` runs isolated to the actor, and the
    /// process exits after printing what it returns.
    func runMain(_ root: @escaping @Sendable (any LoopSystem) async -> [Figure]) -> Never
}

func printFigures(_ figures: [Figure]) {
    var text = ""
    for figure in figures {
        text += "RESULT \(figure.metric) \(figure.value) \(figure.unit)\n"
    }
    FileHandle.standardOutput.write(Data(text.utf8))
}

// MARK: - Ours: @SDLActor on SDLHost

struct SDLSystem: LoopSystem {
    let driver: String
    /// The window: the demo's size where it is drawn (W7), small elsewhere so frames stay cheap.
    var windowSize: (width: Int32, height: Int32) = (320, 200)
    /// With the stall detector on (100 ms threshold), to measure what it costs.
    var stallDetector = false
    /// `SDLHost.Configuration.frameInterval` (W9: `.zero`, frames unpaced).
    var frameInterval: Duration?
    var name: String { stallDetector ? "sdl-stall" : SDLExecutor.isMainActorExecutor ? "sdl-one" : "sdl" }

    func spawn(_ body: @escaping @Sendable (isolated any Actor) async -> Double) -> Task<Double, Never> {
        SDLActor.task { await body(SDLActor.shared) }
    }

    func submit(_ job: @escaping @Sendable () -> Void) {
        SDLExecutor.shared.post { job() }
    }

    func runMain(_ root: @escaping @Sendable (any LoopSystem) async -> [Figure]) -> Never {
        // A window as the demo has one (under x11 the host blocks in SDL_WaitEventTimeout, which
        // needs one); the software renderer, as in every screenshot here.
        let window = SDLHost.WindowOptions(
            title: "sdl-concurrency-bench", width: windowSize.width, height: windowSize.height, softwareRenderer: true)
        var configuration = SDLHost.Configuration(videoDriver: driver, window: window, afterRoot: .quit, handlesSignals: false)
        configuration.stallThreshold = stallDetector ? .milliseconds(100) : nil
        configuration.frameInterval = frameInterval
        let system = self
        do {
            let exit = try SDLHost.run(configuration) { host in
                BenchHost.running = host
                defer { BenchHost.running = nil }
                printFigures(await root(system))
            }
            Foundation.exit(exit.status)
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            Foundation.exit(1)
        }
    }
}

// MARK: - MainActor on dispatchMain()

struct MainActorSystem: LoopSystem {
    var name: String { "mainactor" }

    func spawn(_ body: @escaping @Sendable (isolated any Actor) async -> Double) -> Task<Double, Never> {
        Task { @MainActor in await body(MainActor.shared) }
    }

    func submit(_ job: @escaping @Sendable () -> Void) {
        DispatchQueue.main.async(execute: job)
    }

    func runMain(_ root: @escaping @Sendable (any LoopSystem) async -> [Figure]) -> Never {
        let system = self
        Task { @MainActor in
            printFigures(await root(system))
            exit(0)
        }
        dispatchMain()
    }
}

// MARK: - A plain actor, no host (the global concurrent pool runs it)

actor PlainActor {
    func run(_ job: @Sendable () -> Void) { job() }
}

struct PlainActorSystem: LoopSystem {
    static let actor = PlainActor()
    var name: String { "actor" }

    func spawn(_ body: @escaping @Sendable (isolated any Actor) async -> Double) -> Task<Double, Never> {
        Task { await body(Self.actor) }
    }

    func submit(_ job: @escaping @Sendable () -> Void) {
        Task { await Self.actor.run(job) }
    }

    func runMain(_ root: @escaping @Sendable (any LoopSystem) async -> [Figure]) -> Never {
        let done = DispatchSemaphore(value: 0)
        let system = self
        Task {
            printFigures(await root(system))
            done.signal()
        }
        done.wait()
        exit(0)
    }
}

// MARK: - A swift-nio event loop as a global actor's executor

@globalActor
actor NIOActor {
    static let shared = NIOActor()
    static let loop: any EventLoop = MultiThreadedEventLoopGroup(numberOfThreads: 1).next()
    nonisolated var unownedExecutor: UnownedSerialExecutor {
        Self.loop.executor.asUnownedSerialExecutor()
    }
}

struct NIOSystem: LoopSystem {
    var name: String { "nio" }

    func spawn(_ body: @escaping @Sendable (isolated any Actor) async -> Double) -> Task<Double, Never> {
        Task { @NIOActor in await body(NIOActor.shared) }
    }

    func submit(_ job: @escaping @Sendable () -> Void) {
        NIOActor.loop.execute(job)
    }

    func runMain(_ root: @escaping @Sendable (any LoopSystem) async -> [Figure]) -> Never {
        let done = DispatchSemaphore(value: 0)
        let system = self
        Task { @NIOActor in
            printFigures(await root(system))
            done.signal()
        }
        done.wait()
        exit(0)
    }
}

/// The host the benchmark's root runs on, for workloads that draw or post input to it.
@SDLActor
enum BenchHost {
    static var running: SDLHost?
}
