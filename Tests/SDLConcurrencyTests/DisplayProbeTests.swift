@testable import SDLConcurrency
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The X display probe run before SDL_Init (issue 16): `DISPLAY` parsing, and the outcome against
/// a server that answers, one that never does, one that hangs up first, and none at all.
// Serialized: the loopback servers take the lowest free display number, so the "nobody listening"
// test's freed port could be taken by another test's server while it probes.
@Suite("Display probe", .serialized, .timeLimit(.minutes(3)))
struct DisplayProbeTests {}

extension DisplayProbeTests {
    @Test("DISPLAY forms: local, TCP, with a screen, with a transport; others are left to Xlib")
    func endpoints() {
        #expect(DisplayProbe.endpoint(of: ":0") == .local(number: 0))
        #expect(DisplayProbe.endpoint(of: ":12.1") == .local(number: 12))
        #expect(DisplayProbe.endpoint(of: "unix:3") == .local(number: 3))
        #expect(DisplayProbe.endpoint(of: "unix/:4") == .local(number: 4))
        #expect(DisplayProbe.endpoint(of: "localhost:10.0") == .tcp(host: "localhost", number: 10))
        #expect(DisplayProbe.endpoint(of: "127.0.0.1:5") == .tcp(host: "127.0.0.1", number: 5))
        #expect(DisplayProbe.endpoint(of: "tcp/example.org:2") == .tcp(host: "example.org", number: 2))
        #expect(DisplayProbe.endpoint(of: "tcp/:2") == .tcp(host: "localhost", number: 2))
        for odd in ["", "0", ":", ":x", "host::0", "/tmp/launch-abc/org.x:0", ":-1", ":99999999999999999999", "weird/x:1"] {
            #expect(DisplayProbe.endpoint(of: odd) == nil, "\(odd)")
        }
    }

    @Test("a server that accepts and never answers is silent after the bound")
    func silent() throws {
        let server = try LoopbackServer(behaviour: .silent)
        defer { server.close() }
        let outcome = DisplayProbe.probe(.tcp(host: "127.0.0.1", number: server.display), within: .milliseconds(300))
        #expect(outcome == .silent)
    }

    @Test("a server that answers the set-up is alive; the connection is handed over open")
    func answers() throws {
        let server = try LoopbackServer(behaviour: .answer(status: 1))
        defer { server.close() }
        let outcome = DisplayProbe.probe(.tcp(host: "127.0.0.1", number: server.display), within: .seconds(10))
        guard case .answered(let connection) = outcome else {
            Issue.record("\(outcome)")
            return
        }
        #expect(fcntl(connection, F_GETFD) >= 0)
        close(connection)
    }

    @Test("a refusal (authorization) is an answer; a server that hangs up first is tried again until the bound")
    func refusalAndHangUp() throws {
        let refusing = try LoopbackServer(behaviour: .answer(status: 0))
        defer { refusing.close() }
        #expect(DisplayProbe.probe(.tcp(host: "127.0.0.1", number: refusing.display), within: .seconds(10)) == .refused)
        let resetting = try LoopbackServer(behaviour: .hangUpThenAnswer(times: 3))
        defer { resetting.close() }
        let outcome = DisplayProbe.probe(.tcp(host: "127.0.0.1", number: resetting.display), within: .seconds(10))
        guard case .answered(let connection) = outcome else {
            Issue.record("\(outcome)")
            return
        }
        close(connection)
    }

    @Test("no server listening is left to SDL (unreachable), at once")
    func unreachable() throws {
        let server = try LoopbackServer(behaviour: .silent)
        let display = server.display
        server.close()
        #expect(DisplayProbe.probe(.tcp(host: "127.0.0.1", number: display), within: .seconds(10)) == .unreachable)
    }

    @Test("the set-up request: little-endian, protocol 11.0, the cookie padded to four bytes")
    func setUpRequest() {
        #expect(DisplayProbe.setUpRequest(cookie: nil) == [0x6c, 0, 11, 0, 0, 0, 0, 0, 0, 0, 0, 0])
        let request = DisplayProbe.setUpRequest(cookie: [1, 2, 3])
        #expect(request.count == 12 + 20 + 4)
        #expect(Array(request[6..<10]) == [18, 0, 3, 0])
        #expect(Array(request[32..<36]) == [1, 2, 3, 0])
    }
}

/// A TCP listener on an X display port (6000 + N) on 127.0.0.1, answering as told on its own thread.
private final class LoopbackServer: @unchecked Sendable {
    // @unchecked: `fd` and `display` are set once in init; the accept thread owns the connections
    // it accepts; close() only closes the listener (the thread ends when accept fails).
    enum Behaviour {
        case silent
        /// Reads the 12-byte set-up and answers with this status byte (1 success, 0 failed).
        case answer(status: UInt8)
        /// Closes the first `times` connections at once, then answers with success.
        case hangUpThenAnswer(times: Int)
    }

    let fd: Int32
    let display: Int

    init(behaviour: Behaviour) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EMFILE) }
        var found: Int?
        for candidate in 300..<400 {
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(6000 + candidate).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            if bound == 0 {
                found = candidate
                break
            }
        }
        guard let found, listen(fd, 8) == 0 else {
            Glibc.close(fd)
            throw POSIXError(.EADDRINUSE)
        }
        self.fd = fd
        display = found
        Thread {
            var hangUps = 0
            var held: [Int32] = []
            while true {
                let connection = accept(fd, nil, nil)
                if connection < 0 { break }
                switch behaviour {
                case .silent:
                    held.append(connection)
                case .answer(let status):
                    Self.answer(connection, status: status)
                    held.append(connection)
                case .hangUpThenAnswer(let times):
                    if hangUps < times {
                        hangUps += 1
                        Glibc.close(connection)
                    } else {
                        Self.answer(connection, status: 1)
                        held.append(connection)
                    }
                }
            }
            for connection in held { Glibc.close(connection) }
        }.start()
    }

    private static func answer(_ connection: Int32, status: UInt8) {
        var request = [UInt8](repeating: 0, count: 12)
        var filled = 0
        while filled < request.count {
            let count = request.withUnsafeMutableBytes { recv(connection, $0.baseAddress! + filled, 12 - filled, 0) }
            if count <= 0 { return }
            filled += count
        }
        // 8 bytes: status, reason length, protocol 11.0, additional length 1 (four bytes follow).
        let reply: [UInt8] = [status, 0, 11, 0, 0, 0, 1, 0, 0, 0, 0, 0]
        _ = reply.withUnsafeBytes { send(connection, $0.baseAddress!, reply.count, Int32(MSG_NOSIGNAL)) }
    }

    func close() {
        shutdown(fd, Int32(SHUT_RDWR))
        Glibc.close(fd)
    }
}
