import CStallProbe
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// What held the SDL thread too long: asyncio's debug-mode "Executing … took 0.2 seconds".
public struct StallReport: Sendable, CustomStringConvertible {
    /// Where in the loop's turn the thread was held.
    public enum Phase: Sendable, Equatable, CustomStringConvertible {
        /// A step of a task isolated to `SDLActor` (actor-isolated code between two suspensions).
        case actorJob
        /// A step of a task that runs with the SDL executor preference (``NonisolatedWork/onSDLThread``),
        /// including nonisolated code it awaited.
        case onSDLThreadTaskJob
        /// A continuation resumed by ``SDLActor/yield()``.
        case yieldResume
        /// A call posted with ``SDLExecutor/post(_:)``.
        case postedCall
        /// `@MainActor` jobs and `DispatchQueue.main` blocks (one snapshot of the main queue).
        case mainQueue
        /// Input handling: widgets' event handlers and synchronous slots run here.
        case events
        /// The draw phase.
        case draw

        /// The 0.x name of ``onSDLThreadTaskJob``.
        @available(*, deprecated, renamed: "onSDLThreadTaskJob")
        public static var pinnedTaskJob: Phase { .onSDLThreadTaskJob }

        init(_ job: ReadyJob) {
            switch job {
            case .actor: self = .actorJob
            case .task: self = .onSDLThreadTaskJob
            case .frameWaiter(_, let run): self = run.context == .serial ? .actorJob : .onSDLThreadTaskJob
            case .resume: self = .yieldResume
            case .hostCall: self = .postedCall
            case .mainQueue: self = .mainQueue
            }
        }

        public var description: String {
            switch self {
            case .actorJob: "an @SDLActor job"
            case .onSDLThreadTaskJob: "a job of a task started with nonisolatedWork: .onSDLThread (its nonisolated work included)"
            case .yieldResume: "a task resumed after SDLActor.yield()"
            case .postedCall: "a call posted with SDLExecutor.post"
            case .mainQueue: "@MainActor / DispatchQueue.main work"
            case .events: "event handling (input handlers and synchronous slots)"
            case .draw: "drawing"
            }
        }
    }

    /// What held the thread: a kind of job, input handling, or drawing.
    public let phase: Phase
    /// How long the thread was held, measured with a coarse clock (a few milliseconds' resolution).
    public let duration: Duration
    /// The name of the task whose job held the thread (`Task(name:)`, `SDLActor.task(name:)`,
    /// `SDLHost.spawn(name:priority:nonisolatedWork:operation:)`); `nil` for an unnamed task and for phases
    /// that are not a task's job. A name longer than 127 bytes is cut and ends in "…".
    public let taskName: String?
    /// The app code the job ran, as the Swift demangler names it without signatures
    /// (`"closure #1 in App.countPrimes()"`), or `nil` when it is unknown.
    ///
    /// What a job's start tells: for a task's first job, the task's closure; for a later job, the
    /// async function it resumed into and that function's callers (its async call chain). This is
    /// the innermost of those that is app code — not this library's or Swift's, as after
    /// `await SDLActor.yield()` the job resumes inside the library and the CPU work follows once
    /// it has returned to your function — or the innermost one when none is. The stalling code is
    /// in that function: after the suspension point the job resumed at, or in what it called.
    ///
    /// `nil` for phases that are not a task's job, for a binary without its symbol table
    /// (stripped), and on a Swift runtime other than 6.3's, whose private task layout the probe
    /// reads.
    public let function: String?

    init(phase: Phase, nanoseconds: UInt64, taskName: String? = nil, function: String? = nil) {
        self.phase = phase
        self.duration = .nanoseconds(Int64(clamping: nanoseconds))
        self.taskName = taskName
        self.function = function
    }

    public var description: String {
        let millis = Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
        var culprit = "\(phase)"
        if let taskName { culprit += " of task \"\(taskName)\"" }
        if let function { culprit += " in \(function)" }
        return "the SDL thread was held for \(Int(millis.rounded())) ms by \(culprit): input and drawing "
            + "waited. Move CPU work off the SDL thread (a @concurrent function or Task.detached)."
    }
}

