#include "core/locks/pgrowlock.h"

#include "connectors/pgconnection.h"

#include <pqxx/pqxx>

namespace lockscope {

PgRowLock::PgRowLock(const NamespaceConfig& config)
    : PgTransactionLock(config) {}

void PgRowLock::prepareResource(const std::string& resource) {
    if (m_prepared.count(resource))
        return;
    pqxx::nontransaction tx(connection().raw());
    tx.exec_params("INSERT INTO " + schema() +
                       ".row_locks (resource) VALUES ($1) ON CONFLICT DO NOTHING",
                   resource);
    m_prepared.insert(resource);
}

bool PgRowLock::lockIn(pqxx::work& tx, const std::string& resource, bool nowait) {
    if (nowait) {
        // SKIP LOCKED: an empty result means someone holds it (NOWAIT would abort the transaction).
        const pqxx::result r =
            tx.exec_params("SELECT resource FROM " + schema() +
                               ".row_locks WHERE resource = $1 FOR UPDATE SKIP LOCKED",
                           resource);
        return r.size() == 1;
    }
    tx.exec_params("SELECT resource FROM " + schema() + ".row_locks WHERE resource = $1 FOR UPDATE",
                   resource);
    return true;
}

} // namespace lockscope
