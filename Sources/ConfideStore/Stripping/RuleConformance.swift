import ConfidePolicy

/// Whether a value read back from the store is in the form its field rule produces: the
/// test an audit applies to data stored under an older policy or by a faulty writer.
///
/// A value conforms when the rule's stripping would have produced it: nothing for `drop`,
/// text with no e-mail address, phone number, card number, IP address or IBAN left for
/// `redact`, a 32-hex-digit keyed pseudonym for `pseudonymize`, and exactly the coarsened
/// form for `generalize` (an age bucket of the rule's width, a postal prefix no longer than
/// the rule's, a day or month, an address with its host bits cleared and the rule's prefix).
/// `null` conforms to every rule but `drop`.
public enum RuleConformance {
    /// How a stored value departs from its rule.
    public enum Nonconformity: Hashable, Sendable {
        /// The rule says `drop`, yet the field is stored.
        case stored
        /// The rule says `redact`, yet the text still holds these kinds of personal data.
        case containsPII([PIIKind])
        /// The rule says `pseudonymize`, yet the value is not a pseudonym.
        case notPseudonymized
        /// The rule says `generalize`, yet the value is not in the coarsened form.
        case notGeneralized
    }

    /// The way `value` departs from `action`, or `nil` when it conforms.
    public static func check(_ value: JSONValue, against action: FieldAction,
                             scanner: PIIScanner = .standard) -> Nonconformity? {
        switch action {
        case .keep:
            return nil
        case .drop:
            return .stored
        case .redact:
            guard let text = value.textValue else { return nil }
            let kinds = scanner.scan(text).map(\.kind)
            return kinds.isEmpty ? nil : .containsPII(PIIKind.allCases.filter(kinds.contains))
        case .pseudonymize:
            guard value != .null else { return nil }
            guard case .string(let text) = value, isPseudonym(text) else { return .notPseudonymized }
            return nil
        case .generalize(let generalization):
            guard value != .null else { return nil }
            return isGeneralized(value, by: generalization) ? nil : .notGeneralized
        }
    }

    /// 32 lowercase hex digits: the keyed BLAKE2b digest `Pseudonymizer` writes.
    static func isPseudonym(_ text: String) -> Bool {
        text.utf8.count == 32 && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    /// Whether generalizing the value's underlying datum again gives back the value itself.
    static func isGeneralized(_ value: JSONValue, by generalization: Generalization) -> Bool {
        guard case .string(let text) = value else { return false }
        let source: JSONValue?
        switch generalization {
        case .ageBucket:
            // The bucket's lower bound generalizes to the bucket.
            source = Int64(text.prefix { $0 != "-" }).map(JSONValue.integer)
        case .zipPrefix:
            source = value
        case .timestamp(.day):
            source = text.utf8.count == 10 ? value : nil
        case .timestamp(.month):
            source = text.utf8.count == 7 ? .string(text + "-01") : nil
        case .ipPrefix:
            source = text.split(separator: "/", maxSplits: 1).first.map { .string(String($0)) }
        }
        guard let source, case .success(let again) = Generalizer.apply(generalization, to: source) else { return false }
        return again == value
    }
}
