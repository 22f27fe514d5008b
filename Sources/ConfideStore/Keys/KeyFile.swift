import ConfideCrypto
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The key file: three lines `name = 64 hex digits` (`pepper`, `master_key`, `signing_key`),
/// readable by its owner only.
///
/// It is written to a temporary file created with `O_CREAT | O_EXCL` and mode 0600, synced,
/// then linked into place with `link(2)`, which fails if the file exists: two processes
/// starting at once never both create it, and nobody ever reads a half-written key file.
/// It is refused if group or others may read it. Key bytes are
/// decoded straight into secure memory and the file buffer is zeroed after reading.
struct KeyFile {
    static let names = ["pepper", "master_key", "signing_key"]
    let path: String

    func loadOrCreate() throws(StoreError) -> StoreKeys {
        if FileManager.default.fileExists(atPath: path) { return try load() }
        do {
            return try create()
        } catch let error where error.kind == .conflict {
            return try load()     // another process created it first
        }
    }

    func load() throws(StoreError) -> StoreKeys {
        var status = stat()
        guard stat(path, &status) == 0 else { throw StoreError(.keys, "cannot read the key file \(path)") }
        if status.st_mode & 0o077 != 0 {
            throw StoreError(.keys, "the key file \(path) may be read by others (mode \(String(status.st_mode & 0o777, radix: 8))); run: chmod 600 \(path)")
        }
        guard var contents = FileManager.default.contents(atPath: path).map({ [UInt8]($0) }) else {
            throw StoreError(.keys, "cannot read the key file \(path)")
        }
        defer { contents.withUnsafeMutableBytes { SecureBytes.zero($0) } }
        var secrets: [String: SecureBytes] = [:]
        for line in contents.split(separator: UInt8(ascii: "\n")) where line.first != UInt8(ascii: "#") {
            guard let equals = line.firstIndex(of: UInt8(ascii: "=")) else { continue }
            let name = String(decoding: line[..<equals], as: UTF8.self).trimmingCharacters(in: .whitespaces)
            guard Self.names.contains(name) else {
                throw StoreError(.keys, "the key file \(path) has an unknown entry '\(name)'; expected \(Self.names.joined(separator: ", "))")
            }
            let value = Array(line[line.index(after: equals)...]).filter { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\r") }
            secrets[name] = try Self.decodeKey(value, name: name, source: path)
        }
        let ordered = Self.names.compactMap { secrets[$0] }
        guard ordered.count == Self.names.count else {
            let missing = Self.names.filter { secrets[$0] == nil }.joined(separator: ", ")
            throw StoreError(.keys, "the key file \(path) lacks \(missing)")
        }
        return try StoreKeys.assemble(ordered, source: path)
    }

    private func create() throws(StoreError) -> StoreKeys {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                     attributes: [.posixPermissions: 0o700])
        }
        let temporary = "\(path).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else {
            throw StoreError(.keys, "cannot create the key file \(path): \(String(cString: strerror(errno)))")
        }
        defer { unlink(temporary) }
        var text = Array("# Confide keys. Keep secret and backed up: without them stored payloads cannot be read.\n".utf8)
        defer { text.withUnsafeMutableBytes { SecureBytes.zero($0) } }
        var secrets: [SecureBytes] = []
        do {
            for name in Self.names {
                let secret = try SecureBytes.random(count: 32)
                secrets.append(secret)
                text += Array("\(name) = ".utf8)
                secret.withUnsafeBytes { bytes in
                    for byte in bytes { text += [Self.hexDigit(byte >> 4), Self.hexDigit(byte & 0x0F)] }
                }
                text.append(UInt8(ascii: "\n"))
            }
        } catch {
            close(descriptor)
            throw StoreError(.keys, "cannot generate keys: \(error)")
        }
        let written = text.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        let synced = fsync(descriptor) == 0
        close(descriptor)
        guard written == text.count, synced else {
            throw StoreError(.keys, "cannot write the key file \(path): \(String(cString: strerror(errno)))")
        }
        guard link(temporary, path) == 0 else {
            if errno == EEXIST { throw StoreError(.conflict, "the key file \(path) already exists") }
            throw StoreError(.keys, "cannot create the key file \(path): \(String(cString: strerror(errno)))")
        }
        return try StoreKeys.assemble(secrets, source: path)
    }

    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// Decodes 64 hex digits into 32 bytes of secure memory.
    static func decodeKey(_ hex: [UInt8], name: String, source: String) throws(StoreError) -> SecureBytes {
        guard hex.count == 64 else {
            throw StoreError(.keys, "\(name) in \(source) must be 64 hex digits, got \(hex.count) characters")
        }
        do {
            return try SecureBytes(count: 32) { buffer in
                for index in 0..<32 {
                    guard let high = nibble(hex[2 * index]), let low = nibble(hex[2 * index + 1]) else {
                        throw StoreError(.keys, "\(name) in \(source) is not hex")
                    }
                    buffer[index] = high << 4 | low
                }
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.keys, "cannot hold \(name) in secure memory: \(error)")
        }
    }
}
