import ConfidePolicy
import Foundation
import Testing

/// Loading the shipped policy and reporting every problem with file, line and column.
@Suite struct PolicyLoaderTests {
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// A minimal valid policy; tests replace parts of it.
    static let minimal = """
        version: "1"
        controller: {name: Example Ltd, contact: privacy@example.com}
        purposes:
          training:
            description: Train models.
            lawful_basis: consent
            data_categories: [ratings]
            retention_days: 30
            tasks: [mf]
            notice: We train on your ratings.
        kinds:
          rating:
            description: A rating.
            source: the subject
            purposes: [training]
            fields:
              rating: keep
        training: {min_cohort: 10, epsilon_budget: 4, delta: 1.0e-6, clip_norm: 1, noise_multiplier: 1}
        requests: {access_due_days: 30, erasure_due_days: 30}
        consent: {channels: [app], methods: [checkbox]}
        """

    static func diagnostics(_ yaml: String, file: String = "p.yaml") -> [PolicyDiagnostic] {
        do {
            _ = try PolicyLoader.parse(yaml: yaml, file: file)
            return []
        } catch {
            return error.diagnostics
        }
    }

    @Test func theShippedPolicyIsValidAndComplete() throws {
        let policy = try PolicyLoader.load(Self.root + "/policies")
        #expect(Set(policy.kinds.map(\.key)) == ["profile", "device", "rating", "order", "support_message"])
        let profile = try #require(policy.kind("profile"))
        for field in ["name", "email", "phone", "age", "gender", "occupation", "zip", "ip"] {
            #expect(profile.rule(for: field) != nil, "profile.\(field) needs a rule")
        }
        #expect(policy.purpose(allowing: .kmeans)?.key == "segmentation")
        #expect(policy.purpose(allowing: .mf)?.key == "recommendations")
        #expect(policy.requests.erasureDays == 30)
        #expect(policy.retentionDays(of: profile) == 730)
        #expect(profile.rule(for: "age")?.action == .generalize(.ageBucket(width: 10)))
        #expect(profile.rule(for: "ip")?.action == .generalize(.ipPrefix(ipv4: 24, ipv6: 48)))
        #expect(profile.rule(for: "age")?.location.line == 70)
    }

