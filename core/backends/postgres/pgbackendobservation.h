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
    int64_t xactStartMs = 0;    ///< the holding transaction's start (pg_stat_activity.xact_start)
    /// The holding transaction's virtual id (pg_locks.virtualtransaction, "<backend>/<local>"):
    /// another transaction of the same backend has another one.
    QString vxid;
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
    /// backend_start_ms=<ms> xact_start_ms=<ms> vxid=<vxid> target=<target.key()>
    /// rows=<sorted rows>" (xact_start_ms and vxid only when transactionScoped()). Stable while
    /// the same transaction holds the same rows; a new transaction of the same backend, or
    /// other rows, give other bytes.
    QByteArray observedBytes() const;
    /// Row and table locks live as long as their transaction: the transaction is part of
    /// what was observed. An advisory lock may be session-level and outlive any number of
    /// transactions (pg_locks cannot tell which), so it is the session's.
    bool transactionScoped() const { return target.type != PgLockTarget::Type::Advisory; }
    /// One statement that signals the backend only if that very transaction (pid, backend
    /// start, and when transactionScoped() transaction start and virtual transaction id) still
    /// holds the observed lock; returns
    /// one row, true when signalled, no row (or false) otherwise. $1 is the pid.
    std::string signalSql(bool cancelOnly) const;
    /// The same condition without the signal: one row (count > 0, state) for a re-check.
    std::string holdsSql() const;

    QJsonObject toJson() const override;
    bool sameAs(const LockObservation& other) const override;
    /// Entries are per holder: one table or one shared advisory key can have several.
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
