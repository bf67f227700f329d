#pragma once

#include "core/backends/lockobservation.h"

#include <QString>
#include <QStringList>
#include <cstdint>
#include <string>

namespace lockscope {

/// Which entry of pg_locks a backend was seen holding: force-release re-checks exactly this.
struct PgLockTarget {
    enum class Type { Advisory, Relation };
    Type type = Type::Relation;
    int64_t classid = 0, objid = 0; ///< advisory
    int objsubid = 0;               ///< advisory: 1 = one bigint key, 2 = two int4 keys
    int64_t relationOid = 0;        ///< relation (RowShareLock of row locks)

    /// The pg_locks condition (alias l) that matches it. Only numbers are spliced in.
    std::string matchSql() const;
    bool operator==(const PgLockTarget&) const = default;
};

/// A PostgreSQL backend seen holding a row or advisory lock.
struct PgBackendObservation : LockObservation {
    int pid = 0;
    int64_t backendStartMs = 0; ///< guards against a reused pid
    PgLockTarget target;
    QString application;
    QString user;
    QString state;
    QString query;
    QStringList rows;    ///< row locks: the rows locked (pgrowlocks), when allowed
    QString advisoryKey; ///< advisory: the key as shown

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
};

} // namespace lockscope
