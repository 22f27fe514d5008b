import ConfideAggregation
import ConfideStore

/// The ε of the charged rounds recomputed from what each round recorded about its noise
/// (σ and sampling rate), by the accountant that keeps the budget (privacy loss
/// distributions) and by Rényi DP as an independent cross-check; the audit compares both
/// with the ε the coordinator recorded.
struct PrivacyRecomputation: Sendable {
    /// The recorded ε increments, summed: what the coordinator says it spent.
    let recorded: Double
    /// ε by privacy loss distributions: +∞ when a charged round ran without noise (σ 0);
    /// `nil` when some charged round did not record its σ and sampling rate (rows older
    /// than the records), or recorded values no accountant accepts.
    let pld: Double?
    /// ε by Rényi DP (an upper bound, never below the PLD's on valid records), or `nil` as above.
    let rdp: Double?

    /// Relative slack allowed between recomputed and recorded ε: the PLD accountant
    /// composes rounds in groups, the coordinator one at a time, so the two sums differ by
    /// floating-point and tail-truncation error (≈ 10⁻¹² relative), far below this.
    static let tolerance = 1e-6

    init(charged: [RoundRecord], delta: Double) {
        recorded = charged.reduce(0) { $0 + ($1.epsilon ?? 0) }
        var events: [PrivacyAccountant.Event] = []
        var unbounded = false
        var unreadable = false
        for round in charged {
            guard let sigma = round.noiseMultiplier, let rate = round.samplingRate else {
                unreadable = true
                continue
            }
            if sigma == 0 {
                unbounded = true
            } else {
                events.append(PrivacyAccountant.Event(noiseMultiplier: sigma, samplingRate: rate))
            }
        }
        if unreadable {
            (pld, rdp) = (nil, nil)
        } else if unbounded {
            (pld, rdp) = (.infinity, .infinity)
        } else {
            pld = try? PLDAccountant(events: events).epsilon(delta: delta)
            var renyi = try? PrivacyAccountant()
            for event in events {
                do { try renyi?.record(noiseMultiplier: event.noiseMultiplier, samplingRate: event.samplingRate) } catch { renyi = nil }
            }
            rdp = try? renyi?.epsilon(delta: delta)
        }
    }

    /// The loss the records prove: the recomputed PLD ε when it is known, else what was recorded.
    var spent: Double { max(recorded, pld ?? recorded) }

    /// Whether the recorded ε is below the recomputed one beyond rounding.
    var understated: Bool {
        guard let pld else { return false }
        return recorded < pld - Self.tolerance * max(1, pld)
    }

    /// Whether the tight accountant exceeds the Rényi bound beyond rounding: impossible for a
    /// correct PLD accountant, so it flags an accounting fault.
    var accountantsDisagree: Bool {
        guard let pld, let rdp, pld.isFinite, rdp.isFinite else { return false }
        return pld > rdp * (1 + 1e-3) + Self.tolerance
    }
}
