import ConfideCrypto
import ConfidePolicy

/// Applies a policy's field rules to an incoming record: the only way data enters the store.
///
/// Every field must be declared for the record's kind; undeclared fields are refused
/// (never silently dropped) so that a policy is updated before new data is collected.
struct RecordStripper: Sendable {
    let policy: Policy
    let pseudonymizer: Pseudonymizer
    let scanner: PIIScanner

    /// The fields to store for a record of `kindKey`, each transformed by its rule;
    /// dropped fields are absent.
    func strip(_ record: [String: JSONValue], kind kindKey: String) throws(StoreError) -> [String: JSONValue] {
        guard let kind = policy.kind(kindKey) else {
            let known = policy.kinds.map(\.key).joined(separator: ", ")
            throw StoreError(.unknownKind, "record kind '\(kindKey)' is not declared in the policy; declared kinds: \(known)")
        }
        let undeclared = record.keys.filter { kind.rule(for: $0) == nil }.sorted()
        if !undeclared.isEmpty {
            let names = undeclared.map { "'\($0)'" }.joined(separator: ", ")
            throw StoreError(.undeclaredField,
                             "record kind '\(kind.key)' has no rule for field \(names); declare a rule in the policy (\(kind.location)) or remove the field")
        }
        var stored: [String: JSONValue] = [:]
        for (field, value) in record {
            let rule = kind.rule(for: field)!
            if case .array = value { throw nested(kind.key, field, "a list") }
            if case .object = value { throw nested(kind.key, field, "an object") }
            if let result = try apply(rule.action, to: value, kind: kind.key, field: field) {
                stored[field] = result
            }
        }
        return stored
    }

    private func apply(_ action: FieldAction, to value: JSONValue, kind: String, field: String) throws(StoreError) -> JSONValue? {
        switch action {
        case .keep:
            return value
        case .drop:
            return nil
        case .pseudonymize:
            guard let text = value.textValue else { return .null }
            do {
                return .string(try pseudonymizer.pseudonym(for: text, domain: "field:\(field)"))
            } catch {
                throw StoreError(.keys, "could not pseudonymize field '\(field)' of kind '\(kind)': \(error)")
            }
        case .generalize(let generalization):
            switch Generalizer.apply(generalization, to: value) {
            case .success(let result): return result
            case .failure(let failure):
                throw StoreError(.invalidRecord, "field '\(field)' of kind '\(kind)' must be \(failure.expected), found \(value.typeName)")
            }
        case .redact:
            switch value {
            case .null: return .null
            case .string(let text): return .string(scanner.redact(text))
            default:
                throw StoreError(.invalidRecord, "field '\(field)' of kind '\(kind)' is free text to be redacted, found \(value.typeName)")
            }
        }
    }

    private func nested(_ kind: String, _ field: String, _ shape: String) -> StoreError {
        StoreError(.invalidRecord, "field '\(field)' of kind '\(kind)' holds \(shape); records are flat: declare each value as its own field")
    }
}
