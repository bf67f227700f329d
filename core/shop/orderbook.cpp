#include "core/shop/orderbook.h"

#include "connectors/pgconnection.h"
#include "core/shop/shopschema.h"

#include <pqxx/pqxx>

namespace lockscope {

OrderBook::OrderBook(const NamespaceConfig& config)
    : m_schema(config.pgSchema())
    , m_conn(std::make_unique<PgConnection>(config.postgres)) {
    ShopSchema::ensure(*m_conn, m_schema);
}

OrderBook::~OrderBook() = default;

int64_t OrderBook::reserve(const std::string& runId, int item, const std::string& buyer, int qty,
                           const std::string& strategy, const std::string& store, int64_t token) {
    return m_conn->run("reserve order", [&](pqxx::connection& c) {
        pqxx::nontransaction tx(c);
        return tx
            .exec_params1(
                "INSERT INTO " + m_schema +
                    ".orders (run_id, item_id, buyer, qty, status, token, strategy, store) "
                    "VALUES ($1, $2, $3, $4, 'reserved', nullif($5::bigint, 0), $6, $7) RETURNING "
                    "id",
                runId, item, buyer, qty, token, strategy, store)[0]
            .as<int64_t>();
    });
}

void OrderBook::setStatus(int64_t order, const std::string& status, const std::string& reason) {
    m_conn->run("update order", [&](pqxx::connection& c) {
        pqxx::nontransaction tx(c);
        tx.exec_params("UPDATE " + m_schema +
                           ".orders SET status = $2, reason = nullif($3, ''), "
                           "updated_at = clock_timestamp() WHERE id = $1",
                       order, status, reason);
    });
}

void OrderBook::markPaid(int64_t order) {
    setStatus(order, "paid", {});
}

void OrderBook::confirm(int64_t order) {
    setStatus(order, "confirmed", {});
}

void OrderBook::reject(int64_t order, const std::string& reason) {
    setStatus(order, "rejected", reason);
}

int64_t OrderBook::recordRejected(const std::string& runId, int item, const std::string& buyer,
                                  int qty, const std::string& strategy, const std::string& store,
                                  const std::string& reason) {
    return m_conn->run("record rejection", [&](pqxx::connection& c) {
        pqxx::nontransaction tx(c);
        return tx
            .exec_params1(
                "INSERT INTO " + m_schema +
                    ".orders (run_id, item_id, buyer, qty, status, reason, strategy, store) "
                    "VALUES ($1, $2, $3, $4, 'rejected', $5, $6, $7) RETURNING id",
                runId, item, buyer, qty, reason, strategy, store)[0]
            .as<int64_t>();
    });
}

std::vector<OrderBook::Order> OrderBook::orders(const std::string& runId) {
    return m_conn->run("list orders", [&](pqxx::connection& c) {
        pqxx::nontransaction tx(c);
        const pqxx::result r =
            tx.exec_params("SELECT id, run_id, item_id, buyer, qty, status, coalesce(reason, ''), "
                           "coalesce(token, 0) FROM " +
                               m_schema + ".orders WHERE run_id = $1 ORDER BY id",
                           runId);
        std::vector<Order> out;
        out.reserve(r.size());
        for (const auto& row : r)
            out.push_back(Order{row[0].as<int64_t>(), row[1].as<std::string>(), row[2].as<int>(),
                                row[3].as<std::string>(), row[4].as<int>(),
                                row[5].as<std::string>(), row[6].as<std::string>(),
                                row[7].as<int64_t>()});
        return out;
    });
}

int OrderBook::confirmedQuantity(const std::string& runId, int item) {
    return m_conn->run("sum orders", [&](pqxx::connection& c) {
        pqxx::nontransaction tx(c);
        return tx
            .exec_params1("SELECT coalesce(sum(qty), 0)::int FROM " + m_schema +
                              ".orders WHERE run_id = $1 AND item_id = $2 AND status = 'confirmed'",
                          runId, item)[0]
            .as<int>();
    });
}

} // namespace lockscope
