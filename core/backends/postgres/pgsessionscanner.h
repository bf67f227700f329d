#pragma once

#include "connectors/postgresuri.h"
#include "core/backends/postgres/pgsession.h"

#include <memory>
#include <vector>

namespace lockscope {

class PgConnection;

/// Reads pg_stat_activity (and pg_blocking_pids for the backends waiting on a lock) of the
/// configured database, one statement per scan, on a connection of its own that it keeps
/// between scans (and opens again after a failure). Every call has the connection's deadlines
/// (connect 5 s, statement 3 s, a silent server cut after the statement timeout + 2 s).
/// The scanning backend itself is left out. Not thread-safe: one scanner per thread.
class PgSessionScanner {
public:
    explicit PgSessionScanner(PostgresUri uri);
    ~PgSessionScanner();
    PgSessionScanner(const PgSessionScanner&) = delete;
    PgSessionScanner& operator=(const PgSessionScanner&) = delete;

    /// Every session of the database, by pid, with blocking filled in from blockedBy.
    /// Throws ConnectorError (the connection is dropped and reopened by the next scan).
    std::vector<PgSession> scan();

    /// The one statement a scan runs (for docs and tests).
    static const char* sql();

private:
    PostgresUri m_uri;
    std::unique_ptr<PgConnection> m_conn;
};

} // namespace lockscope
