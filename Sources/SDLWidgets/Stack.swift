public import SDLConcurrency

/// Lays its children out in a row or a column; re-flows whenever its frame or a child's preferred
/// size changes. Optionally draws a panel (background and border) behind them.
@SDLActor
public final class Stack: Widget {
    public enum Axis: Sendable {
        case horizontal
        case vertical
    }

    public enum Distribution: Sendable {
        /// Children at their preferred size, packed together and centred along the axis.
        case centered
        /// The axis split into equal parts, one per child, each filling its part.
        case fillEqually
        /// Children with a ``Widget/stretch`` of 0 at their preferred length, the others sharing
        /// what is left in proportion to their stretch; packed from the start of the axis. Across
        /// the axis every child fills the stack.
        case fill
    }

    public var axis: Axis { didSet { setNeedsLayout() } }
    public var distribution: Distribution { didSet { setNeedsLayout() } }
    public var spacing: Int { didSet { setNeedsLayout() } }
    public var padding: Int { didSet { setNeedsLayout() } }
    public var background: Color? { didSet { setNeedsDisplay() } }
    public var border: Color? { didSet { setNeedsDisplay() } }

    public init(
        _ axis: Axis, distribution: Distribution = .centered, spacing: Int = 16, padding: Int = 16,
        background: Color? = nil, border: Color? = nil, children: [Widget] = []
    ) {
        self.axis = axis
        self.distribution = distribution
        self.spacing = spacing
        self.padding = padding
        self.background = background
        self.border = border
        super.init()
        for child in children { addChild(child) }
    }

    private var visibleChildren: [Widget] { children.filter { !$0.isHidden } }

    public override func preferredSize(on canvas: any Canvas) -> Size {
        let sizes = visibleChildren.map { $0.preferredSize(on: canvas) }
        let gaps = max(0, sizes.count - 1) * spacing
        switch axis {
        case .horizontal:
            return Size(width: sizes.map(\.width).reduce(0, +) + gaps + 2 * padding,
                        height: (sizes.map(\.height).max() ?? 0) + 2 * padding)
        case .vertical:
            return Size(width: (sizes.map(\.width).max() ?? 0) + 2 * padding,
                        height: sizes.map(\.height).reduce(0, +) + gaps + 2 * padding)
        }
    }

    /// The least room for the children as this stack lays them out, with spacing and padding:
    /// along the axis, every part as large as the largest minimum with
    /// ``Distribution/fillEqually``; with ``Distribution/fill`` the minimum of stretching children
    /// and the preferred length of the others (which always get it); with
    /// ``Distribution/centered`` preferred sizes (what centred children get).
    public override func minimumSize(on canvas: any Canvas) -> Size {
        let children = visibleChildren
        let gaps = max(0, children.count - 1) * spacing
        let sizes = children.map { child -> Size in
            let minimum = child.minimumSize(on: canvas)
            switch distribution {
            case .fillEqually: return minimum
            case .centered: return child.preferredSize(on: canvas)
            case .fill:
                guard child.stretch == 0 else { return minimum }
                let preferred = child.preferredSize(on: canvas)
                return axis == .horizontal
                    ? Size(width: preferred.width, height: minimum.height)
                    : Size(width: minimum.width, height: preferred.height)
            }
        }
        let along = sizes.map { axis == .horizontal ? $0.width : $0.height }
        let across = sizes.map { axis == .horizontal ? $0.height : $0.width }.max() ?? 0
        let length = distribution == .fillEqually ? (along.max() ?? 0) * sizes.count : along.reduce(0, +)
        return axis == .horizontal
            ? Size(width: length + gaps + 2 * padding, height: across + 2 * padding)
            : Size(width: across + 2 * padding, height: length + gaps + 2 * padding)
    }

    public override func layoutChildren(on canvas: any Canvas) {
        let children = visibleChildren
        guard !children.isEmpty else { return }
        let content = frame.insetBy(padding)
        let gaps = (children.count - 1) * spacing
        let axisLength = axis == .horizontal ? content.width : content.height
        switch distribution {
        case .fillEqually:
            let available = max(0, axisLength - gaps)
            var offset = 0
            for (index, child) in children.enumerated() {
                // Hand out the remainder one point at a time so the parts cover the axis exactly.
                let length = available / children.count + (index < available % children.count ? 1 : 0)
                child.frame = axis == .horizontal
                    ? Rect(x: content.x + offset, y: content.y, width: length, height: content.height)
                    : Rect(x: content.x, y: content.y + offset, width: content.width, height: length)
                offset += length + spacing
            }
        case .fill:
            let lengths = children.map { child -> Int in
                let size = child.preferredSize(on: canvas)
                return child.stretch > 0 ? 0 : (axis == .horizontal ? size.width : size.height)
            }
            let totalStretch = children.map { max(0, $0.stretch) }.reduce(0, +)
            var spare = max(0, axisLength - gaps - lengths.reduce(0, +))
            var stretchLeft = totalStretch
            var offset = 0
            for (child, preferred) in zip(children, lengths) {
                var length = preferred
                if child.stretch > 0 {
                    // Each share rounds down; the last stretching child takes the remainder.
                    length = stretchLeft == child.stretch ? spare : spare * child.stretch / stretchLeft
                    spare -= length
                    stretchLeft -= child.stretch
                }
                child.frame = axis == .horizontal
                    ? Rect(x: content.x + offset, y: content.y, width: length, height: content.height)
                    : Rect(x: content.x, y: content.y + offset, width: content.width, height: length)
                offset += length + spacing
            }
        case .centered:
            let sizes = children.map { $0.preferredSize(on: canvas) }
            let total = (axis == .horizontal ? sizes.map(\.width) : sizes.map(\.height)).reduce(0, +) + gaps
            var offset = (axisLength - total) / 2
            for (child, size) in zip(children, sizes) {
                switch axis {
                case .horizontal:
                    child.frame = Rect(x: content.x + offset, y: content.y + (content.height - size.height) / 2,
                                       width: size.width, height: size.height)
                    offset += size.width + spacing
                case .vertical:
                    child.frame = Rect(x: content.x + (content.width - size.width) / 2, y: content.y + offset,
                                       width: size.width, height: size.height)
                    offset += size.height + spacing
                }
            }
        }
    }

    public override func draw(on canvas: any Canvas) {
        if let background { canvas.fill(frame, background) }
        if let border { canvas.stroke(frame, border, width: 1) }
    }
}
