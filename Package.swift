// swift-tools-version: 6.2
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

// Supported: Linux (Debian 12 and alike), with SDL2, SDL2_ttf and SDL2_image from the system (pkg-config).
// `platforms` can only raise Apple platforms' minimum versions, and no Apple platform is supported
// or tested, so it is left out.
let package = Package(
    name: "SDLConcurrency",
    products: [
        .library(name: "SDLConcurrency", targets: ["SDLConcurrency"]),
        .library(name: "SDLWidgets", targets: ["SDLWidgets"]),
        .library(name: "SDLConcurrencyTesting", targets: ["SDLConcurrencyTesting"]),
        .library(name: "SDLWidgetsTesting", targets: ["SDLWidgetsTesting"]),
        // SDL's own C API (`SDL_Event`, `SDL_Init`, …) for programs with their own loop
        // (`AttachedGuest`): `import CSDL2`.
        .library(name: "CSDL2", targets: ["CSDL2"]),
        // The demo's sieve model, a product only for the benchmark program (a package of its own)
        // that times the demo's workload; not part of the supported API (Docs/API-1.0.md).
        .library(name: "Eratosthenes", targets: ["Eratosthenes"]),
        .executable(name: "sdl-concurrency-demo", targets: ["Demo"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // `swift package generate-documentation` (`make docs`); nothing is linked from it.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.4.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CSDL2",
            pkgConfig: "sdl2",
            providers: [.apt(["libsdl2-dev"])]
        ),
        .systemLibrary(
            name: "CSDL2TTF",
            pkgConfig: "SDL2_ttf",
            providers: [.apt(["libsdl2-ttf-dev"])]
        ),
        // PNG and JPEG decoding for `RGBAImage(contentsOf:)` (the `Image` widget).
        .systemLibrary(
            name: "CSDL2Image",
            pkgConfig: "SDL2_image",
            providers: [.apt(["libsdl2-image-dev"])]
        ),
        // libdispatch's main-queue hooks (what CFRunLoop uses on Linux): @MainActor on the SDL thread.
        .target(
            name: "CMainQueue",
            linkerSettings: [.linkedLibrary("dispatch")]
        ),
        // The window system behind an SDL window (the X connection), kept apart from CSDL2 so that
        // Xlib's names never reach a Swift client.
        .target(
            name: "CSDLWindowSystem",
            dependencies: ["CSDL2"]
        ),
        // What the stall detector reads off a task job before it runs (its task's name, the code it
        // resumes), and the symbol lookup that names that code in a report.
        .target(
            name: "CStallProbe",
            linkerSettings: [.linkedLibrary("dl")]
        ),
        // A task cancellation handler registered through the Swift runtime's own entry points, for
        // the frame wait (see the header).
        .target(name: "CTaskCancellation"),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .target(
            name: "SDLConcurrency",
            dependencies: [
                "CSDL2",
                "CSDLWindowSystem",
                "CMainQueue",
                "CStallProbe",
                "CTaskCancellation",
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "HeapModule", package: "swift-collections"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "SDLWidgets",
            dependencies: ["SDLConcurrency", "CSDL2", "CSDL2TTF", "CSDL2Image", "CZlib"],
            // The fonts live in the package's top-level Assets folder; at run time they are found
            // through `Bundle.module`, whatever the working directory.
            resources: [.copy("../../Assets")],
            swiftSettings: strict
        ),
        // Virtual time and host harnesses for testing code that uses SDLConcurrency: no widgets,
        // fonts or zlib.
        .target(
            name: "SDLConcurrencyTesting",
            dependencies: ["SDLConcurrency", "CSDL2"],
            swiftSettings: strict
        ),
        // Widget test helpers: a canvas that records, layout checks, synthesized input.
        .target(
            name: "SDLWidgetsTesting",
            dependencies: ["SDLWidgets", "SDLConcurrency", "SDLConcurrencyTesting", "CSDL2"],
            swiftSettings: strict
        ),
        // The demo's model.
        .target(
            name: "Eratosthenes",
            dependencies: ["SDLConcurrency", "SDLWidgets"],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "Demo",
            dependencies: [
                "SDLConcurrency",
                "SDLWidgets",
                "Eratosthenes",
                "CSDL2",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        // An app in SE-0466's default-isolation mode (everything @MainActor unless annotated); its
        // `--check` mode is run by the isolation tests as a child process.
        .executableTarget(
            name: "MainActorApp",
            dependencies: ["SDLConcurrency", "SDLWidgets"],
            swiftSettings: strict + [.defaultIsolation(MainActor.self)]
        ),
        // An async `main`, which cannot host the SDL loop: SDLHost.run must say so.
        .executableTarget(
            name: "AsyncMainCheck",
            dependencies: ["SDLConcurrency"],
            swiftSettings: strict
        ),
        // Wrong-but-plausible library use (a nested turn, the one-executor opt-in with a host off
        // the main thread); run by the isolation tests as a child process.
        .executableTarget(
            name: "MisuseCheck",
            dependencies: ["SDLConcurrency", "SDLWidgets", "CSDL2"],
            swiftSettings: strict
        ),
        // The toolkit under a real X server, driven by xdotool (typing, a drag, a click); run by the
        // isolation tests as a child process under a private Xvfb.
        .executableTarget(
            name: "ToolkitCheck",
            dependencies: ["SDLConcurrency", "SDLWidgets"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "IsolationTests",
            dependencies: ["SDLConcurrency", "MainActorApp", "AsyncMainCheck", "MisuseCheck", "ToolkitCheck"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SDLConcurrencyTests",
            dependencies: ["SDLConcurrency", "SDLConcurrencyTesting", "Eratosthenes", "CSDL2"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "DemoTests",
            dependencies: ["Demo", "SDLWidgets", "SDLConcurrency", "SDLConcurrencyTesting", "SDLWidgetsTesting", "Eratosthenes", "CSDL2"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "EratosthenesTests",
            dependencies: ["Eratosthenes", "SDLWidgets", "SDLConcurrency", "SDLConcurrencyTesting", "SDLWidgetsTesting"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SDLWidgetsTests",
            dependencies: ["SDLWidgets", "SDLConcurrency", "SDLConcurrencyTesting", "SDLWidgetsTesting", "CSDL2", "CSDL2Image", "CZlib"],
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)
