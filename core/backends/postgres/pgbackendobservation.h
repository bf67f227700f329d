#pragma once

#include "core/backends/lockobservation.h"

#include <QJsonArray>
#include <QString>
#include <QStringList>
#include <cstdint>
#include <string>

namespace lockscope {

/// Which entry of pg_locks a backend was seen holding: force-release re-checks exactly this.
struct PgLockTarget {
    /// Advisory: pg-advisory. Relation: pg-row (the table lock every row-locking statement takes:
    /// RowShareLock for SELECT ... FOR UPDATE/NO KEY UPDATE/SHARE/KEY SHARE and foreign-key
    /// checks, RowExclusiveLock for UPDATE/DELETE). Table: pg-relation (any table-level mode).
    enum class Type { Advisory, Relation, Table };
    Type type = Type::Relation;
    int64_t classid = 0, objid = 0; ///< advisory
    int objsubid = 0;               ///< advisory: 1 = one bigint key, 2 = two int4 keys
    int64_t relationOid = 0;        ///< relation, table

    /// The pg_locks condition (alias l) that matches it; the caller adds "l.granted" and the pid.
    /// Only numbers are spliced in.
    std::string matchSql() const;
    /// Stable text of the target ("advisory:<classid>:<objid>:<objsubid>", "row:<oid>",
    /// "relation:<oid>"), part of the observed bytes.
    std::string key() const;
    bool operator==(const PgLockTarget&) const = default;
};

/// A PostgreSQL backend seen holding a row, table or advisory lock.
struct PgBackendObservation : LockObservation {
    int pid = 0;
    int64_t backendStartMs = 0; ///< guards against a reused pid
    PgLockTarget target;
    QString application;
    QString user;
    QString clientAddr; ///< empty for a Unix socket
    QString state;
    int64_t stateSinceMs = 0; ///< when it entered that state (pg_stat_activity.state_change)
    QString query;
    QStringList rows;        ///< row locks: the rows locked (pgrowlocks), when allowed
    QStringList modes;       ///< relation, table: the granted table-level modes
    QString advisoryKey;     ///< advisory: the key as shown
    QJsonArray blockingTree; ///< the trees of who-blocks-whom this lock is in (blocking/waiting)

    /// What the scanner observed, as exact bytes (LockEntry::rawBytes): "pid=<pid>
    /// backend_start_ms=<ms> target=<target.key()>". Stable while the same backend holds it.
    QByteArray observedBytes() const;

    QJsonObject toJson() const override;
    bool sameAs(const LockObservation& other) const override;
    /// Row-lock entries are per holder: one table can have several.
    QString identity() const override;
    bool namesHolder(const QString& text) const override { return text == QString::number(pid); }
};

/// A LockScope lease row: force-release frees it only at this owner and version.
struct LeaseObservation : LockObservation {
    std::string owner;
    int64_t version = 0;

    QJsonObject toJson() const override;
    bool sameAs(const LockObservation& other) const override;
    bool namesHolder(const QString& text) const override { return text.toStdString() == owner; }
};

} // namespace lockscope
