#include "core/backends/postgres/pgcartstore.h"

#include "connectors/connectorerror.h"
#include "connectors/pgconnection.h"
#include "core/shop/shopschema.h"

#include <pqxx/pqxx>

namespace lockscope {

namespace {

ConnectorError noCart(int cart) {
    return ConnectorError(Backend::Postgres, ConnectorError::Kind::NotFound,
                          QStringLiteral("read cart"),
                          QStringLiteral("no cart %1 in carts").arg(cart));
}

} // namespace

PgCartStore::PgCartStore(const NamespaceConfig& config)
    : m_schema(config.pgSchema())
    , m_conn(std::make_unique<PgConnection>(config.postgres)) {
    ShopSchema::ensure(*m_conn, m_schema);
}

PgCartStore::~PgCartStore() = default;

void PgCartStore::reset(int cart, int qty, const std::string& runId) {
    m_conn->run("reset cart", [&](pqxx::connection& c) {
        pqxx::work tx(c);
        tx.exec_params("DELETE FROM " + m_schema + ".discount_uses WHERE cart_id = $1", cart);
        tx.exec_params("INSERT INTO " + m_schema +
                           ".carts (id, run_id, qty, discount_code, fence) "
                           "VALUES ($1, $2, $3, $4, 0) ON CONFLICT (id) DO UPDATE SET "
                           "run_id = EXCLUDED.run_id, qty = EXCLUDED.qty, "
                           "discount_code = EXCLUDED.discount_code, fence = 0, "
                           "updated_at = clock_timestamp()",
                       cart, runId, qty, "ONCE-" + std::to_string(cart) + "-" + runId);
        tx.commit();
    });
}

CartStore::Cart PgCartStore::read(int cart) {
    return m_conn->run("read cart", [&](pqxx::connection& c) {
        pqxx::nontransaction tx(c);
        const pqxx::result r = tx.exec_params(
            "SELECT qty, (SELECT count(*) FROM " + m_schema +
                ".discount_uses u WHERE u.cart_id = c.id AND u.code = c.discount_code) FROM " +
                m_schema + ".carts c WHERE c.id = $1",
            cart);
        if (r.empty())
            throw noCart(cart);
        return Cart{r[0][0].as<int>(), r[0][1].as<int>()};
    });
}

std::optional<CartStore::Cart> PgCartStore::readFenced(int cart, int64_t token) {
    return m_conn->run("read cart", [&](pqxx::connection& c) -> std::optional<Cart> {
        pqxx::nontransaction tx(c);
        const pqxx::result r = tx.exec_params(
            "UPDATE " + m_schema +
                ".carts c SET fence = $2 WHERE id = $1 AND fence <= $2 "
                "RETURNING qty, (SELECT count(*) FROM " +
                m_schema + ".discount_uses u WHERE u.cart_id = c.id AND u.code = c.discount_code)",
            cart, token);
        if (!r.empty())
            return Cart{r[0][0].as<int>(), r[0][1].as<int>()};
        if (tx.exec_params("SELECT 1 FROM " + m_schema + ".carts WHERE id = $1", cart).empty())
            throw noCart(cart);
        return std::nullopt;
    });
}

CartStore::EditResult PgCartStore::write(int cart, const Edit& edit, const std::string& runId,
                                         const std::string& buyer, int64_t token, bool fencing) {
    return m_conn->run("write cart", [&](pqxx::connection& c) {
        pqxx::work tx(c);
        EditResult out;
        // The cart's row first (the quantity): with fencing the token is checked and the row
        // held until commit. newQty -1: the atomic increment.
        const std::string set = edit.newQty < 0 ? "qty = qty + 1" : "qty = $3";
        const std::string fenceSet = fencing ? ", fence = $2" : "";
        const std::string fenceCheck = fencing ? " AND fence <= $2" : "";
        const pqxx::result r =
            tx.exec_params("UPDATE " + m_schema + ".carts SET " + set + fenceSet +
                               ", updated_at = clock_timestamp() WHERE id = $1" + fenceCheck +
                               " AND $2::bigint IS NOT NULL AND $3::integer IS NOT NULL "
                               "RETURNING qty, discount_code",
                           cart, token, edit.newQty);
        if (r.empty()) {
            if (tx.exec_params("SELECT 1 FROM " + m_schema + ".carts WHERE id = $1", cart).empty())
                throw noCart(cart);
            out.fenced = true; // rolled back: nothing written
            return out;
        }
        out.qty = r[0][0].as<int>();
        if (edit.applyDiscount) {
            const pqxx::result used = tx.exec_params(
                "INSERT INTO " + m_schema +
                    ".discount_uses (run_id, cart_id, code, buyer, token, enforced) "
                    "VALUES ($1, $2, $3, $4, $5, $6) "
                    "ON CONFLICT (cart_id, code) WHERE enforced DO NOTHING RETURNING id",
                runId, cart, r[0][1].as<std::string>(), buyer, token, edit.enforceOnce);
            out.discountApplied = !used.empty();
            out.discountDuplicate = used.empty();
        }
        tx.commit();
        return out;
    });
}

int64_t PgCartStore::fence(int cart) {
    return m_conn->run("read fence", [&](pqxx::connection& c) {
        pqxx::nontransaction tx(c);
        const pqxx::result r =
            tx.exec_params("SELECT fence FROM " + m_schema + ".carts WHERE id = $1", cart);
        return r.empty() ? int64_t(0) : r[0][0].as<int64_t>();
    });
}

} // namespace lockscope
