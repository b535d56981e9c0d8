public import SDLConcurrency

/// A push button: normal, hover, pressed, disabled and focused looks; activated by a left click
/// (press and release inside), or by Space or Enter while it has keyboard focus. Each activation
/// emits ``clicked`` — on the SDL thread, so connected slots (async ones up to their first `await`)
/// have run when the click handling returns.
@SDLActor
public final class Button: Widget {
    /// The text on the button. A change lays the window out again: the button's size follows it.
    public var title: String {
        didSet { if title != oldValue { setNeedsLayout() } }
    }
    /// The title's font, ``Font/button`` unless set; a change lays the window out again.
    public var font: Font = .button {
        didSet { if font != oldValue { setNeedsLayout() } }
    }
    /// Emitted on every activation.
    public let clicked: Signal<Void>

    /// Space between the title and the border, horizontally and vertically.
    public var padding = (horizontal: 22, vertical: 11)
    /// The least width in points, however short the title.
    public var minimumWidth = 120

    /// An enabled button titled `title`. Its ``clicked`` signal is named after this first title
    /// (`"Button(OK).clicked"`) in error reports, and keeps that name if the title changes.
    public init(_ title: String) {
        self.title = title
        self.clicked = Signal(name: "Button(\(title)).clicked")
        super.init()
    }

    /// Activates the button as a click would: emits ``clicked`` unless disabled.
    public func activate() {
        guard isEnabled, !isHidden else { return }
        clicked.emit()
    }

    public override var acceptsFocus: Bool { isEnabled }
    public override var receivesPointer: Bool { true }

    public override func preferredSize(on canvas: any Canvas) -> Size {
        let text = canvas.measure(title, font: font)
        return Size(width: max(minimumWidth, text.width + 2 * padding.horizontal), height: text.height + 2 * padding.vertical)
    }

    public override func handle(_ event: InputEvent) -> Bool {
        switch event {
        case .keyDown(.space, _, false), .keyDown(.enter, _, false):
            activate()
            return true
        case .pointerUp(let point, .left):
            // A click: released over the button it was pressed on (dragged off, it does nothing).
            if frame.contains(point) { activate() }
            return true
        default:
            return false
        }
    }

    public override func draw(on canvas: any Canvas) {
        let fill: Color
        let textColor: Color
        if !isEnabled {
            fill = Palette.buttonDisabled
            textColor = Palette.buttonDisabledText
        } else if isPressed {
            fill = Palette.buttonPressed
            textColor = Palette.buttonText
        } else if isHovered {
            fill = Palette.buttonHover
            textColor = Palette.buttonText
        } else {
            fill = Palette.buttonNormal
            textColor = Palette.buttonText
        }
        if isFocused && isEnabled {
            canvas.stroke(frame.insetBy(-3), Palette.focusRing, width: 2)
        }
        canvas.fill(frame, fill)
        canvas.stroke(frame, Palette.buttonBorder, width: 1)
        var textRect = frame.centering(canvas.measure(title, font: font))
        if isPressed { textRect.origin.y += 1 }
        canvas.drawText(title, font: font, color: textColor, at: textRect.origin)
    }
}
