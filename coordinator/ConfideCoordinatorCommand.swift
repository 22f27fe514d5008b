import ArgumentParser

/// `confide-coordinator`: the coordinator server (`serve`) and the privacy
/// administration commands. Output meant for programs is JSON on standard output; errors go
/// to standard error with a non-zero exit status.
@main
struct ConfideCoordinatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "confide-coordinator",
        abstract: "Confide's coordinator and privacy administration.",
        subcommands: [
            ServeCommand.self,
            SubjectCommand.self,
            ConsentCommand.self,
            PolicyCommand.self,
            StoreCommand.self,
            PIICommand.self,
        ]
    )
}
