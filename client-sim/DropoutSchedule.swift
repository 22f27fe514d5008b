import ConfideClient
import ConfideML
import ConfideProtocol
import Synchronization

/// Decides, reproducibly from the seed, whether a device vanishes in the round it is about
/// to join and at which stage: one independent stream per device.
final class DropoutSchedule: Sendable {
    private let rate: Double
    private let streams: Mutex<[DeviceID: SeededGenerator]>
    private let seed: UInt64

    /// `positions` are the devices' places in the whole population (default: their order
    /// here), so a device's dropouts do not depend on how the population is sharded.
    init(rate: Double, seed: UInt64, devices: [DeviceID], positions: [Int]? = nil) {
        self.rate = rate
        self.seed = seed
        streams = Mutex(Dictionary(uniqueKeysWithValues: devices.enumerated().map {
            ($1, SeededGenerator(seed: seed, stream: 0xD0_0000 + UInt64(positions?[$0] ?? $0)))
        }))
    }

    /// The dropout point for `device`'s next round, or `nil` to stay.
    func next(for device: DeviceID) -> DropoutPoint? {
        guard rate > 0 else { return nil }
        return streams.withLock { streams -> DropoutPoint? in
            guard var generator = streams[device] else { return nil }
            defer { streams[device] = generator }
            guard generator.chance(rate) else { return nil }
            return DropoutPoint.allCases[generator.nextIndex(DropoutPoint.allCases.count)]
        }
    }
}
