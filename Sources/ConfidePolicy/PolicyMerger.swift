/// Merges the fragments of several policy files into one ``Policy``, reporting sections
/// declared twice and required sections declared nowhere.
struct PolicyMerger {
    let log: DiagnosticLog

    func merge(_ fragments: [PolicyFragment], files: [String]) -> Policy? {
        let start = SourceLocation(file: files.first ?? "policy", line: 1, column: 1)
        let declared = fragments.reduce(into: Set<String>()) { $0.formUnion($1.declared) }
        let version = single("version", "the policy version", fragments.map(\.version), declared, start: start)
        let controller = single("controller", "the controller", fragments.map(\.controller), declared, start: start)
        let training = single("training", "the training limits", fragments.map(\.training), declared, start: start)
        let requests = single("requests", "the request deadlines", fragments.map(\.requests), declared, start: start)
        let consent = single("consent", "the consent settings", fragments.map(\.consent), declared, start: start)
        let categories = optionalSingle("subject_categories", fragments.map(\.subjectCategories))
        let measures = optionalSingle("security_measures", fragments.map(\.securityMeasures))

        let purposes = unique(fragments.flatMap(\.purposes), key: \.key, location: \.location, section: "purposes")
        let kinds = unique(fragments.flatMap(\.kinds), key: \.key, location: \.location, section: "kinds")
        if purposes.isEmpty && !declared.contains("purposes") { log.report(start, "purposes", "no policy file declares any purpose; expected at least one under 'purposes'") }
        if kinds.isEmpty && !declared.contains("kinds") { log.report(start, "kinds", "no policy file declares any record kind; expected at least one under 'kinds'") }

        guard let version, let controller, let training, let requests, let consent else { return nil }
        var sections: [String: SourceLocation] = [:]
        for fragment in fragments {
            for section in fragment.sections where sections[section.key] == nil { sections[section.key] = section.location }
        }
        return Policy(version: version, controller: controller, subjectCategories: categories ?? [], purposes: purposes,
                      kinds: kinds, recipients: fragments.flatMap(\.recipients), securityMeasures: measures ?? [],
                      training: training, requests: requests, consent: consent, files: files, sections: sections)
    }

    private func single<Value>(_ key: String, _ what: String, _ values: [PolicyFragment.Located<Value>?],
                               _ declared: Set<String>, start: SourceLocation) -> Value? {
        let present = values.compactMap { $0 }
        guard let first = present.first else {
            // A section that is present but invalid has been reported where it is.
            if !declared.contains(key) { log.report(start, key, "no policy file declares '\(key)' (\(what))") }
            return nil
        }
        for again in present.dropFirst() {
            log.report(again.location, key, "'\(key)' is declared again; it was first declared at \(first.location)")
        }
        return first.value
    }

    private func optionalSingle<Value>(_ key: String, _ values: [PolicyFragment.Located<Value>?]) -> Value? {
        let present = values.compactMap { $0 }
        for again in present.dropFirst() {
            log.report(again.location, key, "'\(key)' is declared again; it was first declared at \(present[0].location)")
        }
        return present.first?.value
    }

    private func unique<Element>(_ elements: [Element], key: KeyPath<Element, String>,
                                 location: KeyPath<Element, SourceLocation>, section: String) -> [Element] {
        var seen: [String: SourceLocation] = [:]
        var result: [Element] = []
        for element in elements {
            let name = element[keyPath: key]
            if let first = seen[name] {
                log.report(element[keyPath: location], "\(section).\(name)", "declared again; first declared at \(first)")
            } else {
                seen[name] = element[keyPath: location]
                result.append(element)
            }
        }
        return result
    }
}
