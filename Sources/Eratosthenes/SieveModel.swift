public import SDLConcurrency

/// The Sieve of Eratosthenes as many coroutines stepping in time with one tick (the PySide6
/// `eratosthenes` example): not an algorithm that needs concurrency, but a vivid picture of it.
///
/// - The main coroutine waits one tick, finds the next unmarked number above the current base and
///   starts one marker for it — one new marker per tick — while the base is at most half the count
///   (plus one); then it waits until every marker is done.
/// - Each marker picks a random mid-tone colour and walks the multiples of its number from twice
///   the number upward, sleeping one tick after every multiple; an unmarked multiple takes the
///   marker's colour (the first marker to reach a number colours it).
///
/// Every coroutine sleeps until an absolute tick boundary (`start + k × tick`) on ``SDLClock``, and
/// timers with equal deadlines fire in the order they were set, so a run is the same in virtual
/// and in real time, and the same for the same seed. Markers are children of the run's task group:
/// cancelling the run (``stop()``) cancels every marker at once through structured concurrency.
@SDLActor
public final class SieveModel {
    public struct Configuration: Sendable, Equatable {
        public var rows: Int
        public var columns: Int
        public var tick: Duration
        public var seed: UInt64

        public init(rows: Int = 40, columns: Int = 40, tick: Duration = .milliseconds(100), seed: UInt64 = 1) {
            self.rows = rows
            self.columns = columns
            self.tick = tick
            self.seed = seed
        }

        public var count: Int { rows * columns }
    }

    public struct Cell: Sendable, Equatable {
        /// The colour of the marker that reached this number first, if any.
        public var color: RGB?
        /// The number whose marker coloured this one.
        public var markedBy: Int?
        public var isMarked: Bool { markedBy != nil }
    }

    public struct Marker: Sendable, Equatable, Codable {
        public var number: Int
        public var color: RGB
        /// The tick (1, 2, …) at which the main coroutine started it.
        public var startTick: Int
    }

    public enum Phase: Sendable, Equatable {
        case idle, running, stopped, finished
    }

    /// What the status line says; the view decides how to decorate it.
    public enum Status: Sendable, Equatable {
        case ready, calculating, hacking, stopped, finished

        public var text: String {
            switch self {
            case .ready: return "Press Start to find the prime numbers."
            case .calculating: return "Calculating prime numbers..."
            case .hacking: return "Hacking the universe..."
            case .stopped: return "Stopped."
            case .finished: return "Congratulations! You found all the prime numbers and solved mathematics."
            }
        }

        /// The emoji the original shows around the text (drawn only where a font has them).
        public var emoji: String? {
            switch self {
            case .calculating: return "\u{2699}\u{FE0F}"
            case .hacking: return "\u{1F469}\u{200D}\u{1F4BB}"
            case .finished: return "\u{1F973}"
            case .ready, .stopped: return nil
            }
        }
    }

    public enum Change: Sendable, Equatable {
        /// The cell of `number` was coloured.
        case marked(number: Int)
        case status
        case phase
        /// Everything changed (reset, new configuration).
        case all
    }

    public private(set) var configuration: Configuration
    /// Cell `i` is the number `i + 1`.
    public private(set) var cells: [Cell]
    /// Markers in the order they were started.
    public private(set) var markers: [Marker] = []
    public private(set) var markersAlive = 0
    public private(set) var markedCount = 0
    public private(set) var phase = Phase.idle
    public private(set) var status = Status.ready
    public private(set) var startedAt: SDLClock.Instant?
    public private(set) var endedAt: SDLClock.Instant?
    /// Called after every change, on the SDL thread.
    public var onChange: ((Change) -> Void)?

    /// Cancels the current run's task (the spawned one itself: cancelling a task that merely awaits
    /// it would not reach the markers).
    private var cancelRun: (() -> Void)?
    private var generator: SeededGenerator
    private let clock = SDLClock()

    public init(configuration: Configuration = Configuration()) {
        precondition(configuration.rows > 0 && configuration.columns > 0, "a sieve needs at least one row and one column")
        self.configuration = configuration
        cells = Array(repeating: Cell(), count: configuration.count)
        generator = SeededGenerator(seed: configuration.seed)
    }

    /// How long the run has taken so far (or took).
    public var elapsed: Duration {
        guard let startedAt else { return .zero }
        return startedAt.duration(to: endedAt ?? clock.now)
    }

    // MARK: - Control

    /// Starts a run (from idle, or after a stop or finish: then it resets first). `spawn` starts the
    /// run's task — pass `host.spawn(name:operation:)` so shutdown cancels and awaits it.
    @discardableResult
    public func start(
        spawn: (String, @escaping @Sendable @SDLActor () async throws -> Void) -> Task<Void, any Error>
    ) -> Task<Void, any Error> {
        if phase != .idle { reset() }
        let task = spawn("sieve") { [weak self] in await self?.run() }
        cancelRun = { task.cancel() }
        return task
    }

