import Foundation
public import SDLConcurrency
public import SDLWidgets

/// The sieve visualizer's panel: a status line on top, the grid of numbers, a progress line, and
/// Start / Stop / Reset with two buttons that cycle the tick and the grid size through presets.
///
/// A tick or grid chosen while a run is going does not disturb it: the buttons show the choice,
/// the status line says it applies at the next Start, and Start (or Reset) applies it.
///
/// The panel follows the model through ``SieveModel/onChange`` (which it takes over): a coloured
/// number repaints the grid, status and phase changes rewrite the labels and buttons, and nothing
/// is redrawn while the model does not change. It keeps no timer of its own: the elapsed time in
/// the progress line advances with the model's changes (the first marker marks on every tick).
///
/// Threads: SDL thread (`SDLActor`).
@SDLActor
public final class SievePanel {
    /// Starts a run's task: pass `host.spawn(name:operation:)` so shutdown cancels and awaits it.
    public typealias Spawner = (String, @escaping @Sendable @SDLActor () async throws -> Void) -> Task<Void, any Error>

    /// The ticks the Tick button cycles through.
    public nonisolated static let tickPresets: [Duration] = [
        .zero, .milliseconds(10), .milliseconds(50), .milliseconds(100), .milliseconds(250),
    ]
    /// The grids (rows = columns) the Grid button cycles through.
    public nonisolated static let gridPresets = [10, 20, 40, 100, 200]

    public let model: SieveModel
    public let statusLabel = Label("", font: .body)
    public let grid: GridView
    public let progressLabel = Label("", font: .caption, color: Palette.secondaryText)
    public let startButton = Button("Start")
    public let stopButton = Button("Stop")
    public let resetButton = Button("Reset")
    public let tickButton = Button("")
    public let gridButton = Button("")
    public let view: Stack
    /// How runs are started; `nil` starts them as untracked `SDLActor` tasks.
    public var spawn: Spawner?

    private var connections: [Connection] = []
    /// Whether each status's emoji can be drawn by the label's font (asked once per status).
    private var emojiDrawable: [SieveModel.Status: Bool] = [:]

    public init(model: SieveModel = SieveModel(), spawn: Spawner? = nil) {
        self.model = model
        self.spawn = spawn
        grid = GridView(rows: model.configuration.rows, columns: model.configuration.columns)
        grid.stretch = 1
        // 7 pt digits are still legible on screen and let a 40 × 40 grid show its numbers beside
        // the minimal panel in a 1600-point window.
        grid.minimumFontSize = 7
        // The marker colours are chosen for their contrast on this background.
        grid.cellColor = Color(RGB.sieveCellBackground)
        statusLabel.sizingTexts = Self.statusSizingTexts
        for button in [startButton, stopButton, resetButton] { button.minimumWidth = 96 }
        tickButton.minimumWidth = 150
        gridButton.minimumWidth = 190
        let buttons = Stack(.horizontal, spacing: 10, padding: 0,
                            children: [startButton, stopButton, resetButton, tickButton, gridButton])
        view = Stack(.vertical, distribution: .fill, spacing: 10, padding: 12,
                     background: Palette.panelBackground, border: Palette.panelBorder,
                     children: [statusLabel, grid, progressLabel, buttons])

        connections = [
            startButton.clicked.connect(to: self, name: "SievePanel.start") { panel, _ in panel.start() },
            stopButton.clicked.connect(to: self, name: "SievePanel.stop") { panel, _ in panel.stop() },
            resetButton.clicked.connect(to: self, name: "SievePanel.reset") { panel, _ in panel.reset() },
            tickButton.clicked.connect(to: self, name: "SievePanel.nextTick") { panel, _ in panel.selectNextTick() },
            gridButton.clicked.connect(to: self, name: "SievePanel.nextGrid") { panel, _ in panel.selectNextGrid() },
        ]
        model.onChange = { [weak self] change in self?.modelDidChange(change) }
        modelDidChange(.all)
    }

    // MARK: Actions

    /// Starts a run (after a finish or stop, from a cleared grid) with the tick and grid last
    /// chosen. Returns the run's task.
    @discardableResult
    public func start() -> Task<Void, any Error> {
        if let pending = pendingConfiguration {
            pendingConfiguration = nil
            model.reset(configuration: pending)
        }
        let run = model.start(spawn: spawn ?? { name, operation in SDLActor.task(name: name, operation: operation) })
        currentRun = run
        return run
    }

    /// The task of the last run started (finished, stopped or still going).
    public private(set) var currentRun: Task<Void, any Error>?

    /// Cancels the run: every marker stops at once.
    public func stop() {
        model.stop()
    }

    /// Stops any run and clears the grid (with the tick and grid last chosen).
    public func reset() {
        let pending = pendingConfiguration
        pendingConfiguration = nil
        model.reset(configuration: pending)
    }

    /// A tick or grid chosen during a run, applied by the next ``start()`` or ``reset()``.
    public private(set) var pendingConfiguration: SieveModel.Configuration?

    /// The configuration the next run uses: the pending choice, else the model's.
    public var selectedConfiguration: SieveModel.Configuration { pendingConfiguration ?? model.configuration }

