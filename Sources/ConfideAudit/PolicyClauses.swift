import ConfidePolicy
import ConfideStore

/// The clauses findings cite, found in a policy.
struct PolicyClauses: Sendable {
    let policy: Policy

    /// Where a whole section is declared; the first file's start when it is not declared at all.
    func section(_ key: String, text: String) -> PolicyClause {
        PolicyClause(path: key, location: policy.sections[key] ?? start, text: text)
    }

    /// The start of the first policy file.
    var start: SourceLocation { SourceLocation(file: policy.files.first ?? "policy", line: 1, column: 1) }

    // Purposes, training limits and deadlines keep the location of their element, not of each
    // key inside it: clauses cite the element and say which key in their text.

    func purpose(_ purpose: Purpose, text: String) -> PolicyClause {
        PolicyClause(path: "purposes.\(purpose.key)", location: purpose.location, text: text)
    }

    func consentBasis(_ purpose: Purpose) -> PolicyClause {
        self.purpose(purpose, text: "lawful_basis: consent")
    }

    /// The purpose whose retention governs `kind` (the longest among its purposes).
    func retention(_ kind: RecordKind) -> PolicyClause {
        let governing = kind.purposes.compactMap(policy.purpose).max { $0.retentionDays < $1.retentionDays }
        guard let governing else {
            return PolicyClause(path: "kinds.\(kind.key)", location: kind.location, text: "purposes: none declared")
        }
        return purpose(governing, text: "retention_days: \(governing.retentionDays)")
    }

    func fields(_ kind: RecordKind) -> PolicyClause {
        PolicyClause(path: "kinds.\(kind.key)", location: kind.location, text: "fields: \(kind.fields.map(\.field).joined(separator: ", "))")
    }

    func rule(_ kind: RecordKind, _ rule: FieldRule) -> PolicyClause {
        PolicyClause(path: "kinds.\(kind.key).fields.\(rule.field)", location: rule.location,
                     text: "\(rule.field): \(Self.describe(rule.action))")
    }

    func requestDeadline(_ kind: DataSubjectRequest.Kind) -> PolicyClause {
        let days = kind == .access ? policy.requests.accessDays : policy.requests.erasureDays
        return PolicyClause(path: "requests", location: policy.sections["requests"] ?? policy.requests.location,
                            text: "\(kind.rawValue)_due_days: \(days)")
    }

    func training(text: String) -> PolicyClause {
        PolicyClause(path: "training", location: policy.sections["training"] ?? policy.training.location, text: text)
    }

    func consent(text: String) -> PolicyClause {
        PolicyClause(path: "consent", location: policy.sections["consent"] ?? policy.consent.location, text: text)
    }

    /// A rule as written in a policy.
    static func describe(_ action: FieldAction) -> String {
        switch action {
        case .keep, .drop, .pseudonymize, .redact: return action.name
        case .generalize(.ageBucket(let width)): return "generalize age, width \(width)"
        case .generalize(.zipPrefix(let length)): return "generalize zip, prefix \(length)"
        case .generalize(.timestamp(let precision)): return "generalize timestamp to \(precision.rawValue)"
        case .generalize(.ipPrefix(let ipv4, let ipv6)): return "generalize ip, /\(ipv4) and /\(ipv6)"
        }
    }
}

