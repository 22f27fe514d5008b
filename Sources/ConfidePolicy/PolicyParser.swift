/// Turns the YAML tree of one policy file into a ``PolicyFragment``, reporting every
/// problem with its location and what was expected.
struct PolicyParser {
    let log: DiagnosticLog

    /// Keys of purposes and record kinds: lowercase letters, digits, `_` and `-`, starting with a letter.
    static func isValidKey(_ key: String) -> Bool {
        guard let first = key.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
        return key.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" }
    }

    /// Field names: ASCII letters, digits and `_`, not starting with a digit.
    static func isValidFieldName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, !("0"..."9").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_"
        }
    }

    func parse(_ root: YAMLNode, file: String) -> PolicyFragment {
        var fragment = PolicyFragment(file: file)
        guard var top = log.mapping(root, "", what: "a policy") else { return fragment }
        fragment.declared = Set(top.entries.map(\.key))
        fragment.sections = top.entries.map { ($0.key, $0.keyLocation) }
        if let node = top.optional("version"), let value = log.text(node, "version", expected: "a policy version") {
            fragment.version = .init(value: value, location: node.location)
        }
        if let node = top.optional("controller"), let value = controller(node) {
            fragment.controller = .init(value: value, location: node.location)
        }
        if let node = top.optional("subject_categories"),
           let list = log.textList(node, "subject_categories", expected: "categories of data subjects") {
            fragment.subjectCategories = .init(value: list.map(\.0), location: node.location)
        }
        if let node = top.optional("purposes") { fragment.purposes = purposes(node) }
        if let node = top.optional("kinds") { fragment.kinds = kinds(node) }
        if let node = top.optional("recipients") { fragment.recipients = recipients(node) }
        if let node = top.optional("security_measures"),
           let list = log.textList(node, "security_measures", expected: "security measures") {
            fragment.securityMeasures = .init(value: list.map(\.0), location: node.location)
        }
        if let node = top.optional("training"), let value = training(node) {
            fragment.training = .init(value: value, location: node.location)
        }
        if let node = top.optional("requests"), let value = requests(node) {
            fragment.requests = .init(value: value, location: node.location)
        }
        if let node = top.optional("consent"), let value = consent(node) {
            fragment.consent = .init(value: value, location: node.location)
        }
        top.finish()
        return fragment
    }

    private func controller(_ node: YAMLNode) -> Controller? {
        guard var map = log.mapping(node, "controller", what: "the controller") else { return nil }
        let name = map.required("name", expected: "the controller's legal name").flatMap { log.text($0, "controller.name") }
        let contact = map.required("contact", expected: "an address for data-subject requests")
            .flatMap { log.text($0, "controller.contact", expected: "an e-mail address or URL") }
        let address = map.optional("address").flatMap { log.text($0, "controller.address") }
        let dpo = map.optional("dpo").flatMap { log.text($0, "controller.dpo", expected: "the DPO's contact") }
        map.finish()
        guard let name, let contact else { return nil }
        return Controller(name: name, contact: contact, address: address, dpo: dpo)
    }

    private func purposes(_ node: YAMLNode) -> [Purpose] {
        guard let map = log.mapping(node, "purposes", what: "purposes keyed by name") else { return [] }
        return map.entries.compactMap { entry in
            let path = "purposes.\(entry.key)"
            if !Self.isValidKey(entry.key) {
                log.report(entry.keyLocation, path, "expected a purpose key of lowercase letters, digits, '_' or '-', starting with a letter")
            }
            guard var purpose = log.mapping(entry.value, path, what: "a purpose") else { return nil }
            let description = purpose.required("description", expected: "what the purpose is")
                .flatMap { log.text($0, "\(path).description") }
            let basis = purpose.required("lawful_basis", expected: "the GDPR Art. 6(1) basis").flatMap {
                log.choice($0, "\(path).lawful_basis", from: LawfulBasis.allCases.map(\.rawValue), what: "a lawful basis")
            }.flatMap(LawfulBasis.init(rawValue:))
            let categories = purpose.required("data_categories", expected: "the categories of data processed")
                .flatMap { log.textList($0, "\(path).data_categories", expected: "data categories") }
            let retention = purpose.required("retention_days", expected: "how many days data is kept")
                .flatMap { log.integer($0, "\(path).retention_days", in: 1...36_500, expected: "a whole number of days from 1 to 36500") }
            var tasks: [TrainingTask] = []
            if let tasksNode = purpose.optional("tasks"),
               let names = log.textList(tasksNode, "\(path).tasks", expected: "training tasks") {
                for (name, location) in names {
                    if let task = TrainingTask(rawValue: name) {
                        tasks.append(task)
                    } else {
                        log.report(location, "\(path).tasks", "unknown training task '\(name)'; expected one of: \(TrainingTask.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                }
            }
            let notice = purpose.optional("notice").flatMap { log.text($0, "\(path).notice", expected: "the consent notice text") }
            var retrain: Int?
            if let node = purpose.optional("retrain_every_days") {
                retrain = log.integer(node, "\(path).retrain_every_days", in: 1...3_650, expected: "a whole number of days from 1 to 3650")
                if tasks.isEmpty {
                    log.report(node.location, "\(path).retrain_every_days", "a purpose without training tasks has no model to retrain; remove retrain_every_days or add tasks")
                }
            }
            purpose.finish()
            guard let description, let basis, let categories, let retention else { return nil }
            return Purpose(key: entry.key, description: description, lawfulBasis: basis, dataCategories: categories.map(\.0),
                           retentionDays: retention, tasks: tasks, notice: notice, retrainEveryDays: retrain,
                           location: entry.keyLocation)
        }
    }

    private func kinds(_ node: YAMLNode) -> [RecordKind] {
        guard let map = log.mapping(node, "kinds", what: "record kinds keyed by name") else { return [] }
        return map.entries.compactMap { entry in
            let path = "kinds.\(entry.key)"
            if !Self.isValidKey(entry.key) {
                log.report(entry.keyLocation, path, "expected a kind key of lowercase letters, digits, '_' or '-', starting with a letter")
            }
            guard var kind = log.mapping(entry.value, path, what: "a record kind") else { return nil }
            let description = kind.required("description", expected: "what a record of this kind is")
                .flatMap { log.text($0, "\(path).description") }
            let source = kind.required("source", expected: "where the data comes from")
                .flatMap { log.text($0, "\(path).source") }
            let purposes = kind.required("purposes", expected: "the purposes this data is held for")
                .flatMap { log.textList($0, "\(path).purposes", expected: "purpose keys") }
            let fields = kind.required("fields", expected: "a rule for every field").map { fieldRules($0, path: "\(path).fields") }
            kind.finish()
            guard let description, let source, let purposes, let fields else { return nil }
            return RecordKind(key: entry.key, description: description, source: source, purposes: purposes.map(\.0),
                              fields: fields, location: entry.keyLocation)
        }
    }

    private func fieldRules(_ node: YAMLNode, path: String) -> [FieldRule] {
        guard let map = log.mapping(node, path, what: "field rules keyed by field name") else { return [] }
        if map.entries.isEmpty { log.report(node.location, path, "a record kind needs a rule for at least one field") }
        return map.entries.compactMap { entry in
            let fieldPath = "\(path).\(entry.key)"
            if !Self.isValidFieldName(entry.key) {
                log.report(entry.keyLocation, fieldPath, "expected a field name of ASCII letters, digits and '_', not starting with a digit")
            }
            guard let action = FieldRuleParser(log: log).action(entry.value, path: fieldPath, keyLocation: entry.keyLocation) else { return nil }
            return FieldRule(field: entry.key, action: action, location: entry.keyLocation)
        }
    }

    private func recipients(_ node: YAMLNode) -> [Recipient] {
        guard case .sequence(let items) = node.content else {
            log.report(node.location, "recipients", "expected a list of recipients, found \(node.shapeDescription)")
            return []
        }
        return items.enumerated().compactMap { index, item in
            let path = "recipients[\(index)]"
            guard var map = log.mapping(item, path, what: "a recipient") else { return nil }
            let name = map.required("name", expected: "the recipient or category").flatMap { log.text($0, "\(path).name") }
            let role = map.required("role", expected: "internal, processor or third_party").flatMap {
                log.choice($0, "\(path).role", from: Recipient.Role.allCases.map(\.rawValue), what: "a recipient role")
            }.flatMap(Recipient.Role.init(rawValue:))
            let purposes = map.required("purposes", expected: "the purposes data is disclosed for")
                .flatMap { log.textList($0, "\(path).purposes", expected: "purpose keys") }
            let location = map.optional("location").flatMap { log.text($0, "\(path).location", expected: "a country or region") }
            let safeguards = map.optional("safeguards").flatMap { log.text($0, "\(path).safeguards") }
            map.finish()
            guard let name, let role, let purposes else { return nil }
            return Recipient(name: name, role: role, purposes: purposes.map(\.0), location: location, safeguards: safeguards,
                             sourceLocation: item.location)
        }
    }

    private func training(_ node: YAMLNode) -> TrainingLimits? {
        guard var map = log.mapping(node, "training", what: "training limits") else { return nil }
        let cohort = map.required("min_cohort", expected: "the smallest cohort a round may aggregate")
            .flatMap { log.integer($0, "training.min_cohort", in: 2...10_000_000, expected: "a whole number of devices, at least 2") }
        let epsilon = map.required("epsilon_budget", expected: "the total ε budget").flatMap {
            log.number($0, "training.epsilon_budget", expected: "a positive ε", where: { $0 > 0 })
        }
        let delta = map.required("delta", expected: "the δ of the (ε, δ) guarantee").flatMap {
            log.number($0, "training.delta", expected: "a δ strictly between 0 and 1", where: { $0 > 0 && $0 < 1 })
        }
        let clip = map.required("clip_norm", expected: "the L2 clipping norm").flatMap {
            log.number($0, "training.clip_norm", expected: "a positive clipping norm", where: { $0 > 0 })
        }
        let sigma = map.required("noise_multiplier", expected: "the Gaussian noise multiplier").flatMap {
            log.number($0, "training.noise_multiplier", expected: "a positive noise multiplier", where: { $0 > 0 })
        }
        let devices = map.optional("max_devices_per_subject").flatMap {
            log.integer($0, "training.max_devices_per_subject", in: 1...100, expected: "a whole number of devices from 1 to 100")
        } ?? 5
        map.finish()
        guard let cohort, let epsilon, let delta, let clip, let sigma else { return nil }
        return TrainingLimits(minCohort: cohort, epsilonBudget: epsilon, delta: delta, clipNorm: clip, noiseMultiplier: sigma,
                              maxDevicesPerSubject: devices, location: node.location)
    }

    private func requests(_ node: YAMLNode) -> RequestDeadlines? {
        guard var map = log.mapping(node, "requests", what: "request deadlines") else { return nil }
        let access = map.required("access_due_days", expected: "days to answer an access request")
            .flatMap { log.integer($0, "requests.access_due_days", in: 1...90, expected: "a whole number of days from 1 to 90") }
        let erasure = map.required("erasure_due_days", expected: "days to complete an erasure request")
            .flatMap { log.integer($0, "requests.erasure_due_days", in: 1...90, expected: "a whole number of days from 1 to 90") }
        map.finish()
        guard let access, let erasure else { return nil }
        return RequestDeadlines(accessDays: access, erasureDays: erasure, location: node.location)
    }

    private func consent(_ node: YAMLNode) -> ConsentSettings? {
        guard var map = log.mapping(node, "consent", what: "consent settings") else { return nil }
        let channels = map.required("channels", expected: "the channels consent is collected through")
            .flatMap { log.textList($0, "consent.channels", expected: "channel names") }
        let methods = map.required("methods", expected: "the methods of giving consent")
            .flatMap { log.textList($0, "consent.methods", expected: "method names") }
        let validity = map.optional("validity_days")
            .flatMap { log.integer($0, "consent.validity_days", in: 1...36_500, expected: "a whole number of days from 1 to 36500") }
        map.finish()
        guard let channels, let methods else { return nil }
        return ConsentSettings(channels: channels.map(\.0), methods: methods.map(\.0), validityDays: validity,
                               location: node.location)
    }
}
