import ConfideFuzzTargets
import Foundation
#if FUZZING
import CLibFuzzer
#endif

/// `confide-fuzz`: replays and seeds the fuzz corpora, or, built with `-DFUZZING` and
/// `-sanitize=fuzzer,address`, runs libFuzzer on the target named by `CONFIDE_FUZZ_TARGET`.
///
/// libFuzzer is started through `LLVMFuzzerRunDriver` from this program's own `main`
/// because SwiftPM links every executable with `--defsym main=<module>_main`: a program
/// without a Swift entry point does not link (see docs/fuzzing.md).
@main
struct ConfideFuzz {
    static func main() {
        #if FUZZING
        fuzz()
        #else
        let arguments = Array(CommandLine.arguments.dropFirst())
        do {
            switch arguments.first {
            case "replay" where arguments.count >= 3: exit(try replay(arguments[1], Array(arguments.dropFirst(2))))
            case "seed" where arguments.count == 2: try seed(into: arguments[1])
            case "list": print(FuzzTarget.allCases.map(\.rawValue).joined(separator: "\n"))
            default: usage()
            }
        } catch {
            FileHandle.standardError.write(Data("confide-fuzz: \(error)\n".utf8))
            exit(1)
        }
        #endif
    }

    static func usage() -> Never {
        FileHandle.standardError.write(Data("""
            usage: confide-fuzz replay TARGET FILE_OR_DIR...   run every input through TARGET
                   confide-fuzz seed CORPUS_DIR                write each target's seeds to CORPUS_DIR/TARGET
                   confide-fuzz list                           name the targets

            """.utf8))
        exit(2)
    }

    static func target(_ name: String) -> FuzzTarget {
        guard let target = FuzzTarget(rawValue: name) else {
            FileHandle.standardError.write(Data("confide-fuzz: unknown target '\(name)'; targets: \(FuzzTarget.allCases.map(\.rawValue).joined(separator: ", "))\n".utf8))
            exit(2)
        }
        return target
    }

    /// Runs every file under `paths` through the target; a trap ends the process, which is the failure.
    static func replay(_ name: String, _ paths: [String]) throws -> Int32 {
        let target = target(name)
        var count = 0
        for path in paths {
            for file in try inputFiles(path) {
                target.run(Array(try Data(contentsOf: URL(fileURLWithPath: file))))
                count += 1
            }
        }
        print("\(name): replayed \(count) inputs")
        return 0
    }

    static func inputFiles(_ path: String) throws -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return [] }
        guard isDirectory.boolValue else { return [path] }
        return try FileManager.default.contentsOfDirectory(atPath: path).filter { !$0.hasPrefix(".") }.sorted()
            .map { (path as NSString).appendingPathComponent($0) }
    }

    /// Writes every target's seeds, replacing what was there, so the committed corpus follows the formats.
    static func seed(into directory: String) throws {
        for target in FuzzTarget.allCases {
            let folder = URL(fileURLWithPath: directory).appendingPathComponent(target.rawValue)
            try? FileManager.default.removeItem(at: folder)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let seeds = try target.seeds()
            for seed in seeds { try Data(seed.bytes).write(to: folder.appendingPathComponent(seed.name)) }
            print("\(target.rawValue): \(seeds.count) seeds")
        }
    }

    #if FUZZING
    /// Hands control to libFuzzer; its flags (`-max_total_time`, corpus folders…) pass through.
    static func fuzz() -> Never {
        let name = ProcessInfo.processInfo.environment["CONFIDE_FUZZ_TARGET"] ?? ""
        selected = target(name)
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in
            ConfideFuzz.selected?.run(size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size)))
            return 0
        })
    }

    // Written once before libFuzzer starts, read on its single fuzzing thread.
    nonisolated(unsafe) static var selected: FuzzTarget?
    #endif
}
