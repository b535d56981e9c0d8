public import SDLConcurrency

/// Lays its children out in a row or a column; re-flows whenever its frame or a child's preferred
/// size changes. Optionally draws a panel (background and border) behind them.
@SDLActor
public final class Stack: Widget {
    /// The direction children are laid out in.
    public enum Axis: Sendable {
        /// Left to right, in a row.
        case horizontal
        /// Top to bottom, in a column.
        case vertical
    }

    /// How the room along the axis is shared among the children.
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

    /// The direction of the row or column; a change lays the window out again.
    public var axis: Axis { didSet { setNeedsLayout() } }
    /// How the children share the axis; a change lays the window out again.
    public var distribution: Distribution { didSet { setNeedsLayout() } }
    /// Points between neighbouring children along the axis.
    public var spacing: Int { didSet { setNeedsLayout() } }
    /// Points between the stack's frame and its children, on every side.
    public var padding: Int { didSet { setNeedsLayout() } }
    /// The panel's fill behind the children, or `nil` for none.
    public var background: Color? { didSet { setNeedsDisplay() } }
    /// The panel's one-point outline, inside the frame, or `nil` for none.
    public var border: Color? { didSet { setNeedsDisplay() } }

    /// A stack of `children`, in that order; each must not have a parent yet (see
    /// ``Widget/addChild(_:)``). Without a `background` or `border` it draws nothing itself.
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

    /// Along the axis the children's preferred lengths, across it the widest (or highest); a
    /// column's height is ``preferredHeight(forWidth:on:)`` at that width, so children whose height
    /// depends on their width (a wrapping ``Label``) count the height they would take there.
    public override func preferredSize(on canvas: any Canvas) -> Size {
        let sizes = visibleChildren.map { $0.preferredSize(on: canvas) }
        let gaps = max(0, sizes.count - 1) * spacing
        let width = switch axis {
        case .horizontal: sizes.map(\.width).reduce(0, +) + gaps + 2 * padding
        case .vertical: (sizes.map(\.width).max() ?? 0) + 2 * padding
        }
        return Size(width: width, height: preferredHeight(forWidth: width, on: canvas))
    }

    /// The height this stack would like at `width`: each child's
    /// ``Widget/preferredHeight(forWidth:on:)`` at the width ``layoutChildren(on:)`` would give it
    /// there (in a column the column's width, or a centred child's preferred width if narrower
    /// and the column is not narrower than its minimum; in a row its share of the row), summed
    /// along a column (with spacing), the highest across a row; padding on both sides.
    public override func preferredHeight(forWidth width: Int, on canvas: any Canvas) -> Int {
        let children = visibleChildren
        let content = max(0, width - 2 * padding)
        switch axis {
        case .vertical:
            let gaps = max(0, children.count - 1) * spacing
            let heights = children.map { $0.preferredHeight(forWidth: columnWidth(of: $0, in: content, on: canvas), on: canvas) }
            return heights.reduce(0, +) + gaps + 2 * padding
        case .horizontal:
            let widths = lengths(of: children, along: content, across: 0, on: canvas)
            let heights = zip(children, widths).map { $0.preferredHeight(forWidth: $1, on: canvas) }
            return (heights.max() ?? 0) + 2 * padding
        }
    }

