internal import CMainQueue
import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A value set on Dispatch's main queue, so ``MainQueueBridge/isAsyncMainContext`` can tell code
/// running on that queue from code on an ordinary thread.
private let mainQueueMarker: DispatchSpecificKey<Bool> = {
    let key = DispatchSpecificKey<Bool>()
    DispatchQueue.main.setSpecific(key: key, value: true)
    return key
}()

/// Runs Dispatch's main queue — and with it every `@MainActor` job — on the SDL thread while an
/// ``SDLHost`` owns the process's main thread, the way CFRunLoop does on Linux.
///
/// libdispatch signals an eventfd (its "main queue port") when the main queue goes from empty to
/// non-empty. A helper thread parked in `poll` on that eventfd turns the signal into one
/// ``ReadyJob/mainQueue`` job on the SDL executor's ready queue (at most one waiting at a time), so
/// main-queue work takes its turn in FIFO order with SDL jobs, under the same per-turn budget, and a
/// sleeping host is woken by the executor's ordinary wake path.
///
/// The helper is needed only while the host sleeps. The host itself looks at the eventfd whenever
/// its ready queue runs dry and just before it blocks, so main-actor work produced while it is
/// awake — a `@MainActor` ↔ `@SDLActor` round trip, a main-actor task yielding — is taken in the
/// same drain, on one thread. Once the helper has seen a signal it parks until the host re-arms it
/// on its way to sleep: a busy host pays no helper wake-ups (they cost the other core a context
/// switch per signal, and halved the round-trip rate on two loaded cores).
///
/// Only a host on the main thread drains: libdispatch binds its main queue to that thread (and its
/// drain crashes elsewhere). A host on any other thread — every test host — never touches it.
///
/// Threads: ``start()``/``stop()``/``drainIfSignalled()`` run on the host (main) thread; the helper
/// thread only reads the eventfd and submits.
final class MainQueueBridge: @unchecked Sendable {
    // @unchecked: `port` and `stopFD` are immutable after init; `helper` is written by start() and
    // read by stop(), both on the host thread; `queued` and `stopping` are atomic; `handshake` is
    // Sendable and `rearm` is a semaphore.

    /// libdispatch's eventfd for the main queue (an x11 host also waits on it).
    let port: Int32
    /// Our eventfd that tells the helper thread to end.
    private let stopFD: Int32
    private var helper: pthread_t?
    /// A ``ReadyJob/mainQueue`` job is in the ready queue and has not started yet.
    let queued = Atomic<Bool>(false)
    /// When the helper may park and who wakes it (see ``WatcherHandshake``).
    let handshake = WatcherHandshake()
    private let rearm = DispatchSemaphore(value: 0)
    private let stopping = Atomic<Bool>(false)

    /// Whether the caller runs Dispatch's main queue on a thread that is not the main thread: what
    /// an `async` `main` does on Linux once the runtime has parked the main thread in `dispatchMain()`.
    static var isAsyncMainContext: Bool {
        guard cmq_is_main_thread() == 0 else { return false }
        return DispatchQueue.getSpecific(key: mainQueueMarker) != nil
    }

    /// Whether the caller is the process's main thread.
    static var isMainThread: Bool { cmq_is_main_thread() != 0 }

    /// Whether libdispatch has signalled main-queue work that no drain has taken yet. The signal is
    /// put back, so the next host still sees it.
    static func mainQueueHasWork() -> Bool {
        let port = cmq_main_queue_port()
        guard port >= 0, cmq_eventfd_try_read(port) > 0 else { return false }
        cmq_eventfd_signal(port)
        return true
    }

    /// `nil` unless the caller is the process's main thread (and the eventfds exist).
    init?() {
        guard cmq_is_main_thread() != 0 else { return nil }
        let port = cmq_main_queue_port()
        let stopFD = cmq_eventfd_new()
        guard port >= 0, stopFD >= 0 else {
            if stopFD >= 0 { close(stopFD) }
            return nil
        }
        self.port = port
        self.stopFD = stopFD
    }

    deinit {
        close(stopFD)
    }

    /// Starts the helper thread and queues a first drain, for work queued before the host started.
    func start() {
        submitDrain()
        let context = Unmanaged.passRetained(self).toOpaque()
        var thread = pthread_t()
        let created = pthread_create(&thread, nil, { raw in
            let bridge = Unmanaged<MainQueueBridge>.fromOpaque(raw!).takeRetainedValue()
            bridge.watch()
            return nil
        }, context)
        if created == 0 {
            helper = thread
        } else {
            // No helper: main-queue work still runs whenever the loop turns (the wait phase looks at
            // the eventfd before blocking), only a sleeping loop is not woken for it.
            Unmanaged<MainQueueBridge>.fromOpaque(context).release()
            writeToStandardError("SDLConcurrency: could not start the main-queue watcher thread (error \(created)); "
                + "@MainActor work waits for the loop's next turn\n")
        }
    }

