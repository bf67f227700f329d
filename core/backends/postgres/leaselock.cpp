#include "core/backends/postgres/leaselock.h"

#include "connectors/pgconnection.h"
#include "core/locks/ownerid.h"
#include "core/shop/shopschema.h"

#include <QRandomGenerator>
#include <pqxx/pqxx>

namespace lockscope {

LeaseLock::LeaseLock(const NamespaceConfig& config)
    : m_schema(config.pgSchema())
    , m_channel(channelOf(config.pgSchema()))
    , m_conn(std::make_unique<PgConnection>(config.postgres)) {
    ShopSchema::ensure(*m_conn, m_schema);
    m_conn->listen(m_channel, [this](const PgNotification&) { m_released = true; });
}

LeaseLock::~LeaseLock() = default;

std::optional<LockHandle> LeaseLock::acquire(const std::string& resource,
                                             const LockOptions& options) {
    using namespace std::chrono;
    const auto deadline = steady_clock::now() + options.wait;
    const std::string owner = OwnerId::next();
    const std::string upsert =
        "INSERT INTO " + m_schema +
        ".leases AS l (resource, owner, version, acquired_at, expires_at) "
        "VALUES ($1, $2, 1, clock_timestamp(), clock_timestamp() + $3::bigint * interval '1 "
        "millisecond') "
        "ON CONFLICT (resource) DO UPDATE SET owner = EXCLUDED.owner, version = l.version + 1, "
        "acquired_at = EXCLUDED.acquired_at, expires_at = EXCLUDED.expires_at "
        "WHERE l.owner IS NULL OR l.expires_at <= clock_timestamp() "
        "RETURNING version";
    const std::string remaining =
        "SELECT greatest(0, ceil(extract(epoch FROM expires_at - clock_timestamp()) * 1000))"
        "::bigint FROM " +
        m_schema + ".leases WHERE resource = $1 AND owner IS NOT NULL";
    while (true) {
        const auto started = steady_clock::now();
        m_released = false;
        const auto version =
            m_conn->run("acquire", [&](pqxx::connection& c) -> std::optional<int64_t> {
                pqxx::nontransaction tx(c);
                const pqxx::result r = tx.exec_params(
                    upsert, resource, owner, static_cast<long long>(options.lease.count()));
                if (r.empty())
                    return std::nullopt;
                return r[0][0].as<int64_t>();
            });
        if (version) {
            LockHandle h("lease", resource, owner, *version, owner);
            h.startLease(started, options.lease);
            return h;
        }
        const auto now = steady_clock::now();
        if (now >= deadline)
            return std::nullopt;
        const long long leftMs = m_conn->run("lease remaining", [&](pqxx::connection& c) {
            pqxx::nontransaction tx(c);
            const pqxx::result r = tx.exec_params(remaining, resource);
            return r.empty() ? 0LL : r[0][0].as<long long>();
        });
        const auto jitter = milliseconds(QRandomGenerator::global()->bounded(1, 15));
        auto waitFor =
            std::min(duration_cast<milliseconds>(deadline - now), milliseconds(leftMs) + jitter);
        // Wake on a release NOTIFY (any resource of this schema), or when the lease may be over.
        const auto until = steady_clock::now() + std::max(waitFor, milliseconds(1));
        while (!m_released && steady_clock::now() < until)
            m_conn->awaitNotifications(duration_cast<milliseconds>(until - steady_clock::now()) +
                                       milliseconds(1));
    }
}

bool LeaseLock::renew(LockHandle& handle) {
    const auto started = std::chrono::steady_clock::now();
    const auto rows = m_conn->run("renew", [&](pqxx::connection& c) {
        pqxx::nontransaction tx(c);
        return tx
            .exec_params("UPDATE " + m_schema +
                             ".leases SET expires_at = clock_timestamp() + $4::bigint * interval "
                             "'1 millisecond' WHERE resource = $1 AND owner = $2 AND version = $3 "
                             "AND expires_at > clock_timestamp()",
                         handle.resource(), handle.owner(), handle.token(),
                         static_cast<long long>(handle.leaseLength().count()))
            .affected_rows();
    });
    if (rows == 1) {
        handle.startLease(started, handle.leaseLength());
        return true;
    }
    handle.markLost();
    return false;
}

std::string LeaseLock::channelOf(const std::string& schema) {
    return schema + "_lease_released";
}

bool LeaseLock::releaseIfHeld(pqxx::transaction_base& tx, const std::string& schema,
                              const std::string& resource, const std::string& owner,
                              int64_t version) {
    const auto n = tx.exec_params("UPDATE " + schema +
                                      ".leases SET owner = NULL, expires_at = clock_timestamp() "
                                      "WHERE resource = $1 AND owner = $2 AND version = $3",
                                  resource, owner, version)
                       .affected_rows();
    if (n != 1)
        return false;
    tx.exec_params("SELECT pg_notify($1, $2)", channelOf(schema), resource);
    return true;
}

LockStrategy::ReleaseResult LeaseLock::release(LockHandle& handle) {
    const bool released = m_conn->run("release", [&](pqxx::connection& c) {
        pqxx::work tx(c);
        const bool done =
            releaseIfHeld(tx, m_schema, handle.resource(), handle.owner(), handle.token());
        tx.commit();
        return done;
    });
    if (released)
        return ReleaseResult::Released;
    handle.markLost();
    return ReleaseResult::NotOwner;
}

} // namespace lockscope
