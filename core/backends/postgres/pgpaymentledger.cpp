#include "core/backends/postgres/pgpaymentledger.h"

#include "connectors/connectorerror.h"
#include "connectors/pgconnection.h"
#include "core/shop/shopschema.h"

#include <pqxx/pqxx>

namespace lockscope {

namespace {

ConnectorError noOrder(int order) {
    return ConnectorError(Backend::Postgres, ConnectorError::Kind::NotFound,
                          QStringLiteral("read order"),
                          QStringLiteral("no order %1 in payment_orders").arg(order));
}

} // namespace

PgPaymentLedger::PgPaymentLedger(const NamespaceConfig& config)
    : m_schema(config.pgSchema())
    , m_conn(std::make_unique<PgConnection>(config.postgres)) {
    ShopSchema::ensure(*m_conn, m_schema);
}

PgPaymentLedger::~PgPaymentLedger() = default;

void PgPaymentLedger::reset(int order, const std::string& runId) {
    m_conn->run("reset order", [&](pqxx::connection& c) {
        pqxx::work tx(c);
        tx.exec_params("DELETE FROM " + m_schema + ".charges WHERE order_id = $1", order);
        tx.exec_params("INSERT INTO " + m_schema +
                           ".payment_orders (id, run_id, payment_key, paid, fence) "
                           "VALUES ($1, $2, $3, false, 0) ON CONFLICT (id) DO UPDATE SET "
                           "run_id = EXCLUDED.run_id, payment_key = EXCLUDED.payment_key, "
                           "paid = false, fence = 0, updated_at = clock_timestamp()",
                       order, runId, "pay-" + std::to_string(order) + "-" + runId);
        tx.commit();
    });
}

int PgPaymentLedger::charges(int order) {
    return m_conn->run("read charges", [&](pqxx::connection& c) {
        pqxx::nontransaction tx(c);
        const pqxx::result r = tx.exec_params("SELECT (SELECT count(*) FROM " + m_schema +
                                                  ".charges WHERE order_id = o.id) FROM " +
                                                  m_schema + ".payment_orders o WHERE o.id = $1",
                                              order);
        if (r.empty())
            throw noOrder(order);
        return r[0][0].as<int>();
    });
}

std::optional<int> PgPaymentLedger::chargesFenced(int order, int64_t token) {
    return m_conn->run("read charges", [&](pqxx::connection& c) -> std::optional<int> {
        pqxx::nontransaction tx(c);
        const pqxx::result r =
            tx.exec_params("UPDATE " + m_schema +
                               ".payment_orders o SET fence = $2 WHERE id = $1 AND fence <= $2 "
                               "RETURNING (SELECT count(*) FROM " +
                               m_schema + ".charges WHERE order_id = o.id)",
                           order, token);
        if (!r.empty())
            return r[0][0].as<int>();
        if (tx.exec_params("SELECT 1 FROM " + m_schema + ".payment_orders WHERE id = $1", order)
                .empty())
            throw noOrder(order);
        return std::nullopt;
    });
}

PaymentLedger::ChargeResult PgPaymentLedger::charge(int order, const std::string& runId,
                                                    const std::string& buyer, int64_t token,
                                                    bool fencing, bool idempotent) {
    return m_conn->run("charge", [&](pqxx::connection& c) {
        pqxx::work tx(c);
        // The order's row first: with fencing, the update checks the token and holds the row
        // until commit, so no newer holder's read slips in between the check and the charge.
        const pqxx::result o =
            fencing ? tx.exec_params("UPDATE " + m_schema +
                                         ".payment_orders SET paid = true, fence = $2, "
                                         "updated_at = clock_timestamp() WHERE id = $1 AND "
                                         "fence <= $2 RETURNING payment_key",
                                     order, token)
                    : tx.exec_params("UPDATE " + m_schema +
                                         ".payment_orders SET paid = true, "
                                         "updated_at = clock_timestamp() WHERE id = $1 "
                                         "RETURNING payment_key",
                                     order);
        if (o.empty()) {
            if (tx.exec_params("SELECT 1 FROM " + m_schema + ".payment_orders WHERE id = $1", order)
                    .empty())
                throw noOrder(order);
            return ChargeResult::Fenced; // rolled back: nothing written
        }
        // Without the idempotency strategy the key is NULL: UNIQUE lets any number in.
        const std::string key = idempotent ? o[0][0].as<std::string>() : std::string();
        const pqxx::result inserted =
            tx.exec_params("INSERT INTO " + m_schema +
                               ".charges (run_id, order_id, buyer, token, idempotency_key) "
                               "VALUES ($1, $2, $3, $4, NULLIF($5, '')) ON CONFLICT "
                               "(idempotency_key) DO NOTHING RETURNING id",
                           runId, order, buyer, token, key);
        if (inserted.empty())
            return ChargeResult::Duplicate; // rolled back
        tx.commit();
        return ChargeResult::Charged;
    });
}

int64_t PgPaymentLedger::fence(int order) {
    return m_conn->run("read fence", [&](pqxx::connection& c) {
        pqxx::nontransaction tx(c);
        const pqxx::result r = tx.exec_params(
            "SELECT fence FROM " + m_schema + ".payment_orders WHERE id = $1", order);
        return r.empty() ? int64_t(0) : r[0][0].as<int64_t>();
    });
}

} // namespace lockscope
