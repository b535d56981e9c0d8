/// An error thrown by a slot, with where it came from.
public struct SlotFailure: Error, CustomStringConvertible {
    /// The signal's ``Signal/name``.
    public var signal: String
    /// The slot's name (the `name:` given to `connect`).
    public var slot: String
    /// The name of the task of the failed async run, or `nil` for a sync slot.
    public var task: String?
    /// What the slot threw.
    public var error: any Error

    /// The library makes one for every slot that throws; make one yourself to test a
    /// ``SignalErrors/handler``.
    public init(signal: String, slot: String, task: String?, error: any Error) {
        self.signal = signal
        self.slot = slot
        self.task = task
        self.error = error
    }

    public var description: String {
        "slot '\(slot)' of signal '\(signal)'" + (task.map { " (task '\($0)')" } ?? "") + " threw: \(error)"
    }
}

/// The one place slot errors go. The app keeps running after a slot fails.
@SDLActor
public enum SignalErrors {
    /// Receives every ``SlotFailure`` on the SDL thread. `nil` (the default) writes the failure to
    /// standard error.
    public static var handler: (@SDLActor (SlotFailure) -> Void)?

    /// Failures reported since the process started (whatever the handler).
    public private(set) static var count = 0

    static func report(_ failure: SlotFailure) {
        count += 1
        if let handler {
            handler(failure)
        } else {
            writeToStandardError("SDLConcurrency: \(failure)\n")
        }
    }
}
