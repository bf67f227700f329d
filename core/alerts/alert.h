#pragma once

#include "connectors/backend.h"
#include "core/alerts/alertrule.h"
#include "core/monitor/lockentry.h"

#include <QJsonObject>
#include <QString>
#include <cstdint>
#include <optional>

namespace lockscope {

/// One alert: a rule whose condition holds for one lock (or, for down, one server). Identified by
/// rule + lock id (or backend): the engine fires it once and resolves it when the condition clears.
struct Alert {
    QString id; ///< AlertRule::toText() + '|' + LockEntry::id() (or the backend's name)
    AlertRule rule;
    Backend backend = Backend::Redis;
    std::optional<LockEntry> lock; ///< the lock as last seen while firing; none for down
    int64_t sinceMs = 0;           ///< wall clock: since when the condition holds
    int64_t firedAtMs = 0;         ///< wall clock: when the threshold was passed and it fired
    int64_t resolvedAtMs = 0;      ///< wall clock: when it cleared; 0 while firing
    QString detail;                ///< what was seen: "held 12s by w1", "no answer: ..."

    bool isFiring() const { return resolvedAtMs == 0; }
    /// The lock's logical resource, or the server's name for down.
    QString subject() const;
    /// {"id", "rule", "type", "description", "backend", "since_ms", "since", "fired_at_ms",
    ///  "resolved_at_ms" (when resolved), "detail", "lock" (LockEntry::toJson, when a lock)}.
    QJsonObject toJson() const;
};

} // namespace lockscope
