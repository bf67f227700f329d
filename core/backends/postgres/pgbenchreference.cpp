#include "core/backends/postgres/pgbenchreference.h"

#include "connectors/pgconnection.h"
#include "core/namespaceconfig.h"
#include "core/shop/shopschema.h"

#include <pqxx/pqxx>

namespace lockscope {

PgBenchReference::PgBenchReference(const NamespaceConfig& config)
    : m_connection(std::make_unique<PgConnection>(config.postgres))
    , m_table(config.pgSchema() + ".bench_reference") {
    ShopSchema::ensure(*m_connection, config.pgSchema()); // a fresh server has no schema yet
    m_connection->execute("CREATE TABLE IF NOT EXISTS " + m_table +
                          " (id int PRIMARY KEY, n bigint NOT NULL)");
    m_connection->execute("INSERT INTO " + m_table + " VALUES (1, 0) ON CONFLICT DO NOTHING");
}

PgBenchReference::~PgBenchReference() = default;

QString PgBenchReference::describe() const {
    return QStringLiteral("libpqxx: BEGIN; SELECT ... FOR UPDATE; UPDATE; COMMIT");
}

void PgBenchReference::cycle() {
    m_connection->run("reference", [&](pqxx::connection& c) {
        pqxx::work tx(c);
        tx.exec("SELECT n FROM " + m_table + " WHERE id = 1 FOR UPDATE");
        tx.exec("UPDATE " + m_table + " SET n = n + 1 WHERE id = 1");
        tx.commit();
    });
}

} // namespace lockscope
