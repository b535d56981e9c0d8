import SDLConcurrency
public import SDLWidgets

/// Overlaps between `widgets`' frames, frames outside `bounds`, and texts cut by their frame.
@SDLActor
public func frameProblems(_ widgets: [Widget], in bounds: Rect, on canvas: any Canvas) -> [String] {
    var problems: [String] = []
    func name(_ widget: Widget) -> String {
        if let button = widget as? Button { return "Button(\(button.title))" }
        if let label = widget as? Label { return "Label(\(label.text))" }
        return "\(type(of: widget))"
    }
    for (index, widget) in widgets.enumerated() {
        let frame = widget.frame
        if frame.x < bounds.x || frame.y < bounds.y || frame.maxX > bounds.maxX || frame.maxY > bounds.maxY {
            problems.append("\(name(widget)) \(frame) leaves \(bounds)")
        }
        let minimum = widget.minimumSize(on: canvas)
        if frame.width < minimum.width || frame.height < minimum.height {
            problems.append("\(name(widget)) \(frame) is cut (needs \(minimum.width) × \(minimum.height))")
        }
        for other in widgets[(index + 1)...] where frame.intersects(other.frame) {
            problems.append("\(name(widget)) \(frame) overlaps \(name(other)) \(other.frame)")
        }
    }
    return problems
}
