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

    @Test(arguments: [
        "0151 2345 6789", "0151/23456789", "+49 (0)30 1234 5678", "(+49) 151 23456789", "+49\u{00A0}176\u{00A0}23456789",
        "06-12345678", "+31 (0)20 123 4567", "347 123 4567", "+39 06 1234 5678", "612 34 56 78", "+34 612 345 678",
        "(11) 91234-5678", "0470/12.34.56", "06.12.34.56.78", "0033 1 23 45 67 89",
    ])
    func nationalAndInternationalPhoneFormats(_ number: String) {
        #expect(PIIScanner.standard.scan("Tel. \(number) bitte").map(\.value) == [number])
    }

    @Test func phonesNeedAValidPlanAndNoIdentifierWord() {
        #expect(Self.kinds("+49 151 2345").isEmpty, "too short for a German mobile")
        #expect(Self.kinds("Bestellnummer 0151 2345 6789").isEmpty)
        #expect(Self.kinds("commande n° 06 12 34 56 78").isEmpty)
        #expect(Self.kinds("12.03.2024 und 1.234.567 Stück").isEmpty)
        #expect(PIIScanner.standard.redact("call 0171 1234567 ext. 12 now") == "call [PHONE] now", "the extension goes too")
    }

    @Test func ibansAndCardsInAnyGrouping() {
        #expect(Self.kinds("de89 3704 0044 0532 0130 00") == [.iban])
        #expect(Self.kinds("DE89-3704-0044-0532-0130-00") == [.iban])
        #expect(Self.kinds("IBAN DE 89 3704 0044 0532 0130 00") == [.iban])
        #expect(Self.kinds("Tel DE 0151 2345 6789 oder 0171 1234567") == [.phone, .phone], "a country before phones reserves nothing")
        #expect(Self.kinds("4111.1111.1111.1111") == [.card])
        #expect(Self.kinds("4111\u{202F}1111\u{202F}1111\u{202F}1111") == [.card])
        #expect(Self.kinds("EAN 4006381333931").isEmpty)
    }

    @Test func versionsFilesAndHardwareIdentifiersSurvive() {
        #expect(Self.kinds("Abschnitt 4.19.0.1 der AGB").isEmpty)
        #expect(Self.kinds("versión 4.19.0.1").isEmpty)
        #expect(Self.kinds("http://10.1.2.3:8080/status") == [.ipv4])
        #expect(Self.kinds("icon@2x.png").isEmpty)
        #expect(Self.kinds("git@gitlab.example.com:team/app.git").isEmpty)
        #expect(Self.kinds("WWN 50:06:01:60:3b:a0:1a:2b").isEmpty)
    }

    @Test func redactionKeepsTheRestOfTheText() {
        let text = "Écrivez à zoë@example.fr ou au +33 6 12 34 56 78 — merci"
        #expect(PIIScanner.standard.redact(text) == "Écrivez à [EMAIL] ou au [PHONE] — merci")
        #expect(PIIScanner(kinds: [.phone]).redact(text) == "Écrivez à zoë@example.fr ou au [PHONE] — merci")
        #expect(PIIScanner.standard.redact("nothing here") == "nothing here")
    }
}
