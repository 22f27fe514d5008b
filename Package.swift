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
        .library(name: "ConfideProtocol", targets: ["ConfideProtocol"]),
        .library(name: "ConfideCoordinator", targets: ["ConfideCoordinator"]),
        .library(name: "ConfideClient", targets: ["ConfideClient"]),
        .executable(name: "confide-coordinator", targets: ["ConfideCoordinatorCommand"]),
        .executable(name: "confide-client-sim", targets: ["ConfideClientSim"]),
        .executable(name: "confide-bench", targets: ["ConfideBench"]),
        .executable(name: "confide-fuzz", targets: ["ConfideFuzz"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/vapor/sql-kit", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-kit", from: "2.17.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
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
            dependencies: ["ConfideAggregation", "ConfidePolicy", "ConfideStore"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "ConfideProtocol",
            dependencies: ["ConfideAggregation", "ConfideCrypto"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "ConfideCoordinator",
            dependencies: [
                "ConfideAggregation",
                "ConfideAudit",
                "ConfideCrypto",
                "ConfideML",
                "ConfidePolicy",
                "ConfideProtocol",
                "ConfideStore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "ConfideClient",
            dependencies: [
                "ConfideAggregation",
                "ConfideCrypto",
                "ConfideML",
                "ConfidePolicy",
                "ConfideProtocol",
                "ConfideStore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),

        // The lying-coordinator attack, run against real clients by a test and the bench.
        .target(
            name: "ConfideAttacks",
            dependencies: ["ConfideAggregation", "ConfideCrypto"],
            swiftSettings: strictSettings
        ),

        // MARK: Fuzzing (docs/fuzzing.md)
        .target(name: "CLibFuzzer"),
        .target(
            name: "ConfideFuzzTargets",
            dependencies: ["ConfideAggregation", "ConfideCrypto", "ConfidePolicy", "ConfideProtocol"],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "ConfideFuzz",
            dependencies: ["ConfideFuzzTargets", "CLibFuzzer"],
            path: "fuzz",
            exclude: ["corpus", "regressions"],
            swiftSettings: strictSettings
        ),

        // MARK: Executables
        .executableTarget(
            name: "ConfideBench",
            dependencies: [
                "ConfideAttacks",
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
                "ConfideCoordinator",
                "ConfidePolicy",
                "ConfideStore",
                "ConfideAudit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "coordinator",
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "ConfideClientSim",
            dependencies: [
                "ConfideAggregation",
                "ConfideAudit",
                "ConfideClient",
                "ConfideCoordinator",
                "ConfideCrypto",
                "ConfideML",
                "ConfidePolicy",
                "ConfideProtocol",
                "ConfideStore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "client-sim",
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
            dependencies: ["ConfideAggregation", "ConfideAttacks", "ConfideCrypto"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ConfideProtocolTests",
            dependencies: ["ConfideProtocol", "ConfideAggregation", "ConfideCrypto"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ConfidePolicyTests",
            dependencies: ["ConfidePolicy"],
            swiftSettings: strictSettings
        ),
        // Test helpers the store's and the audit's suites share (backends, raw access); not a product.
        .target(
            name: "ConfideTestSupport",
            dependencies: [
                "ConfideStore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "SQLKit", package: "sql-kit"),
            ],
            path: "Tests/ConfideTestSupport",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ConfideStoreTests",
            dependencies: [
                "ConfideStore", "ConfidePolicy", "ConfideCrypto", "ConfideTestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "SQLKit", package: "sql-kit"),
            ],
            resources: [.copy("Resources/pii-corpus.jsonl"), .copy("Resources/pii-holdout.jsonl"), .copy("Resources/pii-dev.jsonl")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ConfideAuditTests",
            dependencies: [
                "ConfideAudit", "ConfideStore", "ConfidePolicy", "ConfideCrypto", "ConfideTestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "SQLKit", package: "sql-kit"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ConfideFuzzTargetsTests",
            dependencies: ["ConfideFuzzTargets", "ConfideAggregation", "ConfideProtocol"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ConfideCoordinatorCommandTests",
            // The simulator too: a test trains through a coordinator that is killed again and again.
            dependencies: ["ConfideCoordinatorCommand", "ConfideClientSim", "ConfideCrypto", "ConfidePolicy", "ConfideProtocol", "ConfideStore"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ConfideCoordinatorTests",
            dependencies: [
                "ConfideAggregation",
                "ConfideClient",
                "ConfideCoordinator",
                "ConfideProtocol",
                "ConfideML",
                "ConfidePolicy",
                "ConfideStore",
                "ConfideAudit",
                "ConfideCrypto",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: strictSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
