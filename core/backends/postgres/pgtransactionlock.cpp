#include "core/backends/postgres/pgtransactionlock.h"

#include "connectors/connectorerror.h"
#include "connectors/pgconnection.h"
#include "core/locks/ownerid.h"
#include "core/shop/shopschema.h"

#include <pqxx/pqxx>

namespace lockscope {

PgTransactionLock::PgTransactionLock(const NamespaceConfig& config)
    : m_schema(config.pgSchema())
    , m_conn(std::make_unique<PgConnection>(config.postgres)) {
    ShopSchema::ensure(*m_conn, m_schema);
}

PgTransactionLock::~PgTransactionLock() {
    dropTransaction();
}

void PgTransactionLock::dropTransaction() {
    if (!m_tx)
        return;
    // A ROLLBACK, bounded like every call: a frozen server must not hold this up.
    try {
        m_conn->run("abort", [&](pqxx::connection&) { m_tx.reset(); });
    } catch (...) {
    }
    m_tx.reset();
}

int PgTransactionLock::backendPid() const {
    return m_conn->backendPid();
}

void PgTransactionLock::prepareResource(const std::string&) {}

std::optional<LockHandle> PgTransactionLock::acquire(const std::string& resource,
                                                     const LockOptions& options) {
    if (m_tx)
        throw ConnectorError(Backend::Postgres, ConnectorError::Kind::InvalidArgument,
                             QStringLiteral("acquire"),
                             QStringLiteral("this %1 instance already holds a lock")
                                 .arg(QString::fromStdString(name())));
    m_conn->run("prepare lock", [&](pqxx::connection&) { prepareResource(resource); });
    try {
        // Through run(): a frozen server has the connection cut at the call deadline.
        const bool held = m_conn->run("acquire", [&](pqxx::connection& c) {
            m_tx = std::make_unique<pqxx::work>(c);
            const bool nowait = options.wait.count() <= 0;
            // The wait deadline and the lock in one round trip; the token only once the lock is
            // ours.
            std::string sql;
            if (!nowait)
                sql = "SET LOCAL lock_timeout = " +
                      std::to_string(std::max<long long>(1, options.wait.count())) + "; ";
            sql += lockStatement(*m_tx, resource, nowait);
            if (m_tx->exec(sql).empty())
                return false;
            m_heldToken =
                m_tx->exec("SELECT nextval('" + m_schema + ".fencing_seq')")[0][0].as<int64_t>();
            return true;
        });
        if (!held) {
            dropTransaction();
            return std::nullopt;
        }
    } catch (const ConnectorError& e) {
        dropTransaction();
        if (e.kind() == ConnectorError::Kind::LockNotAvailable)
            return std::nullopt; // lock_timeout: the wait deadline passed
        throw;
    }
    return LockHandle(name(), resource, OwnerId::next(), m_heldToken,
                      "backend:" + std::to_string(backendPid()));
}

bool PgTransactionLock::renew(LockHandle& handle) {
    if (!m_tx || handle.token() != m_heldToken)
        return false; // not held through this instance
    if (!m_conn->isOpen()) {
        handle.markLost();
        return false;
    }
    try {
        m_conn->run("renew", [&](pqxx::connection&) { m_tx->exec("SELECT 1"); });
        return true;
    } catch (...) {
        handle.markLost();
        dropTransaction();
        return false;
    }
}

LockStrategy::ReleaseResult PgTransactionLock::release(LockHandle& handle) {
    if (!m_tx || handle.token() != m_heldToken)
        return ReleaseResult::NotOwner; // not held through this instance: the holder's state is
                                        // untouched
    std::unique_ptr<pqxx::work> tx = std::move(m_tx);
    try {
        m_conn->run("release", [&](pqxx::connection&) {
            tx->commit();
            tx.reset();
        });
    } catch (...) {
        try {
            m_conn->run("release", [&](pqxx::connection&) { tx.reset(); });
        } catch (...) {
        }
        // The connection died: the server rolled back and the lock is gone - not ours any more.
        handle.markLost();
        return ReleaseResult::NotOwner;
    }
    return ReleaseResult::Released;
}

} // namespace lockscope
