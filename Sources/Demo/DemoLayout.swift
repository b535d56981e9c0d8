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
            let strip = min(minimal.preferredSize(on: canvas).height, content.height / 3)
            minimal.frame = Rect(x: content.x, y: content.y, width: content.width, height: strip)
            sieve.frame = Rect(x: content.x, y: content.y + strip + Self.spacing,
                               width: content.width, height: max(0, content.height - strip - Self.spacing))
        }
    }
}
