import ConfideClient
import HTTPTypes
import Hummingbird
import HummingbirdTesting

/// Carries device requests straight into the coordinator's router, without sockets.
struct RouterTransport: CoordinatorTransport {
    let client: any TestClientProtocol

    func send(method: String, target: String, headers: [(String, String)], body: [UInt8]) async throws -> (status: Int, body: [UInt8]) {
        var fields = HTTPFields()
        for (name, value) in headers { fields.append(HTTPField(name: HTTPField.Name(name)!, value: value)) }
        let response = try await client.executeRequest(uri: target, method: HTTPRequest.Method(method)!, headers: fields,
                                                       body: body.isEmpty ? nil : ByteBuffer(bytes: body))
        return (Int(response.status.code), Array(response.body.readableBytesView))
    }
}
