import ConfideCrypto

extension SecAggClient {
    /// Stage 5, the consistency check: signs the set of devices whose input is in the sum.
    ///
    /// The device signs one set per round: the same set again returns the same signature
    /// (transports may retry), a different one is refused. It refuses a set that leaves out
    /// the device itself (it sent its input) or has the wrong size.
    public mutating func signContributors(_ message: ContributorSet) throws(AggregationError) -> ConsistencySignature {
        if let signed = signedContributorSet {
            guard signed.set == message else {
                throw AggregationError(.refusedRequest,
                                       "this device already signed a different contributor set; signing two would let the coordinator tell neighbours different stories",
                                       device: id)
            }
            return signed.signature
        }
        try expect(.sentInput, "sign the contributor set")
        try checkAddressed(message.roundID, message.recipient, .contributorSet)
        let set = message.contributors
        guard set.count == configuration.cohort.count else {
            throw AggregationError(.wrongLength, "the contributor set describes \(set.count) devices, the cohort has \(configuration.cohort.count)")
        }
        guard set.contains(index) else {
            throw AggregationError(.refusedRequest, "the contributor set leaves out this device, which sent its masked input", device: id)
        }
        let bytes = ConsistencySignature.signedBytes(roundID: configuration.roundID, sender: index, contributors: set)
        let signature = ConsistencySignature(roundID: configuration.roundID, sender: index,
                                             signature: try Signing.sign(bytes, with: signingIdentity, configuration))
        recordSignature(message, signature)
        return signature
    }

    /// Stage 6: reveals, for each partner, the share of its self-mask seed if the signed set
    /// lists it or the share of its mask key if not: never both, and only for the set this
    /// device signed.
    ///
    /// Refuses (``AggregationError/Kind/refusedRequest``) a request whose set is not the one
    /// this device signed, that carries fewer than t valid signatures of its neighbours over
    /// that set (one invalid signature refuses the whole request), or that leaves fewer than
    /// t partners in the set. Repeating the answered request returns the same response.
    public mutating func unmask(_ request: UnmaskRequest) throws(AggregationError) -> UnmaskResponse {
        if stage == .finished, let answered = answeredRequest {
            guard answered.request == request else {
                throw AggregationError(.refusedRequest,
                                       "this device already answered a different unmask request; answering another could reveal both secrets of a neighbour",
                                       device: id)
            }
            return answered.response
        }
        if checksConsistency {
            try expect(.signedContributors, "answer an unmask request")
        } else if stage != .sentInput && stage != .signedContributors {
            throw stageError("answer an unmask request")
        }
        try checkAddressed(request.roundID, request.recipient, .unmaskRequest)
        let set = request.contributors
        guard set.count == configuration.cohort.count else {
            throw AggregationError(.wrongLength, "the unmask request's set describes \(set.count) devices, the cohort has \(configuration.cohort.count)")
        }
        let t = configuration.threshold
        if checksConsistency {
            try checkSignatures(request, t)
        }
        let held = heldShares
        let partners = held.keys.sorted()
        let survivors = partners.filter { set.contains($0) }
        let dropped = partners.filter { !set.contains($0) }
        guard survivors.count >= t else {
            throw AggregationError(.refusedRequest,
                                   "only \(survivors.count) of this device's partners are in the contributor set, fewer than the threshold \(t)", device: id)
        }
        let size = EncryptedShares.shareByteCount
        let spoil = misbehaviour == .wrongShares
        // Revealed shares go on the wire, so they leave secure memory here and only here.
        func reveal(_ owner: Int, _ range: Range<Int>) -> UnmaskResponse.RevealedShare {
            var bytes = held[owner]!.withUnsafeBytes { Array($0[range]) }
            if spoil { for i in 2..<bytes.count { bytes[i] ^= 0x5A } }
            return UnmaskResponse.RevealedShare(owner: owner, bytes: bytes)
        }
        let selfShares = survivors.map { reveal($0, 0..<size) }
        let keyShares = dropped.map { reveal($0, size..<(2 * size)) }
        let unsigned = UnmaskResponse.unsignedBytes(roundID: configuration.roundID, sender: index,
                                                    selfMaskShares: selfShares, maskKeyShares: keyShares)
        let signature = try Signing.sign(unsigned, with: signingIdentity, configuration)
        let response = UnmaskResponse(roundID: configuration.roundID, sender: index, selfMaskShares: selfShares,
                                      maskKeyShares: keyShares, unsignedBytes: unsigned, signature: signature)
        recordAnswer(request, response)
        return response
    }

    /// The consistency check proper: the request's set is the one this device signed, and at
    /// least t of its neighbours signed that same set.
    private func checkSignatures(_ request: UnmaskRequest, _ t: Int) throws(AggregationError) {
        guard let signed = signedContributorSet, signed.set.contributors == request.contributors else {
            throw AggregationError(.refusedRequest, "the unmask request's contributor set is not the one this device signed", device: id)
        }
        var valid = 0
        for signature in request.signatures {
            guard signature.roundID == configuration.roundID, configuration.graph.areNeighbours(index, signature.sender) else {
                throw AggregationError(.refusedRequest, "the unmask request carries a signature of device \(signature.sender), which is not a neighbour",
                                       device: id)
            }
            do {
                try signature.verify(request.contributors, configuration)
            } catch {
                throw AggregationError(.refusedRequest,
                                       "neighbour \(signature.sender)'s signature is not over the set this device signed; the coordinator may be showing devices different sets",
                                       device: id)
            }
            valid += 1
        }
        guard valid >= t else {
            throw AggregationError(.refusedRequest,
                                   "only \(valid) neighbours signed the contributor set, fewer than the threshold \(t); answering could help a coordinator that lies about dropouts",
                                   device: id)
        }
    }
}
