// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "ManualHostTest",
    dependencies: [
        // In your own package: .package(path: "path/to/SDLConcurrency") (the folder you cloned).
        .package(name: "SDLConcurrency", path: "../.."),
    ],
    targets: [
        .target(
            name: "Timer",
            dependencies: [
                .product(name: "SDLConcurrency", package: "SDLConcurrency"),
                .product(name: "SDLWidgets", package: "SDLConcurrency"),
            ]
        ),
        .testTarget(
            name: "TimerTests",
            dependencies: [
                "Timer",
                .product(name: "SDLConcurrency", package: "SDLConcurrency"),
                .product(name: "SDLConcurrencyTesting", package: "SDLConcurrency"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
