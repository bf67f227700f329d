#pragma once

#include "core/alerts/alert.h"
#include "core/alerts/alertevent.h"
#include "core/alerts/alertrule.h"
#include "core/monitor/snapshot.h"

#include <QHash>
#include <QMap>
#include <deque>
#include <vector>

namespace lockscope {

/// Keeps the set of firing alerts from the monitor's snapshots, fed in order with the time
/// (docs/ALERTS.md). Pure logic: no clock, no I/O, no thread of its own; whoever receives the
/// snapshots feeds it (the CLI's watch loop, the console's GUI thread).
///
/// An alert fires once, when its rule's condition has held for longer than the threshold, and
/// resolves by itself when the condition clears (the lock gone, renewed, released; the server
/// back). While a server is down its locks are only last known: their alerts neither fire nor
/// resolve until it answers again.
class AlertEngine {
public:
    explicit AlertEngine(std::vector<AlertRule> rules = {});

    /// Replaces the rules: alerts of rules no longer present (or disabled) resolve at the next
    /// feed; what the engine learnt of each lock (first seen, renewals) is kept.
    void setRules(std::vector<AlertRule> rules);
    const std::vector<AlertRule>& rules() const { return m_rules; }

    /// Evaluates one snapshot taken at nowMs (wall clock); returns what fired and resolved, the
    /// resolved first.
    std::vector<AlertEvent> feed(const Snapshot& snapshot, int64_t nowMs);

    /// The firing alerts, by id.
    const QMap<QString, Alert>& firing() const { return m_firing; }
    /// The most recently resolved alerts, newest first (at most kResolvedKept).
    const std::deque<Alert>& recentlyResolved() const { return m_resolved; }
    static constexpr size_t kResolvedKept = 50;

    /// When the engine takes a lock to be held since: LockEntry::acquiredAtMs when the server
    /// reports it, else when the engine first saw it (0 when it never saw it).
    int64_t heldSinceMs(const LockEntry& e) const;

private:
    /// What successive snapshots showed of one lock.
    struct Track {
        int64_t firstSeenMs = 0;
        int64_t blockingSinceMs = 0; ///< 0: not blocking
        int64_t orphanedSinceMs = 0; ///< 0: not orphaned
        int64_t deadlineMs = 0;      ///< the lease's deadline as last seen; 0: no lease
        int64_t renewedAtMs = 0;     ///< when the deadline last moved later (or first seen)
        int64_t leaseSpanMs = 0;     ///< the longest remaining lease seen since then
    };
    struct Condition {
        int64_t sinceMs = 0;
        QString detail;
    };

    void track(const Snapshot& snapshot, int64_t nowMs);
    std::optional<Condition> lockCondition(const AlertRule& rule, const LockEntry& e,
                                           int64_t nowMs) const;

    std::vector<AlertRule> m_rules;
    QHash<QString, Track> m_tracks;
    QMap<QString, Alert> m_firing;
    std::deque<Alert> m_resolved;
};

} // namespace lockscope
