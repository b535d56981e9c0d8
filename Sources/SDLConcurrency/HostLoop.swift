/// The whole contract between a host loop and the Swift Concurrency guest it runs.
///
/// Like trio's `start_guest_run` (three callables, each with its thread rule), the guest needs only:
///
/// 1. ``wakeUp()`` — *any thread*: "there is work; come back to me soon";
/// 2. ``isHostThread`` — *any thread*: the same-thread fast path and isolation checks. Work enqueued
///    while the host is awake (which includes everything enqueued on the host thread) never wakes it:
///    the host always looks at the ready queue before it blocks;
/// 3. ``guestDidFinish(_:)`` — *host thread*: the root operation ended; the host quits or keeps
///    running as it was asked.
///
/// ``SDLHost`` (the real loop) and `ManualHost` (virtual time, in `SDLConcurrencyTesting`) implement it.
package protocol HostLoop: AnyObject, Sendable {
    /// Called from any thread, at most once per host sleep, when the guest's ready queue or timer heap
    /// needs the host thread. Must not block and must not lose the wake-up: if the host cannot be
    /// signalled now, it must still look at the ready queue before its next sleep.
    func wakeUp()

    /// Whether the caller runs on the host's thread. Answerable from any thread.
    var isHostThread: Bool { get }

    /// Called on the host thread when the root operation given to `run` has ended.
    func guestDidFinish(_ outcome: GuestOutcome)
}

/// How the root operation of a run ended.
package enum GuestOutcome: Sendable {
    /// The root operation returned.
    case returned
    /// The root operation was cancelled (shutdown began first).
    case cancelled
    /// The root operation threw this error.
    case failed(any Error)
}

/// What the host does once its root operation has ended.
///
/// The default, ``quitWhenWindowsClose``, is the one rule most programs need: a root that opens a
/// window and returns leaves the window up, and closing it ends the run. Nothing else is needed to
/// keep running: no long sleep, no stream to wait on.
public enum AfterRoot: Sendable {
    /// If windows are open, keep running until the last one is closed (or a signal, or
    /// ``SDLHost/quit(status:)``); with no window open, shut down at once. A root that throws
    /// shuts down at once either way, with exit status 1.
    case quitWhenWindowsClose
    /// Shut down (cancel tracked tasks, quit SDL) with exit status 0, or 1 if the root threw, even
    /// with windows open (tests and tools whose root's end is the run's end).
    case quit
    /// Keep running until the window is closed, `SIGINT` arrives, or ``SDLHost/quit(status:)``.
    case keepRunning
}
