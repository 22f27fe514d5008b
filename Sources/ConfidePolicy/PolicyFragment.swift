/// What one policy file declares; several fragments merge into one ``Policy``.
struct PolicyFragment {
    /// A value with the location of its key.
    struct Located<Value> {
        let value: Value
        let location: SourceLocation
    }

    let file: String
    /// Top-level keys present in the file, valid or not: a section that failed to parse is
    /// not reported missing as well.
    var declared: Set<String> = []
    /// Where each top-level key is, in file order.
    var sections: [(key: String, location: SourceLocation)] = []
    var version: Located<String>?
    var controller: Located<Controller>?
    var subjectCategories: Located<[String]>?
    var purposes: [Purpose] = []
    var kinds: [RecordKind] = []
    var recipients: [Recipient] = []
    var securityMeasures: Located<[String]>?
    var training: Located<TrainingLimits>?
    var requests: Located<RequestDeadlines>?
    var consent: Located<ConsentSettings>?

    init(file: String) {
        self.file = file
    }
}
