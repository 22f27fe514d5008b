/// Runs an async operation over many inputs with at most `limit` in flight, keeping order.
enum Concurrently {
    static func map<Input: Sendable, Output: Sendable>(_ inputs: [Input], limit: Int,
                                                      _ operation: @escaping @Sendable (Input) async throws -> Output) async throws -> [Output] {
        try await withThrowingTaskGroup(of: (Int, Output).self) { group in
            var results = [Output?](repeating: nil, count: inputs.count)
            var next = 0
            for _ in 0..<min(limit, inputs.count) {
                let index = next
                group.addTask { (index, try await operation(inputs[index])) }
                next += 1
            }
            while let (index, output) = try await group.next() {
                results[index] = output
                if next < inputs.count {
                    let index = next
                    group.addTask { (index, try await operation(inputs[index])) }
                    next += 1
                }
            }
            return results.map { $0! }
        }
    }
}
