import ConfideCrypto
@testable import ConfideStore
import Foundation
import Testing

/// Keys from a key file or the environment, and database locations.
@Suite struct KeyAndLocationTests {
    static func temporaryPath() -> String {
        NSTemporaryDirectory() + "confide-keys-" + UUID().uuidString + "/store.keys"
    }

    @Test func keyFileIsCreatedOwnerOnlyAndReloadsTheSameKeys() throws {
        let path = Self.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let created = try StoreKeys.load(keyFile: path, environment: [:])
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
        #expect(mode == 0o600)
        let reloaded = try StoreKeys.load(keyFile: path, environment: [:])
        #expect(reloaded.pepper.constantTimeEquals(created.pepper) && reloaded.masterKey.constantTimeEquals(created.masterKey))
        #expect(reloaded.signingKey.publicKey == created.signingKey.publicKey)
        // Readable by others: refused with the fix in the message.
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        let error = #expect(throws: StoreError.self) { try StoreKeys.load(keyFile: path, environment: [:]) }
        #expect(error?.kind == .keys && error?.message.contains("chmod 600") == true)
    }

    @Test func processesStartingAtOnceShareOneKeyFile() async throws {
        let path = Self.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let publicKeys = try await withThrowingTaskGroup(of: IdentityPublicKey.self) { group in
            for _ in 0..<8 { group.addTask { try StoreKeys.load(keyFile: path, environment: [:]).signingKey.publicKey } }
            return try await group.reduce(into: Set<IdentityPublicKey>()) { $0.insert($1) }
        }
        #expect(publicKeys.count == 1)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: (path as NSString).deletingLastPathComponent)
        #expect(leftovers == ["store.keys"])
    }

    @Test func malformedKeyFilesAreRefusedWithoutEchoingSecrets() throws {
        let path = Self.temporaryPath()
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let secret = String(repeating: "ab", count: 31) + "zz"
        for contents in ["pepper = \(secret)\nmaster_key = \(secret)\nsigning_key = \(secret)\n", "pepper = 00\n",
                         "colour = blue\n"] {
            #expect(FileManager.default.createFile(atPath: path, contents: Data(contents.utf8), attributes: [.posixPermissions: 0o600]))
            let error = #expect(throws: StoreError.self) { try StoreKeys.load(keyFile: path, environment: [:]) }
            #expect(error?.kind == .keys && error?.message.contains(secret) == false)
            try FileManager.default.removeItem(atPath: path)
        }
    }

    @Test func environmentKeysWinAndMustBeComplete() throws {
        let hex = { (byte: String) in String(repeating: byte, count: 32) }
        let environment = [StoreKeys.pepperVariable: hex("01"), StoreKeys.masterKeyVariable: hex("02"), StoreKeys.signingKeyVariable: hex("03")]
        let path = Self.temporaryPath()
        let keys = try StoreKeys.load(keyFile: path, environment: environment)
        #expect(!FileManager.default.fileExists(atPath: path), "no key file when the environment holds the keys")
        #expect(keys.pepper.constantTimeEquals(try SymmetricKey(bytes: [UInt8](repeating: 1, count: 32))))
        var partial = environment
        partial[StoreKeys.masterKeyVariable] = nil
        let error = #expect(throws: StoreError.self) { try StoreKeys.load(keyFile: path, environment: partial) }
        #expect(error?.message.contains(StoreKeys.masterKeyVariable) == true)
    }

    @Test func databaseLocationsParseAndHidePasswords() throws {
        #expect(try StoreLocation(parsing: "sqlite:var/confide.sqlite") == .sqlite(path: "var/confide.sqlite"))
        #expect(try StoreLocation(parsing: "sqlite:///tmp/x.sqlite") == .sqlite(path: "/tmp/x.sqlite"))
        let postgres = try StoreLocation(parsing: "postgres://confide:s3cret@db.example:5432/confide")
        #expect(postgres.description == "postgres://confide:***@db.example:5432/confide")
        for bad in ["mysql://x", "sqlite:", "confide.sqlite"] {
            #expect(throws: StoreError.self) { try StoreLocation(parsing: bad) }
        }
        #expect(throws: StoreError.self) { try StoreDatabase(location: .postgres(url: "postgres://"), logger: .init(label: "t")) }
    }
}
