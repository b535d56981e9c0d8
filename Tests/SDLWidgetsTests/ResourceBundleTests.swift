import Foundation
@testable import SDLWidgets
import Testing

/// The resource folder is found without SwiftPM's `Bundle.module`, which traps when it is missing.
@Suite("Resource bundle lookup")
struct ResourceBundleTests {}

extension ResourceBundleTests {
    /// A fresh temporary folder, removed by the caller.
    func temporaryFolder() throws -> URL {
        let url = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("resources-\(UUID())")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Makes `folder/SDLConcurrency_SDLWidgets.resources/Assets/Fonts` and returns the resource folder.
    func makeResources(in folder: URL) throws -> URL {
        let resources = folder.appendingPathComponent(ResourceBundle.folderName)
        try FileManager.default.createDirectory(
            at: resources.appendingPathComponent(ResourceBundle.fontsPath), withIntermediateDirectories: true)
        return resources
    }

    @Test("a missing resource folder is an error naming every place searched, not a trap")
    func missing() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let candidates = ResourceBundle.candidates(
            environment: [:],
            mainBundle: root.appendingPathComponent("app"),
            executable: root.appendingPathComponent("bin/app"))
        let error = #expect(throws: WidgetError.self) { try ResourceBundle.fontsDirectory(in: candidates) }
        let text = error.map(String.init(describing:)) ?? ""
        #expect(candidates.count == 3)
        for candidate in candidates {
            #expect(text.contains(candidate.appendingPathComponent("Assets/Fonts").path), "\(text)")
        }
        #expect(text.contains(ResourceBundle.environmentVariable))
    }

    @Test("the folder next to the running binary is found (the build's own resources)")
    func nextToTheBinary() throws {
        let fonts = try ResourceBundle.fontsDirectory()
        #expect(fonts.path.hasSuffix("\(ResourceBundle.folderName)/Assets/Fonts"))
        #expect(FileManager.default.fileExists(atPath: fonts.appendingPathComponent("DejaVuSans.ttf").path))
    }

    @Test("SDLCONCURRENCY_RESOURCES names the folder, or the folder that holds it")
    func environmentOverride() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let resources = try makeResources(in: root)
        let nowhere = root.appendingPathComponent("nowhere")
        for value in [root.path, resources.path] {
            let found = try ResourceBundle.fontsDirectory(in: ResourceBundle.candidates(
                environment: [ResourceBundle.environmentVariable: value], mainBundle: nowhere, executable: nil))
            #expect(found.standardizedFileURL == resources.appendingPathComponent("Assets/Fonts").standardizedFileURL)
        }
    }

    @Test("a symbolic link to the executable finds the resources beside the real file, or in ../share")
    func symlinkAndShare() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let fm = FileManager.default
        // prefix/bin/app with prefix/share/SDLConcurrency_SDLWidgets.resources, and a link elsewhere.
        try fm.createDirectory(at: root.appendingPathComponent("prefix/bin"), withIntermediateDirectories: true)
        let executable = root.appendingPathComponent("prefix/bin/app")
        #expect(fm.createFile(atPath: executable.path, contents: Data()))
        let resources = try makeResources(in: root.appendingPathComponent("prefix/share"))
        let link = root.appendingPathComponent("app-link")
        try fm.createSymbolicLink(at: link, withDestinationURL: executable)
        let found = try ResourceBundle.fontsDirectory(in: ResourceBundle.candidates(
            environment: [:], mainBundle: root, executable: link))
        #expect(found.resolvingSymlinksInPath() == resources.appendingPathComponent("Assets/Fonts").resolvingSymlinksInPath())
    }
}
