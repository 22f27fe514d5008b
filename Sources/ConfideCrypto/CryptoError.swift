/// An error from a ConfideCrypto operation.
///
/// Errors carry a ``Kind`` that callers can match on and a message that says what
/// went wrong and, where it helps, what to do about it. Messages never contain key
/// material or plaintext.
public struct CryptoError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The category of a ``CryptoError``; new kinds may be added.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// libsodium could not be initialised (no usable entropy source).
        public static let initializationFailed = Kind("initializationFailed")
        /// An input had the wrong length for the operation.
        public static let invalidLength = Kind("invalidLength")
        /// An argument was outside its allowed range.
        public static let invalidArgument = Kind("invalidArgument")
        /// A public key was rejected (for example a low-order X25519 point).
        public static let invalidPublicKey = Kind("invalidPublicKey")
        /// A signature did not verify.
        public static let verificationFailed = Kind("verificationFailed")
        /// Authenticated decryption failed: wrong key, or the data was altered.
        public static let authenticationFailed = Kind("authenticationFailed")
        /// Too few secret shares were supplied to reconstruct a secret.
        public static let insufficientShares = Kind("insufficientShares")
        /// Two secret shares had the same index, or shares did not belong together.
        public static let inconsistentShares = Kind("inconsistentShares")
        /// Secure memory could not be allocated.
        public static let allocationFailed = Kind("allocationFailed")

        public var description: String { name }
    }

    /// What kind of failure this is.
    public let kind: Kind
    /// A human-readable explanation.
    public let message: String

    /// Creates an error of the given kind.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { "\(kind): \(message)" }
}

extension CryptoError {
    static func length(_ what: String, expected: Int, got: Int) -> CryptoError {
        CryptoError(.invalidLength, "\(what) must be \(expected) bytes, got \(got)")
    }

    static func library(_ function: String) -> CryptoError {
        CryptoError(.invalidArgument, "libsodium \(function) rejected its input")
    }
}
