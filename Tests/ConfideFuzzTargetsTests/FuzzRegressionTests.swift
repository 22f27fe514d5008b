import ConfideFuzzTargets
import Foundation
import Testing

/// Replays every saved crasher and every committed seed through its fuzz target, so a
/// parser bug the fuzzer once found fails `swift test` if it comes back.
@Suite("Fuzz regressions")
struct FuzzRegressionTests {
    static let fuzzFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("fuzz")

    static func inputs(_ kind: String, _ target: FuzzTarget) throws -> [URL] {
        let folder = fuzzFolder.appendingPathComponent(kind).appendingPathComponent(target.rawValue)
        guard FileManager.default.fileExists(atPath: folder.path) else { return [] }
        return try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { !$0.lastPathComponent.hasPrefix(".") }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    /// A regression may be a hang rather than a trap (an input that expands exponentially),
    /// so each input must also finish well within libFuzzer's 10-second timeout.
    @Test("Saved crashers and hangs no longer trap or hang", arguments: FuzzTarget.allCases)
    func regressions(_ target: FuzzTarget) throws {
        let clock = ContinuousClock()
        for file in try Self.inputs("regressions", target) {
            let bytes = Array(try Data(contentsOf: file))
            let elapsed = clock.measure { target.run(bytes) }
            #expect(elapsed < .seconds(3), "\(target.rawValue)/\(file.lastPathComponent) took \(elapsed)")
        }
    }

    @Test("The committed seed corpus runs", arguments: FuzzTarget.allCases)
    func corpus(_ target: FuzzTarget) throws {
        let files = try Self.inputs("corpus", target)
        #expect(!files.isEmpty, "no seeds for \(target.rawValue); run scripts/fuzz seed")
        for file in files { target.run(Array(try Data(contentsOf: file))) }
    }

    @Test("Seeds are generated for every target", arguments: FuzzTarget.allCases)
    func seeds(_ target: FuzzTarget) throws {
        let seeds = try target.seeds()
        #expect(!seeds.isEmpty)
        for seed in seeds { target.run(seed.bytes) }
    }
}
