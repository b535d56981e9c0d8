import Foundation
import Observation
import SDLConcurrency
import SDLWidgets

// MARK: - W12: many labels bound to one property of an @Observable model

/// The model of W12: one property, read by every label's binding. SDL thread only.
@SDLActor @Observable
final class BoundCounter {
    var tick = 0
}

/// Lays its children out in a grid of equal cells filling its frame (no preferred sizes measured,
/// so the figure is the bindings' and the drawing's, not a layout's).
@SDLActor
final class CellGrid: Widget {
    let columns: Int
    init(columns: Int) {
        self.columns = columns
        super.init()
    }

    override func layoutChildren(on canvas: any Canvas) {
        let rows = max(1, (children.count + columns - 1) / columns)
        let width = max(1, frame.width / columns), height = max(1, frame.height / rows)
        for (index, child) in children.enumerated() {
            child.frame = Rect(x: frame.x + index % columns * width, y: frame.y + index / columns * height,
                               width: width, height: height)
        }
    }
}

/// N labels (a 100-column grid filling a 1280 × 720 window) each bound to `tick` of one model;
/// each measurement changes `tick` once and times it to the end of the first frame drawn after it,
/// which must show the new value in every label. Beside it, the same frame with the labels set
/// directly in a loop (no bindings), and how many frames each change cost.
func boundLabelFrames(_ scale: Scale) async -> [Figure] {
    await SDLActor.task { () -> [Figure] in
        guard let host = BenchHost.running else { return [] }
        let model = BoundCounter()
        let grid = CellGrid(columns: 100)
        let labels = (0..<scale.boundLabels).map { _ in Label("", font: Font(size: 9)) }
        for label in labels { grid.addChild(label) }
        guard let (window, canvas) = makeWindow(host: host, root: grid) else { return [] }
        var evaluations = 0
        // One-character texts: every label fits its cell, so each frame draws N texts.
        for label in labels {
            label.bind(.text, to: model) { model in
                evaluations += 1
                return "\(model.tick % 10)"
            }
        }
        await settle(window)

        var bound: [Double] = [], direct: [Double] = [], framesPerChange: [Double] = []
        var stale = 0
        let evaluationsBefore = evaluations
        for change in 1...max(1, scale.bindingChanges) {
            // Through the bindings.
            let framesBefore = window.framesDrawn
            let start = nowNanoseconds()
            model.tick = change
            while window.framesDrawn == framesBefore { await SDLActor.yield() }
            bound.append(Double(nowNanoseconds() - start) / 1e6)
            stale += labels.count { $0.text != "\(change % 10)" }
            await settle(window)
            framesPerChange.append(Double(window.framesDrawn - framesBefore))

            // The same texts set directly (the `tick + 5` digit, so every label changes).
            let directBefore = window.framesDrawn
            let directStart = nowNanoseconds()
            let text = "\((change + 5) % 10)"
            for label in labels { label.text = text }
            while window.framesDrawn == directBefore { await SDLActor.yield() }
            direct.append(Double(nowNanoseconds() - directStart) / 1e6)
            await settle(window)
        }
        let changes = Double(max(1, scale.bindingChanges))
        window.detach()
        canvas.close()
        let boundSorted = bound.sorted(), directSorted = direct.sorted()
        return [
            Figure(metric: "change_to_frame_p50", value: percentile(boundSorted, 50), unit: "ms"),
            Figure(metric: "change_to_frame_max", value: boundSorted.last ?? 0, unit: "ms"),
            Figure(metric: "direct_set_frame_p50", value: percentile(directSorted, 50), unit: "ms"),
            Figure(metric: "frames_per_change", value: framesPerChange.reduce(0, +) / changes, unit: "frames"),
            Figure(metric: "evaluations_per_change", value: Double(evaluations - evaluationsBefore) / changes, unit: "evals"),
            Figure(metric: "stale_labels", value: Double(stale), unit: "labels"),
        ]
    }.value
}

/// Lets the loop take turns until the window has drawn everything asked of it.
@SDLActor
private func settle(_ window: WidgetWindow) async {
    for _ in 0..<5 { await SDLActor.yield() }
    while window.needsDisplay { await SDLActor.yield() }
    for _ in 0..<5 { await SDLActor.yield() }
}
