import Hummingbird

/// Answers `405 method_not_allowed`, with the JSON error body and an `Allow` header listing
/// the served methods, for a request whose path the API serves but not with its method.
///
/// The router alone answers `404 no_route` there, which tells a client its URL is wrong when
/// only the method is (RFC 9110 §15.5.6). Only requests the router found no route for are
/// looked at, so served routes pay nothing but the `catch`.
struct MethodNotAllowedMiddleware<Context: RequestContext>: RouterMiddleware {
    /// A served path pattern: its segments (`nil` for a `{parameter}`) and its methods.
    private struct Pattern {
        let segments: [Substring?]
        var methods: [String]

        func matches(_ path: [Substring]) -> Bool {
            path.count == segments.count && zip(segments, path).allSatisfy { $0 == nil || $0 == $1 }
        }
    }

    private let patterns: [Pattern]

    /// A middleware for the paths and methods of `routes`.
    init(routes: [Coordinator.Route]) {
        var patterns: [Pattern] = []
        for route in routes {
            let segments = Self.segments(of: route.path).map { $0.hasPrefix("{") ? nil : $0 }
            if let index = patterns.firstIndex(where: { $0.segments == segments }) {
                patterns[index].methods.append(route.method)
            } else {
                patterns.append(Pattern(segments: segments, methods: [route.method]))
            }
        }
        self.patterns = patterns
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            guard let allowed = allowedMethods(path: request.uri.path) else { throw error }
            let list = allowed.joined(separator: ", ")
            var response = APIErrorMiddleware<Context>.response(
                status: 405, code: "method_not_allowed",
                message: "\(request.method.rawValue.prefix(16)) is not served on this path; allowed: \(list)")
            response.headers[.allow] = list
            return response
        }
    }

    /// The methods served on `path`, or `nil` if no route has that path.
    func allowedMethods(path: String) -> [String]? {
        let split = Self.segments(of: path)
        let methods = patterns.filter { $0.matches(split) }.flatMap(\.methods)
        return methods.isEmpty ? nil : Array(Set(methods)).sorted()
    }

    // Empty segments are dropped, as the router's trie does.
    private static func segments(of path: String) -> [Substring] {
        path.split(separator: "/", omittingEmptySubsequences: true)
    }
}
