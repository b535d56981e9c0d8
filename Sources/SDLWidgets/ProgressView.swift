public import SDLConcurrency

/// A progress bar: determinate (``value`` from 0 to 1, a filled part) or indeterminate (`nil`, a
/// stripe moving along the bar) as Qt's `QProgressBar` and SwiftUI's `ProgressView` show them.
///
/// **Idle means idle.** The indeterminate stripe moves through `SDLClock.frames`, and only while
/// the bar is indeterminate, shown in a host's window and actually drawn (not hidden, not scrolled
/// out of sight): a task awaits frames then and ends at the first frame where any of that no
/// longer holds, or once the view is gone (it holds the view weakly). A determinate bar, or one
/// not on screen, has no task and causes no frames; drawing it again (shown again, indeterminate
/// again) starts the animation anew.
///
/// Threads: SDL thread (`SDLActor`).
@SDLActor
public final class ProgressView: Widget {
    /// The fraction done, from 0 to 1 (values outside are clamped; NaN counts as `nil`), or `nil`
    /// when the amount of work is unknown (indeterminate: the bar animates while it is shown).
    public var value: Double? {
        didSet {
            value = Self.clamped(value)
            if value != oldValue { setNeedsDisplay() }
        }
    }

    /// The width the bar asks for, in points (the layout may give it more or less).
    public var preferredWidth = 200 {
        didSet { if preferredWidth != oldValue { setNeedsLayout() } }
    }
    /// The bar's height in points.
    public var barHeight = 10 {
        didSet { if barHeight != oldValue { setNeedsLayout() } }
    }
    /// How long the stripe takes to cross the bar once.
    public var period: Duration = .milliseconds(1_500)

    /// Whether the indeterminate animation's task is running (it awaits frames).
    public var isAnimating: Bool { animation != nil }

    /// The animation's task while it runs (SDL thread only, like every property here).
    private var animation: Task<Void, Never>?
    /// Where the stripe is, as a fraction of one crossing (0..<1).
    private(set) var phase = 0.0
    /// Times ``draw(on:)`` ran: the animation goes on only while frames keep drawing the bar.
    private var drawCount = 0

    /// A bar at `value` (0 to 1, clamped), or indeterminate when `nil`.
    public init(value: Double? = nil) {
        self.value = Self.clamped(value)
        super.init()
    }

    private static func clamped(_ value: Double?) -> Double? {
        guard let value, !value.isNaN else { return nil }
        return min(max(value, 0), 1)
    }

    isolated deinit {
        animation?.cancel()
    }

    public override func preferredSize(on canvas: any Canvas) -> Size {
        Size(width: preferredWidth, height: barHeight)
    }

    /// The least room: a bar 40 points long still shows progress.
    public override func minimumSize(on canvas: any Canvas) -> Size {
        Size(width: min(40, preferredWidth), height: barHeight)
    }

    public override func draw(on canvas: any Canvas) {
        drawCount += 1
        let bar = Rect(x: frame.x, y: frame.y + (frame.height - barHeight) / 2, width: frame.width, height: barHeight)
        canvas.fill(bar, Palette.controlTrack)
        let fill = isEnabled ? Palette.buttonNormal : Palette.buttonDisabled
        let inner = bar.insetBy(1)
        if let value {
            let width = Int((value * Double(inner.width)).rounded())
            canvas.fill(Rect(x: inner.x, y: inner.y, width: width, height: inner.height), fill)
        } else {
            // A stripe a third of the bar long, entering at the left and leaving at the right.
            let stripe = max(1, inner.width / 3)
            let x = inner.x - stripe + Int((phase * Double(inner.width + stripe)).rounded())
            canvas.withClip(inner) {
                canvas.fill(Rect(x: x, y: inner.y, width: stripe, height: inner.height), fill)
            }
            startAnimationIfNeeded()
        }
        canvas.stroke(bar, Palette.controlBorder, width: 1)
    }

    // MARK: Animation

    /// Starts the task that moves the stripe, when none runs and the bar is in a host's window
    /// (a tree on a canvas of its own has no frames to await).
    private func startAnimationIfNeeded() {
        guard animation == nil, value == nil, let host = containingWindow?.host else { return }
        animation = host.spawn(name: "ProgressView animation", nonisolatedWork: .onSDLThread) { [weak self] in
            // `nil` until the first frame: the draw that started the task counts as the first.
            var drawsSeen: Int?
            for await frame in SDLClock.frames {
                guard let self, self.continuesAnimating(drawsSeen: drawsSeen) else { break }
                drawsSeen = self.drawCount
                self.advance(by: frame.sincePrevious)
            }
            self?.animation = nil
        }
    }

    /// Whether the stripe should keep moving: indeterminate, in a host's window, and drawn since
    /// the previous frame (hidden, removed or scrolled out of sight, it is not drawn).
    private func continuesAnimating(drawsSeen: Int?) -> Bool {
        guard value == nil, containingWindow?.host != nil else { return false }
        if let drawsSeen, drawCount == drawsSeen { return false }
        return true
    }

    private func advance(by elapsed: Duration) {
        let fraction = elapsed / period
        phase = (phase + fraction).truncatingRemainder(dividingBy: 1)
        setNeedsDisplay()
    }
}
