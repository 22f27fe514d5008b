import ConfideCrypto
import ConfidePolicy
@testable import ConfideStore
import ConfideTestSupport
import Foundation
import Logging

/// Shared test inputs: the shipped default policy, records of every kind, and a store on a
/// fresh database of a given backend.
enum Fixtures {
    static let repositoryRoot = ConfideTestSupport.repositoryRoot

    /// The shipped `policies/default.yaml`.
    static let policy: Policy = {
        do {
            return try PolicyLoader.load(repositoryRoot + "/policies/default.yaml")
        } catch {
            fatalError("the shipped default policy does not load: \(error)")
        }
    }()

    /// One record of every kind of the default policy, with a value for every declared field.
    static func records(tag: String) -> [String: [String: JSONValue]] {
        [
            "profile": [
                "user_id": .string("user-\(tag)"), "name": .string("Ada \(tag) Lovelace"), "email": .string("ada.\(tag)@example.org"),
                "phone": .string("+44 20 7946 0958"), "age": .integer(37), "gender": .string("F"),
                "occupation": .string("engineer-\(tag)"), "zip": .string("85711"), "ip": .string("203.0.113.77"),
                "signup_time": .string("2024-03-15T10:20:30Z"),
                "bio": .string("Reach me at ada.\(tag)@example.org or +44 20 7946 0958, likes films-\(tag)"),
            ],
            "device": [
                "device_model": .string("Pixel 8"), "os_version": .string("14"), "app_version": .string("3.2.1"),
                "locale": .string("en-GB"), "ip": .string("2001:db8:abcd:12::1"), "advertising_id": .string("ad-\(tag)"),
                "last_seen": .integer(1_717_243_200),
            ],
            "rating": ["movie_id": .integer(242), "rating": .integer(4), "timestamp": .integer(881_250_949), "review": .null],
            "order": [
                "order_id": .string("order-\(tag)"), "product_id": .string("sku-1"), "category": .string("books"),
                "quantity": .integer(2), "amount": .number(19.5), "currency": .string("EUR"),
                "ordered_at": .string("2025-01-02 08:00:00+01:00"), "shipping_zip": .string("75011"),
                "payment_card": .string("4111 1111 1111 1111"), "delivery_note": .string("Leave at door, call 06 12 34 56 78"),
            ],
            "support_message": [
                "channel": .string("email"), "sent_at": .string("2025-02-03"),
                "text": .string("My card 4111-1111-1111-1111 was charged twice, IBAN DE89 3704 0044 0532 0130 00"),
            ],
        ]
    }

    /// `days` days after 2025-06-01T00:00:00Z: fixed instants for tests about time.
    static func day(_ days: Double) -> Date {
        Date(timeIntervalSince1970: 1_748_736_000 + days * 86_400)
    }

    /// Opens a store on a fresh database, runs `body`, then closes and removes it.
    static func withStore<R: Sendable>(_ backend: Backend, policy: Policy = Fixtures.policy, keys: StoreKeys? = nil,
                                       _ body: @Sendable (ConfideStore, TestDatabase) async throws -> R) async throws -> R {
        let database = try await TestDatabase.make(backend)
        do {
            let store = try await ConfideStore.open(database.location, policy: policy, keys: keys ?? StoreKeys.generate(),
                                                    actor: "test", logger: quietLogger)
            do {
                let result = try await body(store, database)
                await store.close()
                await database.remove()
                return result
            } catch {
                await store.close()
                throw error
            }
        } catch {
            await database.remove()
            throw error
        }
    }

    /// A logger that prints errors only, so test output stays readable.
    static let quietLogger: Logger = {
        var logger = Logger(label: "confide.test")
        logger.logLevel = .error
        return logger
    }()

    /// A fresh Ed25519 public key for registering devices.
    static func devicePublicKey() throws -> IdentityPublicKey {
        try IdentityKey().publicKey
    }
}
