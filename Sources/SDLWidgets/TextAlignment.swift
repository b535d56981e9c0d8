/// Where each line of a ``Label`` sits across the label's width.
public enum TextAlignment: Sendable, Hashable {
    /// Against the left edge (the leading edge of left-to-right text).
    case leading
    /// Centred (a ``Label``'s default).
    case center
    /// Against the right edge.
    case trailing
}
