import ArgumentParser

/// `confide-client-sim`: simulates many devices training with a coordinator over HTTP.
@main
struct ConfideClientSim: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "confide-client-sim",
        abstract: "Simulate many Confide devices training segments and recommendations with a coordinator, and personalizing on the device.",
        subcommands: [RunCommand.self, RehearseCommand.self, PrivacyUtilityCommand.self, RecommendCommand.self, EvaluateCommand.self]
    )
}
