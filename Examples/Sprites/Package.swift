// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Sprites",
    dependencies: [
        // In your own package: .package(path: "path/to/SDLConcurrency") (the folder you cloned).
        .package(name: "SDLConcurrency", path: "../.."),
    ],
    targets: [
        .executableTarget(
            name: "Sprites",
            dependencies: [
                .product(name: "SDLConcurrency", package: "SDLConcurrency"),
                .product(name: "SDLWidgets", package: "SDLConcurrency"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
