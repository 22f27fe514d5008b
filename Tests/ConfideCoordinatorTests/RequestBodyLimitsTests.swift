import ConfideProtocol
import Foundation
import Testing

/// The range checks of JSON bodies agree with docs/openapi.yaml, whose lengths are JSON
/// Schema's (Unicode code points) and whose blank test is the Unicode White_Space set.
@Suite("Request body limits as documented")
struct RequestBodyLimitsTests {
    static func subject(_ text: String) throws(ProtocolError) -> EnrolmentRequest {
        let body = try! JSONEncoder().encode(EnrolmentRequest(subject: text))
        return try EnrolmentRequest.decode(from: Array(body))
    }

    @Test("A subject of 256 characters is accepted whatever its UTF-8 length; 257 is refused")
    func subjectLength() throws {
        #expect(try Self.subject(String(repeating: "é", count: 256)).subject.unicodeScalars.count == 256)
        #expect(try Self.subject(String(repeating: "😀", count: 256)).subject.utf8.count == 1024)
        #expect(throws: ProtocolError.self) { try Self.subject(String(repeating: "a", count: 257)) }
    }

    @Test("Blank means only Unicode White_Space characters")
    func blankSubject() throws {
        for blank in [" ", "\t\n\r", "\u{85}\u{A0}\u{3000}\u{2028}"] {
            #expect(throws: ProtocolError.self) { try Self.subject(blank) }
        }
        for text in ["\u{FEFF}", "\u{1C}", " a "] {
            #expect(try Self.subject(text).subject == text)
        }
    }

    @Test("A policy name of 64 characters is accepted whatever its UTF-8 length")
    func nameLength() throws {
        let name = String(repeating: "é", count: 64)
        let body = try JSONEncoder().encode(ConsentChangeRequest(purpose: name, granted: true, channel: "app", method: "toggle"))
        #expect(try ConsentChangeRequest.decode(from: Array(body)).purpose == name)
        let long = try JSONEncoder().encode(ConsentChangeRequest(purpose: name + "e", granted: true, channel: "app", method: "toggle"))
        #expect(throws: ProtocolError.self) { try ConsentChangeRequest.decode(from: Array(long)) }
    }

    @Test("seed takes the whole UInt64 range; a negative one is named as out of range, not as a wrong type")
    func seedRange() throws {
        let largest = try StartJobRequest.decode(from: Array(#"{"task":"mf","rounds":1,"items":5,"seed":18446744073709551615}"#.utf8))
        #expect(largest.seed == .max)
        do {
            _ = try StartJobRequest.decode(from: Array(#"{"task":"mf","rounds":1,"items":5,"seed":-1}"#.utf8))
            Issue.record("a negative seed was accepted")
        } catch {
            #expect(error.kind == .malformed && error.message.contains("invalid value for field 'seed'"), "\(error)")
        }
        do {
            _ = try StartJobRequest.decode(from: Array(#"{"task":"mf","rounds":1.5,"items":5,"seed":3}"#.utf8))
            Issue.record("a fractional round count was accepted")
        } catch {
            #expect(error.message.contains("invalid value for field 'rounds'"), "\(error)")
        }
    }

    @Test("wipedAt takes RFC 3339 as the document's date-time does: t, z, offsets, fractions")
    func wipeDates() throws {
        for text in ["2026-06-01T12:00:00Z", "2026-06-01t12:00:00z", "2026-06-01T12:00:00.250+02:00", "2026-06-01 12:00:00-00:09"] {
            let body = Array(#"{"wipedAt":"\#(text)"}"#.utf8)
            #expect((try? WipeConfirmation.decode(from: body)) != nil, "\(text)")
        }
        #expect(throws: ProtocolError.self) { try WipeConfirmation.decode(from: Array(#"{"wipedAt":"1999-12-31T23:59:59Z"}"#.utf8)) }
    }
}
