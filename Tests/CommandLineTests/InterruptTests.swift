import Foundation
import Testing

/// Ctrl-C during a long command: the process says it was interrupted and how to continue, and
/// exits with 130. Runs the `metorigin` binary built beside this test bundle.
@Suite struct InterruptTests {
    /// The built executable, next to the test bundle in the build folder.
    static var binary: String? {
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        let path = exe.deletingLastPathComponent().appendingPathComponent("metorigin").path
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }

    @Test func ctrlCDuringCohortGenerationSaysHowToStartAgainAndExits130() throws {
        guard let binary = Self.binary else {
            print("skipped: no metorigin executable beside the test bundle (swift build --build-tests builds it)")
            return
        }
        let folder = NSTemporaryDirectory() + "metorigin-interrupt-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["cohort", "generate", "--patients", "400", "--anatomy", "phantom", "--out", folder + "/cohort"]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        // Interrupt once generation has begun (the output folder exists), not while the binary loads.
        let started = Date().addingTimeInterval(120)
        while process.isRunning, !FileManager.default.fileExists(atPath: folder + "/cohort"), Date() < started {
            Thread.sleep(forTimeInterval: 0.1)
        }
        #expect(process.isRunning, "the cohort finished before it could be interrupted")
        kill(process.processIdentifier, SIGINT)
        let deadline = Date().addingTimeInterval(20)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationReason == .exit && process.terminationStatus == 130, "\(process.terminationStatus): \(text)")
        #expect(text.contains("interrupted: the cohort in \(folder)/cohort is incomplete") && text.contains("--force"), "\(text)")
    }
}
