import Foundation
import Testing

/// The command line's contract: JSON on standard output, errors on standard error with a
/// non-zero status, for every administration command.
@Suite struct CommandTests {
    @Test func subjectLifecycleThroughTheCommandLine() throws {
        let runner = try CommandRunner()
        defer { runner.remove() }
        let store = runner.storeOptions("sqlite:db/confide.sqlite")
        let profile = #"{"name": "Ada", "email": "ada@example.org", "age": 36, "occupation": "engineer", "bio": "call +44 20 7946 0958"}"#
        let ingest = try runner.run(["subject", "ingest", "--subject", "ada-42", "--kind", "profile"] + store, input: profile)
        #expect(ingest.status == 0, "\(ingest.stderr)")
        let stored = try #require(try CommandRunner.json(ingest) as? [String: Any])
        let fields = try #require(stored["fields"] as? [String: Any])
        #expect(fields["name"] == nil && fields["age"] as? String == "30-39" && fields["bio"] as? String == "call [PHONE]")
        #expect(!ingest.stdout.contains("ada-42"), "the raw identifier is never printed back")
        let keyMode = try FileManager.default.attributesOfItem(atPath: runner.directory + "/keys")[.posixPermissions] as? Int
        #expect(keyMode == 0o600)

        let grant = try runner.run(["consent", "grant", "--subject", "ada-42", "--purpose", "segmentation", "--channel", "web"] + store)
        #expect(grant.status == 0 && grant.stdout.contains("\"signature\""), "\(grant.stderr)")
        let show = try runner.run(["consent", "show", "--subject", "ada-42", "--purpose", "segmentation"] + store)
        #expect(try (CommandRunner.json(show) as? [[String: Any]])?.first?["state"] as? String == "granted")
        let past = try runner.run(["consent", "show", "--subject", "ada-42", "--at", "2000-01-01T00:00:00Z"] + store)
        #expect(try (CommandRunner.json(past) as? [[String: Any]])?.allSatisfy { $0["state"] as? String == "never" } == true)

        let export = try runner.run(["subject", "export", "--subject", "ada-42"] + store)
        let document = try #require(try CommandRunner.json(export) as? [String: Any])
        #expect(document["format"] as? String == "confide.subject-export.v1")
        #expect((document["records"] as? [Any])?.count == 1 && (document["consent_history"] as? [Any])?.count == 1)

        let verify = try runner.run(["store", "verify"] + store)
        #expect(verify.status == 0)
        #expect(try (CommandRunner.json(verify) as? [String: Any])?["intact"] as? Bool == true)
        let purge = try runner.run(["store", "purge", "--dry-run"] + store)
        #expect(purge.status == 0)
        #expect(try (CommandRunner.json(purge) as? [String: Any])?["dry_run"] as? Bool == true)

        let erase = try runner.run(["subject", "erase", "--subject", "ada-42"] + store)
        #expect(erase.status == 0)
        #expect(try (CommandRunner.json(erase) as? [String: Any])?["already_erased"] as? Bool == false)
        let again = try runner.run(["subject", "erase", "--subject", "ada-42"] + store)
        #expect(try (CommandRunner.json(again) as? [String: Any])?["already_erased"] as? Bool == true)
        let empty = try runner.run(["subject", "export", "--subject", "ada-42"] + store)
        #expect(try (CommandRunner.json(empty) as? [String: Any])?["holds_data"] as? Bool == false)
    }

