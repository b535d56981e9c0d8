import SDLConcurrency
import SDLWidgets

/// The demo window's layout: the minimal panel beside the sieve panel when the window is wide
/// enough, as a strip above it otherwise; it re-flows whenever the window is resized.
///
/// The sieve's 40 columns of four-digit numbers need about 1,000 points to stay legible (bold
/// "1600" is 24 points wide at 9 pt, plus room between numbers), and the minimal panel's answer
/// needs about 430, so side by side starts at ``sideBySideWidth``.
@SDLActor
final class DemoLayout: Widget {
    static let sideBySideWidth = 1540
    static let minimalColumnWidth = 440
    static let spacing = 12

    let minimal: Stack
    let sieve: Widget

    init(minimal: Stack, sieve: Widget) {
        self.minimal = minimal
        self.sieve = sieve
        super.init()
        addChild(minimal)
        addChild(sieve)
    }

    var isSideBySide: Bool { frame.width >= Self.sideBySideWidth }

    /// The narrow arrangement at its least: the minimal panel as a strip (label and button in
    /// equal halves) above the sieve panel at its minimum. Wider windows only give more room.
    override func minimumSize(on canvas: any Canvas) -> Size {
        let parts = minimal.children.filter { !$0.isHidden }.map { $0.minimumSize(on: canvas) }
        let stripWidth = (parts.map(\.width).max() ?? 0) * parts.count
            + max(0, parts.count - 1) * minimal.spacing + 2 * minimal.padding
        let stripHeight = (parts.map(\.height).max() ?? 0) + 2 * minimal.padding
        let sieveSize = sieve.minimumSize(on: canvas)
        return Size(width: max(stripWidth, sieveSize.width) + 2 * Self.spacing,
                    height: stripHeight + Self.spacing + sieveSize.height + 2 * Self.spacing)
    }

    override func layoutChildren(on canvas: any Canvas) {
        let content = frame.insetBy(Self.spacing)
        // The minimal panel stacks its label above its button in a column, side by side in a strip.
        let axis: Stack.Axis = isSideBySide ? .vertical : .horizontal
        let distribution: Stack.Distribution = isSideBySide ? .centered : .fillEqually
        if minimal.axis != axis { minimal.axis = axis }
        if minimal.distribution != distribution { minimal.distribution = distribution }
        if isSideBySide {
            let column = min(Self.minimalColumnWidth, content.width / 3)
            minimal.frame = Rect(x: content.x, y: content.y, width: column, height: content.height)
            sieve.frame = Rect(x: content.x + column + Self.spacing, y: content.y,
                               width: max(0, content.width - column - Self.spacing), height: content.height)
        } else {
            let strip = min(minimal.preferredSize(on: canvas).height, content.height)
            minimal.frame = Rect(x: content.x, y: content.y, width: content.width, height: strip)
            sieve.frame = Rect(x: content.x, y: content.y + strip + Self.spacing,
                               width: content.width, height: max(0, content.height - strip - Self.spacing))
        }
    }
}
