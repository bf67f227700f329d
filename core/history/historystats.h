#pragma once

#include "core/history/holdrecord.h"

#include <QJsonObject>
#include <QMetaType>
#include <QString>
#include <cstdint>
#include <optional>
#include <vector>

namespace lockscope {

/// p50 / p95 / max of a set of durations (nearest rank: the ceil(q*n)-th smallest). All
/// nullopt for an empty set.
struct Percentiles {
    int count = 0;
    std::optional<int64_t> p50;
    std::optional<int64_t> p95;
    std::optional<int64_t> max;
    static Percentiles of(std::vector<int64_t> values);
    QJsonObject toJson() const;
};

/// The figures of one group of holds: one resource (backend + kind + logical resource) or
/// one kind.
struct HoldGroupStats {
    Backend backend = Backend::Redis;
    QString kind;          ///< LockKind::name(); empty: unknown
    QString resource;      ///< empty for a per-kind row
    int acquisitions = 0;  ///< holds that started in the window
    Percentiles holdMs;    ///< of the holds that ended (open ones have no duration yet)
    Percentiles waitMs;    ///< of the waits behind it that ended
    int contended = 0;     ///< holds that had at least one waiter
    int expiries = 0;      ///< ended Expired
    int forceReleases = 0; ///< ended ForceReleased
    int holderDeaths = 0;  ///< ended HolderDied
    int open = 0;          ///< still held
    /// backend + '\n' + kind + '\n' + resource: the row's identity in a view.
    QString key() const;
    QJsonObject toJson() const;
};

/// What `locks stats` and the console's Statistics page show, computed from the store's
/// records of one window.
struct HistoryStatsReport {
    int64_t sinceMs = 0;
    int64_t untilMs = 0;
    std::vector<HoldGroupStats> resources; ///< by backend, kind, resource
    std::vector<HoldGroupStats> kinds;     ///< by backend, kind
    std::vector<HoldGroupStats> hottest;   ///< the most acquisitions first (top N resources)
    std::vector<HoldRecord> longestHeld;   ///< the longest holds first (open ones up to untilMs)
    QJsonObject toJson() const;
};

class HistoryStats {
public:
    /// Holds and waits overlapping [sinceMs, untilMs]; a hold counts as an acquisition when it
    /// started at or after sinceMs. Waits are attributed to their lock's resource through the
    /// holds (a wait on a lock never held in the window is left out).
    static HistoryStatsReport compute(const std::vector<HoldRecord>& holds,
                                      const std::vector<WaitRecord>& waits, int64_t sinceMs,
                                      int64_t untilMs, int top = 10);
};

} // namespace lockscope

Q_DECLARE_METATYPE(lockscope::HistoryStatsReport)
