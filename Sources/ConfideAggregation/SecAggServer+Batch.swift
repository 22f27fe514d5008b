extension SecAggServer {
    /// Receives `messages` as if one by one, but verifies their signatures (the costly,
    /// stateless part) in parallel. State checks run before verification and again just
    /// before each message is applied, so two messages from one sender in a batch are
    /// handled exactly as they would be in sequence.
    mutating func receiveBatch<Message: Sendable>(
        _ messages: [Message], workers: Int?,
        check: (SecAggServer, Message) throws(AggregationError) -> Void,
        verify: @escaping @Sendable (Message, RoundConfiguration) throws(AggregationError) -> Void,
        apply: (inout SecAggServer, Message) -> Void
    ) -> [AggregationError?] {
        var outcomes = [AggregationError?](repeating: nil, count: messages.count)
        var candidates: [Int] = []
        for index in messages.indices {
            do throws(AggregationError) {
                try check(self, messages[index])
                candidates.append(index)
            } catch {
                outcomes[index] = error
            }
        }
        let configuration = configuration
        let candidateList = candidates
        let verdicts = (try? Parallel.map(candidateList.count, workers: max(1, workers ?? Parallel.availableCores)) { slot -> AggregationError? in
            do throws(AggregationError) {
                try verify(messages[candidateList[slot]], configuration)
                return nil
            } catch {
                return error
            }
        }) ?? []
        for (slot, index) in candidates.enumerated() {
            if let rejection = verdicts[slot] {
                outcomes[index] = rejection
                continue
            }
            do throws(AggregationError) {
                try check(self, messages[index])
                apply(&self, messages[index])
            } catch {
                outcomes[index] = error
            }
        }
        return outcomes
    }
}
