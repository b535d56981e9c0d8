#if canImport(Glibc)
import Glibc
#endif

/// Before `SDL_Init` may open an X display: does the server answer at all, within a bound?
///
/// Xlib's `XOpenDisplay` (inside `SDL_Init`) has no timeout: a server that accepts the connection
/// and never answers (hung, or a remote one behind a dead link) holds the host thread for good. The
/// probe makes the connection and sends the X11 connection set-up itself, with a deadline: any
/// answer (success, or a refusal such as "authorization required") proves the server is alive;
/// silence until the deadline is ``SDLError/displayDidNotAnswer(display:seconds:)``; no server
/// listening is left to SDL, which reports it in its own words.
///
/// The probe's connection, when the server accepted it, stays open until SDL has made its own and
/// the host's first window is open. An X server with no client left resets itself and drops the
/// connections that arrive meanwhile (Xvfb and Xorg without `-noreset`): a host that quits and a
/// host that starts right after, in this process or the next one, otherwise raced that reset, and
/// `SDL_Init` failed with "x11 not available". While the probe's connection is open the server
/// has a client and does not reset; a probe that meets a reset (the server hangs up before
/// answering) tries again until the deadline.
///
/// Name resolution of a remote `DISPLAY` host (`getaddrinfo`) is bounded by the resolver's own
/// timeouts, not by this deadline.
struct DisplayProbe {
    /// Where an X display listens, from `DISPLAY`'s `[protocol/][host]:number[.screen]`.
    enum Endpoint: Equatable {
        /// This machine's Unix socket: the abstract `@/tmp/.X11-unix/XN`, then the file.
        case local(number: Int)
        /// TCP port 6000 + N on `host`.
        case tcp(host: String, number: Int)
    }

    enum Outcome: Equatable {
        /// The server accepted the set-up; the connection is the caller's to close (see the type).
        case answered(connection: Int32)
        /// The server answered with a refusal (authorization, typically): it is alive.
        case refused
        /// Nothing listens there: SDL will say so itself.
        case unreachable
        /// Connected (or connecting), and no answer within the bound.
        case silent
    }

    /// The endpoint `display` names, or `nil` for forms the probe leaves to Xlib (a socket path,
    /// DECnet's `host::N`, garbage).
    static func endpoint(of display: String) -> Endpoint? {
        guard !display.hasPrefix("/"), let colon = display.lastIndex(of: ":") else { return nil }
        var host = String(display[..<colon])
        let rest = display[display.index(after: colon)...]
        let numberText = rest.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        guard !host.hasSuffix(":"), !numberText.isEmpty, numberText.allSatisfy(\.isASCII),
              let number = Int(numberText), number >= 0, number <= 65_535 - 6000 else { return nil }
        var transport = ""
        if let slash = host.firstIndex(of: "/") {
            transport = String(host[..<slash])
            host = String(host[host.index(after: slash)...])
        }
        switch transport {
        case "", "local", "unix":
            return host.isEmpty || host == "unix" ? .local(number: number) : .tcp(host: host, number: number)
        case "tcp", "inet", "inet6":
            return .tcp(host: host.isEmpty ? "localhost" : host, number: number)
        default:
            return nil
        }
    }

    /// Probes `endpoint` until `timeout` has passed. `cookie`: an MIT-MAGIC-COOKIE-1 to present.
    static func probe(_ endpoint: Endpoint, within timeout: Duration, cookie: [UInt8]? = nil) -> Outcome {
        let deadline = monotonicNanoseconds().saturatingAdd(timeout.nanosecondsRoundedUp)
        while true {
            let fd: Int32
            switch connect(to: endpoint, deadline: deadline) {
            case .connected(let connected): fd = connected
            case .refused: return .unreachable
            case .timedOut: return .silent
            }
            guard send(setUpRequest(cookie: cookie), on: fd) else {
                close(fd)
                if !pause(until: deadline) { return .silent }
                continue
            }
            var header = [UInt8](repeating: 0, count: 8)
            switch read(&header, from: fd, deadline: deadline) {
            case .complete:
                if header[0] != 1 {
                    close(fd)
                    return .refused
                }
                // The rest of the set-up (screens, formats): read, so the server has nothing queued.
                let length = Int(header[6]) | Int(header[7]) << 8
                var rest = [UInt8](repeating: 0, count: length * 4)
                _ = read(&rest, from: fd, deadline: deadline)
                return .answered(connection: fd)
            case .hungUp:
                // A server resetting after its last client left drops new connections: try again.
                close(fd)
                if !pause(until: deadline) { return .silent }
            case .timedOut:
                close(fd)
                return .silent
            }
        }
    }

