#include "core/backends/postgres/pgprobe.h"

#include "connectors/pgconnection.h"
#include "core/backends/probeattempt.h"

namespace lockscope {

PgProbe::PgProbe(QString uri)
    : m_uri(std::move(uri)) {}

PgProbe::~PgProbe() = default;

BackendHealth PgProbe::probe() {
    using namespace std::chrono_literals;
    return probeAttempt(m_connection, m_version, [&] {
        if (!m_connection) {
            PgConnection::Options o;
            o.connectTimeout = 2s;
            o.statementTimeout = 1500ms;
            m_connection = std::make_unique<PgConnection>(PostgresUri::parse(m_uri), o);
            m_version = QString::fromStdString(m_connection->serverVersion());
        }
        m_connection->execute("SELECT 1", "ping");
    });
}

} // namespace lockscope
