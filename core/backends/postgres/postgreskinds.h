#pragma once

#include "core/backends/lockkind.h"

namespace lockscope::postgreskinds {

inline constexpr LockKind::Info kRowInfo{
    "pg-row", Backend::Postgres,
    QT_TRANSLATE_NOOP("LockKind", "PostgreSQL row locks (UPDATE, DELETE, SELECT ... FOR "
                                  "UPDATE/SHARE, foreign-key checks) of one "
                                  "backend on one table")};
inline constexpr LockKind::Info kAdvisoryInfo{
    "pg-advisory", Backend::Postgres,
    QT_TRANSLATE_NOOP("LockKind", "A PostgreSQL advisory lock (pg_advisory_lock and friends)")};
inline constexpr LockKind::Info kRelationInfo{
    "pg-relation", Backend::Postgres,
    QT_TRANSLATE_NOOP(
        "LockKind", "A PostgreSQL table-level lock (LOCK TABLE, DDL) that blocks another backend")};
inline constexpr LockKind::Info kLeaseInfo{
    "lease", Backend::Postgres,
    QT_TRANSLATE_NOOP("LockKind", "A LockScope lease row: a conditional write with an expiry "
                                  "(DynamoDB lock client pattern)")};

/// Not a lock: a session an operator terminates or cancels from the Sessions page or the
/// blocking tree, through the force-release path (so audited as kind pg-session). Not listed in
/// PostgresBackend::kinds(): no scanner reports it.
inline constexpr LockKind::Info kSessionInfo{
    "pg-session", Backend::Postgres,
    QT_TRANSLATE_NOOP("LockKind", "A PostgreSQL session (a backend of pg_stat_activity)")};

inline constexpr LockKind kRow{&kRowInfo};
inline constexpr LockKind kAdvisory{&kAdvisoryInfo};
inline constexpr LockKind kRelation{&kRelationInfo};
inline constexpr LockKind kLease{&kLeaseInfo};
inline constexpr LockKind kSession{&kSessionInfo};

} // namespace lockscope::postgreskinds
