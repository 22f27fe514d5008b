import ConfideCrypto

extension SecAggClient {
    /// Stage 4: reveals, for each neighbour that shared keys, the share of its self-mask
    /// seed if it survived or the share of its mask key if it dropped, never both.
    ///
    /// Refuses (``AggregationError/Kind/refusedRequest``) a request that lists a neighbour
    /// as both survived and dropped, does not account for exactly the neighbours that
    /// delivered shares, lists fewer than t survivors, or differs from a request already
    /// answered. Repeating the answered request returns the same response, so transports
    /// may retry.
    public mutating func unmask(_ request: UnmaskRequest) throws(AggregationError) -> UnmaskResponse {
        if stage == .finished, let answered = answeredRequest {
            guard answered.request == request else {
                throw AggregationError(.refusedRequest,
                                       "this device already answered a different unmask request; answering another could reveal both secrets of a neighbour",
                                       device: id)
            }
            return answered.response
        }
        try expect(.sentInput, "answer an unmask request")
        try checkAddressed(request.roundID, request.recipient, .unmaskRequest)
        let held = heldShares
        for (name, list) in [("survivor", request.survivors), ("dropped", request.dropped)] {
            guard zip(list, list.dropFirst()).allSatisfy({ $0 < $1 }) else {
                throw AggregationError(.malformedMessage, "the \(name) list must be strictly ascending")
            }
        }
        let survivors = Set(request.survivors)
        if let both = request.dropped.first(where: { survivors.contains($0) }) {
            throw AggregationError(.refusedRequest,
                                   "the request lists neighbour \(both) as both survived and dropped; revealing both of its secrets would expose its input",
                                   device: id)
        }
        let listed = survivors.union(request.dropped)
        guard listed == Set(held.keys) else {
            throw AggregationError(.refusedRequest, """
                the request must account for exactly the \(held.count) neighbours that delivered shares to this device; \
                it lists \(listed.count), of which \(listed.subtracting(held.keys).count) never did
                """, device: id)
        }
        let t = configuration.threshold
        guard request.survivors.count >= t else {
            throw AggregationError(.refusedRequest,
                                   "only \(request.survivors.count) neighbours are listed as survivors, fewer than the threshold \(t)", device: id)
        }
        let size = EncryptedShares.shareByteCount
        // Revealed shares go on the wire, so they leave secure memory here and only here.
        let selfShares = request.survivors.map { owner in
            UnmaskResponse.RevealedShare(owner: owner, bytes: held[owner]!.withUnsafeBytes { Array($0[0..<size]) })
        }
        let keyShares = request.dropped.map { owner in
            UnmaskResponse.RevealedShare(owner: owner, bytes: held[owner]!.withUnsafeBytes { Array($0[size..<(2 * size)]) })
        }
        let unsigned = UnmaskResponse.unsignedBytes(roundID: configuration.roundID, sender: index,
                                                        selfMaskShares: selfShares, maskKeyShares: keyShares)
        let signature = try Signing.sign(unsigned, with: signingIdentity, configuration)
        let response = UnmaskResponse(roundID: configuration.roundID, sender: index, selfMaskShares: selfShares,
                                      maskKeyShares: keyShares, unsignedBytes: unsigned, signature: signature)
        recordAnswer(request, response)
        return response
    }
}
