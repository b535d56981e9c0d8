// swift-tools-version: 6.1
import PackageDescription

// Two windows on one SDL loop, talking through a signal. Depends on SDLConcurrency by path, as a
// program of your own would by URL.
let package = Package(
    name: "TwoWindows",
    dependencies: [
        .package(name: "SDLConcurrency", path: "../.."),
    ],
    targets: [
        .executableTarget(
            name: "TwoWindows",
            dependencies: [
                .product(name: "SDLConcurrency", package: "SDLConcurrency"),
                .product(name: "SDLWidgets", package: "SDLConcurrency"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
