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
        .library(name: "ConfidePolicy", targets: ["ConfidePolicy"]),
        .library(name: "ConfideStore", targets: ["ConfideStore"]),
        .library(name: "ConfideAudit", targets: ["ConfideAudit"]),
        .executable(name: "confide-coordinator", targets: ["ConfideCoordinatorCommand"]),
        .executable(name: "confide-bench", targets: ["ConfideBench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/vapor/sql-kit", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-kit", from: "2.17.0"),
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
        .target(
            name: "ConfidePolicy",
            dependencies: [.product(name: "Yams", package: "Yams")],
            swiftSettings: strictSettings
        ),
        .target(
            name: "ConfideStore",
            dependencies: [
                "ConfideCrypto",
                "ConfidePolicy",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "ConfideAudit",
            dependencies: ["ConfidePolicy", "ConfideStore"],
            swiftSettings: strictSettings
        ),

        // MARK: Executables
        .executableTarget(
            name: "ConfideBench",
            dependencies: [
                "ConfideCrypto",
                "ConfideML",
                "ConfideAggregation",
                "ConfidePolicy",
                "ConfideStore",
                "ConfideAudit",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "ConfideCoordinatorCommand",
            dependencies: [
                "ConfidePolicy",
                "ConfideStore",
                "ConfideAudit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "coordinator",
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
        .testTarget(
            name: "ConfidePolicyTests",
            dependencies: ["ConfidePolicy"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ConfideStoreTests",
            dependencies: [
                "ConfideStore", "ConfidePolicy", "ConfideCrypto",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "SQLKit", package: "sql-kit"),
            ],
            resources: [.copy("Resources/pii-corpus.jsonl"), .copy("Resources/pii-holdout.jsonl")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ConfideAuditTests",
            dependencies: [
                "ConfideAudit", "ConfideStore", "ConfidePolicy", "ConfideCrypto",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "SQLKit", package: "sql-kit"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ConfideCoordinatorCommandTests",
            dependencies: ["ConfideCoordinatorCommand"],
            swiftSettings: strictSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
