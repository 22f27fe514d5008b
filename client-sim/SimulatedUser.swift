import ConfideClient
import ConfideML
import ConfidePolicy
import ConfideStore
import Foundation

/// One simulated device's user: the records its local store receives (personal fields and
/// all, so the policy's stripping is exercised) and how the device turns what the store
/// keeps into training data.
struct SimulatedUser: Sendable {
    /// The subject's identifier in the controller's systems.
    let subject: String
    /// Records to ingest, by kind.
    let records: [(kind: String, records: [[String: JSONValue]])]
    /// Builds the device's training data from the stored (stripped) records.
    let build: @Sendable ([StoredRecord]) throws -> DeviceData
}

/// Direct identifiers for MovieLens users, who come without any: seeded, plausible, fake.
enum FakeIdentity {
    private static let first = ["Alex", "Sam", "Noor", "Kai", "Mila", "Ravi", "Lena", "Omar", "Ines", "Tom", "Yuki", "Zoe"]
    private static let last = ["Smith", "Nguyen", "Garcia", "Müller", "Rossi", "Kowalski", "Okafor", "Silva", "Tanaka", "Dubois"]

    static func profile(user: Int, age: Int, gender: String, occupation: String, zip: String, seed: UInt64) -> [String: JSONValue] {
        var random = SeededGenerator(seed: seed, stream: UInt64(user) &+ 0x5EED)
        let name = "\(first[random.nextIndex(first.count)]) \(last[random.nextIndex(last.count)])"
        return [
            "user_id": .string("ml-\(user)"),
            "name": .string(name),
            "email": .string("\(name.lowercased().replacingOccurrences(of: " ", with: "."))\(user)@example.org"),
            "phone": .string("+1 555 \(100 + random.nextIndex(900)) \(1_000 + random.nextIndex(9_000))"),
            "age": .integer(Int64(age)),
            "gender": .string(gender),
            "occupation": .string(occupation),
            "zip": .string(zip),
            "ip": .string("192.0.2.\(1 + random.nextIndex(254))"),
            "signup_time": .integer(874_724_710 + Int64(random.nextIndex(10_000_000))),
        ]
    }
}

extension SimulatedUser {
    /// The training data this user's device prepares, as in `run`: the records go through
    /// an in-memory local store (stripped by the policy on write) first.
    func deviceData(policy: Policy) async throws -> DeviceData {
        let local = try await DeviceLocalStore.open(location: .sqlite(path: ":memory:"), policy: policy, subjectID: subject)
        do {
            for (kind, records) in records { try await local.ingest(records, kind: kind) }
            let data = try build(try await local.records())
            await local.close()
            return data
        } catch {
            await local.close()
            throw error
        }
    }
}
