import ConfideAggregation
import ConfideClient
import Testing

@Suite("Devices back off after failed requests")
struct RetryBackoffTests {
    @Test("The ceiling doubles per failure up to the cap, delays stay under it, a success starts over")
    func schedule() {
        var backoff = RetryBackoff(base: .milliseconds(200), cap: .seconds(10))
        var random = SplitMix64(seed: 7)
        #expect(backoff.ceiling == .zero)
        var ceilings: [Duration] = []
        for _ in 0..<12 {
            let delay = backoff.nextDelay(using: &random)
            ceilings.append(backoff.ceiling)
            #expect(delay >= .zero && delay <= backoff.ceiling)
        }
        #expect(Array(ceilings.prefix(7)) == [200, 400, 800, 1_600, 3_200, 6_400, 10_000].map { Duration.milliseconds($0) })
        #expect(ceilings.suffix(5).allSatisfy { $0 == .seconds(10) })
        backoff.reset()
        #expect(backoff.ceiling == .zero)
        _ = backoff.nextDelay(using: &random)
        #expect(backoff.ceiling == .milliseconds(200))
    }

    @Test("Delays are spread over the whole range (full jitter), not bunched at the ceiling")
    func jitter() {
        var random = SplitMix64(seed: 11)
        var delays: [Duration] = []
        for _ in 0..<2_000 {
            var backoff = RetryBackoff(base: .seconds(1), cap: .seconds(1))
            delays.append(backoff.nextDelay(using: &random))
        }
        let below = delays.filter { $0 < .milliseconds(500) }.count
        #expect((900...1_100).contains(below), "\(below) of 2,000 delays below half the ceiling")
    }
}
