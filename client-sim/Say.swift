import Foundation

/// Writes one line to standard output at once (unbuffered), so round lines appear as they
/// happen even when the output goes to a file or through `tee`.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
