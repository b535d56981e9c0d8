// swift-tools-version: 6.1
import PackageDescription

// A program written against the names before 1.0. CI builds it: it must compile, with deprecation
// warnings (each with its fix-it) and no other warning.
let package = Package(
    name: "PreOneZero",
    dependencies: [
        .package(name: "SDLConcurrency", path: "../.."),
    ],
    targets: [
        .executableTarget(
            name: "PreOneZero",
            dependencies: [
                .product(name: "SDLConcurrency", package: "SDLConcurrency"),
                .product(name: "SDLWidgets", package: "SDLConcurrency"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
