import ConfideProtocol

/// Runs many devices side by side: every device checks in again and again (each check-in
/// long-polls the coordinator) until told to stop, taking part in rounds as invited.
public enum DeviceFleet {
    /// A stop flag shared by all devices of a fleet.
    public actor StopFlag {
        /// Whether the fleet should stop.
        public private(set) var isStopped = false
        /// A flag that is not yet set.
        public init() {}
        /// Tells every device to stop after its current step.
        public func stop() { isStopped = true }
    }

    /// Runs `devices` until `flag` is set. `dropout` decides, before each check-in, whether
    /// and where the device will vanish if invited; `report` sees every step (and every
    /// error, as `nil` step with the error).
    public static func run(_ devices: [Device], until flag: StopFlag,
                           dropout: @escaping @Sendable (DeviceID) -> DropoutPoint? = { _ in nil },
                           report: @escaping @Sendable (DeviceID, DeviceStep?, (any Error)?) async -> Void = { _, _, _ in }) async {
        await withTaskGroup(of: Void.self) { group in
            for device in devices {
                group.addTask {
                    var backoff = RetryBackoff()
                    var random = SystemRandomNumberGenerator()
                    while !(await flag.isStopped), !(await device.isWiped) {
                        do {
                            let step = try await device.step(dropout: dropout(device.id))
                            backoff.reset()
                            await report(device.id, step, nil)
                        } catch {
                            await report(device.id, nil, error)
                            // A refused or failed request (the coordinator may be restarting):
                            // back off, longer after each failure in a row, before checking in again.
                            try? await Task.sleep(for: backoff.nextDelay(using: &random))
                        }
                    }
                }
            }
        }
    }
}
