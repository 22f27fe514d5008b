import Hummingbird

/// Counts every request by its route pattern (never the raw path, which carries ids)
/// and status class.
struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: CoordinatorMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let response = try await next(request, context)
        metrics.request(route: context.endpointPath ?? "unmatched", status: Int(response.status.code))
        return response
    }
}
