#include "core/backends/postgres/pgsessionscanner.h"

#include "connectors/connectorerror.h"
#include "connectors/pgconnection.h"

#include <algorithm>
#include <map>
#include <pqxx/pqxx>

namespace lockscope {

namespace {

QString text(const pqxx::field& f) {
    return f.is_null() ? QString() : QString::fromStdString(f.as<std::string>());
}

int64_t ms(const pqxx::field& f) {
    return f.is_null() ? 0 : f.as<int64_t>();
}

std::vector<int> intArray(const pqxx::field& f) {
    std::vector<int> out;
    if (f.is_null())
        return out;
    pqxx::array_parser parser = f.as_array();
    for (auto [juncture, value] = parser.get_next(); juncture != pqxx::array_parser::done;
         std::tie(juncture, value) = parser.get_next())
        if (juncture == pqxx::array_parser::string_value)
            out.push_back(std::stoi(value));
    return out;
}

} // namespace

const char* PgSessionScanner::sql() {
    // pg_blocking_pids() is costly: only for the backends that wait on a lock.
    return "SELECT a.pid, coalesce(a.datname::text, ''), coalesce(a.usename::text, ''), "
           "coalesce(a.application_name, ''), coalesce(host(a.client_addr), ''), "
           "coalesce(a.backend_type, ''), coalesce(a.state, ''), "
           "coalesce(a.wait_event_type, ''), coalesce(a.wait_event, ''), "
           "coalesce(a.query, ''), "
           "(extract(epoch FROM a.backend_start) * 1000)::bigint, "
           "(extract(epoch FROM a.xact_start) * 1000)::bigint, "
           "(extract(epoch FROM a.query_start) * 1000)::bigint, "
           "(extract(epoch FROM a.state_change) * 1000)::bigint, "
           "(extract(epoch FROM clock_timestamp()) * 1000)::bigint, "
           "CASE WHEN a.wait_event_type = 'Lock' THEN pg_blocking_pids(a.pid) END "
           "FROM pg_stat_activity a "
           "WHERE a.datname = current_database() AND a.pid <> pg_backend_pid() "
           "ORDER BY a.pid";
}

PgSessionScanner::PgSessionScanner(PostgresUri uri)
    : m_uri(std::move(uri)) {}

PgSessionScanner::~PgSessionScanner() = default;

std::vector<PgSession> PgSessionScanner::scan() {
    std::vector<PgSession> sessions;
    try {
        if (!m_conn) {
            PgConnection::Options o;
            o.statementTimeout = std::chrono::milliseconds(3000);
            o.applicationName = "lockscope-sessions";
            m_conn = std::make_unique<PgConnection>(m_uri, o);
        }
        m_conn->run("read sessions", [&](pqxx::connection& raw) {
            pqxx::nontransaction tx(raw);
            for (const auto& r : tx.exec(sql())) {
                PgSession s;
                s.pid = r[0].as<int>();
                s.database = text(r[1]);
                s.user = text(r[2]);
                s.application = text(r[3]);
                s.clientAddr = text(r[4]);
                s.backendType = text(r[5]);
                s.stateText = text(r[6]);
                s.state = PgSession::stateFromText(s.stateText);
                s.waitEventType = text(r[7]);
                s.waitEvent = text(r[8]);
                s.query = text(r[9]);
                s.backendStartMs = ms(r[10]);
                s.xactStartMs = ms(r[11]);
                s.queryStartMs = ms(r[12]);
                s.stateChangeMs = ms(r[13]);
                s.serverNowMs = ms(r[14]);
                s.blockedBy = intArray(r[15]);
                sessions.push_back(std::move(s));
            }
        });
    } catch (const ConnectorError&) {
        m_conn.reset(); // a fresh connection next time
        throw;
    }
    std::map<int, size_t> at;
    for (size_t i = 0; i < sessions.size(); ++i)
        at[sessions[i].pid] = i;
    for (const PgSession& s : sessions)
        for (int blocker : s.blockedBy)
            if (const auto it = at.find(blocker); it != at.end())
                sessions[it->second].blocking.push_back(s.pid);
    for (PgSession& s : sessions)
        std::sort(s.blocking.begin(), s.blocking.end());
    return sessions;
}

} // namespace lockscope
