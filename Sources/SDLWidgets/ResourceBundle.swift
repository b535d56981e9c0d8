import Foundation

/// Finds this library's resource folder (`SDLConcurrency_SDLWidgets.resources`, which SwiftPM puts
/// next to the executable) without SwiftPM's generated `Bundle.module`.
///
/// `Bundle.module` calls `fatalError` when the folder is missing — a binary copied somewhere
/// without it traps before any error can be reported. This lookup searches the same places and a
/// few more, and throws ``WidgetError/bundledFontsMissing(searched:)`` naming every place it looked.
enum ResourceBundle {
    /// The folder SwiftPM builds from `resources: [.copy("../../Assets")]` of the `SDLWidgets` target.
    static let folderName = "SDLConcurrency_SDLWidgets.resources"
    /// Set it to the resource folder itself, or to the folder that holds it, to ship the resources
    /// elsewhere.
    static let environmentVariable = "SDLCONCURRENCY_RESOURCES"
    /// The fonts, relative to the resource folder.
    static let fontsPath = "Assets/Fonts"

    /// Where to look, in order: `$SDLCONCURRENCY_RESOURCES` (the folder, or the folder that holds
    /// it); next to `Bundle.main` (what `Bundle.module` tries first); next to the executable with
    /// symbolic links resolved; and `../share/` from it (an installed layout: `bin/`, `share/`).
    static func candidates(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        mainBundle: URL = Bundle.main.bundleURL,
        executable: URL? = Bundle.main.executableURL
    ) -> [URL] {
        var places: [URL] = []
        if let override = environment[environmentVariable], !override.isEmpty {
            let url = URL(fileURLWithPath: override)
            places.append(url)
            places.append(url.appendingPathComponent(folderName))
        }
        places.append(mainBundle.appendingPathComponent(folderName))
        if let executable {
            let directory = executable.resolvingSymlinksInPath().deletingLastPathComponent()
            places.append(directory.appendingPathComponent(folderName))
            places.append(directory.deletingLastPathComponent()
                .appendingPathComponent("share").appendingPathComponent(folderName))
        }
        var seen = Set<String>()
        return places.filter { seen.insert($0.standardizedFileURL.path).inserted }
    }

    /// The first of `candidates` that holds the fonts, as the URL of its `Assets/Fonts` folder.
    static func fontsDirectory(in candidates: [URL] = candidates()) throws(WidgetError) -> URL {
        for folder in candidates {
            let fonts = folder.appendingPathComponent(fontsPath)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: fonts.path, isDirectory: &isDirectory), isDirectory.boolValue {
                return fonts
            }
        }
        throw .bundledFontsMissing(searched: candidates.map { $0.appendingPathComponent(fontsPath).path }
            .joined(separator: ", ") + " (set \(environmentVariable) to the \(folderName) folder to ship it elsewhere)")
    }
}