    /// The least room for the children as this stack lays them out, with spacing and padding:
    /// along the axis, every part as large as the largest minimum with
    /// ``Distribution/fillEqually``; with ``Distribution/fill`` the minimum of stretching children
    /// and the preferred length of the others (which always get it); with
    /// ``Distribution/centered`` preferred lengths (what centred children get). Across the axis,
    /// the children's minimums: a centred child wider than a column (or higher than a row) is
    /// given the column's width (the row's height), down to its minimum. A wrapping ``Label``'s
    /// minimum width is its widest word, so it does not make the window as wide as its unwrapped
    /// text. Along a column, a wrapping label counts the height of its lines at its
    /// ``Label/maximumWidth``: a window cannot say that it needs more height when narrower, so at
    /// its minimum height a column of long wrapped texts may not show them all.
    public override func minimumSize(on canvas: any Canvas) -> Size {
        let children = visibleChildren
        let gaps = max(0, children.count - 1) * spacing
        let sizes = children.map { child -> Size in
            let minimum = child.minimumSize(on: canvas)
            switch distribution {
            case .fillEqually: return minimum
            case .centered, .fill:
                guard child.stretch == 0 || distribution == .centered else { return minimum }
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
        let horizontal = axis == .horizontal
        let lengths = lengths(of: children, along: horizontal ? content.width : content.height,
                              across: horizontal ? content.height : content.width, on: canvas)
        let total = lengths.reduce(0, +) + (children.count - 1) * spacing
        // Centred children are packed in the middle of the axis; the others start at its start.
        var offset = distribution == .centered ? ((horizontal ? content.width : content.height) - total) / 2 : 0
        for (child, length) in zip(children, lengths) {
            if distribution == .centered {
                // Across the axis a centred child takes its preferred size, down to what there is
                // but not below its minimum (a wrapping label wraps at a narrow column's width).
                if horizontal {
                    let preferred = child.preferredHeight(forWidth: length, on: canvas)
                    let height = min(preferred, max(child.minimumSize(on: canvas).height, content.height))
                    child.frame = Rect(x: content.x + offset, y: content.y + (content.height - height) / 2, width: length, height: height)
                } else {
                    let width = columnWidth(of: child, in: content.width, on: canvas)
                    child.frame = Rect(x: content.x + (content.width - width) / 2, y: content.y + offset, width: width, height: length)
                }
            } else {
                child.frame = horizontal
                    ? Rect(x: content.x + offset, y: content.y, width: length, height: content.height)
                    : Rect(x: content.x, y: content.y + offset, width: content.width, height: length)
            }
            offset += length + spacing
        }
    }

    /// Each child's length along the axis when the content is `axisLength` long along it and
    /// `across` wide across it (only a column's width matters: heights follow widths).
    private func lengths(of children: [Widget], along axisLength: Int, across: Int, on canvas: any Canvas) -> [Int] {
        let gaps = max(0, children.count - 1) * spacing
        switch distribution {
        case .fillEqually:
            let available = max(0, axisLength - gaps)
            // Hand out the remainder one point at a time so the parts cover the axis exactly.
            return children.indices.map { available / children.count + ($0 < available % children.count ? 1 : 0) }
        case .centered:
            return children.map { preferredLength(of: $0, across: across, on: canvas) }
        case .fill:
            var lengths = children.map { $0.stretch > 0 ? 0 : preferredLength(of: $0, across: across, on: canvas) }
            var spare = max(0, axisLength - gaps - lengths.reduce(0, +))
            var stretchLeft = children.map { max(0, $0.stretch) }.reduce(0, +)
            for (index, child) in children.enumerated() where child.stretch > 0 {
                // Each share rounds down; the last stretching child takes the remainder.
                let length = stretchLeft == child.stretch ? spare : spare * child.stretch / stretchLeft
                lengths[index] = length
                spare -= length
                stretchLeft -= child.stretch
            }
            return lengths
        }
    }

    /// The length `child` would like along the axis: its preferred width in a row; in a column its
    /// height at the width it gets there (`across` is the column's width).
    private func preferredLength(of child: Widget, across: Int, on canvas: any Canvas) -> Int {
        switch axis {
        case .horizontal: child.preferredSize(on: canvas).width
        case .vertical: child.preferredHeight(forWidth: columnWidth(of: child, in: across, on: canvas), on: canvas)
        }
    }

    /// The width `child` gets in a column `width` points wide: all of it; centred, its preferred
    /// width, down to the column's width but not below its minimum width.
    private func columnWidth(of child: Widget, in width: Int, on canvas: any Canvas) -> Int {
        guard distribution == .centered else { return width }
        return min(child.preferredSize(on: canvas).width, max(child.minimumSize(on: canvas).width, width))
    }

    public override func draw(on canvas: any Canvas) {
        if let background { canvas.fill(frame, background) }
        if let border { canvas.stroke(frame, border, width: 1) }
    }
}
