/// Continuations waiting for the coordinator's state to change (long polls), woken all at
/// once on a change or one by one when their own wait expires.
struct Waiters {
    private var pending: [Int: CheckedContinuation<Void, Never>] = [:]
    private var nextID = 0

    /// Remembers `continuation`, returning its id.
    mutating func add(_ continuation: CheckedContinuation<Void, Never>) -> Int {
        nextID += 1
        pending[nextID] = continuation
        return nextID
    }

    /// Resumes the waiter `id` if it is still waiting.
    mutating func expire(_ id: Int) {
        pending.removeValue(forKey: id)?.resume()
    }

    /// Resumes every waiter.
    mutating func wakeAll() {
        let waiting = pending.values
        pending.removeAll()
        for continuation in waiting { continuation.resume() }
    }
}