    @Test func badInputFailsWithAMessageAndChangesNothing() throws {
        let runner = try CommandRunner()
        defer { runner.remove() }
        let store = runner.storeOptions("sqlite:confide.sqlite")
        let undeclared = try runner.run(["subject", "ingest", "--subject", "s", "--kind", "profile"] + store, input: #"{"shoe_size": 44}"#)
        #expect(undeclared.status == 1 && undeclared.stdout.isEmpty)
        #expect(undeclared.stderr.contains("record kind 'profile' has no rule for field 'shoe_size'"))
        let notJSON = try runner.run(["subject", "ingest", "--subject", "s", "--kind", "profile"] + store, input: "name=Ada")
        #expect(notJSON.status == 1 && notJSON.stderr.contains("not valid JSON"))
        let array = try runner.run(["subject", "ingest", "--subject", "s", "--kind", "profile"] + store, input: "[1]")
        #expect(array.status == 1 && array.stderr.contains("one JSON object"))
        let purpose = try runner.run(["consent", "grant", "--subject", "s", "--purpose", "marketing"] + store)
        #expect(purpose.status == 1 && purpose.stderr.contains("purpose 'marketing' is not declared"))
        let database = try runner.run(["store", "verify", "--db", "mysql://x", "--policies", CommandRunner.repositoryRoot + "/policies"])
        #expect(database.status == 2 && database.stderr.contains("sqlite:PATH"))
        let time = try runner.run(["consent", "show", "--subject", "s", "--at", "last tuesday"] + store)
        #expect(time.status != 0 && time.stderr.contains("ISO 8601"))
        let export = try runner.run(["subject", "export", "--subject", "s"] + store)
        #expect(try (CommandRunner.json(export) as? [String: Any])?["holds_data"] as? Bool == false)
    }

    @Test func policyCheckReportsFileLineAndColumn() throws {
        let runner = try CommandRunner()
        defer { runner.remove() }
        let valid = try runner.run(["policy", "check", CommandRunner.repositoryRoot + "/policies"])
        #expect(valid.status == 0)
        #expect(try (CommandRunner.json(valid) as? [String: Any])?["valid"] as? Bool == true)
        let broken = runner.directory + "/policies"
        try FileManager.default.createDirectory(atPath: broken, withIntermediateDirectories: true)
        let text = try String(contentsOfFile: CommandRunner.repositoryRoot + "/policies/default.yaml", encoding: .utf8)
            .replacingOccurrences(of: "      gender: keep", with: "      gender: keep\n      shoe_size:")
        try text.write(toFile: broken + "/default.yaml", atomically: true, encoding: .utf8)
        let invalid = try runner.run(["policy", "check", broken])
        #expect(invalid.status == 1 && invalid.stdout.isEmpty)
        #expect(invalid.stderr.contains("default.yaml:72:7: error: kinds.profile.fields.shoe_size: the field has no rule"), "\(invalid.stderr)")
        let missing = try runner.run(["policy", "check", runner.directory + "/nothing"])
        #expect(missing.status == 2)
    }

    @Test func piiRedactFiltersStandardInput() throws {
        let runner = try CommandRunner()
        defer { runner.remove() }
        let result = try runner.run(["pii", "redact"], input: "IBAN DE89 3704 0044 0532 0130 00, mail a@b.example\nsecond line\n")
        #expect(result.status == 0 && result.stdout == "IBAN [IBAN], mail [EMAIL]\nsecond line\n")
        let json = try runner.run(["pii", "redact", "--json"], input: "from 10.1.2.3")
        #expect(try (CommandRunner.json(json) as? [[String: String]])?.first?["kind"] == "ipv4")
    }

    @Test func verifyExitsOneOnABrokenChain() throws {
        let runner = try CommandRunner()
        defer { runner.remove() }
        let store = runner.storeOptions("sqlite:confide.sqlite")
        for subject in ["a", "b"] {
            #expect(try runner.run(["consent", "grant", "--subject", subject, "--purpose", "recommendations"] + store).status == 0)
        }
        // Edit a ledger row in the database file itself, behind the store's back.
        let path = runner.directory + "/confide.sqlite"
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let needle = Data("recommendations".utf8)
        let range = try #require(bytes.range(of: needle))
        bytes.replaceSubrange(range, with: Data("recommendationz".utf8))
        try bytes.write(to: URL(fileURLWithPath: path))
        let verify = try runner.run(["store", "verify"] + store)
        #expect(verify.status == 1, "\(verify.stdout) \(verify.stderr)")
        let report = try #require(try CommandRunner.json(verify) as? [String: Any])
        #expect(report["intact"] as? Bool == false)
        #expect(((report["consent"] as? [String: Any])?["first_broken"] as? [String: Any])?["seq"] != nil)
    }
}
