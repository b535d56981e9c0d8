@testable import SDLConcurrency
import Testing

/// Where new windows go (``WindowFit/origin(_:width:height:usable:last:)``), without SDL.
@Suite("Window placement")
struct WindowPlacementTests {}

extension WindowPlacementTests {
    @Test("automatic: centred with no window open, then 32 points from the last; each axis wraps to the usable area's start on its own")
    func automatic() {
        let laptop = DisplayBounds(x: 0, y: 27, width: 1280, height: 773)
        func origin(last: (x: Int32, y: Int32)?, width: Int32 = 600, height: Int32 = 400) -> String {
            let point = WindowFit.origin(.automatic, width: width, height: height, usable: laptop, last: last)
            return "\(point.x),\(point.y)"
        }
        #expect(origin(last: nil) == "340,213")
        #expect(origin(last: (340, 213)) == "372,245")
        // 680 + 600 = 1280 still fits; 681 does not.
        #expect(origin(last: (648, 100)) == "680,132")
        #expect(origin(last: (649, 100)) == "0,132")
        // The bottom edge: 27 + 773 = 800; 368 + 32 + 400 = 800 fits, one more does not.
        #expect(origin(last: (10, 368)) == "42,400")
        #expect(origin(last: (10, 369)) == "42,27")
        // A last window dragged off the display's left or top: back inside.
        #expect(origin(last: (-500, -40)) == "0,27")
        // Coordinates near the limits of Int32 do not trap.
        #expect(origin(last: (.max, .max)) == "0,27")
    }

    @Test("centred and explicit positions ignore the last window; a second display's origin is honoured")
    func centredAndExplicit() {
        let second = DisplayBounds(x: 1920, y: 0, width: 2560, height: 1440)
        let centred = WindowFit.origin(.centered, width: 800, height: 600, usable: second, last: (1950, 30))
        #expect(centred == (2800, 420))
        let explicit = WindowFit.origin(.at(x: -100, y: 5000), width: 800, height: 600, usable: second, last: (1950, 30))
        #expect(explicit == (-100, 5000))
        let cascaded = WindowFit.origin(.automatic, width: 800, height: 600, usable: second, last: (1950, 30))
        #expect(cascaded == (1982, 62))
    }
}
