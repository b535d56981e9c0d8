import Foundation
import SDLConcurrency
@testable import SDLWidgets
import Testing

/// Font files: bundled ones are found; missing or broken ones are errors that name the file.
@Suite("Fonts")
struct FontTests {}

extension FontTests {
    @Test("the bundled DejaVu Sans is found through the package's resources")
    func bundled() async throws {
        let source = try FontSource.bundled()
        #expect(FileManager.default.isReadableFile(atPath: source.regular.path))
        #expect(FileManager.default.isReadableFile(atPath: source.bold.path))
        _ = try await onSDLActor { () -> Bool in
            _ = try FontBook(source: source)
            return true
        }
    }

    @Test("a missing font is an error naming its path")
    func missing() async throws {
        let directory = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("no-such-fonts-\(UUID())")
        let error = await #expect(throws: WidgetError.self) {
            _ = try await onSDLActor { () -> Bool in
                _ = try FontBook(source: FontSource(directory: directory))
                return true
            }
        }
        let path = directory.appendingPathComponent("DejaVuSans.ttf").path
        #expect(error == .fontMissing(path: path))
        #expect(error?.description.contains(path) == true)
    }

    @Test("a file that is not a font is an error naming its path and SDL_ttf's reason")
    func unreadable() async throws {
        let directory = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("broken-fonts-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let source = FontSource(directory: directory)
        try Data("not a font".utf8).write(to: source.regular)
        try Data("not a font".utf8).write(to: source.bold)
        let error = await #expect(throws: WidgetError.self) {
            _ = try await onSDLActor { () -> Bool in
                _ = try FontBook(source: source)
                return true
            }
        }
        guard case .fontUnreadable(let path, let reason) = error else {
            Issue.record("expected fontUnreadable, got \(String(describing: error))")
            return
        }
        #expect(path == source.regular.path)
        #expect(!reason.isEmpty)
        #expect(error?.description.contains(source.regular.path) == true)
    }
}