    @Test func everyFieldRuleFormParses() throws {
        let yaml = Self.minimal.replacingOccurrences(of: "      rating: keep", with: """
              rating: keep
              a: drop
              b: pseudonymize
              c: redact
              d: {generalize: age, width: 5}
              e: {generalize: zip, prefix: 2}
              f: {generalize: timestamp, to: day}
              g: {generalize: ip}
              h: {generalize: ip, ipv4: 16, ipv6: 32}
        """)
        let kind = try #require(try PolicyLoader.parse(yaml: yaml).kind("rating"))
        #expect(kind.fields.map(\.action) == [
            .keep, .drop, .pseudonymize, .redact, .generalize(.ageBucket(width: 5)), .generalize(.zipPrefix(length: 2)),
            .generalize(.timestamp(.day)), .generalize(.ipPrefix(ipv4: 24, ipv6: 48)), .generalize(.ipPrefix(ipv4: 16, ipv6: 32)),
        ])
    }

    @Test("A purpose's retraining interval is read in days")
    func retrainInterval() throws {
        let yaml = Self.minimal.replacingOccurrences(of: "    tasks: [mf]\n", with: "    tasks: [mf]\n    retrain_every_days: 7\n")
        #expect(try PolicyLoader.parse(yaml: yaml, file: "p.yaml").purpose("training")?.retrainEveryDays == 7)
        #expect(try PolicyLoader.parse(yaml: Self.minimal, file: "p.yaml").purpose("training")?.retrainEveryDays == nil)
    }

    @Test(arguments: [
        // (replace, with, expected line, column, message fragment)
        ("    retention_days: 30\n", "", 5, 5, "missing required key 'retention_days'"),
        ("    tasks: [mf]", "    tasks: [mf, gan]", 9, 17, "unknown training task 'gan'"),
        ("    tasks: [mf]\n", "    tasks: [mf]\n    retrain_every_days: 0\n", 10, 25, "from 1 to 3650"),
        ("    tasks: [mf]\n", "    retrain_every_days: 7\n", 9, 25, "has no model to retrain"),
        ("    purposes: [training]", "    purposes: [training, ads]", 12, 3, "unknown purpose 'ads'"),
        ("      rating: keep", "      rating:", 17, 7, "the field has no rule"),
        ("      rating: keep", "      rating: {generalize: age}", 17, 15, "missing required key 'width'"),
        ("      rating: keep", "      rating: {generalize: age, width: 10, prefix: 2}", 17, 44, "unknown key 'prefix'"),
        ("      rating: keep", "      rating: shred", 17, 15, "unknown field action 'shred'"),
        ("      rating: keep", "      {}", 17, 7, "needs a rule for at least one field"),
        ("epsilon_budget: 4", "epsilon_budget: -1", 18, 44, "expected a positive ε"),
        ("delta: 1.0e-6", "delta: 0.5", 18, 11, "can leak whole records"),
        ("min_cohort: 10", "min_cohort: 1", 18, 24, "at least 2"),
        ("    notice: We train on your ratings.\n", "", 4, 3, "needs the notice text"),
        ("    lawful_basis: consent", "    lawful_basis: vibes", 6, 19, "expected a lawful basis"),
        ("consent: {channels: [app], methods: [checkbox]}", "consent: {channels: [app], methods: [checkbox], colour: red}", 20, 49, "unknown key 'colour'"),
    ])
    func problemsAreReportedWithTheirLocation(_ replace: String, _ with: String, _ line: Int, _ column: Int, _ fragment: String) {
        let yaml = Self.minimal.replacingOccurrences(of: replace, with: with)
        #expect(yaml != Self.minimal)
        let found = Self.diagnostics(yaml)
        let match = found.first { $0.message.contains(fragment) }
        #expect(match != nil, "expected '\(fragment)' among \(found.map(\.description))")
        #expect(match?.location == SourceLocation(file: "p.yaml", line: line, column: column), "\(match?.description ?? "")")
    }

    @Test func everyProblemIsReportedAtOnce() {
        let yaml = Self.minimal
            .replacingOccurrences(of: "tasks: [mf]", with: "tasks: [mf, gan]")
            .replacingOccurrences(of: "rating: keep", with: "rating: shred")
            .replacingOccurrences(of: "delta: 1.0e-6", with: "delta: 2")
        let found = Self.diagnostics(yaml)
        #expect(found.count == 3)
        #expect(found.allSatisfy { $0.description.hasPrefix("p.yaml:") && $0.description.contains(": error: ") })
    }

    @Test func syntaxErrorsAndDuplicateKeysHaveLocations() {
        let broken = Self.diagnostics("version: \"1\"\ncontroller: [unclosed\n")
        #expect(broken.count == 1, "\(broken)")
        #expect(broken.first?.message.hasPrefix("invalid YAML") == true, "\(broken)")
        #expect(broken.first?.location.line == 3, "\(broken)")
        let duplicate = Self.diagnostics(Self.minimal + "\nversion: \"2\"\n")
        #expect(duplicate.first?.message.contains("duplicate key 'version'") == true)
        #expect(Self.diagnostics("").first?.message.contains("empty") == true)
        #expect(Self.diagnostics("- a list\n").first?.message.contains("expected a policy") == true)
    }

    @Test func tasksBelongToOnePurpose() {
        let other = """
              other:
                description: Also train.
                lawful_basis: legitimate_interests
                data_categories: [ratings]
                retention_days: 30
                tasks: [mf]
            kinds:
            """
        let found = Self.diagnostics(Self.minimal.replacingOccurrences(of: "kinds:", with: other))
        #expect(found.map(\.message) == ["task 'mf' is already allowed by purpose 'training'; each task belongs to one purpose"])
        #expect(found.first?.location.line == 11)
    }

    @Test func filesOfAFolderMergeAndClashesNameBothPlaces() throws {
        let folder = NSTemporaryDirectory() + "confide-policy-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let parts = Self.minimal.components(separatedBy: "kinds:\n")
        try parts[0].write(toFile: folder + "/a-base.yaml", atomically: true, encoding: .utf8)
        let kinds = "kinds:\n" + parts[1].components(separatedBy: "training:")[0]
        let rest = "training:" + parts[1].components(separatedBy: "training:")[1]
        try kinds.write(toFile: folder + "/b-kinds.yaml", atomically: true, encoding: .utf8)
        try rest.write(toFile: folder + "/c-rest.yaml", atomically: true, encoding: .utf8)
        let policy = try PolicyLoader.load(folder)
        #expect(policy.files.count == 3 && policy.kind("rating") != nil)
        try "version: \"again\"\n".write(toFile: folder + "/d-clash.yaml", atomically: true, encoding: .utf8)
        let error = #expect(throws: PolicyError.self) { try PolicyLoader.load(folder) }
        #expect(error?.diagnostics.first?.location.file.hasSuffix("d-clash.yaml") == true)
        #expect(error?.diagnostics.first?.message.contains("a-base.yaml:1:10") == true)
        let unreadable = #expect(throws: PolicyError.self) { try PolicyLoader.load(folder + "/missing") }
        #expect(unreadable?.kind == .unreadable)
    }
}
