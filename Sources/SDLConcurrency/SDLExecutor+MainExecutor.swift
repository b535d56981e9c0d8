internal import CMainQueue
import Synchronization
// Swift 6.3's custom-executor SPI is experimental: its names may change in the next release, so it
// is used only with the compiler it was written against. Elsewhere the opt-in reports that it is
// unavailable, and everything else works as in the default mode.
#if compiler(>=6.3) && compiler(<6.4)
@_spi(ExperimentalCustomExecutors) import _Concurrency

// MARK: - One executor for @MainActor and @SDLActor (explicit opt-in)

/// `MainActor`'s executor, once ``SDLHost/shareExecutorWithMainActor()`` has made it this one.
///
/// Swift 6.3's custom-executor SPI (`_createExecutors`, `MainExecutor`) lets a program choose its
/// main executor at the top of a synchronous `main`. With the SDL executor as the main executor,
/// `@MainActor` and `@SDLActor` are one serial executor: calls between them never suspend (no job
/// at all), where the default — two executors on one thread — costs a job each way.
@_spi(SDLMainExecutor)
extension SDLExecutor: MainExecutor {
    /// The SDL executor runs inside ``SDLHost/run(_:root:)``, not as a free-standing run loop; an
    /// `async` `main` (the one caller of this) cannot host the SDL loop at all.
    public func run() throws {
        throw SDLError.asyncMain
    }

    /// Nothing to stop: the loop ends through ``SDLHost/quit(status:)`` or a window close.
    public func stop() {}
}

/// The factory `_createExecutors` reads: the SDL executor for `MainActor`, the platform's default
/// global executor for everything else.
struct SDLMainExecutorFactory: ExecutorFactory {
    static var mainExecutor: any MainExecutor { SDLExecutor.shared }
    static var defaultExecutor: any TaskExecutor { PlatformExecutorFactory.defaultExecutor }
}
#endif

extension SDLExecutor {
    /// Set once ``SDLHost/shareExecutorWithMainActor()`` has installed this executor for `MainActor`.
    static let sharesMainActor = Atomic<Bool>(false)

    /// Whether this executor is also `MainActor`'s (see ``SDLHost/shareExecutorWithMainActor()``).
    public static var isMainActorExecutor: Bool { sharesMainActor.load(ordering: .acquiring) }
}

extension SDLHost {
    /// Makes `MainActor`'s executor the SDL executor, for the whole process: `@MainActor` and
    /// `@SDLActor` become one serial executor, so calls between them never suspend.
    ///
    /// An explicit opt-in, never done implicitly: call it as the **first statement of a synchronous
    /// `main`**, before any `@MainActor` work is queued, then run the loop with
    /// ``SDLHost/run(_:root:)`` on that thread. `DispatchQueue.main` keeps working (the loop drains
    /// it as in the default mode). After this call, main-actor work waits for a host: a program that
    /// installs it and then never runs an ``SDLHost`` (a command-line path that exits early is fine;
    /// one that awaits main-actor work without a host is not) hangs on that work.
    ///
    /// Built on Swift 6.3's experimental custom-executor SPI (`_createExecutors`); with another
    /// compiler it throws (the SPI may change), and the default mode is what the program gets.
    ///
    /// - Throws: ``SDLError/mainExecutorNotInstalled(reason:)`` when called off the main thread,
    ///   a second time, too late (main-actor or main-queue work was already queued), or with a
    ///   compiler other than Swift 6.3.
    public nonisolated static func shareExecutorWithMainActor() throws(SDLError) {
        #if !(compiler(>=6.3) && compiler(<6.4))
        throw .mainExecutorNotInstalled(reason: "it needs Swift 6.3's experimental custom-executor SPI, and this program was built with another compiler")
        #else
        guard cmq_is_main_thread() != 0 else {
            throw .mainExecutorNotInstalled(reason: "it must be called on the main thread, as the first statement of a synchronous main")
        }
        guard !SDLExecutor.sharesMainActor.exchange(true, ordering: .acquiringAndReleasing) else {
            throw .mainExecutorNotInstalled(reason: "it was already called once (the main executor is chosen once per process)")
        }
        // libdispatch signals its main-queue eventfd as soon as anything is queued there: work
        // queued on the old main executor before this call would be left behind.
        if MainQueueBridge.mainQueueHasWork() {
            SDLExecutor.sharesMainActor.store(false, ordering: .releasing)
            throw .mainExecutorNotInstalled(reason: "too late: @MainActor or DispatchQueue.main work was already queued; call it as the first statement of main")
        }
        _createExecutors(factory: SDLMainExecutorFactory.self)
        #endif
    }
}
