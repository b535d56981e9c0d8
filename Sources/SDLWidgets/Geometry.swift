/// A point in window coordinates (logical points: SDL's window units, not renderer pixels).
public struct Point: Sendable, Hashable, CustomStringConvertible {
    /// Points from the window's left edge.
    public var x: Int
    /// Points down from the window's top edge.
    public var y: Int

    /// The point (`x`, `y`).
    public init(x: Int, y: Int) {
        self.x = x
        self.y = y
    }

    /// The window's top-left corner.
    public static let zero = Point(x: 0, y: 0)
    public var description: String { "(\(x), \(y))" }
}

/// A size in logical points.
public struct Size: Sendable, Hashable, CustomStringConvertible {
    /// The width in points.
    public var width: Int
    /// The height in points.
    public var height: Int

    /// `width` × `height` points.
    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    /// No size at all.
    public static let zero = Size(width: 0, height: 0)
    public var description: String { "\(width)×\(height)" }
}

/// A rectangle in logical points; `origin` is its top-left corner.
public struct Rect: Sendable, Hashable, CustomStringConvertible {
    /// The top-left corner.
    public var origin: Point
    /// The width and height; a rectangle with an empty side contains no point.
    public var size: Size

    /// A rectangle of `size` with its top-left corner at `origin`.
    public init(origin: Point, size: Size) {
        self.origin = origin
        self.size = size
    }

    /// A rectangle of `width` × `height` with its top-left corner at (`x`, `y`).
    public init(x: Int, y: Int, width: Int, height: Int) {
        self.init(origin: Point(x: x, y: y), size: Size(width: width, height: height))
    }

    /// The empty rectangle at the origin (a widget's frame before its first layout).
    public static let zero = Rect(x: 0, y: 0, width: 0, height: 0)

    /// The left edge.
    public var x: Int { origin.x }
    /// The top edge.
    public var y: Int { origin.y }
    /// The width in points.
    public var width: Int { size.width }
    /// The height in points.
    public var height: Int { size.height }
    /// The first x past the right edge: the rectangle covers `x..<maxX`.
    public var maxX: Int { origin.x + size.width }
    /// The first y past the bottom edge: the rectangle covers `y..<maxY`.
    public var maxY: Int { origin.y + size.height }
    /// The middle, rounded towards the origin for odd sizes.
    public var center: Point { Point(x: origin.x + size.width / 2, y: origin.y + size.height / 2) }

    /// Whether `point` is inside. The left and top edges are, ``Rect/maxX`` and ``Rect/maxY``
    /// are not, so rectangles side by side never both contain a point.
    public func contains(_ point: Point) -> Bool {
        point.x >= x && point.x < maxX && point.y >= y && point.y < maxY
    }

    /// Whether the two rectangles share any point (touching edges do not).
    public func intersects(_ other: Rect) -> Bool {
        x < other.maxX && other.x < maxX && y < other.maxY && other.y < maxY && width > 0 && height > 0
            && other.width > 0 && other.height > 0
    }

    /// The rectangle shrunk by `amount` on every side (grown when negative); no side goes below 0.
    public func insetBy(_ amount: Int) -> Rect {
        Rect(x: x + amount, y: y + amount, width: max(0, width - 2 * amount), height: max(0, height - 2 * amount))
    }

    /// A rectangle of `size` centred in this one.
    public func centering(_ size: Size) -> Rect {
        Rect(x: x + (width - size.width) / 2, y: y + (height - size.height) / 2, width: size.width, height: size.height)
    }

    /// The part `self` and `other` share (an empty rectangle at the nearer corner when none).
    public func intersection(_ other: Rect) -> Rect {
        let left = max(x, other.x), top = max(y, other.y)
        let right = min(maxX, other.maxX), bottom = min(maxY, other.maxY)
        return Rect(x: left, y: top, width: max(0, right - left), height: max(0, bottom - top))
    }

    public var description: String { "[\(x), \(y), \(width)×\(height)]" }
}

/// An 8-bit RGBA colour.
public struct Color: Sendable, Hashable {
    /// The red component, 0–255.
    public var red: UInt8
    /// The green component, 0–255.
    public var green: UInt8
    /// The blue component, 0–255.
    public var blue: UInt8
    /// Opacity, from 0 (transparent) to 255 (opaque); ``SDLCanvas`` blends with it.
    public var alpha: UInt8

    /// A colour from its components, opaque unless `alpha` says otherwise.
    public init(_ red: UInt8, _ green: UInt8, _ blue: UInt8, _ alpha: UInt8 = 255) {
        self.red = red
        self.green = green
        self.blue = blue
        self.alpha = alpha
    }
}
