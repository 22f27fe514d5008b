/// An error from secure aggregation, quantization, noise or privacy accounting.
///
/// Errors carry a ``Kind`` to match on, a message a user can act on and, when one
/// device is to blame (a bad message, a device whose masks cannot be removed), that
/// device's identifier. Messages never contain keys, shares or vector contents.
public struct AggregationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The category of an ``AggregationError``; new kinds may be added.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// A round configuration or parameter is invalid or unsafe.
        public static let invalidConfiguration = Kind("invalidConfiguration")
        /// Bytes could not be parsed as the expected message (truncated, trailing bytes, bad field).
        public static let malformedMessage = Kind("malformedMessage")
        /// The message was written by a protocol version this code does not speak.
        public static let unsupportedVersion = Kind("unsupportedVersion")
        /// The message belongs to another round.
        public static let wrongRound = Kind("wrongRound")
        /// The message is not expected at this stage (too early, too late, or replayed).
        public static let wrongStage = Kind("wrongStage")
        /// The sender or recipient is not a member of the cohort, or not the expected party.
        public static let unknownParty = Kind("unknownParty")
        /// The message's signature does not verify under the sender's identity key.
        public static let invalidSignature = Kind("invalidSignature")
        /// The sender already delivered a message for this stage.
        public static let duplicateMessage = Kind("duplicateMessage")
        /// A vector or list has the wrong length.
        public static let wrongLength = Kind("wrongLength")
        /// A secret share is malformed, misaddressed, or fails to decrypt.
        public static let invalidShare = Kind("invalidShare")
        /// Too few live neighbours remain for this device to take part safely.
        public static let tooFewNeighbours = Kind("tooFewNeighbours")
        /// The coordinator asked for something an honest device must refuse.
        public static let refusedRequest = Kind("refusedRequest")
        /// The round cannot complete; nothing is released.
        public static let roundAborted = Kind("roundAborted")
        /// Quantized values could overflow the 32-bit sum.
        public static let overflow = Kind("overflow")
        /// An argument is outside its allowed range.
        public static let invalidArgument = Kind("invalidArgument")
        /// An underlying cryptographic operation failed.
        public static let cryptography = Kind("cryptography")

        public var description: String { name }
    }

    /// What kind of failure this is.
    public let kind: Kind
    /// A human-readable explanation.
    public let message: String
    /// The device the error is about, when there is one.
    public let device: DeviceID?

    /// Creates an error of the given kind, optionally naming the device at fault.
    public init(_ kind: Kind, _ message: String, device: DeviceID? = nil) {
        self.kind = kind
        self.message = message
        self.device = device
    }

    public var description: String {
        if let device { return "\(kind) (device \(device)): \(message)" }
        return "\(kind): \(message)"
    }
}

/// Runs a ConfideCrypto operation and reports any failure as an ``AggregationError``.
@inline(__always)
func crypto<T>(_ what: @autoclosure () -> String, _ body: () throws -> T) throws(AggregationError) -> T {
    do {
        return try body()
    } catch let error as AggregationError {
        throw error
    } catch {
        throw AggregationError(.cryptography, "\(what()): \(error)")
    }
}