    /// Switches to the next tick preset (the first one above the current tick, wrapping around):
    /// at once when no run is going (the grid is cleared), else at the next Start.
    public func selectNextTick() {
        var configuration = selectedConfiguration
        configuration.tick = Self.tickPresets.first { $0 > configuration.tick } ?? Self.tickPresets[0]
        select(configuration)
    }

    /// Switches to the next grid preset (by cell count, wrapping around): at once when no run is
    /// going (the grid is cleared), else at the next Start.
    public func selectNextGrid() {
        var configuration = selectedConfiguration
        let side = Self.gridPresets.first { $0 * $0 > configuration.count } ?? Self.gridPresets[0]
        configuration.rows = side
        configuration.columns = side
        select(configuration)
    }

    private func select(_ configuration: SieveModel.Configuration) {
        guard model.phase == .running else {
            pendingConfiguration = nil
            model.reset(configuration: configuration)
            return
        }
        // Never discard a run silently: keep it going and say when the choice applies.
        pendingConfiguration = configuration == model.configuration ? nil : configuration
        updateSelectionTitles()
        statusLabel.text = statusText()
    }

    private func updateSelectionTitles() {
        let selected = selectedConfiguration
        tickButton.title = "Tick: \(Self.format(selected.tick))"
        gridButton.title = "Grid: \(selected.rows) × \(selected.columns)"
    }

    // MARK: Following the model

    private func modelDidChange(_ change: SieveModel.Change) {
        switch change {
        case .marked(let number):
            grid.setMarker(model.cells[number - 1].color.map(Color.init), forNumber: number)
        case .status:
            statusLabel.text = statusText()
        case .phase:
            // A run's start changes the status without a `.status` change of its own.
            statusLabel.text = statusText()
            updateControls()
        case .all:
            let configuration = model.configuration
            if grid.rows != configuration.rows || grid.columns != configuration.columns {
                grid.configure(rows: configuration.rows, columns: configuration.columns)
            } else {
                grid.clearMarkers()
            }
            for (index, cell) in model.cells.enumerated() {
                if let color = cell.color { grid.setMarker(Color(color), forNumber: index + 1) }
            }
            statusLabel.text = statusText()
            updateSelectionTitles()
            updateControls()
        }
        progressLabel.text = Self.progressText(
            marked: model.markedCount, count: model.configuration.count,
            markersAlive: model.markersAlive, elapsed: model.elapsed)
    }

    private func updateControls() {
        let states = [(startButton, model.phase != .running), (stopButton, model.phase == .running),
                      (resetButton, model.phase != .idle)]
        // Enable first, then disable: focus leaving a button that becomes disabled (Start, once
        // pressed) then moves on to one that is already usable (Stop), as in Qt.
        for (button, enabled) in states where enabled { button.isEnabled = true }
        for (button, enabled) in states where !enabled { button.isEnabled = false }
    }

    /// The status text (with the status's emoji when the label's font can draw all of it), and
    /// what changes at the next Start when a choice is pending.
    private func statusText() -> String {
        guard let pending = pendingConfiguration else { return modelStatusText() }
        var changes: [String] = []
        if pending.rows != model.configuration.rows || pending.columns != model.configuration.columns {
            changes.append("grid \(pending.rows) × \(pending.columns)")
        }
        if pending.tick != model.configuration.tick { changes.append("tick \(Self.format(pending.tick))") }
        // After the run, a short word for how it ended keeps the line within its sizing texts.
        let base = model.phase == .finished ? "Finished." : modelStatusText()
        return "\(base) Next Start: \(changes.joined(separator: ", "))."
    }

    /// The widest texts the status line shows, so the window's minimum size holds every one.
    private static let statusSizingTexts: [String] = {
        let statuses: [SieveModel.Status] = [.ready, .calculating, .hacking, .stopped, .finished]
        return statuses.map { status in [status.text, status.emoji].compactMap { $0 }.joined(separator: " ") }
            + ["Hacking the universe... \u{1F469}\u{200D}\u{1F4BB} Next Start: grid 200 × 200, tick 0.25 s."]
    }()

    private func modelStatusText() -> String {
        let status = model.status
        guard let emoji = status.emoji else { return status.text }
        let drawable: Bool
        if let known = emojiDrawable[status] {
            drawable = known
        } else if let canvas = view.containingWindow?.canvas {
            drawable = canvas.canDraw(emoji, font: statusLabel.font)
            emojiDrawable[status] = drawable
        } else {
            drawable = false  // not shown yet: asked again once the panel is in a window
        }
        return drawable ? "\(status.text) \(emoji)" : status.text
    }

    /// Re-checks the status decoration against the window's font (call after adding the panel's
    /// view to a window).
    public func refreshStatus() {
        statusLabel.text = statusText()
    }

    // MARK: Formatting

    /// `0.1 s`, `0 s`, `0.25 s`.
    public nonisolated static func format(_ duration: Duration) -> String {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        var text = String(format: "%.3f", seconds)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text + " s"
    }

    /// The progress line: numbers marked, markers alive, elapsed time.
    public nonisolated static func progressText(marked: Int, count: Int, markersAlive: Int, elapsed: Duration) -> String {
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return "Marked \(marked) of \(count)   ·   markers alive: \(markersAlive)   ·   elapsed \(String(format: "%.1f", seconds)) s"
    }
}

extension Color {
    /// The widget colour of a sieve colour.
    public init(_ rgb: RGB) {
        self.init(rgb.red, rgb.green, rgb.blue)
    }
}
