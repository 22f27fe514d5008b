/// Static checks on a merged policy: references to unknown purposes, tasks claimed by two
/// purposes, consent purposes without a notice, and budgets that give no meaningful guarantee.
struct PolicyValidator {
    let log: DiagnosticLog

    /// ε above this gives no meaningful protection; δ at or above this leaks whole records.
    static let maximumEpsilon = 100.0
    static let maximumDelta = 0.01

    func validate(_ policy: Policy) {
        let purposeKeys = policy.purposes.map(\.key)
        let known = purposeKeys.joined(separator: ", ")
        for kind in policy.kinds {
            if kind.purposes.isEmpty {
                log.report(kind.location, "kinds.\(kind.key).purposes", "a record kind must be held for at least one purpose")
            }
            for purpose in kind.purposes where !purposeKeys.contains(purpose) {
                log.report(kind.location, "kinds.\(kind.key).purposes", "unknown purpose '\(purpose)'; declared purposes: \(known)")
            }
        }
        for recipient in policy.recipients {
            for purpose in recipient.purposes where !purposeKeys.contains(purpose) {
                log.report(recipient.sourceLocation, "recipients.\(recipient.name).purposes",
                           "unknown purpose '\(purpose)'; declared purposes: \(known)")
            }
        }
        var taskOwner: [TrainingTask: String] = [:]
        for purpose in policy.purposes {
            for task in purpose.tasks {
                if let owner = taskOwner[task], owner != purpose.key {
                    log.report(purpose.location, "purposes.\(purpose.key).tasks",
                               "task '\(task.rawValue)' is already allowed by purpose '\(owner)'; each task belongs to one purpose")
                }
                taskOwner[task] = purpose.key
            }
            if purpose.lawfulBasis.requiresConsent && purpose.notice == nil {
                log.report(purpose.location, "purposes.\(purpose.key).notice",
                           "a purpose based on consent needs the notice text shown to the subject (its hash is recorded with each grant)")
            }
        }
        let training = policy.training
        if training.epsilonBudget > Self.maximumEpsilon {
            log.report(training.location, "training.epsilon_budget",
                       "an ε budget of \(training.epsilonBudget) gives no meaningful guarantee; expected at most \(Self.maximumEpsilon)")
        }
        if training.delta >= Self.maximumDelta {
            log.report(training.location, "training.delta",
                       "a δ of \(training.delta) can leak whole records; expected below \(Self.maximumDelta) (and below 1/number of subjects)")
        }
        if policy.consent.channels.isEmpty {
            log.report(policy.consent.location, "consent.channels", "expected at least one consent channel")
        }
        if policy.consent.methods.isEmpty {
            log.report(policy.consent.location, "consent.methods", "expected at least one consent method")
        }
    }
}
