import ConfideStore
import Foundation
import Testing

/// Precision and recall of every detector on the labeled corpus built by
/// `scripts/pii-corpus.py` (≥ 300 strings with near-misses). A detected value counts as a
/// true positive when the corpus labels the same kind and the exact same text.
@Suite struct PIICorpusTests {
    struct Entry: Decodable {
        struct Label: Decodable, Hashable {
            let kind: PIIKind
            let value: String
        }
        let text: String
        let pii: [Label]
    }

    struct Score {
        var truePositives = 0, falsePositives = 0, falseNegatives = 0
        var precision: Double { truePositives + falsePositives == 0 ? 1 : Double(truePositives) / Double(truePositives + falsePositives) }
        var recall: Double { truePositives + falseNegatives == 0 ? 1 : Double(truePositives) / Double(truePositives + falseNegatives) }
    }

    static func corpus(_ name: String = "pii-corpus") throws -> [Entry] {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "jsonl"))
        let text = try String(contentsOf: url, encoding: .utf8)
        return try text.split(separator: "\n").map { try JSONDecoder().decode(Entry.self, from: Data($0.utf8)) }
    }

    static func scores(_ corpus: [Entry]) -> ([PIIKind: Score], [String]) {
        var scores: [PIIKind: Score] = [:]
        var mistakes: [String] = []
        for entry in corpus {
            var expected = entry.pii
            for match in PIIScanner.standard.scan(entry.text) {
                if let index = expected.firstIndex(of: .init(kind: match.kind, value: match.value)) {
                    expected.remove(at: index)
                    scores[match.kind, default: Score()].truePositives += 1
                } else {
                    scores[match.kind, default: Score()].falsePositives += 1
                    mistakes.append("false \(match.kind.rawValue): '\(match.value)' in: \(entry.text)")
                }
            }
            for missed in expected {
                scores[missed.kind, default: Score()].falseNegatives += 1
                mistakes.append("missed \(missed.kind.rawValue): '\(missed.value)' in: \(entry.text)")
            }
        }
        return (scores, mistakes)
    }

    @Test func corpusIsLargeAndBalanced() throws {
        let corpus = try Self.corpus()
        #expect(corpus.count >= 300)
        #expect(corpus.filter(\.pii.isEmpty).count >= 100, "near-misses and ordinary text")
        for kind in PIIKind.allCases {
            #expect(corpus.flatMap(\.pii).filter { $0.kind == kind }.count >= 15, "\(kind) needs enough examples")
        }
    }

    static func report(_ name: String, _ scores: [PIIKind: Score], _ mistakes: [String]) {
        for kind in PIIKind.allCases {
            let score = scores[kind] ?? Score()
            print(String(format: "%@ %@: precision %.3f recall %.3f (tp %d, fp %d, fn %d)", name, kind.rawValue, score.precision,
                         score.recall, score.truePositives, score.falsePositives, score.falseNegatives))
        }
        for mistake in mistakes { print("\(name) \(mistake)") }
    }

    @Test func precisionAndRecallPerDetector() throws {
        let (scores, mistakes) = Self.scores(try Self.corpus())
        Self.report("pii-corpus", scores, mistakes)
        // Checksummed kinds must be exact; the others are held to the figures in docs/privacy-model.md.
        for kind in [PIIKind.card, .iban, .ipv6] {
            #expect(scores[kind]?.precision == 1, "\(kind) precision")
            #expect(scores[kind]?.recall == 1, "\(kind) recall")
        }
        for kind in [PIIKind.email, .phone, .ipv4] {
            #expect((scores[kind]?.precision ?? 0) >= 0.97, "\(kind) precision")
            #expect((scores[kind]?.recall ?? 0) >= 0.94, "\(kind) recall")
        }
    }

    /// The held-out strings were written after the detectors were frozen; their figures
    /// are reported beside the development corpus's, and guard against regressions.
    @Test func precisionAndRecallOnHeldOutStrings() throws {
        let holdout = try Self.corpus("pii-holdout")
        #expect(holdout.count >= 50)
        let (scores, mistakes) = Self.scores(holdout)
        Self.report("pii-holdout", scores, mistakes)
        let total = scores.values.reduce(into: Score()) {
            $0.truePositives += $1.truePositives
            $0.falsePositives += $1.falsePositives
            $0.falseNegatives += $1.falseNegatives
        }
        #expect(total.precision >= 0.9, "held-out precision over all kinds")
        #expect(total.recall >= 0.9, "held-out recall over all kinds")
    }
}
