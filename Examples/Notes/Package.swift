// swift-tools-version: 6.2
import PackageDescription

// A small notes app in default-isolation mode (SE-0466): everything is @MainActor unless it says
// otherwise; the types that hold widgets and the model they show say @SDLActor, CPU work says
// @concurrent.
let package = Package(
    name: "Notes",
    dependencies: [
        // In your own package: .package(path: "path/to/SDLConcurrency") (the folder you cloned).
        .package(name: "SDLConcurrency", path: "../.."),
    ],
    targets: [
        .executableTarget(
            name: "Notes",
            dependencies: [
                .product(name: "SDLConcurrency", package: "SDLConcurrency"),
                .product(name: "SDLWidgets", package: "SDLConcurrency"),
            ],
            resources: [.copy("Resources/cover.jpg")],
            swiftSettings: [.defaultIsolation(MainActor.self)]
        ),
    ],
    swiftLanguageModes: [.v6]
)