    /// The MIT-MAGIC-COOKIE-1 for `endpoint` from `XAUTHORITY` (or `~/.Xauthority`), if any.
    static func cookie(for endpoint: Endpoint) -> [UInt8]? {
        let path: String
        if let file = getenv("XAUTHORITY"), file.pointee != 0 {
            path = String(cString: file)
        } else if let home = getenv("HOME") {
            path = String(cString: home) + "/.Xauthority"
        } else {
            return nil
        }
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while bytes.count < 1 << 20 {
            let count = fread(&buffer, 1, buffer.count, file)
            if count <= 0 { break }
            bytes += buffer[0..<count]
        }
        var hostName = [UInt8](repeating: 0, count: 256)
        gethostname(&hostName, hostName.count - 1)
        let localAddress = Array(hostName.prefix { $0 != 0 })
        let wanted: String
        switch endpoint {
        case .local(let number), .tcp(_, let number): wanted = String(number)
        }
        // Records: family (u16 BE), then address, number, name and data, each a u16 BE length and bytes.
        var offset = 0
        func field() -> [UInt8]? {
            guard offset + 2 <= bytes.count else { return nil }
            let length = Int(bytes[offset]) << 8 | Int(bytes[offset + 1])
            guard offset + 2 + length <= bytes.count else { return nil }
            defer { offset += 2 + length }
            return Array(bytes[(offset + 2)..<(offset + 2 + length)])
        }
        while offset + 2 <= bytes.count {
            let family = Int(bytes[offset]) << 8 | Int(bytes[offset + 1])
            offset += 2
            guard let address = field(), let number = field(), let name = field(), let data = field() else { return nil }
            guard String(decoding: number, as: UTF8.self) == wanted,
                  String(decoding: name, as: UTF8.self) == "MIT-MAGIC-COOKIE-1" else { continue }
            let familyLocal = 256, familyWild = 65_535
            switch endpoint {
            case .local:
                if family == familyWild || (family == familyLocal && address == localAddress) { return data }
            case .tcp:
                return data
            }
        }
        return nil
    }

    // MARK: - Machinery

    private enum Connection {
        case connected(Int32)
        case refused
        case timedOut
    }

    private static func connect(to endpoint: Endpoint, deadline: UInt64) -> Connection {
        switch endpoint {
        case .local(let number):
            let path = "/tmp/.X11-unix/X\(number)"
            // Xlib (xcb) tries the abstract socket first on Linux, then the file.
            for abstract in [true, false] {
                let outcome = connectUnix(path: path, abstract: abstract, deadline: deadline)
                if case .refused = outcome { continue }
                return outcome
            }
            return .refused
        case .tcp(let host, let number):
            var hints = addrinfo()
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
            var list: UnsafeMutablePointer<addrinfo>?
            guard getaddrinfo(host, String(6000 + number), &hints, &list) == 0, let list else { return .refused }
            defer { freeaddrinfo(list) }
            var entry: UnsafeMutablePointer<addrinfo>? = list
            while let current = entry {
                let outcome = connectSocket(family: current.pointee.ai_family, address: current.pointee.ai_addr,
                                            length: current.pointee.ai_addrlen, deadline: deadline)
                if case .refused = outcome {
                    entry = current.pointee.ai_next
                    continue
                }
                return outcome
            }
            return .refused
        }
    }

