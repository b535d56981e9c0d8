public import SDLConcurrency
public import SDLWidgets

/// A kitchen timer: a button whose async slot counts down on the loop's clock, showing the time
/// left in a label. The code under test in `Tests/TimerTests`.
@SDLActor
public final class KitchenTimer {
    public let label = Label("Ready")
    public let button = Button("Start")
    public let minutes: Int
    /// The button's connection; its `lastTask` is the countdown a click started.
    public private(set) var connection: Connection?

    public init(minutes: Int) {
        self.minutes = minutes
        connection = button.clicked.connect(to: self, policy: .dropWhileRunning) { timer, _ in
            try await timer.countDown()
        }
    }

    func countDown() async throws {
        for left in stride(from: minutes, to: 0, by: -1) {
            label.text = "\(left) min"
            try await Task.sleep(for: .seconds(60), clock: .sdl)
        }
        label.text = "Ding!"
    }
}
