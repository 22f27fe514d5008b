import ConfideProtocol
import ConfideStore
import Foundation
import Hummingbird
import Logging

/// Turns every error a route throws into a JSON error body with the right status, so
/// clients always get `{"error": {"code", "message"}}` and never an HTML page or a crash.
struct APIErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as ProtocolError {
            return Self.response(status: error.kind.status, code: error.kind.code, message: error.message)
        } catch let error as RateLimited {
            let seconds = max(1, Int(error.retryAfterSeconds.rounded(.up)))
            var response = Self.response(status: ProtocolError.Kind.rateLimited.status, code: ProtocolError.Kind.rateLimited.code,
                                         message: "too many registrations from \(error.scope); retry in \(seconds) s")
            response.headers[.retryAfter] = String(seconds)
            return response
        } catch let error as ConfigurationError {
            return Self.response(status: 422, code: ProtocolError.Kind.unprocessable.code, message: error.message)
        } catch let error as StoreError {
            let kind = Self.kind(of: error)
            guard kind != .internalError else {
                context.logger.error("store failure in request", metadata: ["error.kind": "\(error.kind)"])
                return Self.response(status: 500, code: kind.code, message: "internal error; the request was not applied")
            }
            return Self.response(status: kind.status, code: kind.code, message: error.message)
        } catch let error as DecodingError {
            return Self.response(status: 400, code: ProtocolError.Kind.malformed.code, message: RequestJSON.describe(error))
        } catch let error as any HTTPResponseError {
            let status = Int(error.status.code)
            let code = status == 413 ? ProtocolError.Kind.tooLarge.code : status == 404 ? "no_route" : "http_\(status)"
            let message = status == 413 ? "the request body exceeds the size limit"
                : status == 404 ? "no such route; see docs/openapi.yaml" : error.status.reasonPhrase
            return Self.response(status: status, code: code, message: message)
        } catch {
            // Only the error's type is logged: messages may quote request data.
            context.logger.error("unhandled error in request", metadata: ["error.type": "\(type(of: error))"])
            return Self.response(status: 500, code: "internal", message: "internal error; the request was not applied")
        }
    }

    static func response(status: Int, code: String, message: String) -> Response {
        let body = (try? JSONEncoder().encode(ErrorBody(code: code, message: message))) ?? Data("{}".utf8)
        return Response(
            status: .init(code: status),
            headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// The HTTP meaning of a store error; database and key failures are the server's own.
    static func kind(of error: StoreError) -> ProtocolError.Kind {
        switch error.kind {
        case .notFound: .notFound
        case .refused: .forbidden
        case .conflict: .conflict
        case .unknownKind, .undeclaredField, .invalidRecord, .unknownPurpose, .invalidArgument: .unprocessable
        default: ProtocolError.Kind.internalError
        }
    }
}
