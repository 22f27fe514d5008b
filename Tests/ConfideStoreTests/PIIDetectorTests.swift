import ConfideStore
import Testing

/// The detectors' defining rules, one example each.
@Suite struct PIIDetectorTests {
    static func kinds(_ text: String) -> [PIIKind] { PIIScanner.standard.scan(text).map(\.kind) }

    @Test func checksumsDecideCardsAndIBANs() {
        #expect(Self.kinds("4111 1111 1111 1111") == [.card])
        #expect(Self.kinds("4111 1111 1111 1112").isEmpty, "Luhn fails")
        #expect(Self.kinds("9111 1111 1111 1115").isEmpty, "Luhn holds but no issuer starts with 9")
        #expect(Self.kinds("GB82 WEST 1234 5698 7654 32") == [.iban])
        #expect(Self.kinds("GB83 WEST 1234 5698 7654 32").isEmpty, "mod 97 fails")
        #expect(Self.kinds("GB82 WEST 1234 5698 7654").isEmpty, "too short for GB")
    }

    @Test func addressesVersionsAndTimes() {
        #expect(Self.kinds("from 10.0.0.1") == [.ipv4])
        #expect(Self.kinds("version 10.0.0.1").isEmpty)
        #expect(Self.kinds("300.1.1.1").isEmpty)
        #expect(Self.kinds("at 2001:db8::8a2e:370:7334") == [.ipv6])
        #expect(Self.kinds("at 12:30:45").isEmpty)
        #expect(Self.kinds("MAC 00:1A:2B:3C:4D:5E").isEmpty)
    }

    @Test func phonesButNotDates() {
        #expect(Self.kinds("+33 6 12 34 56 78") == [.phone])
        #expect(Self.kinds("(415) 555-2671") == [.phone])
        #expect(Self.kinds("020 7946 0958") == [.phone])
        #expect(Self.kinds("03/05/2024 and 2024-05-03").isEmpty)
    }

    @Test func redactionKeepsTheRestOfTheText() {
        let text = "Écrivez à zoë@example.fr ou au +33 6 12 34 56 78 — merci"
        #expect(PIIScanner.standard.redact(text) == "Écrivez à [EMAIL] ou au [PHONE] — merci")
        #expect(PIIScanner(kinds: [.phone]).redact(text) == "Écrivez à zoë@example.fr ou au [PHONE] — merci")
        #expect(PIIScanner.standard.redact("nothing here") == "nothing here")
    }
}
