#include "core/backends/postgres/pgadvisorylock.h"

#include "connectors/pgconnection.h"

#include <QCryptographicHash>
#include <pqxx/pqxx>

namespace lockscope {

PgAdvisoryLock::PgAdvisoryLock(const NamespaceConfig& config)
    : PgTransactionLock(config) {}

int64_t PgAdvisoryLock::keyFor(const std::string& resource) {
    const QByteArray digest =
        QCryptographicHash::hash(QByteArray::fromStdString(resource), QCryptographicHash::Sha256);
    uint64_t v = 0;
    for (int i = 0; i < 8; ++i)
        v = (v << 8) | static_cast<uint8_t>(digest[i]);
    return static_cast<int64_t>(v);
}

void PgAdvisoryLock::prepareResource(const std::string& resource) {
    if (m_prepared.count(resource))
        return;
    pqxx::nontransaction tx(connection().raw());
    tx.exec_params("INSERT INTO " + schema() +
                       ".advisory_keys (key, resource) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                   keyFor(resource), resource);
    m_prepared.insert(resource);
}

std::string PgAdvisoryLock::lockStatement(pqxx::work&, const std::string& resource, bool nowait) {
    const std::string key = std::to_string(keyFor(resource));
    if (nowait)
        return "SELECT 1 WHERE pg_try_advisory_xact_lock(" + key + ")";
    return "SELECT pg_advisory_xact_lock(" + key + ")";
}

} // namespace lockscope