    /// Ends the helper thread and runs what the main queue holds now (a final drain, bounded so that
    /// main-actor work that keeps re-queueing itself cannot hold up the exit). Work queued later
    /// waits for the next host (or for `dispatchMain()`).
    func stop() {
        if let helper {
            stopping.store(true, ordering: .releasing)
            cmq_eventfd_signal(stopFD)
            rearm.signal()
            pthread_join(helper, nil)
            self.helper = nil
        }
        for _ in 0..<16 {
            queued.store(false, ordering: .relaxed)
            cmq_drain_main_queue()
            if cmq_eventfd_try_read(port) <= 0 { break }
        }
    }

    /// Host thread, before blocking: if libdispatch signalled work, queues a drain (the caller then
    /// must not block). Returns whether it did.
    func drainIfSignalled() -> Bool {
        guard cmq_eventfd_try_read(port) > 0 else { return false }
        submitDrain()
        return true
    }

    /// Host thread, just before it blocks: sends a parked helper back to watching the eventfd.
    /// (A signal raised since the host last looked is still pending: the helper's `poll` sees it.)
    func armBeforeSleep() {
        if handshake.hostWillSleep() { rearm.signal() }
    }

    /// Host thread, after its wait returned: the helper may park again.
    func didWake() {
        handshake.hostDidWake()
    }

    /// Runs one snapshot of the main queue. Host (main) thread, from the executor's drain. Work the
    /// snapshot queued (a main-actor task yielding, a @MainActor ↔ @SDLActor hop) is found by the
    /// drain's look at the eventfd once the jobs already waiting have run.
    func runMainQueue() {
        queued.store(false, ordering: .releasing)
        cmq_drain_main_queue()
    }

    private func submitDrain() {
        if !queued.exchange(true, ordering: .acquiringAndReleasing) {
            SDLExecutor.shared.submit(.mainQueue(self))
        }
    }

    /// The helper thread: wait until libdispatch signals, queue a drain (which wakes a sleeping
    /// host), then park until the host re-arms it on its way to sleep; repeat until stopped.
    private func watch() {
        while cmq_wait_readable(port, stopFD) == 1 {
            // Another reader (the host, awake) may have taken the signal first: then it has queued
            // the drain itself.
            if cmq_eventfd_try_read(port) > 0 { submitDrain() }
            // The host went to sleep meanwhile and may not have seen us park: keep watching.
            guard handshake.helperMayPark() else { continue }
            // Either the host is awake (it re-arms us on its way to sleep), or it has just taken
            // our parked flag and signals `rearm` now.
            rearm.wait()
            if stopping.load(ordering: .acquiring) { return }
        }
    }
}

/// The main-queue watcher's park/re-arm handshake, apart from threads and eventfds so that it can be
/// tested on its own (a Dekker-style exchange).
///
/// The helper parks after forwarding a signal; the host re-arms it on its way to sleep. Each side
/// publishes its own flag, then reads the other's (sequentially consistent), so at least one of
/// them sees both: the helper is never left parked while the host sleeps, which would lose the
/// next main-queue wake-up.
final class WatcherHandshake: Sendable {
    /// The helper has parked, or is about to (waiting on its re-arm semaphore).
    private let helperParked = Atomic<Bool>(false)
    /// The host is between ``hostWillSleep()`` and ``hostDidWake()``.
    private let hostSleeping = Atomic<Bool>(false)

    /// Helper, after forwarding a signal: `true` to park (then it must wait for the host's re-arm),
    /// `false` when the host went to sleep meanwhile and the helper must keep watching.
    func helperMayPark() -> Bool {
        helperParked.store(true, ordering: .sequentiallyConsistent)
        if hostSleeping.load(ordering: .sequentiallyConsistent),
           helperParked.compareExchange(expected: true, desired: false, ordering: .sequentiallyConsistent).exchanged {
            return false
        }
        // Either the host is awake (it re-arms us on its way to sleep), or it has just taken our
        // parked flag and re-arms us now.
        return true
    }

    /// Host, just before it blocks: `true` when a parked helper must be re-armed (signalled).
    func hostWillSleep() -> Bool {
        hostSleeping.store(true, ordering: .sequentiallyConsistent)
        return helperParked.compareExchange(expected: true, desired: false, ordering: .sequentiallyConsistent).exchanged
    }

    /// Host, after its wait returned: the helper may park again.
    func hostDidWake() {
        hostSleeping.store(false, ordering: .relaxed)
    }
}
