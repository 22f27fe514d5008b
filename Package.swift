// swift-tools-version: 6.1
import PackageDescription

// Every Confide target builds in Swift 6 language mode (complete strict concurrency
// checking) and spells existential types `any P` so protocol costs are visible.
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "Confide",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "ConfideCrypto", targets: ["ConfideCrypto"]),
        .library(name: "ConfideML", targets: ["ConfideML"]),
        .library(name: "ConfideAggregation", targets: ["ConfideAggregation"]),
        .executable(name: "confide-bench", targets: ["ConfideBench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // MARK: System libraries
        .systemLibrary(
            name: "CSodium",
            pkgConfig: "libsodium",
            providers: [.apt(["libsodium-dev"])]
        ),

        // MARK: Libraries
        .target(
            name: "ConfideCrypto",
            dependencies: ["CSodium"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "ConfideML",
            swiftSettings: strictSettings
        ),

        .target(
            name: "ConfideAggregation",
            dependencies: ["ConfideCrypto"],
            swiftSettings: strictSettings
        ),

        // MARK: Executables
        .executableTarget(
            name: "ConfideBench",
            dependencies: [
                "ConfideCrypto",
                "ConfideML",
                "ConfideAggregation",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),

        // MARK: Tests
        .testTarget(
            name: "ConfideCryptoTests",
            dependencies: ["ConfideCrypto"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ConfideMLTests",
            dependencies: ["ConfideML"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ConfideAggregationTests",
            dependencies: ["ConfideAggregation", "ConfideCrypto"],
            swiftSettings: strictSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