/// Reports code that holds the SDL thread longer than a threshold; see
/// ``SDLHost/Configuration/stallThreshold``. Costs one coarse clock read per job when on, and a
/// few loads to remember the job's task name and resume function (``willRun(_:)``).
///
/// Naming a job: a task job is the runtime's `AsyncTask`. Before the job runs, while no thread
/// runs the task, ``willRun(_:)`` reads its resume function pointer and, for a task created with a
/// name, copies the name from the task's status records (CStallProbe; no lock, no runtime call).
/// Only when the job turns out to have stalled is the function pointer resolved to a symbol.
/// The runtime exports no way to read a task's name but `swift_task_getCurrentTaskName`, which
/// answers for the task current on the calling thread — the stalled task only while it runs.
final class StallDetector: @unchecked Sendable {
    // @unchecked: `probe` and `probing` are used by the attached host's thread only (in `drain`
    // and `configure`, both called there); the rest is atomic or locked.

    /// 0 when off. Set by the host at start.
    private let threshold = Atomic<UInt64>(0)
    private let handler = LockedState<(@Sendable (StallReport) -> Void)?>(nil)
    /// What ``willRun(_:)`` learnt about the job now running. Host thread only; never freed (the
    /// detector belongs to the process-wide executor).
    private let probe: UnsafeMutablePointer<csp_job_probe>
    /// Whether task jobs are probed: the detector is on and the runtime has the layout the probe
    /// reads. Host thread only.
    @exclusivity(unchecked) private var probing = false

    init() {
        probe = .allocate(capacity: 1)
        probe.initialize(to: csp_job_probe())
    }

    var thresholdNanoseconds: UInt64 { threshold.load(ordering: .relaxed) }

    func configure(threshold: Duration?, handler: (@Sendable (StallReport) -> Void)?) {
        self.handler.withLock { $0 = handler }
        self.threshold.store(threshold.map { max(1, $0.nanosecondsRoundedUp) } ?? 0, ordering: .relaxed)
        probing = threshold != nil && Self.namesTasks
        csp_probe_clear(probe)
        probe.pointee.namedTask = nil
    }

    /// Whether reports can carry the task's name and the function its job ran: the probe reads
    /// private fields of Swift 6.3's tasks, checked only on x86_64. On Linux a program runs on the
    /// runtime of the toolchain that built it, and `csp_prepare` checks the layout version that
    /// runtime exports for debuggers. Elsewhere reports carry the phase and the duration only.
    static let namesTasks: Bool = {
        #if compiler(>=6.3) && compiler(<6.4)
        return csp_prepare() != 0
        #else
        return false
        #endif
    }()

    /// Host thread, detector on: remembers what is known about `job` before it runs.
    @inline(__always)
    func willRun(_ job: ReadyJob) {
        switch job {
        case .actor(let job), .task(let job), .frameWaiter(let job, _):
            if probing {
                // Sound: an `UnownedJob` is one pointer to the job (its task, for a task job). The
                // probe reads it without retaining it, on this thread, before the job runs here:
                // nothing can run or free the job in between.
                csp_probe_job(unsafe unsafeBitCast(job, to: UnsafeRawPointer.self), probe)
            } else {
                csp_probe_clear(probe)
            }
        case .resume, .hostCall, .mainQueue:
            // A posted closure is not named: binding it here would reabstract it (a new context
            // per job), and the thunk would hide the closure.
            csp_probe_clear(probe)
        }
    }

    /// Host thread: reports the job ``willRun(_:)`` saw last, which held the thread `nanoseconds`.
    func reportJob(_ job: ReadyJob, nanoseconds: UInt64) {
        var taskName: String?
        if probe.pointee.hasName != 0 {
            taskName = withUnsafeBytes(of: &probe.pointee.name) { bytes in
                String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
            }
            if probe.pointee.nameTruncated != 0 { taskName? += "…" }
        }
        report(StallReport(phase: .init(job), nanoseconds: nanoseconds, taskName: taskName, function: probedFunction()))
    }

