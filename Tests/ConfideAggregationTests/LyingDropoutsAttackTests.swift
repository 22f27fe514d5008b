import Testing
@testable import ConfideAttacks

/// The attack of a coordinator that tells each device a different story about who dropped,
/// run against real clients (ConfideAttacks): it must recover the victim's exact input
/// when the consistency check is off, so the test is known to bite, and nothing when on.
@Suite("A coordinator lying about dropouts learns no individual input")
struct LyingDropoutsAttackTests {
    @Test("The max-flow assignment exists for the parameters of the review", arguments: [(20, 7, 4), (100, 15, 8)])
    func attackWorksWithoutCheck(n: Int, k: Int, t: Int) throws {
        let open = try LyingDropoutsAttack.run(clients: n, neighbours: k, threshold: t, consistencyCheck: false, seed: 1)
        #expect(open.assignmentFound)
        #expect(open.refused == 0)
        #expect(open.succeeded, "without the check the attack must recover the input: \(open)")

        let checked = try LyingDropoutsAttack.run(clients: n, neighbours: k, threshold: t, consistencyCheck: true, seed: 1)
        #expect(checked.assignmentFound)
        #expect(!checked.succeeded)
        #expect(checked.refused > 0)
        #expect(checked.keysRebuilt < checked.partners || checked.selfShares < t)
    }

    @Test("Default parameters, several seeds")
    func defaults() throws {
        for seed: UInt64 in 2...4 {
            #expect(try LyingDropoutsAttack.run(clients: 40, consistencyCheck: false, seed: seed).succeeded)
            #expect(try !LyingDropoutsAttack.run(clients: 40, consistencyCheck: true, seed: seed).succeeded)
        }
    }
}
