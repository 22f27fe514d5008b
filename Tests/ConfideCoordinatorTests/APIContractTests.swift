import ConfideCoordinator
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("The API as documented")
struct APIContractTests {
    /// Every operation in docs/openapi.yaml, as "METHOD /path", with the lines of its definition.
    static func documentedOperations() throws -> [String: [Substring]] {
        let file = URL(fileURLWithPath: CoordinatorFixture.policiesFolder).deletingLastPathComponent()
            .appendingPathComponent("docs/openapi.yaml")
        var operations: [String: [Substring]] = [:]
        var path: String?
        var operation: String?
        var inPaths = false
        for line in try String(contentsOf: file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false) {
            if line == "paths:" { inPaths = true; continue }
            guard inPaths else { continue }
            if line.hasPrefix("  /"), line.hasSuffix(":"), !line.hasPrefix("   ") {
                path = String(line.dropFirst(2).dropLast())
                operation = nil
            } else if let path, let method = ["get", "post", "put", "delete", "patch"].first(where: { line == "    \($0):" }) {
                operation = "\(method.uppercased()) \(path)"
                operations[operation!] = []
            } else if let operation, line.hasPrefix("      ") {
                operations[operation]?.append(line)
            }
        }
        return operations
    }

    @Test("docs/openapi.yaml documents exactly the routes the router serves")
    func openAPIInStep() throws {
        let served = Set(Coordinator.routes.map { "\($0.method) \($0.path)" })
        let documented = Set(try Self.documentedOperations().keys)
        #expect(documented.subtracting(served).isEmpty, "documented but not served: \(documented.subtracting(served).sorted())")
        #expect(served.subtracting(documented).isEmpty, "served but not documented: \(served.subtracting(documented).sorted())")
    }

    @Test("docs/openapi.yaml gives every operation an id, the security its access needs, and 401 where it can answer it")
    func openAPISecurityInStep() throws {
        let documented = try Self.documentedOperations()
        let deviceSecurity = "      security: [{deviceID: [], deviceTimestamp: [], deviceNonce: [], deviceSignature: []}]"
        for route in Coordinator.routes {
            let name = "\(route.method) \(route.path)"
            let lines = try #require(documented[name], "\(name) is not documented")
            #expect(lines.contains { $0.hasPrefix("      operationId: ") }, "\(name) has no operationId")
            let security = lines.first { $0.hasPrefix("      security:") }.map(String.init)
            switch route.access {
            case .open: #expect(security == nil, "\(name) is open but documents \(security ?? "")")
            case .admin: #expect(security == "      security: [{adminToken: []}]", "\(name): \(security ?? "no security")")
            case .device, .enrolment: #expect(security == deviceSecurity, "\(name): \(security ?? "no security")")
            }
            if route.access != .open {
                #expect(lines.contains { $0.hasPrefix("        \"401\":") }, "\(name) does not document 401")
            }
        }
    }

    @Test("Every route is registered; admin routes need the token; device routes need a signature")
    func everyRouteAnswers() async throws {
        let fixture = try await CoordinatorFixture.make()
        defer { fixture.remove() }
        try await fixture.coordinator.application().test(.router) { client in
            let caller = try SignedCaller(client: client)
            for route in Coordinator.routes {
                let target = route.path.replacingOccurrences(of: "{task}", with: "mf").replacingOccurrences(of: "{id}", with: "r1")
                let method: HTTPRequest.Method = route.method == "POST" ? .post : .get
                let response = try await caller.send(method, target, headers: [])
                #expect(response.errorCode != "no_route", "\(route.method) \(route.path) is not routed")
                switch route.access {
                case .admin, .device, .enrolment: #expect(response.status == .unauthorized, "\(route.method) \(route.path) answered \(response.status)")
                case .open: #expect(response.status != .unauthorized)
                }
            }
            let unknown = try await caller.send(.get, "/v1/nothing-here", headers: [])
            #expect(unknown.status == .notFound && unknown.errorCode == "no_route")
            let wrongToken = try await caller.admin(.get, "/admin/v1/privacy", token: "wrong-token-but-long-enough")
            #expect(wrongToken.status == .unauthorized)
            let ok = try await caller.admin(.get, "/admin/v1/privacy")
            #expect(ok.status == .ok)
            let health = try await caller.send(.get, "/healthz", headers: [])
            #expect(String(buffer: health.body) == #"{"status":"ok"}"#)
            let metrics = try await caller.send(.get, "/metrics", headers: [])
            #expect(String(buffer: metrics.body).contains("confide_http_requests_total"))
        }
        await fixture.close()
    }

    @Test("Every admin call is recorded in the audit log")
    func adminCallsAudited() async throws {
        let fixture = try await CoordinatorFixture.make()
        defer { fixture.remove() }
        try await fixture.coordinator.application().test(.router) { client in
            let caller = try SignedCaller(client: client)
            // An unknown subject: answered 404, audited without naming them.
            #expect(try await caller.admin(.post, "/admin/v1/subjects/export", json: #"{"subject":"alice"}"#).status == .notFound)
            #expect(try await caller.admin(.get, "/admin/v1/audit?format=html").status == .ok)
        }
        let actions = try await fixture.store.auditEntries().compactMap { $0.payload?.action }
        #expect(actions.contains("admin.subject.export") && actions.contains("admin.audit"))
        #expect(!(try await fixture.store.auditEntries()).contains { "\($0)".contains("alice") })
        await fixture.close()
    }
}
