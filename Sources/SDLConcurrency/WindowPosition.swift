/// Where a new window opens (``SDLHost/WindowOptions/position``), in SDL's screen coordinates
/// (points; they span every display).
public enum WindowPosition: Sendable, Equatable {
    /// The first window is centred on the display; each later one opens 32 points right of and
    /// below the window opened last that is still open (where it is now, if the user moved it), so
    /// every title bar stays visible. A window that would reach past the right or bottom edge of the
    /// display's usable area starts again at its left or top edge, on that axis only. With no window
    /// open, the new one is centred again.
    case automatic
    /// Centred on the display's usable area (the display minus task bars and docks).
    case centered
    /// The window's top-left corner (its content, inside any frame the window manager adds) at
    /// (`x`, `y`), as given: not moved onto a display, so a window can open on any of them.
    case at(x: Int32, y: Int32)
}
