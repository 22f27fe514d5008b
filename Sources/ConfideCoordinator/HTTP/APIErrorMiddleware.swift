import ConfideProtocol
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
        } catch let error as DecodingError {
            return Self.response(status: 400, code: ProtocolError.Kind.malformed.code, message: Self.describe(error))
        } catch let error as any HTTPResponseError {
            let status = Int(error.status.code)
            let code = status == 413 ? ProtocolError.Kind.tooLarge.code : status == 404 ? "not_found" : "http_\(status)"
            let message = status == 413 ? "the request body exceeds the size limit" : error.status.reasonPhrase
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

    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let path = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
            return path.isEmpty ? "the body" : "field '\(path)'"
        }
        switch error {
        case .dataCorrupted(let context): return "malformed JSON in \(path(context)): \(context.debugDescription)"
        case .keyNotFound(let key, let context): return "missing field '\(key.stringValue)' in \(path(context))"
        case .typeMismatch(_, let context): return "wrong type for \(path(context)): \(context.debugDescription)"
        case .valueNotFound(_, let context): return "missing value for \(path(context))"
        @unknown default: return "malformed JSON body"
        }
    }
}
