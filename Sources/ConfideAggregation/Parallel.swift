import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs independent pieces of work on several cores (Dispatch's `concurrentPerform`).
enum Parallel {
    /// The number of cores online.
    static var availableCores: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

    /// Pieces of work per worker thread, for load balancing.
    static let piecesPerWorker = 8

    /// `body(i)` for every `i` in `0..<count`, on up to `workers` threads; results in order.
    /// The first error thrown (by index) is rethrown after all work has stopped.
    ///
    /// Work is cut into several pieces per worker and handed out as threads free up, so a
    /// thread the scheduler pauses (the machine is shared) delays one small piece, not half the job.
    static func map<T: Sendable>(_ count: Int, workers: Int,
                                 _ body: @Sendable (Int) throws(AggregationError) -> T) throws(AggregationError) -> [T] {
        guard count > 0 else { return [] }
        let results = ResultSlots<T>(count: count)
        let pieces = workers <= 1 ? 1 : min(count, workers * piecesPerWorker)
        let perChunk = (count + pieces - 1) / pieces
        // Rounding the piece size up can leave trailing pieces empty; do not create them.
        let chunks = (count + perChunk - 1) / perChunk
        withoutActuallyEscaping(body) { body in
            let run: @Sendable (Int) -> Void = { chunk in
                for i in (chunk * perChunk)..<min(count, (chunk + 1) * perChunk) {
                    do throws(AggregationError) {
                        results.set(i, .success(try body(i)))
                    } catch {
                        results.set(i, .failure(error))
                    }
                }
            }
            if chunks == 1 {
                run(0)
            } else {
                DispatchQueue.concurrentPerform(iterations: chunks, execute: run)
            }
        }
        return try results.collect()
    }
}

/// Write-once slots filled from several threads, each slot by exactly one thread.
private final class ResultSlots<T: Sendable>: @unchecked Sendable {
    // Each index is written by one thread and read only after concurrentPerform returns,
    // which orders every write before the reads.
    private let slots: UnsafeMutablePointer<Result<T, AggregationError>?>
    private let count: Int

    init(count: Int) {
        self.count = count
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil, count: count)
    }

    deinit {
        slots.deinitialize(count: count)
        slots.deallocate()
    }

    func set(_ index: Int, _ value: Result<T, AggregationError>) { slots[index] = value }

    func collect() throws(AggregationError) -> [T] {
        var values: [T] = []
        values.reserveCapacity(count)
        for i in 0..<count {
            switch slots[i]! {
            case .success(let value): values.append(value)
            case .failure(let error): throw error
            }
        }
        return values
    }
}
