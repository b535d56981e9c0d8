import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A file the user asked the demo to write (`--screenshot`, `--sieve-report`).
///
/// Two rules make the exit status truthful: ``check()`` runs before the host starts, so a typo in
/// the folder costs no time, and ``write(_:)`` reports the system's reason (`strerror`) with the
/// path, so a write that fails after shutdown began still makes the run fail.
struct OutputFile: Sendable, Equatable {
    /// The option that named the file, for messages (`--screenshot`).
    var option: String
    var path: String

    /// Checks that the file can be created (or, when it exists, opened for writing) without
    /// changing it: a file created by the check is removed again.
    ///
    /// Catches a missing folder, a folder that is not writable or is read-only, a path that is a
    /// folder, `/proc/…` and an unusable `TMPDIR`. A full disk shows only when writing.
    func check() throws(OutputError) {
        // O_NONBLOCK: a FIFO at the path must not block the check until a reader appears.
        let created = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NONBLOCK | O_CLOEXEC, 0o644)
        if created >= 0 {
            close(created)
            unlink(path)
            return
        }
        let createErrno = errno
        guard createErrno == EEXIST else { throw error(createErrno) }
        let existing = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC)
        guard existing >= 0 else { throw error(errno) }
        defer { close(existing) }
        var info = stat()
        guard fstat(existing, &info) == 0 else { throw error(errno) }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw OutputError(option: option, path: path, reason: "not a regular file")
        }
    }

    /// Writes `bytes` to the file (created or truncated), reporting any failure with its reason,
    /// including one that shows only at `close` (a full disk on some file systems).
    func write(_ bytes: some Collection<UInt8>) throws(OutputError) {
        // O_NONBLOCK: a FIFO put at the path meanwhile is an error (ENXIO), not a hang.
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NONBLOCK | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw error(errno) }
        let written = Array(bytes).withUnsafeBytes { buffer -> Int32 in
            var offset = 0
            while offset < buffer.count {
                let count = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if count < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += count
            }
            return 0
        }
        if written != 0 {
            close(fd)
            throw error(written)
        }
        if fsync(fd) != 0, errno != EINVAL, errno != EROFS {
            // EINVAL/EROFS: the file cannot be synced (a special file); the data was accepted.
            let reason = errno
            close(fd)
            throw error(reason)
        }
        if close(fd) != 0 { throw error(errno) }
    }

    private func error(_ number: Int32) -> OutputError {
        OutputError(option: option, path: path, reason: String(cString: strerror(number)))
    }
}

/// An output the user asked for cannot be (or was not) written.
struct OutputError: Error, CustomStringConvertible, Equatable {
    var option: String
    var path: String
    var reason: String

    var description: String { "\(option): cannot write \(path): \(reason)" }
}
