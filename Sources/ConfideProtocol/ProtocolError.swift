/// An error in a protocol exchange, with the HTTP status it maps to at the route edge.
public struct ProtocolError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The category of a ``ProtocolError``; new kinds may be added.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        /// A stable, machine-readable code sent in error bodies.
        public let code: String
        /// The HTTP status this kind maps to.
        public let status: Int

        private init(_ code: String, _ status: Int) {
            self.code = code
            self.status = status
        }

        /// The request or message could not be parsed, or a value is invalid (NaN, wrong length…).
        public static let malformed = Kind("malformed", 400)
        /// The request carries no valid device signature or admin token.
        public static let unauthenticated = Kind("unauthenticated", 401)
        /// The caller is authenticated but may not do this (e.g. a wiped device, no consent).
        public static let forbidden = Kind("forbidden", 403)
        /// The named device, round or resource does not exist.
        public static let notFound = Kind("not_found", 404)
        /// The request conflicts with the current state: wrong stage, a replay, a duplicate.
        public static let conflict = Kind("conflict", 409)
        /// What was asked for is not ready yet (a stage has not closed); ask again.
        public static let notReady = Kind("not_ready", 409)
        /// The device is no longer part of the round (dropped, or the round ended).
        public static let gone = Kind("gone", 410)
        /// A request body exceeded the size limit.
        public static let tooLarge = Kind("too_large", 413)
        /// Too many requests of this kind; retry after the time in `Retry-After`.
        public static let rateLimited = Kind("rate_limited", 429)
        /// The request used a protocol version this side does not speak.
        public static let unsupportedVersion = Kind("unsupported_version", 400)
        /// The request is well-formed but semantically unacceptable (e.g. wrong vector length).
        public static let unprocessable = Kind("unprocessable", 422)
        /// The server failed (database unreachable…); nothing was applied.
        public static let internalError = Kind("internal", 500)

        public var description: String { code }
    }

    /// What kind of failure this is.
    public let kind: Kind
    /// What went wrong, in words a client developer can act on.
    public let message: String

    /// Creates an error of the given kind.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { "\(kind.code): \(message)" }
}

/// The JSON body of every error response: `{"error": {"code": "...", "message": "..."}}`.
public struct ErrorBody: Codable, Sendable, Equatable {
    /// The error's code and message.
    public struct Detail: Codable, Sendable, Equatable {
        /// A stable machine-readable code, e.g. `malformed` or `conflict`.
        public let code: String
        /// A human-readable explanation.
        public let message: String
    }

    /// The error.
    public let error: Detail

    /// An error body with the given code and message.
    public init(code: String, message: String) {
        error = Detail(code: code, message: message)
    }
}
