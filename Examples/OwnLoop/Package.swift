// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "OwnLoop",
    dependencies: [
        .package(name: "SDLConcurrency", path: "../.."),
    ],
    targets: [
        .executableTarget(
            name: "OwnLoop",
            dependencies: [
                .product(name: "SDLConcurrency", package: "SDLConcurrency"),
                // SDL's own C API, for the loop this program writes itself.
                .product(name: "CSDL2", package: "SDLConcurrency"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
