import Foundation

/// Ctrl-C during a long run (`cv`, `segment train`, `cohort generate`): prints that the run was
/// interrupted and how to continue it, and exits with 130 (128 + SIGINT, the shell's convention).
/// Every file these commands write is written atomically, so what is on disk stays usable; the
/// message is prepared before the signal can arrive because a signal handler may only write
/// bytes and exit.
enum InterruptHandler {
    /// The message, as bytes the handler can write without allocating.
    nonisolated(unsafe) private static var message: UnsafeMutableBufferPointer<UInt8>?

    /// Installs the handler; `advice` says how to continue (e.g. the command with `--resume`).
    static func install(advice: String) {
        let text = "\ninterrupted: " + advice + "\n"
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: text.utf8.count)
        _ = buffer.initialize(from: text.utf8)
        message = buffer
        signal(SIGINT) { _ in
            if let m = InterruptHandler.message, let base = m.baseAddress { _ = write(STDERR_FILENO, base, m.count) }
            _exit(130)
        }
    }

    /// The command line this process was started with, quoted for a POSIX shell, with `flag`
    /// appended when it is not already there.
    static func commandLine(adding flag: String? = nil) -> String {
        var arguments = CommandLine.arguments
        if let flag, !arguments.contains(flag) { arguments.append(flag) }
        return arguments.map(quoted).joined(separator: " ")
    }

    /// `argument` as a shell word: unchanged when it holds only safe characters, else in single quotes.
    static func quoted(_ argument: String) -> String {
        let safe = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=,:+@%")
        if !argument.isEmpty, argument.unicodeScalars.allSatisfy(safe.contains) { return argument }
        return "'" + argument.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
