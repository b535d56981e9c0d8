#if canImport(Glibc)
import Glibc
#endif

extension SDLHost {
    /// The environment variable that overrides ``Configuration/displayTimeout``: seconds (`0` turns
    /// the probe off), so a slow remote display can be allowed more without rebuilding the app.
    static let displayTimeoutVariable = "SDLCONCURRENCY_DISPLAY_TIMEOUT"

    /// Probes the X display SDL is about to open (see `DisplayProbe`), when SDL may choose x11 and
    /// `DISPLAY` names a display. Returns the probe's connection to close once SDL has started
    /// (-1 when there is none). Throws ``SDLError/displayDidNotAnswer(display:seconds:)``.
    func probeDisplayBeforeSDL() throws(SDLError) -> Int32 {
        guard let timeout = effectiveDisplayTimeout, timeout > .zero,
              let value = getenv("DISPLAY"), value.pointee != 0 else { return -1 }
        let display = String(cString: value)
        let requested = configuration.videoDriver ?? getenv("SDL_VIDEODRIVER").map { String(cString: $0) } ?? ""
        // SDL 2 tries x11 first when no driver is named.
        let drivers = requested.split(separator: ",").map { $0.filter { $0 != " " }.lowercased() }
        guard drivers.isEmpty || drivers.contains("x11"), let endpoint = DisplayProbe.endpoint(of: display) else { return -1 }
        switch DisplayProbe.probe(endpoint, within: timeout, cookie: DisplayProbe.cookie(for: endpoint)) {
        case .answered(let connection):
            return connection
        case .refused, .unreachable:
            return -1
        case .silent:
            throw .displayDidNotAnswer(display: display, seconds: Double(timeout.nanosecondsRoundedUp) / 1e9)
        }
    }

    /// ``Configuration/displayTimeout``, unless `SDLCONCURRENCY_DISPLAY_TIMEOUT` says otherwise.
    private var effectiveDisplayTimeout: Duration? {
        guard let text = getenv(Self.displayTimeoutVariable).map({ String(cString: $0) }), !text.isEmpty else {
            return configuration.displayTimeout
        }
        guard let seconds = Double(text), seconds.isFinite, seconds >= 0 else {
            writeToStandardError("SDLConcurrency: \(Self.displayTimeoutVariable)=\(text) is not a number of seconds; using \(configuration.displayTimeout.map { "\($0)" } ?? "no probe")\n")
            return configuration.displayTimeout
        }
        return .nanoseconds(Int64(min(seconds, 86_400) * 1e9))
    }
}
