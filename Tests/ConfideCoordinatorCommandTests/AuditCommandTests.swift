import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// `policy audit` and `policy ropa` as privacy teams and pipelines run them: exit 0 when
/// clean, 1 with findings, 2 on an error, reports in three formats.
@Suite struct AuditCommandTests {
    /// A store with one subject's profile and consent, made through the command line.
    static func populatedStore(_ runner: CommandRunner) throws -> [String] {
        let store = runner.storeOptions("sqlite:confide.sqlite")
        let profile = #"{"name": "Ada", "email": "ada@example.org", "age": 36, "occupation": "engineer", "bio": "call +44 20 7946 0958"}"#
        #expect(try runner.run(["subject", "ingest", "--subject", "ada", "--kind", "profile"] + store, input: profile).status == 0)
        #expect(try runner.run(["consent", "grant", "--subject", "ada", "--purpose", "segmentation"] + store).status == 0)
        return store
    }

    @Test func aCleanStoreExitsZeroInEveryFormat() throws {
        let runner = try CommandRunner()
        defer { runner.remove() }
        let store = try Self.populatedStore(runner)
        let text = try runner.run(["policy", "audit", "--format", "text"] + store)
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("clean: no findings") && !text.stdout.contains("\u{1B}["), "no colour into a pipe")
        let json = try runner.run(["policy", "audit", "--format", "json"] + store)
        #expect(json.status == 0)
        let report = try #require(try CommandRunner.json(json) as? [String: Any])
        #expect(report["format"] as? String == "confide.audit-report.v1" && report["clean"] as? Bool == true)
        #expect((report["checks"] as? [[String: Any]])?.count == 9)
        let html = try runner.run(["policy", "audit", "--format", "html", "--out", "report.html"] + store)
        #expect(html.status == 0 && html.stdout.contains("wrote the html report to report.html: clean"))
        let page = try #require(FileManager.default.contents(atPath: runner.directory + "/report.html"))
        #expect(XMLParser(data: page).parse(), "the HTML report is well-formed")
        // Each run is itself recorded in the audit log.
        let verify = try #require(try CommandRunner.json(try runner.run(["store", "verify"] + store)) as? [String: Any])
        #expect((verify["audit"] as? [String: Any])?["entries"] as? Int == 5)
    }

    @Test func findingsExitOneAndNameTheirClause() throws {
        let runner = try CommandRunner()
        defer { runner.remove() }
        let store = try Self.populatedStore(runner)
        let later = try runner.run(["policy", "audit", "--format", "json", "--at", "2100-01-01T00:00:00Z"] + store)
        #expect(later.status == 1, "\(later.stderr)")
        let report = try #require(try CommandRunner.json(later) as? [String: Any])
        let findings = try #require(report["findings"] as? [[String: Any]])
        #expect(findings.compactMap { $0["code"] as? String } == ["RETENTION_EXCEEDED"])
        let clause = try #require(findings.first?["clause"] as? [String: Any])
        #expect(clause["path"] as? String == "purposes.account" && clause["text"] as? String == "retention_days: 730" && (clause["file"] as? String)?.hasSuffix("policies/default.yaml") == true)
        let text = try runner.run(["policy", "audit", "--at", "2100-01-01T00:00:00Z"] + store)
        #expect(text.status == 1 && text.stdout.contains("RETENTION_EXCEEDED") && text.stdout.contains("remedy"))

        // A policy with a static problem still audits the store, and reports the problem.
        let policies = runner.directory + "/policies"
        try FileManager.default.createDirectory(atPath: policies, withIntermediateDirectories: true)
        let policy = try String(contentsOfFile: CommandRunner.repositoryRoot + "/policies/default.yaml", encoding: .utf8)
            .replacingOccurrences(of: "    purposes: [account]\n    fields:\n      channel", with: "    purposes: [account, marketing]\n    fields:\n      channel")
        try policy.write(toFile: policies + "/default.yaml", atomically: true, encoding: .utf8)
        let problem = try runner.run(["policy", "audit", "--format", "json", "--db", "sqlite:confide.sqlite", "--policies", policies,
                                      "--key-file", runner.directory + "/keys"])
        #expect(problem.status == 1, "\(problem.stderr)")
        let problems = try #require((try CommandRunner.json(problem) as? [String: Any])?["findings"] as? [[String: Any]])
        #expect(problems.compactMap { $0["code"] as? String } == ["POLICY_PROBLEM"])
        #expect((problems.first?["message"] as? String)?.contains("unknown purpose 'marketing'") == true)
    }

    @Test func errorsExitTwoWithAMessage() throws {
        let runner = try CommandRunner()
        defer { runner.remove() }
        let store = try Self.populatedStore(runner)
        let policies = CommandRunner.repositoryRoot + "/policies"
        let keys = ["--key-file", runner.directory + "/keys"]
        let broken = runner.directory + "/broken.yaml"
        try "version: [1\n".write(toFile: broken, atomically: true, encoding: .utf8)
        let cases: [([String], String)] = [
            (["--db", "sqlite:confide.sqlite", "--policies", runner.directory + "/none"] + keys, "no policy file or folder"),
            (["--db", "sqlite:confide.sqlite", "--policies", broken] + keys, "cannot be audited against"),
            (["--db", "sqlite:missing.sqlite", "--policies", policies] + keys, "no database at missing.sqlite"),
            (["--db", "sqlite:confide.sqlite", "--policies", policies, "--key-file", runner.directory + "/nokeys"], "no key file"),
            (["--db", "postgres://confide@127.0.0.1:1/confide", "--policies", policies] + keys, "cannot connect"),
            (store + ["--format", "pdf"], "unknown format 'pdf'"),
            (store + ["--at", "soon"], "ISO 8601"),
            (store + ["--out", runner.directory + "/no/such/folder/report.txt"], "cannot write the report"),
        ]
        for (arguments, message) in cases {
            let result = try runner.run(["policy", "audit"] + arguments)
            #expect(result.status == 2 && result.stdout.isEmpty, "\(arguments): \(result.status) \(result.stderr)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: runner.directory + "/missing.sqlite"), "an audit never creates a store")
        #expect(!FileManager.default.fileExists(atPath: runner.directory + "/nokeys"), "an audit never creates keys")
    }

    @Test func ropaPrintsTheRecordOfProcessing() throws {
        let runner = try CommandRunner()
        defer { runner.remove() }
        let policies = CommandRunner.repositoryRoot + "/policies"
        let markdown = try runner.run(["policy", "ropa", "--policies", policies])
        #expect(markdown.status == 0 && markdown.stdout.hasPrefix("# Record of processing activities"))
        #expect(markdown.stdout.contains("## Purpose: recommendations") && markdown.stdout.contains("Art. 6(1)(a)"))
        let json = try runner.run(["policy", "ropa", "--policies", policies, "--format", "json"])
        #expect(try (CommandRunner.json(json) as? [String: Any])?["format"] as? String == "confide.ropa.v1")
        let file = try runner.run(["policy", "ropa", "--policies", policies, "--out", "ropa.md"])
        #expect(file.status == 0 && FileManager.default.fileExists(atPath: runner.directory + "/ropa.md"))
        let invalidFolder = runner.directory + "/invalid"
        try FileManager.default.createDirectory(atPath: invalidFolder, withIntermediateDirectories: true)
        try "version: 1\n".write(toFile: invalidFolder + "/p.yaml", atomically: true, encoding: .utf8)
        let invalid = try runner.run(["policy", "ropa", "--policies", invalidFolder])
        #expect(invalid.status == 1 && invalid.stdout.isEmpty && invalid.stderr.contains("p.yaml:1:1"))
        #expect(try runner.run(["policy", "ropa", "--policies", runner.directory + "/none"]).status == 2)
        #expect(try runner.run(["policy", "ropa", "--policies", policies, "--format", "pdf"]).status == 2)
    }
}
