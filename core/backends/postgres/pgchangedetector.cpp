#include "core/backends/postgres/pgchangedetector.h"

#include "connectors/connectorerror.h"
#include "connectors/pgconnection.h"
#include "core/interruptiblewait.h"
#include "core/logging.h"

#include <pqxx/pqxx>

namespace lockscope {

std::string PgChangeDetector::checkSql(const NamespaceConfig& config, bool leases) {
    // The same lock rows PostgresScanner turns into entries; a transaction's own xid lock and
    // RowExclusiveLock (every plain UPDATE) are left out unless someone waits for them.
    std::string sql =
        "SELECT count(*) FILTER (WHERE NOT granted), "
        "coalesce(sum(hashtext(concat_ws(':', locktype, database, relation, page, tuple, "
        "transactionid, classid, objid, objsubid, mode, granted, pid))::bigint), 0)";
    if (leases)
        sql += " + (SELECT coalesce(sum(hashtext(concat_ws(':', resource, owner, version))"
               "::bigint), 0) FROM " +
               config.pgSchema() + ".leases WHERE owner IS NOT NULL)";
    sql += " FROM pg_locks WHERE pid <> pg_backend_pid() AND (NOT granted OR locktype = "
           "'advisory' OR (locktype = 'relation' AND mode = 'RowShareLock'))";
    return sql;
}

PgChangeDetector::PgChangeDetector(const MonitorConfig& config, std::function<void()> onChange)
    : m_onChange(std::move(onChange)) {
    m_thread = std::jthread([this, config](std::stop_token stop) { run(config, stop); });
}

PgChangeDetector::~PgChangeDetector() = default; // the jthread stops and joins

ChangeStatus PgChangeDetector::status() const {
    std::lock_guard lock(m_mutex);
    if (!m_active)
        return {ChangeMode::Polling, m_detail};
    return {ChangeMode::AdaptivePolling,
            m_fast ? QStringLiteral("checking every %1 ms (a lock is waited for or changing)")
                         .arg(kFast.count())
                   : QStringLiteral("checking every %1 ms (idle)").arg(kIdle.count())};
}

bool PgChangeDetector::scanDue(Clock::time_point lastScan) const {
    if (!m_active)
        return true; // not watching: poll
    const int64_t changed = m_lastChangeNs.load();
    if (changed != 0 && Clock::time_point(Clock::duration(changed)) >= lastScan)
        return true;
    return Clock::now() - lastScan >= kFullScanEvery;
}

void PgChangeDetector::run(const MonitorConfig& config, std::stop_token stop) {
    bool reported = false;
    while (!stop.stop_requested()) {
        try {
            PgConnection conn(config.config.postgres);
            conn.execute("SET application_name = 'lockscope-monitor'");
            const std::string schema = config.config.pgSchema();
            auto leasesExist = [&] {
                return conn.run("change check", [&](pqxx::connection& c) {
                    pqxx::nontransaction tx(c);
                    return tx
                        .exec_params1("SELECT to_regclass($1) IS NOT NULL", schema + ".leases")[0]
                        .as<bool>();
                });
            };
            bool leases = leasesExist();
            std::string sql = checkSql(config.config, leases);
            auto leasesCheckedAt = Clock::now();
            std::optional<int64_t> last;
            auto busyUntil = Clock::time_point{};
            while (!stop.stop_requested()) {
                if (!leases && Clock::now() - leasesCheckedAt >= kFullScanEvery) {
                    leases = leasesExist(); // the table appears with the first lease
                    sql = checkSql(config.config, leases);
                    leasesCheckedAt = Clock::now();
                }
                const auto [waiting, fingerprint] =
                    conn.run("change check", [&](pqxx::connection& c) {
                        pqxx::nontransaction tx(c);
                        const pqxx::row r = tx.exec1(sql);
                        return std::pair<int64_t, int64_t>(r[0].as<int64_t>(), r[1].as<int64_t>());
                    });
                ++m_checks;
                const auto now = Clock::now();
                if (!m_active) {
                    std::lock_guard lock(m_mutex);
                    m_detail.clear();
                    m_active = true;
                    reported = false;
                }
                if (last && *last != fingerprint) {
                    m_lastChangeNs = now.time_since_epoch().count();
                    busyUntil = now + kBusyFor;
                    if (m_onChange)
                        m_onChange();
                }
                if (!last && m_onChange)
                    m_onChange(); // (re)connected: what changed meanwhile is read once now
                last = fingerprint;
                if (waiting > 0)
                    busyUntil = now + kBusyFor;
                m_fast = now < busyUntil;
                waitUnlessStopped(stop, m_fast ? kFast : kIdle); // the polling schedule
            }
        } catch (const ConnectorError& e) {
            {
                std::lock_guard lock(m_mutex);
                m_active = false;
                m_detail = QStringLiteral("change check failed: %1").arg(e.message());
            }
            if (!reported) // the monitor already reports a down server; say it here once
                qCWarning(lcMonitor) << "PostgreSQL change check:" << e.message();
            reported = true;
            waitUnlessStopped(stop, std::chrono::seconds(1)); // back off before reconnecting
        }
    }
    m_active = false;
}

} // namespace lockscope
