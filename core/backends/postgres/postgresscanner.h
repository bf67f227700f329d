#pragma once

#include "core/backends/lockbackend.h"
#include "core/monitor/lockentry.h"
#include "core/monitor/monitorconfig.h"

#include <memory>
#include <string>
#include <vector>

namespace lockscope {

class PgConnection;

/// Locks in the connected database, from pg_locks joined with pg_stat_activity. Only granted
/// locks make a holder; who waits behind whom comes from pg_blocking_pids(), asked only for the
/// backends that wait on a lock.
/// - pg-row: row locks are not listed row by row in pg_locks, only as the table lock the
///   statement took (RowShareLock: SELECT ... FOR UPDATE/NO KEY UPDATE/SHARE/KEY SHARE and
///   foreign-key checks; RowExclusiveLock: UPDATE, DELETE). One entry per (holding session,
///   table) when the session blocks someone waiting for a row of it (a tuple or transactionid
///   wait), or holds RowShareLock and waits for no row itself; the exact rows (and their
///   LockScope names) come from pgrowlocks when installed (tables up to a size limit);
///   a waiter of a row locked by several (FOR SHARE) counts for each of them (its tuple lock
///   names the row). The monitor session never queues for a relation lock: sizes come from
///   pg_class, pgrowlocks runs under a short lock_timeout and is skipped behind a lock queue;
/// - pg-relation: a lock on any relation (table, sequence, view, ...: LOCK TABLE, DDL, ALTER
///   SEQUENCE) another backend waits for;
/// - pg-advisory: one entry per holder (a shared key has several); keys decoded (bigint, or the
///   two int4 form) and named from LockScope's advisory_keys table when known; waiters in the
///   order they started waiting;
/// - lease: LockScope's lease rows with their remaining lease.
class PostgresScanner : public BackendScanner {
public:
    explicit PostgresScanner(const MonitorConfig& config);
    ~PostgresScanner() override;
    ScanResult scan() override;

    /// LockScope's own row tables in this namespace (<schema>.row_locks, <schema>.items).
    static bool isOwnRowTable(const NamespaceConfig& config, const QString& table);
    /// The pgrowlocks query for table ($1, schema-qualified and quoted): ctid, pids, the row's
    /// LockScope name or NULL (*itemIds when the names are the shop's item ids, see
    /// itemResource), the row's primary key ("id=3") or NULL for another table with keyColumns.
    static std::string rowLockSql(const NamespaceConfig& config, const QString& table,
                                  const std::vector<std::string>& keyColumns, bool* itemIds);
    /// The resource the shop locks for an item ("item:<id>"): a pg-row on <schema>.items shows
    /// the same logical name as the purchase's lock in any strategy.
    static QString itemResource(int64_t id);

private:
    struct Pass; // one scan's reads, shared by its steps

    void readBackends(Pass& p);
    void readBlocking(Pass& p);
    void readLocks(Pass& p);
    void addAdvisoryLocks(Pass& p, std::vector<LockEntry>& out);
    void addTableLocks(Pass& p, std::vector<LockEntry>& out);
    LockEntry tableEntry(Pass& p, int pid, int64_t oid, const QString& table, const QString& vxid,
                         const QStringList& modes, const std::vector<int>& waiters);
    void addLeases(Pass& p, std::vector<LockEntry>& out);
    /// Blocking, waiting and stale flags, the blocking trees it is in, the observed bytes.
    void finishHolder(Pass& p, const QJsonArray& forest, LockEntry& e) const;
    static std::vector<int> rowHoldersBlocking(const Pass& p, int waiter);

    MonitorConfig m_config;
    std::unique_ptr<PgConnection> m_conn;
};

} // namespace lockscope
