/// One frame of the host loop, as the coroutines awaiting it see it.
///
/// Every coroutine awaiting a frame (``SDLClock/nextFrame()``, ``SDLClock/frames``) resumes in the
/// same loop turn, in the order it began to wait, and runs to its next await before the frame is
/// drawn — however many there are and however long that takes: the frame takes longer, and input
/// waits for the next turn. So a coroutine that moves a sprite each frame moves it exactly once
/// between two presents, and never skips a frame number while it keeps awaiting frames.
///
/// A step that runs on another thread (nonisolated code of a default task, another actor) is
/// waited for until the coroutine awaits a frame again or ends its `frames` iteration; one that
/// does neither (it took one frame with `nextFrame()` and went on to other work) holds the frame
/// for at most 250 ms of idle waiting, after which the frame is drawn without it.
public struct SDLFrame: Sendable, Hashable, CustomStringConvertible {
    /// Frames delivered since the host attached, counting from 1.
    public var number: Int
    /// When the frame began, on the host's clock (``SDLClock``: monotonic, or virtual under a
    /// virtual-time host, where frames are exactly one frame interval apart).
    public var timestamp: SDLClock.Instant
    /// The time since the previous frame. The first frame after a pause in which nobody awaited
    /// frames reports the nominal frame interval instead, so `velocity * sincePrevious` never jumps.
    public var sincePrevious: Duration

    /// A frame (tests, hosts of your own).
    public init(number: Int, timestamp: SDLClock.Instant, sincePrevious: Duration) {
        self.number = number
        self.timestamp = timestamp
        self.sincePrevious = sincePrevious
    }

    /// `sincePrevious` in seconds, for `position += velocity * frame.seconds`.
    public var seconds: Double {
        let (whole, atto) = sincePrevious.components
        return Double(whole) + Double(atto) * 1e-18
    }

    public var description: String { "frame \(number) at \(timestamp) (+\(sincePrevious))" }
}

extension SDLClock {
    /// Suspends until the next frame and returns it; throws `CancellationError` at once when the
    /// task is cancelled (before or during the wait).
    ///
    /// Call it from `@SDLActor` or `@MainActor` code (or any task): for those, the wait and the
    /// resume stay on the SDL thread, without the global pool; nonisolated code of a default task is
    /// resumed where it runs, on the pool, and the frame waits for its step. While at least one coroutine awaits a frame the host
    /// draws continuously — paced by vsync when the window's renderer has it, by the display's
    /// refresh rate otherwise; when nobody does it draws only when something is dirty again, and
    /// blocks when idle.
    ///
    /// ```swift
    /// let start = try await SDLClock.nextFrame()
    /// while true {
    ///     let frame = try await SDLClock.nextFrame()
    ///     ball.x = 100 * (frame.timestamp - start.timestamp).seconds   // 100 px/s
    ///     window.setNeedsDisplay()
    /// }
    /// ```
    public nonisolated(nonsending) static func nextFrame() async throws(CancellationError) -> SDLFrame {
        guard let frame = await SDLExecutor.shared.awaitFrame(slot: FrameWaitSlot(endsIteration: false)) else {
            throw CancellationError()
        }
        return frame
    }

    /// Every frame from now on, as an `AsyncSequence`; the iteration ends when its task is cancelled.
    ///
    /// ```swift
    /// for await frame in SDLClock.frames {
    ///     sprite.x += sprite.speed * frame.seconds
    /// }
    /// ```
    ///
    /// A coroutine that is busy elsewhere when a frame comes (awaiting something else) does not
    /// receive that frame: each `next()` waits for the frame after the call.
    public static var frames: SDLFrameSequence { SDLFrameSequence() }
}

/// The frames of the host loop as an `AsyncSequence` (``SDLClock/frames``).
public struct SDLFrameSequence: AsyncSequence, Sendable {
    public typealias Element = SDLFrame
    public typealias Failure = Never

    /// The sequence of the running host's frames.
    public init() {}

    public func makeAsyncIterator() -> Iterator { Iterator() }

    /// Waits for one frame per `next()`; returns `nil` once its task is cancelled.
    public struct Iterator: AsyncIteratorProtocol {
        /// Each element is one frame.
        public typealias Element = SDLFrame
        public typealias Failure = Never

        /// This iteration's frame waits, one after another; its end (`break`, or the task ends)
        /// tells the executor, so a frame whose step of this task runs on another thread stops
        /// waiting for its next frame wait.
        private let slot = FrameWaitSlot(endsIteration: true)

        /// The next frame, or `nil` when the task is cancelled.
        public mutating func next(isolation actor: isolated (any Actor)?) async -> SDLFrame? {
            await SDLExecutor.shared.awaitFrame(isolation: actor, slot: slot)
        }

        /// The next frame, or `nil` when the task is cancelled.
        public nonisolated(nonsending) mutating func next() async -> SDLFrame? {
            await SDLExecutor.shared.awaitFrame(slot: slot)
        }
    }
}
