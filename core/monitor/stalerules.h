#pragma once

#include <QJsonObject>
#include <QString>
#include <chrono>
#include <cstdint>
#include <optional>

namespace lockscope {

/// When the monitor calls a lock stale ("should not be there any more"), per kind. A plain value:
/// the default constructor gives the documented defaults (docs/LOCKS.md, "Stale rules"), toJson /
/// fromJson round-trip it for settings and the CLI.
struct StaleRules {
    /// PostgreSQL (pg-row, pg-relation, pg-advisory): a holder idle in transaction for longer
    /// than this is stale - but only when it blocks someone or the lock is not LockScope's own
    /// (a purchase holding its lock sits idle in transaction by design). Default 5 min.
    std::chrono::milliseconds pgIdleInTransaction{std::chrono::minutes(5)};
    /// Redis: a lock key without a TTL (it never goes away by itself). Default on.
    bool redisNoTtl = true;
    /// ZooKeeper: a persistent (non-ephemeral) node holding a lock directory. Default on.
    bool zkPersistent = true;
    /// lease: expired, not released, for longer than this. Default 5 s.
    std::chrono::milliseconds leaseExpiredGrace{std::chrono::seconds(5)};

    /// PostgreSQL: stale when idle in transaction for idleMs and (blocking or foreign).
    bool pgStale(int64_t idleMs, bool blocking, bool ownLayout) const {
        return idleMs > pgIdleInTransaction.count() && (blocking || !ownLayout);
    }
    /// lease: stale when it expired more than the grace ago (expiredForMs < 0: not expired).
    bool leaseStale(int64_t expiredForMs) const {
        return expiredForMs >= 0 && expiredForMs > leaseExpiredGrace.count();
    }

    /// The JSON / settings keys, one per rule.
    static constexpr const char* kPgIdleKey = "pg_idle_in_transaction_ms";
    static constexpr const char* kRedisNoTtlKey = "redis_no_ttl";
    static constexpr const char* kZkPersistentKey = "zk_persistent";
    static constexpr const char* kLeaseGraceKey = "lease_expired_grace_ms";

    /// {kPgIdleKey: ms, kRedisNoTtlKey: bool, kZkPersistentKey: bool, kLeaseGraceKey: ms}.
    QJsonObject toJson() const;
    /// Missing keys keep their defaults; a wrong type or a negative duration is an error
    /// (nullopt, and *error says which key).
    static std::optional<StaleRules> fromJson(const QJsonObject& o, QString* error = nullptr);
    /// "300", "300s", "5m", "1h", "250ms" -> milliseconds (a bare number is seconds); nullopt
    /// when not a non-negative duration.
    static std::optional<std::chrono::milliseconds> parseDuration(const QString& text);

    bool operator==(const StaleRules&) const = default;
};

} // namespace lockscope