    /// Starts a run as an untracked `SDLActor` task.
    @discardableResult
    public func start() -> Task<Void, Never> {
        if phase != .idle { reset() }
        let task = SDLActor.task(name: "sieve") { [weak self] () async -> Void in await self?.run() }
        cancelRun = { task.cancel() }
        return task
    }

    /// Cancels the run: every marker ends at once (their sleeps throw `CancellationError`).
    public func stop() {
        cancelRun?()
    }

    /// Stops any run and clears the grid; a new configuration may be given.
    public func reset(configuration newConfiguration: Configuration? = nil) {
        cancelRun?()
        cancelRun = nil
        if let newConfiguration {
            precondition(newConfiguration.rows > 0 && newConfiguration.columns > 0, "a sieve needs at least one row and one column")
            configuration = newConfiguration
        }
        runGeneration += 1
        cells = Array(repeating: Cell(), count: configuration.count)
        markers = []
        markersAlive = 0
        markedCount = 0
        generator = SeededGenerator(seed: configuration.seed)
        startedAt = nil
        endedAt = nil
        phase = .idle
        status = .ready
        onChange?(.all)
    }

    /// Bumped by every reset, so a cancelled run still unwinding cannot touch the new grid.
    private var runGeneration = 0

    // MARK: - The coroutines

    /// The whole run: the main coroutine, its markers and the status line, structured.
    public func run() async {
        guard phase == .idle else { return }
        let generation = runGeneration
        let start = clock.now
        startedAt = start
        phase = .running
        status = .calculating
        onChange?(.phase)

        // The markers are hot coroutines (hundreds, each hopping every tick): they keep every hop on
        // the SDL thread. They await nothing heavy, so keeping their nonisolated work on the SDL thread (`.onSDLThread`) costs nothing.
        await withNonisolatedWorkOnSDLThread {
            await withDiscardingTaskGroup { outer in
                outer.addTask { @Sendable @SDLActor in await self.statusLoop(start: start, generation: generation) }
                await withDiscardingTaskGroup { markerGroup in
                    await self.mainLoop(start: start, generation: generation, markers: &markerGroup)
                }
                outer.cancelAll()  // the status line stops with the last marker
            }
        }

        guard generation == runGeneration else { return }
        endedAt = clock.now
        phase = Task.isCancelled ? .stopped : .finished
        status = phase == .finished ? .finished : .stopped
        onChange?(.phase)
        onChange?(.status)
    }

    private func tickInstant(_ start: SDLClock.Instant, _ tick: Int) -> SDLClock.Instant {
        start.advanced(by: configuration.tick * tick)
    }

    private func mainLoop(start: SDLClock.Instant, generation: Int, markers group: inout DiscardingTaskGroup) async {
        let count = configuration.count
        var current = 1
        var tick = 0
        while 2 * (current - 1) <= count {
            tick += 1
            do { try await clock.sleep(until: tickInstant(start, tick)) } catch { return }
            // A timer that fired in the same turn as a stop still resumes normally: check again.
            guard generation == runGeneration, !Task.isCancelled else { return }
            guard let next = ((current + 1)...max(current + 1, count)).first(where: { $0 <= count && !cells[$0 - 1].isMarked }) else {
                return  // nothing left to mark (tiny grids); the original would loop forever here
            }
            current = next
            let marker = Marker(number: next, color: .legibleMarker(using: &generator), startTick: tick)
            markers.append(marker)
            markersAlive += 1
            group.addTask { @Sendable @SDLActor in await self.walk(marker, start: start, generation: generation) }
        }
    }

    private func walk(_ marker: Marker, start: SDLClock.Instant, generation: Int) async {
        defer { if generation == runGeneration { markersAlive -= 1 } }
        var step = 0
        for multiple in stride(from: 2 * marker.number, through: configuration.count, by: marker.number) {
            guard generation == runGeneration, !Task.isCancelled else { return }
            if !cells[multiple - 1].isMarked {
                cells[multiple - 1] = Cell(color: marker.color, markedBy: marker.number)
                markedCount += 1
                onChange?(.marked(number: multiple))
            }
            step += 1
            do { try await clock.sleep(until: tickInstant(start, marker.startTick + step)) } catch { return }
        }
    }

    private func statusLoop(start: SDLClock.Instant, generation: Int) async {
        let tickSeconds = Double(configuration.tick.components.seconds) + Double(configuration.tick.components.attoseconds) / 1e18
        var tick = 0
        while generation == runGeneration {
            tick += 1
            do { try await clock.sleep(until: tickInstant(start, tick)) } catch { return }
            // About once a second, as the original: by the parity of the (next tick's) elapsed second.
            let elapsed = start.duration(to: clock.now)
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            let next: Status = Int(seconds + tickSeconds) % 2 == 1 ? .hacking : .calculating
            if next != status, generation == runGeneration {
                status = next
                onChange?(.status)
            }
            if configuration.tick == .zero { await SDLActor.yield() }
        }
    }
}
