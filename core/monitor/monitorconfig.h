#pragma once

#include "connectors/backend.h"
#include "core/monitor/stalerules.h"
#include "core/namespaceconfig.h"

#include <QStringList>
#include <algorithm>
#include <chrono>
#include <vector>

namespace lockscope {

struct MonitorConfig {
    NamespaceConfig config;
    /// The backends to read; empty = every registered backend.
    std::vector<Backend> backends;
    bool uses(Backend b) const {
        return backends.empty() || std::find(backends.begin(), backends.end(), b) != backends.end();
    }
    /// SCAN MATCH patterns; the default finds LockScope's keys and common "*lock*" names in any
    /// case.
    QStringList redisPatterns{QStringLiteral("*[lL][oO][cC][kK]*")};
    int redisScanCount = 5000;
    /// Redis server-assisted invalidation (CLIENT TRACKING ... BCAST, docs/ARCHITECTURE.md,
    /// "Instant updates"):
    enum class RedisTracking {
        /// BCAST PREFIX per pattern when every pattern is a prefix ("app:lock:*"); otherwise
        /// (the default "*lock*" pattern) BCAST on every key, filtered here by the patterns.
        Auto,
        /// BCAST PREFIX on the patterns that are prefixes and LockScope's own key prefix only:
        /// locks under other patterns show at the next poll.
        PrefixesOnly,
        /// No tracking: keyspace notifications when the server has them on, else polling.
        Off,
    };
    RedisTracking redisTracking = RedisTracking::Auto;
    /// PostgreSQL's adaptive polling (a cheap change check, the full scan only on a change);
    /// false: every refresh scans.
    bool pgAdaptive = true;
    /// Lock roots; LockScope's own (/<ns>/locks) is always added.
    QStringList zkRoots{QStringLiteral("/lockpath"), QStringLiteral("/locks")};
    /// When a lock is flagged stale, per kind (defaults in docs/LOCKS.md).
    StaleRules stale;
    /// pgrowlocks scans whole tables: only on tables up to this size.
    int64_t rowLockScanMaxBytes = 64 * 1024 * 1024;
    /// How long one refresh waits for a backend's scan before it goes on with that backend's
    /// last answer: a silent server holds up the others no longer than this.
    std::chrono::milliseconds refreshWait{2000};
    /// A backend whose scan has not answered for this long is reported down (its locks then
    /// "last known"), even while its own client still waits (docs/ARCHITECTURE.md, Deadlines).
    std::chrono::milliseconds silentAfter{8000};
};

} // namespace lockscope
