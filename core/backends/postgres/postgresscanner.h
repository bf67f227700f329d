#pragma once

#include "core/backends/lockbackend.h"
#include "core/monitor/lockentry.h"
#include "core/monitor/monitorconfig.h"

#include <memory>
#include <vector>

namespace lockscope {

class PgConnection;

/// Locks in the connected database, from pg_locks joined with pg_stat_activity:
/// - pg-row: FOR UPDATE / FOR SHARE is not listed row by row in pg_locks, only as a RowShareLock
///   on the table, so each holding session is one entry per table; the exact rows come from
///   pgrowlocks when the extension is installed (tables up to a size limit);
/// - pg-advisory: keys decoded (bigint, or the two int4 form) and named from LockScope's
///   advisory_keys table when known; waiters in the order they started waiting;
/// - lease: LockScope's lease rows with their remaining lease.
/// The blocking chain comes from pg_blocking_pids(), asked only for backends that wait on a lock.
class PostgresScanner : public BackendScanner {
public:
    explicit PostgresScanner(const MonitorConfig& config);
    ~PostgresScanner() override;
    ScanResult scan() override;

private:
    struct Pass; // one scan's reads, shared by its steps

    void readBackends(Pass& p);
    void readBlocking(Pass& p);
    void readLocks(Pass& p);
    void addAdvisoryLocks(Pass& p, std::vector<LockEntry>& out);
    void addRowLocks(Pass& p, std::vector<LockEntry>& out);
    void addLeases(Pass& p, std::vector<LockEntry>& out);

    MonitorConfig m_config;
    std::unique_ptr<PgConnection> m_conn;
};

} // namespace lockscope
