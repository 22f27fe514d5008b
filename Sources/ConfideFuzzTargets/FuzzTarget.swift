/// The coverage-guided fuzz targets: every parser the network reaches, each a function
/// from arbitrary bytes to nothing that must never trap.
///
/// Errors are the expected outcome for almost every input; a trap (an out-of-range index,
/// an arithmetic overflow, a failed precondition) is a bug. The same ``run(_:)`` serves the
/// libFuzzer build, the corpus replay of `confide-fuzz replay` and the regression tests.
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// The four signed-request headers, then freshness and signature checks.
    case signedHeaders = "signed-headers"
    /// Every secure-aggregation wire parser, chosen by the message's kind byte.
    case secaggWire = "secagg-wire"
    /// Well-formed, validly signed but hostile messages fed to a live server or client.
    case secaggRound = "secagg-round"
    /// Signed model documents and work orders, and the configuration they carry.
    case modelDocument = "model-document"
    /// The JSON bodies of every device and admin route; the first byte picks the type.
    case requestBody = "request-body"
    /// Policy YAML, parsed, merged and validated.
    case policyYAML = "policy-yaml"

    /// Runs the target on one input. Throws nothing and must not trap.
    public func run(_ bytes: [UInt8]) {
        switch self {
        case .signedHeaders: SignedHeadersTarget.run(bytes)
        case .secaggWire: SecAggWireTarget.run(bytes)
        case .secaggRound: SecAggRoundTarget.run(bytes)
        case .modelDocument: ModelDocumentTarget.run(bytes)
        case .requestBody: RequestBodyTarget.run(bytes)
        case .policyYAML: PolicyYAMLTarget.run(bytes)
        }
    }

    /// Small valid inputs to start fuzzing from, by file name; generated from real
    /// messages so they follow the code when formats change.
    public func seeds() throws -> [(name: String, bytes: [UInt8])] {
        switch self {
        case .signedHeaders: try SignedHeadersTarget.seeds()
        case .secaggWire: try SecAggWireTarget.seeds()
        case .secaggRound: try SecAggRoundTarget.seeds()
        case .modelDocument: try ModelDocumentTarget.seeds()
        case .requestBody: RequestBodyTarget.seeds()
        case .policyYAML: try PolicyYAMLTarget.seeds()
        }
    }
}
