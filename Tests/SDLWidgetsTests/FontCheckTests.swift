import Foundation
import SDLConcurrency
@testable import SDLWidgets
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Fonts are checked before use (issue 11: a truncated or bit-flipped font loaded and drew boxes,
/// exit 0; a FIFO in place of the font hung the start-up).
@Suite("Font checks", .timeLimit(.minutes(3)))
struct FontCheckTests {}

/// The bundled regular face's bytes with `change` applied to one of its tables.
private func damagedFont(table tag: String, _ change: (inout [UInt8], Range<Int>) -> Void) throws -> [UInt8] {
    var bytes = [UInt8](try Data(contentsOf: FontSource.bundled().regular))
    func be32(_ at: Int) -> Int { bytes[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
    let tables = Int(bytes[4]) << 8 | Int(bytes[5])
    for index in 0..<tables {
        let record = 12 + 16 * index
        if String(decoding: bytes[record..<record + 4], as: UTF8.self) == tag {
            let offset = be32(record + 8)
            change(&bytes, offset..<offset + be32(record + 12))
            return bytes
        }
    }
    Issue.record("the bundled font has no \(tag) table")
    return bytes
}

/// Writes `bytes` as both faces in a new folder and opens a FontBook on it.
private func openFontBook(_ bytes: [UInt8]) async throws -> (WidgetError?, String) {
    let directory = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("damaged-fonts-\(UUID())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let source = FontSource(directory: directory)
    try Data(bytes).write(to: source.regular)
    try Data(bytes).write(to: source.bold)
    let error = await #expect(throws: WidgetError.self) {
        _ = try await onSDLActor { () -> Bool in
            _ = try FontBook(source: source)
            return true
        }
    }
    return (error, source.regular.path)
}

extension FontCheckTests {
    @Test("a FIFO in place of the font is an error at once, not a hang")
    func fifo() async throws {
        let directory = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("fifo-fonts-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let source = FontSource(directory: directory)
        #expect(mkfifo(source.regular.path, 0o644) == 0)
        // Should an open block on the FIFO, a writer that comes and goes after 5 s ends the wait,
        // so the test fails instead of hanging.
        let fifoPath = source.regular.path
        Thread {
            sleep(5)
            let fd = open(fifoPath, O_WRONLY | O_NONBLOCK)
            if fd >= 0 { close(fd) }
        }.start()
        let error = await #expect(throws: WidgetError.self) {
            _ = try await onSDLActor { () -> Bool in
                _ = try FontBook(source: source)
                return true
            }
        }
        #expect(error == .fontUnreadable(path: source.regular.path, reason: "a FIFO, not a font file"))
    }

    @Test("a font whose glyph outlines are gone (zeroed glyf table) draws nothing: an error naming the file")
    func emptyGlyphs() async throws {
        let bytes = try damagedFont(table: "glyf") { bytes, range in
            for index in range { bytes[index] = 0 }
        }
        let (error, path) = try await openFontBook(bytes)
        guard case .fontUnreadable(path, let reason) = error else {
            Issue.record("expected fontUnreadable(\(path), …), got \(String(describing: error))")
            return
        }
        #expect(reason.contains("(U+"), "names the glyph: \(reason)")
    }

    @Test("a bit-flipped font (its glyph outlines scrambled) is an error naming the file")
    func bitFlippedGlyphs() async throws {
        let bytes = try damagedFont(table: "glyf") { bytes, range in
            for index in range where index % 7 == 0 { bytes[index] ^= 0x5A }
        }
        let (error, path) = try await openFontBook(bytes)
        guard case .fontUnreadable(path, let reason) = error else {
            Issue.record("expected fontUnreadable(\(path), …), got \(String(describing: error))")
            return
        }
        #expect(reason.contains("(U+"), "\(reason)")
    }
}
