import Foundation

/// A private X server (`Xvfb`, 1280 × 800) for tests whose answers only mean something on a real
/// display: window positions, titles as the X server sees them. The same helper as
/// IsolationTests' (test targets cannot share a file).
struct XvfbServer {
    let process: Process
    let display: String

    static var isInstalled: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/Xvfb") }

    /// Starts `Xvfb` on the first free display from :200 (IsolationTests use :170–:199) and waits
    /// (up to 10 s) for its socket.
    static func start() throws -> XvfbServer {
        for number in 200..<230 where !FileManager.default.fileExists(atPath: "/tmp/.X11-unix/X\(number)")
            && !FileManager.default.fileExists(atPath: "/tmp/.X\(number)-lock") {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/Xvfb")
            process.arguments = [":\(number)", "-screen", "0", "1280x800x24", "-nolisten", "tcp"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            let deadline = Date().addingTimeInterval(10)
            while process.isRunning, Date() < deadline {
                if FileManager.default.fileExists(atPath: "/tmp/.X11-unix/X\(number)") {
                    return XvfbServer(process: process, display: ":\(number)")
                }
                usleep(20_000)
            }
            if process.isRunning { process.terminate(); process.waitUntilExit() }
        }
        struct NoServer: Error, CustomStringConvertible { var description: String { "Xvfb did not start on any display :200–:229" } }
        throw NoServer()
    }

    /// Kills the server and removes its lock file and socket (SIGKILL: a host that ran in this
    /// process may have left SIGTERM ignored, and an ignored signal stays ignored across exec).
    func stop() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let number = display.dropFirst()
        try? FileManager.default.removeItem(atPath: "/tmp/.X\(number)-lock")
        try? FileManager.default.removeItem(atPath: "/tmp/.X11-unix/X\(number)")
    }

    /// What `xdotool` prints for `arguments` on this display (`nil` when it is not installed).
    func xdotool(_ arguments: [String]) throws -> String? {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/xdotool") else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/xdotool")
        process.arguments = arguments
        process.environment = ["DISPLAY": display]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
