#include "core/backends/postgres/pgstockstore.h"

#include "connectors/connectorerror.h"
#include "connectors/pgconnection.h"
#include "core/shop/shopschema.h"

#include <pqxx/pqxx>

namespace lockscope {

PgStockStore::PgStockStore(const NamespaceConfig& config)
    : m_schema(config.pgSchema())
    , m_conn(std::make_unique<PgConnection>(config.postgres)) {
    ShopSchema::ensure(*m_conn, m_schema);
}

PgStockStore::~PgStockStore() = default;

int PgStockStore::read(int item) {
    return m_conn->run("read stock", [&](pqxx::connection& c) {
        pqxx::nontransaction tx(c);
        const pqxx::result r =
            tx.exec_params("SELECT stock FROM " + m_schema + ".items WHERE id = $1", item);
        if (r.empty())
            throw ConnectorError(Backend::Postgres, ConnectorError::Kind::NotFound,
                                 QStringLiteral("read stock"),
                                 QStringLiteral("no item %1 in %2.items")
                                     .arg(item)
                                     .arg(QString::fromStdString(m_schema)));
        return r[0][0].as<int>();
    });
}

std::optional<int> PgStockStore::readFenced(int item, int64_t token) {
    return m_conn->run("read stock", [&](pqxx::connection& c) -> std::optional<int> {
        pqxx::nontransaction tx(c);
        const pqxx::result r = tx.exec_params(
            "UPDATE " + m_schema +
                ".items SET fence = $2 WHERE id = $1 AND fence <= $2 RETURNING stock",
            item, token);
        if (!r.empty())
            return r[0][0].as<int>();
        if (tx.exec_params("SELECT 1 FROM " + m_schema + ".items WHERE id = $1", item).empty())
            throw ConnectorError(Backend::Postgres, ConnectorError::Kind::NotFound,
                                 QStringLiteral("read stock"),
                                 QStringLiteral("no item %1").arg(item));
        return std::nullopt;
    });
}

StockStore::WriteResult PgStockStore::write(int item, int newStock, int64_t token, bool fencing) {
    const auto rows = m_conn->run("write stock", [&](pqxx::connection& c) {
        pqxx::nontransaction tx(c);
        if (fencing)
            return tx
                .exec_params(
                    "UPDATE " + m_schema +
                        ".items SET stock = $2, fence = $3, updated_at = clock_timestamp() "
                        "WHERE id = $1 AND fence <= $3",
                    item, newStock, token)
                .affected_rows();
        return tx
            .exec_params("UPDATE " + m_schema +
                             ".items SET stock = $2, updated_at = clock_timestamp() WHERE id = $1",
                         item, newStock)
            .affected_rows();
    });
    return rows == 1 ? WriteResult::Written : WriteResult::Fenced;
}

bool PgStockStore::decrementIfAvailable(int item, int qty) {
    const auto rows = m_conn->run("decrement stock", [&](pqxx::connection& c) {
        pqxx::nontransaction tx(c);
        return tx
            .exec_params("UPDATE " + m_schema +
                             ".items SET stock = stock - $2, updated_at = clock_timestamp() "
                             "WHERE id = $1 AND stock >= $2",
                         item, qty)
            .affected_rows();
    });
    return rows == 1;
}

void PgStockStore::reset(int item, int stock) {
    m_conn->run("reset stock", [&](pqxx::connection& c) {
        pqxx::nontransaction tx(c);
        tx.exec_params("INSERT INTO " + m_schema +
                           ".items (id, name, stock, fence) VALUES ($1, $3, $2, 0) "
                           "ON CONFLICT (id) DO UPDATE SET stock = EXCLUDED.stock, fence = 0, "
                           "updated_at = clock_timestamp()",
                       item, stock, "item " + std::to_string(item));
    });
}

int64_t PgStockStore::fence(int item) {
    return m_conn->run("read fence", [&](pqxx::connection& c) {
        pqxx::nontransaction tx(c);
        const pqxx::result r =
            tx.exec_params("SELECT fence FROM " + m_schema + ".items WHERE id = $1", item);
        return r.empty() ? int64_t(0) : r[0][0].as<int64_t>();
    });
}

} // namespace lockscope