    private static func connectUnix(path: String, abstract: Bool, deadline: UInt64) -> Connection {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let name = Array(path.utf8)
        let start = abstract ? 1 : 0
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard start + name.count < capacity else { return .refused }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in name.enumerated() { raw[start + index] = byte }
        }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + start + name.count + (abstract ? 0 : 1))
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                connectSocket(family: AF_UNIX, address: socketAddress, length: length, deadline: deadline)
            }
        }
    }

    private static func connectSocket(family: Int32, address: UnsafePointer<sockaddr>?, length: socklen_t,
                                      deadline: UInt64) -> Connection {
        let fd = socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        guard fd >= 0 else { return .refused }
        if Glibc.connect(fd, address, length) == 0 { return .connected(fd) }
        guard errno == EINPROGRESS || errno == EAGAIN || errno == EINTR else {
            close(fd)
            return .refused
        }
        guard waitFor(Int16(POLLOUT), on: fd, deadline: deadline) else {
            close(fd)
            return .timedOut
        }
        var error: Int32 = 0
        var size = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &size) == 0, error == 0 else {
            close(fd)
            return .refused
        }
        return .connected(fd)
    }

    /// The X11 connection set-up: little-endian, protocol 11.0, with the cookie if there is one.
    static func setUpRequest(cookie: [UInt8]?) -> [UInt8] {
        let name: [UInt8] = cookie == nil ? [] : Array("MIT-MAGIC-COOKIE-1".utf8)
        let data = cookie ?? []
        func padded(_ bytes: [UInt8]) -> [UInt8] { bytes + [UInt8](repeating: 0, count: (4 - bytes.count % 4) % 4) }
        func u16(_ value: Int) -> [UInt8] { [UInt8(value & 0xff), UInt8(value >> 8 & 0xff)] }
        return [UInt8(ascii: "l"), 0] + u16(11) + u16(0) + u16(name.count) + u16(data.count) + [0, 0]
            + padded(name) + padded(data)
    }

    private static func send(_ bytes: [UInt8], on fd: Int32) -> Bool {
        var sent = 0
        while sent < bytes.count {
            // MSG_NOSIGNAL: a server that hung up must not raise SIGPIPE in the app.
            let count = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL)) }
            if count > 0 {
                sent += count
            } else if count < 0, errno == EINTR || errno == EAGAIN {
                continue
            } else {
                return false
            }
        }
        return true
    }

    private enum ReadOutcome {
        case complete
        case hungUp
        case timedOut
    }

    private static func read(_ buffer: inout [UInt8], from fd: Int32, deadline: UInt64) -> ReadOutcome {
        var filled = 0
        while filled < buffer.count {
            guard waitFor(Int16(POLLIN), on: fd, deadline: deadline) else { return .timedOut }
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress! + filled, $0.count - filled, 0) }
            if count > 0 {
                filled += count
            } else if count < 0, errno == EINTR || errno == EAGAIN {
                continue
            } else {
                return .hungUp
            }
        }
        return .complete
    }

    /// Waits until `fd` is ready for `events` (or hung up); `false` once the deadline passes.
    private static func waitFor(_ events: Int16, on fd: Int32, deadline: UInt64) -> Bool {
        while true {
            let now = monotonicNanoseconds()
            guard now < deadline else { return false }
            var request = pollfd(fd: fd, events: events, revents: 0)
            let millis = Int32(clamping: (deadline - now + 999_999) / 1_000_000)
            let ready = poll(&request, 1, millis)
            if ready > 0 { return true }
            if ready < 0, errno != EINTR { return true }
        }
    }

    /// Between two attempts at a resetting server (it takes a few milliseconds): `false` when the
    /// deadline leaves no time for another.
    private static func pause(until deadline: UInt64) -> Bool {
        var pause = timespec(tv_sec: 0, tv_nsec: 10_000_000)
        nanosleep(&pause, nil)
        return monotonicNanoseconds() < deadline
    }
}
