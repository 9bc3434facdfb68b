import ArgumentParser

/// The `metorigin` command line: a thin shell over the library modules. Each subcommand lives
/// in its own file under `Commands/` and only parses arguments, calls the library, and prints.
@main
struct MetOrigin: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metorigin",
        abstract: "Primary-site classification of brain metastases from whole-brain MRI.",
        subcommands: [
            DoctorCommand.self,
            BenchCommand.self,
            CohortCommand.self,
            CVCommand.self,
            EvaluateCommand.self,
            InfoCommand.self,
            ModelsCommand.self,
            ConvertCommand.self,
            ResampleCommand.self,
            RTStructCommand.self,
            SegmentCommand.self,
            TransferCommand.self,
            PairingCommand.self,
            RadiomicsCommand.self,
            BundleCommand.self,
        ]
    )

    static func main() async {
        OpenMPWaitPolicy.ensureSet()
        await main(nil)
    }
}
