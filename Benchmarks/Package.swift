// swift-tools-version: 6.1
import PackageDescription

// The benchmark program lives in its own package so the main package stays light: it alone pulls
// in swift-nio (a peer system) and compares the systems side by side in one run.
let package = Package(
    name: "SDLConcurrencyBenchmarks",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "sdl-concurrency-bench", targets: ["Bench"]),
        .executable(name: "frame-cost", targets: ["FrameCost"]),
    ],
    dependencies: [
        .package(name: "SDLConcurrency", path: ".."),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .executableTarget(
            name: "Bench",
            dependencies: [
                .product(name: "SDLConcurrency", package: "SDLConcurrency"),
                .product(name: "SDLWidgets", package: "SDLConcurrency"),
                .product(name: "SDLWidgetsTesting", package: "SDLConcurrency"),
                .product(name: "Eratosthenes", package: "SDLConcurrency"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "FrameCost",
            dependencies: [.product(name: "SDLConcurrency", package: "SDLConcurrency")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
