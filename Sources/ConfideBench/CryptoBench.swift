import ArgumentParser
import ConfideCrypto

/// `confide-bench crypto`: speed of the primitives secure aggregation is built on.
struct CryptoBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crypto",
        abstract: "Keystream, mask expansion and addition, X25519 and Shamir speeds."
    )

    @Option(help: "Vectors summed by the mask addition benchmark.")
    var vectors = 1_000

    @Option(help: "Words per vector in the mask addition benchmark.")
    var words = 100_000

    @Option(help: "Repetitions of each timing; the best is reported.")
    var repetitions = 5

    func validate() throws {
        guard vectors > 0, words > 0, repetitions > 0 else {
            throw ValidationError("--vectors, --words and --repetitions must be positive")
        }
    }

    func run() throws {
        var report = BenchReport()
        let key = try SymmetricKey()
        let context = try MaskContext("bench")

        // Raw libsodium keystream into 4 MiB, then our mask API producing 1M words (4 MB).
        let rawBytes = 4 << 20
        var raw = [UInt8](repeating: 0, count: rawBytes)
        let rawSeconds = try Timing.best(of: repetitions) {
            try raw.withUnsafeMutableBytes { try BenchmarkBaselines.xchacha20Keystream(key: key, into: $0) }
        }
        let rawGbps = Double(rawBytes) / rawSeconds / 1e9
        report.figure("raw_chacha20_gbps", rawGbps)

        let maskWords = 1 << 20
        var mask = [UInt32](repeating: 0, count: maskWords)
        let maskSeconds = try Timing.best(of: repetitions) {
            try mask.withUnsafeMutableBufferPointer { try Mask.expand(seed: key, context: context, into: $0) }
        }
        let maskGbps = Double(maskWords * 4) / maskSeconds / 1e9
        report.figure("mask_expand_gbps", maskGbps)
        report.figure("mask_expand_ratio", maskGbps / rawGbps)

        // Streaming the same mask into a vector (what unmasking does) must equal expanding it and adding.
        var streamed = [UInt32](repeating: 7, count: maskWords)
        try streamed.withUnsafeMutableBufferPointer { try Mask.add(seed: key, context: context, to: $0) }
        report.check(zip(streamed, mask).allSatisfy { $0 == $1 &+ 7 }, "streamed mask equals expanded mask")
        let streamSeconds = try Timing.best(of: repetitions) {
            try streamed.withUnsafeMutableBufferPointer { try Mask.add(seed: key, context: context, to: $0) }
        }
        report.figure("mask_stream_add_gwords_per_s", Double(maskWords) / streamSeconds / 1e9)
        try streamed.withUnsafeMutableBufferPointer { vector in
            for _ in 0..<repetitions { try Mask.subtract(seed: key, context: context, from: vector) }
        }
        try streamed.withUnsafeMutableBufferPointer { try Mask.subtract(seed: key, context: context, from: $0) }
        report.check(streamed.allSatisfy { $0 == 7 }, "subtracting a mask restores the vector")

        try benchAddition(&report)
        try benchAgreement(&report)
        try benchShamir(&report)
        throw report.finish()
    }

    private func benchAddition(_ report: inout BenchReport) throws {
        var inputs: [[UInt32]] = []
        inputs.reserveCapacity(vectors)
        for index in 0..<vectors {
            var vector = [UInt32](repeating: 0, count: words)
            try vector.withUnsafeMutableBufferPointer {
                try Mask.expand(seed: SymmetricKey(), context: MaskContext("input \(index)"), into: $0)
            }
            inputs.append(vector)
        }
        var sum = [UInt32](repeating: 0, count: words)
        let seconds = try Timing.best(of: max(1, repetitions / 2)) {
            for index in sum.indices { sum[index] = 0 }
            for vector in inputs { try Mask.add(vector, to: &sum) }
        }
        report.figure("mask_add_gwords_per_s", Double(vectors * words) / seconds / 1e9)
        // An independent scalar sum over a sample of positions.
        let sample = stride(from: 0, to: words, by: max(1, words / 97))
        report.check(sample.allSatisfy { position in
            inputs.reduce(UInt32(0)) { $0 &+ $1[position] } == sum[position]
        }, "vector sum matches a scalar reference")
    }

    private func benchAgreement(_ report: inout BenchReport) throws {
        let alice = try AgreementKey()
        let peers = try (0..<2_000).map { _ in try AgreementKey().publicKey }
        let seconds = try Timing.best(of: repetitions) {
            for peer in peers { try BenchmarkBaselines.x25519(alice, peer) }
        }
        report.figure("x25519_agreements_per_s", Double(peers.count) / seconds, digits: 0)
        let pairwiseSeconds = try Timing.best(of: repetitions) {
            for peer in peers { _ = try alice.pairwiseKey(with: peer, context: "mask") }
        }
        report.figure("pairwise_keys_per_s", Double(peers.count) / pairwiseSeconds, digits: 0)
        let bob = try AgreementKey()
        report.check(try alice.pairwiseKey(with: bob.publicKey, context: "mask")
            .constantTimeEquals(bob.pairwiseKey(with: alice.publicKey, context: "mask")), "pairwise keys agree")
    }

    private func benchShamir(_ report: inout BenchReport) throws {
        let secret = try SymmetricKey()
        var reconstructed = secret.secureBytes
        let iterations = 200
        let seconds = try Timing.best(of: repetitions) {
            for _ in 0..<iterations {
                let shares = try Shamir.split(secret, threshold: 10, count: 20)
                reconstructed = try Shamir.combine(Array(shares.suffix(10)))
            }
        }
        report.figure("shamir_split_reconstruct_us", seconds / Double(iterations) * 1e6, digits: 1)
        report.check(reconstructed.constantTimeEquals(secret.secureBytes), "Shamir reconstructs the secret")
    }
}
