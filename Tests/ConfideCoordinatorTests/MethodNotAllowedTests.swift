import ConfideCoordinator
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Methods the API does not serve")
struct MethodNotAllowedTests {
    @Test("An undeclared method on a served path answers 405 with the JSON error body and Allow")
    func undeclaredMethod() async throws {
        let fixture = try await CoordinatorFixture.make()
        defer { fixture.remove() }
        try await fixture.coordinator.application().test(.router) { client in
            let caller = try SignedCaller(client: client)
            let paths = Dictionary(grouping: Coordinator.routes, by: \.path)
            for (path, routes) in paths {
                let target = path.replacingOccurrences(of: "{task}", with: "mf").replacingOccurrences(of: "{id}", with: "r1")
                let allowed = routes.map(\.method).sorted()
                for method in [HTTPRequest.Method.delete, .put, .patch, .get, .post] where !allowed.contains(method.rawValue) {
                    let response = try await caller.send(method, target, headers: [])
                    #expect(response.status == .methodNotAllowed, "\(method) \(path) answered \(response.status)")
                    #expect(response.errorCode == "method_not_allowed", "\(method) \(path)")
                    #expect(response.headers[.allow] == allowed.joined(separator: ", "), "\(method) \(path)")
                    #expect(response.headers[.contentType] == "application/json")
                }
            }
            // A path the API does not have is still no route, whatever the method.
            let unknown = try await caller.send(.delete, "/v1/nothing-here", headers: [])
            #expect(unknown.status == .notFound && unknown.errorCode == "no_route")
            #expect(try await caller.send(.get, "/healthz", headers: []).status == .ok)
        }
        await fixture.close()
    }
}
