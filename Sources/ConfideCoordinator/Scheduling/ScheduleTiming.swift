import Foundation

/// When a schedule's next run is due. Pure, so the arithmetic is tested without clocks.
enum ScheduleTiming {
    /// The run after the one due at `due`, for a schedule repeating every `every` seconds:
    /// the first occurrence on that grid after `now`. Runs missed while the coordinator was
    /// down, or while another job ran, collapse into the one that starts, rather than
    /// starting back to back. `nil` for a one-off.
    static func next(after due: Date, every: TimeInterval?, now: Date) -> Date? {
        guard let every, every > 0 else { return nil }
        let elapsed = max(0, now.timeIntervalSince(due))
        let steps = (elapsed / every).rounded(.down) + 1
        return due.addingTimeInterval(steps * every)
    }
}
