import SDLConcurrency
import SDLConcurrencyTesting
import SDLWidgetsTesting
@testable import SDLWidgets
import Synchronization
import Testing

/// ProgressView: the determinate bar, and the indeterminate animation that runs through frames only
/// while it is shown, indeterminate and alive, counted in frames drawn by a real host.
@Suite("ProgressView", .timeLimit(.minutes(3)))
struct ProgressViewTests {}

extension ProgressViewTests {
    @Test("determinate: the fill covers the value's share of the bar; values are clamped, NaN is indeterminate; no host, no animation")
    func determinate() async throws {
        let (widths, values, animating) = try await onSDLActor { () -> ([Int], [Double?], Bool) in
            let canvas = RecordingCanvas(size: Size(width: 202, height: 10))
            let progress = ProgressView(value: 0.25)
            let window = WidgetWindow(root: Stack(.vertical, distribution: .fill, spacing: 0, padding: 0, children: [progress]), canvas: canvas)
            var widths: [Int] = []
            @SDLActor func fillWidth() -> Int {
                window.render()
                return canvas.commands.compactMap { command -> Int? in
                    if case .fill(let rect, Palette.buttonNormal) = command { rect.width } else { nil }
                }.first ?? -1
            }
            widths.append(fillWidth())            // 50 of the 200 points inside the outline
            progress.value = 2; widths.append(fillWidth())
            progress.value = -1; widths.append(fillWidth())
            var values: [Double?] = [progress.value]
            progress.value = .nan
            values.append(progress.value)
            values.append(ProgressView(value: 7).value)
            // Indeterminate, drawn, but on a canvas of its own: there are no frames to await.
            window.render()
            return (widths, values, progress.isAnimating)
        }
        #expect(widths == [50, 200, 0])
        #expect(values == [0, nil, 1])
        #expect(!animating)
    }
}

/// What the animation test saw at each step.
private struct Step: Sendable, CustomStringConvertible {
    var name: String
    var animating: Bool
    var framesGrew: Bool
    var task: Bool
    var description: String { "\(name): animating=\(animating) frames grew=\(framesGrew) task=\(task)" }
}

@SDLActor
private func waitUntil(_ condition: @SDLActor () -> Bool) async throws {
    for _ in 0..<200 where !condition() {
        try await ControlsHarness.settle(.milliseconds(10))
    }
}

extension ProgressViewTests {
    @Test("indeterminate: frames run while it is shown and indeterminate; determinate, hidden, removed or gone, the task ends and no frame is drawn")
    func animationOnlyWhileShown() async throws {
        let steps = Mutex<[Step]>([])
        let stripes = Mutex<[Int]>([])
        _ = try await HostHarness.runSDLHost(HostHarness.dummyConfiguration(window: ControlsHarness.options("progress"))) { host in
            var progress: ProgressView? = ProgressView()
            let stack = Stack(.vertical, distribution: .fill, children: [progress!])
            let window = WidgetWindow(root: stack, canvas: try SDLCanvas(host: host))
            window.attach(to: host)
            let taskName = "ProgressView animation"
            /// Runs for `duration` and notes whether frames were drawn meanwhile.
            @SDLActor func note(_ name: String, over duration: Duration = .milliseconds(300)) async throws {
                let before = window.framesDrawn
                try await ControlsHarness.settle(duration)
                let step = Step(name: name, animating: progress?.isAnimating ?? false, framesGrew: window.framesDrawn > before,
                                task: host.trackedTaskNames.contains(taskName))
                steps.withLock { $0.append(step) }
            }
            /// The left edge of the stripe on screen.
            @SDLActor func stripeX() throws -> Int {
                let pixels = try (window.canvas as! SDLCanvas).readPixels()
                let bar = progress!.frame.insetBy(1)
                return (bar.x..<bar.maxX).first { ControlsHarness.pixel(pixels, x: $0, y: bar.center.y, is: Palette.buttonNormal) } ?? -1
            }
            try await note("indeterminate")
            stripes.withLock { $0.append(try! stripeX()) }
            try await ControlsHarness.settle(.milliseconds(100))
            stripes.withLock { $0.append(try! stripeX()) }

            progress!.value = 0.5
            try await waitUntil { !(progress!.isAnimating) }
            try await note("determinate")
            progress!.value = nil
            try await note("indeterminate again")
            progress!.isHidden = true
            try await waitUntil { !(progress!.isAnimating) }
            try await note("hidden")
            progress!.isHidden = false
            try await note("shown again")
            stack.isHidden = true
            try await waitUntil { !(progress!.isAnimating) }
            try await note("parent hidden")
            stack.isHidden = false
            try await note("parent shown")
            progress!.removeFromParent()
            try await waitUntil { !(progress!.isAnimating) }
            try await note("removed")
            stack.addChild(progress!)
            try await note("added back")
            // Gone while animating: taken out and released between two frames.
            weak let gone = progress
            progress!.removeFromParent()
            progress = nil
            try await waitUntil { !host.trackedTaskNames.contains(taskName) }
            try await note("released")
            steps.withLock { $0.append(Step(name: "deallocated: \(gone == nil)", animating: false, framesGrew: false, task: false)) }
        }
        #expect(steps.withLock { $0.map(\.description) } == [
            "indeterminate: animating=true frames grew=true task=true",
            "determinate: animating=false frames grew=false task=false",
            "indeterminate again: animating=true frames grew=true task=true",
            "hidden: animating=false frames grew=false task=false",
            "shown again: animating=true frames grew=true task=true",
            "parent hidden: animating=false frames grew=false task=false",
            "parent shown: animating=true frames grew=true task=true",
            "removed: animating=false frames grew=false task=false",
            "added back: animating=true frames grew=true task=true",
            "released: animating=false frames grew=false task=false",
            "deallocated: true: animating=false frames grew=false task=false",
        ])
        let seen = stripes.withLock { $0 }
        #expect(seen.count == 2 && seen[0] != seen[1], "the stripe moves on screen: \(seen)")
    }
}
