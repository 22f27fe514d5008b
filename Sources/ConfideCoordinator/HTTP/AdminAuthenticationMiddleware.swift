import ConfideCrypto
import ConfideProtocol
import Hummingbird

/// Admits admin requests only with `Authorization: Bearer <token>` matching the
/// configured token, compared in constant time. Without a configured token every admin
/// request is refused.
struct AdminAuthenticationMiddleware<Context: RequestContext>: RouterMiddleware {
    let token: AdminToken?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let token else {
            throw ProtocolError(.unauthenticated, "admin API disabled: start the coordinator with an admin token")
        }
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer "),
              token.matches(String(header.dropFirst("Bearer ".count)))
        else {
            throw ProtocolError(.unauthenticated, "a valid admin bearer token is required")
        }
        return try await next(request, context)
    }
}
