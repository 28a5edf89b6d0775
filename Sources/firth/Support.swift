import Foundation
import FirthKit

/// Writes one line to standard error (messages, warnings; never results).
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
