import ConfideCrypto
import Foundation

/// The admin API's bearer token, loaded from a file or the `CONFIDE_ADMIN_TOKEN` environment variable.
public struct AdminToken: Sendable, CustomStringConvertible {
    /// The environment variable read when no token file is given.
    public static let environmentVariable = "CONFIDE_ADMIN_TOKEN"
    /// Tokens shorter than this are refused: 16 characters.
    public static let minimumLength = 16

    private let secret: SecureBytes

    /// A token with the given value; throws if it is shorter than ``minimumLength``.
    public init(_ value: String) throws {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.utf8.count >= Self.minimumLength else {
            throw ConfigurationError("the admin token must be at least \(Self.minimumLength) characters")
        }
        secret = try SecureBytes(copying: Array(trimmed.utf8))
    }

    /// The token from `file` if given, else from the environment, else `nil` (admin API disabled).
    public static func load(file: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> AdminToken? {
        if let file {
            // Like the key file: a token others can read is no secret.
            if let attributes = try? FileManager.default.attributesOfItem(atPath: file),
               let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue, mode & 0o077 != 0 {
                throw ConfigurationError("the admin token file \(file) is readable by other users (mode \(String(mode & 0o777, radix: 8))); run chmod 600 \(file)")
            }
            guard let contents = FileManager.default.contents(atPath: file) else {
                throw ConfigurationError("cannot read the admin token file \(file)")
            }
            return try AdminToken(String(decoding: contents, as: UTF8.self))
        }
        return try environment[environmentVariable].map(AdminToken.init)
    }

    /// Whether `candidate` is the token, compared in constant time.
    public func matches(_ candidate: String) -> Bool {
        secret.withUnsafeBytes { secret in
            Array(candidate.utf8).withUnsafeBytes { ConstantTime.equals(secret, $0) }
        }
    }

    /// Redacted.
    public var description: String { "AdminToken(redacted)" }
}

/// A configuration problem found at start-up, with a message naming what to fix.
public struct ConfigurationError: Error, CustomStringConvertible, Sendable {
    /// What is wrong and how to fix it.
    public let message: String
    /// An error with the given message.
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