    /// The app code the probed job ran: the task's closure for its first job; otherwise the
    /// innermost frame of the job's async call chain that is neither this library's nor Swift's
    /// (a job that resumes after `SDLActor.yield()` starts in this library, then returns to the
    /// caller), or the innermost frame when every frame is.
    private func probedFunction() -> String? {
        if probe.pointee.isFirstJob != 0 {
            return Self.takeString(csp_entry_function(probe)).map(Self.readableFunction)
        }
        let count = Int(probe.pointee.frameCount)
        let frames = withUnsafeBytes(of: &probe.pointee.frames) { raw in
            (0..<count).map { raw.load(fromByteOffset: $0 * MemoryLayout<UnsafeRawPointer?>.stride, as: UnsafeRawPointer?.self) }
        }
        var innermost: String?
        for frame in frames {
            guard let symbol = Self.takeString(csp_symbol_name(frame)) else { continue }
            // C and C++ functions (the runtime's) are not app code.
            if symbol.hasPrefix("_Z") || symbol.hasPrefix("swift_") { continue }
            let readable = Self.readableFunction(symbol)
            if innermost == nil { innermost = readable }
            if Self.isAppCode(readable) { return readable }
        }
        return innermost
    }

    private static func takeString(_ text: UnsafeMutablePointer<CChar>?) -> String? {
        guard let text else { return nil }
        defer { free(text) }
        return String(cString: text)
    }

    func report(_ report: StallReport) {
        let handler = self.handler.withLock { $0 }
        if let handler {
            handler(report)
        } else {
            writeToStandardError("SDLConcurrency: \(report)\n")
        }
    }
}

extension StallDetector {
    /// A demangled symbol without what a reader of a stall report does not need: the kind of
    /// partial function (`"(2) await resume partial function for "`), thunk prefixes, closure
    /// signatures and the result type. `"(1) await resume partial function for closure #1 () async
    /// -> () in App.countPrimes() async -> ()"` becomes `"closure #1 in App.countPrimes()"`.
    static func readableFunction(_ demangled: String) -> String {
        var text = Substring(demangled)
        for marker in ["resume partial function for ", "async function pointer to ", "partial apply forwarder for "] {
            if let range = text.firstRange(of: marker) { text = text[range.upperBound...] }
        }
        if let suffix = text.firstRange(of: " with unmangled suffix ") { text = text[..<suffix.lowerBound] }
        // Closure signatures: "closure #1 () async -> () in X" → "closure #1 in X".
        var result = ""
        while let closure = text.firstRange(of: "closure #") {
            var index = closure.upperBound
            while index < text.endIndex, text[index].isNumber { index = text.index(after: index) }
            result += text[..<index]
            guard let contextStart = Self.nextIn(text, from: index) else { return demangled }
            text = text[contextStart...]
            result += " in "
        }
        // The enclosing function: its name and parameters, not its result type.
        if let open = text.firstIndex(of: "(") {
            var depth = 0
            var index = open
            while index < text.endIndex {
                if text[index] == "(" { depth += 1 }
                if text[index] == ")" {
                    depth -= 1
                    if depth == 0 { text = text[...index]; break }
                }
                index = text.index(after: index)
            }
        }
        result += text
        return result
    }

    /// Whether a readable function name (``readableFunction(_:)``) is neither a thunk nor in this
    /// library or Swift's standard and concurrency libraries.
    static func isAppCode(_ readable: String) -> Bool {
        if readable.contains("thunk") { return false }
        var base = Substring(readable)
        while let range = base.firstRange(of: " in ") { base = base[range.upperBound...] }
        for prefix in ["static ", "merged "] where base.hasPrefix(prefix) { base = base.dropFirst(prefix.count) }
        if base.hasPrefix("generic specialization "), let range = base.firstRange(of: "> of ") {
            base = base[range.upperBound...]
        }
        let module = base.prefix { $0 != "." }
        return !["SDLConcurrency", "Swift", "_Concurrency"].contains(module)
    }

    /// The index just after the first `" in "` at parenthesis depth 0 from `start`.
    private static func nextIn(_ text: Substring, from start: Substring.Index) -> Substring.Index? {
        var depth = 0
        var index = start
        while index < text.endIndex {
            switch text[index] {
            case "(", "[": depth += 1
            case ")", "]": if depth > 0 { depth -= 1 }
            case " " where depth == 0 && text[index...].hasPrefix(" in "):
                return text.index(index, offsetBy: 4)
            default: break
            }
            index = text.index(after: index)
        }
        return nil
    }
}

/// `CLOCK_MONOTONIC_COARSE`: the last tick's time, read without a syscall in a few nanoseconds.
@inline(__always)
func coarseMonotonicNanoseconds() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC_COARSE, &ts)
    return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
}
