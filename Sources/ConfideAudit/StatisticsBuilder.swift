import ConfidePolicy
import ConfideStore
import Foundation

/// Computes the report's statistics from what the checks read.
struct StatisticsBuilder {
    let context: AuditContext

    func build() -> AuditStatistics {
        AuditStatistics(consent: consent(), requests: requests(), privacyBudget: privacyBudget())
    }

    func consent() -> [AuditStatistics.PurposeConsent] {
        let timeline = ConsentTimeline(context.consentEntries)
        let payloads = context.consentEntries.compactMap(\.payload).filter { $0.recordedAt <= context.at }
        var keys = context.policy.purposes.filter { $0.lawfulBasis.requiresConsent }.map(\.key)
        for key in Set(payloads.map(\.purpose)).sorted() where !keys.contains(key) { keys.append(key) }
        return keys.map { key in
            let entries = payloads.filter { $0.purpose == key }
            let now = timeline.latest(purpose: key, at: context.at)
            func count(_ state: ConsentStatus.State) -> Int {
                now.values.count { ConsentTimeline.state($0, at: context.at) == state }
            }
            let (period, periods) = self.periods(from: entries.map(\.recordedAt).min())
            let points = periods.enumerated().map { index, start in
                let end = index + 1 < periods.count ? periods[index + 1] : nil
                let inPeriod = entries.filter { entry in entry.recordedAt >= start && end.map { entry.recordedAt < $0 } ?? true }
                let instant = end.map { $0.addingTimeInterval(-0.001) } ?? context.at
                let granted = timeline.latest(purpose: key, at: instant).values
                    .count { ConsentTimeline.state($0, at: instant) == .granted }
                return AuditStatistics.Period(start: start, grants: inPeriod.count { $0.action == .grant },
                                              withdrawals: inPeriod.count { $0.action == .withdraw }, granted: granted)
            }
            return AuditStatistics.PurposeConsent(
                purpose: key, grants: entries.count { $0.action == .grant }, withdrawals: entries.count { $0.action == .withdraw },
                subjects: Set(entries.map(\.subject)).count, grantedNow: count(.granted), withdrawnNow: count(.withdrawn),
                expiredNow: count(.expired), period: period.rawValue, timeline: points)
        }
    }

    /// The length of a timeline's periods.
    enum PeriodLength: String {
        case day, month, year
    }

    /// Period starts from the one holding `first` to the one holding the audit's instant:
    /// days for up to two months, months for up to five years, years beyond.
    func periods(from first: Date?) -> (PeriodLength, [Date]) {
        guard let first, first <= context.at else { return (.day, []) }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let span = context.at.timeIntervalSince(first) / 86_400
        let (length, component, unit): (PeriodLength, Calendar.Component, Set<Calendar.Component>) =
            span <= 62 ? (.day, .day, [.year, .month, .day]) : span <= 1_826 ? (.month, .month, [.year, .month]) : (.year, .year, [.year])
        guard var start = calendar.date(from: calendar.dateComponents(unit, from: first)) else { return (length, []) }
        var starts: [Date] = []
        while start <= context.at {
            starts.append(start)
            guard let next = calendar.date(byAdding: component, value: 1, to: start) else { break }
            start = next
        }
        return (length, starts)
    }

    func requests() -> [AuditStatistics.RequestTurnaround] {
        DataSubjectRequest.Kind.allCases.map { kind in
            let requests = context.requests.filter { $0.kind == kind }
            let completed = requests.filter { $0.status == .completed }
            let durations = completed.compactMap { request in request.completedAt.map { $0.timeIntervalSince(request.receivedAt) / 86_400 } }
                .sorted()
            let median: Double? = durations.isEmpty ? nil
                : durations.count % 2 == 1 ? durations[durations.count / 2]
                : (durations[durations.count / 2 - 1] + durations[durations.count / 2]) / 2
            return AuditStatistics.RequestTurnaround(
                kind: kind.rawValue,
                dueDays: kind == .access ? context.policy.requests.accessDays : context.policy.requests.erasureDays,
                received: requests.count, completed: completed.count,
                open: requests.count { $0.status == .received },
                overdue: requests.count { $0.status == .received && $0.dueAt < context.at },
                completedLate: completed.count { request in request.completedAt.map { $0 > request.dueAt } == true },
                medianDays: median, maximumDays: durations.last)
        }
    }

    func privacyBudget() -> AuditStatistics.PrivacyBudget {
        let completed = context.rounds.filter { $0.state == .completed }
        var keys = context.policy.purposes.filter { !$0.tasks.isEmpty }.map(\.key)
        for key in Set(completed.map(\.purpose)).sorted() where !keys.contains(key) { keys.append(key) }
        let purposes = keys.map { key in
            let rounds = completed.filter { $0.purpose == key }
            return AuditStatistics.PrivacyBudget.PurposeSpend(purpose: key, rounds: rounds.count,
                                                              epsilon: rounds.reduce(0) { $0 + ($1.epsilon ?? 0) })
        }
        // Every charged round counts, aborted ones too: their sums were unmasked.
        let privacy = context.privacy
        let training = context.policy.training
        return AuditStatistics.PrivacyBudget(budget: training.epsilonBudget, delta: training.delta, spent: privacy.recorded,
                                             remaining: training.epsilonBudget - privacy.recorded, purposes: purposes,
                                             recomputedPLD: privacy.pld.flatMap { $0.isFinite ? $0 : nil },
                                             recomputedRDP: privacy.rdp.flatMap { $0.isFinite ? $0 : nil })
    }
}
