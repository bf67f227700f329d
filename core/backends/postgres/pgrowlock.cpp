#include "core/backends/postgres/pgrowlock.h"

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

std::string PgRowLock::lockStatement(pqxx::work& tx, const std::string& resource, bool nowait) {
    // SKIP LOCKED for a single try: no row means someone holds it (NOWAIT would abort the
    // transaction).
    // Built by appending: pqxx's quote() ("'" + ...) trips GCC 12's false -Wrestrict at -O3.
    std::string sql = "SELECT 1 FROM " + schema() + ".row_locks WHERE resource = '";
    sql += tx.esc(resource);
    sql += nowait ? "' FOR UPDATE SKIP LOCKED" : "' FOR UPDATE";
    return sql;
}

} // namespace lockscope
