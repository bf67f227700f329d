#pragma once

#include "connectors/backend.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <cstdint>
#include <optional>

namespace lockscope {

/// One live lock as the monitor saw it, whoever made it.
struct LockEntry {
    Backend backend = Backend::Redis;
    QString kind;     ///< redis-key, redisson-hash, zk-recipe, pg-row, pg-advisory, lease
    QString resource; ///< key, lock directory, table / advisory key, lease resource
    QString holder;   ///< owner id, token string, node name, "pid 4242 (app)", ...
    std::optional<int64_t> token;
    std::optional<int64_t> acquiredAtMs; ///< wall clock, ms since the epoch
    std::optional<int64_t> leaseMs;      ///< remaining when observed; nullopt = never expires
    int64_t observedAtMs = 0;            ///< wall clock of the observation
    QStringList waiters;                 ///< in order, where the backend shows them
    QStringList flags;   ///< stale, orphaned, blocked, foreign, no-expiry, idle-in-transaction
    QString raw;         ///< the value / node / row it was read from (truncated)
    QJsonObject details; ///< backend-specific: blocking tree, locked rows, query, ...

    // What force-release re-checks before it touches anything.
    QString observedValue;        ///< Redis: the exact value, or the Redisson hash field
    int32_t zkVersion = -1;       ///< ZooKeeper: the holder node's version
    int64_t zkOwner = 0;          ///< ZooKeeper: the holder node's ephemeralOwner
    QString zkPath;               ///< ZooKeeper: the holder node's full path
    int pgPid = 0;                ///< PostgreSQL: the holding backend
    int64_t pgBackendStartMs = 0; ///< guards against a reused pid
    QString pgLockKey;            ///< PostgreSQL: what pg_locks must still show granted to pgPid

    /// Stable identity across refreshes: backend + kind + resource (+ holder pid for pg-row).
    QString id() const;
    /// A refresh "changed" the entry: anything but the countdown, or the deadline moved (renewal).
    bool sameAs(const LockEntry& other) const;
    /// Deadline on the wall clock, when it has a lease.
    std::optional<int64_t> expiresAtMs() const;
    bool hasFlag(const QString& f) const { return flags.contains(f); }
    /// The CLI's JSON contract: backend, kind, resource, holder, token, lease_ms, waiters, flags,
    /// raw, ...
    QJsonObject toJson() const;
};

} // namespace lockscope
