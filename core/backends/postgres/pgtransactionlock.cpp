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
    if (m_tx) {
        try {
            m_tx->abort();
        } catch (...) {
        }
    }
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
        m_tx = std::make_unique<pqxx::work>(m_conn->raw());
        const bool nowait = options.wait.count() <= 0;
        // The wait deadline and the lock in one round trip; the token only once the lock is ours.
        std::string sql;
        if (!nowait)
            sql = "SET LOCAL lock_timeout = " +
                  std::to_string(std::max<long long>(1, options.wait.count())) + "; ";
        sql += lockStatement(*m_tx, resource, nowait);
        const pqxx::result r = m_tx->exec(sql);
        if (r.empty()) {
            m_tx->abort();
            m_tx.reset();
            return std::nullopt;
        }
        m_heldToken =
            m_tx->exec("SELECT nextval('" + m_schema + ".fencing_seq')")[0][0].as<int64_t>();
    } catch (...) {
        m_tx.reset();
        try {
            PgConnection::rethrowTranslated("acquire");
        } catch (const ConnectorError& e) {
            if (e.kind() == ConnectorError::Kind::LockNotAvailable)
                return std::nullopt; // lock_timeout: the wait deadline passed
            throw;
        }
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
        m_tx->exec("SELECT 1");
        return true;
    } catch (...) {
        handle.markLost();
        m_tx.reset();
        return false;
    }
}

LockStrategy::ReleaseResult PgTransactionLock::release(LockHandle& handle) {
    if (!m_tx || handle.token() != m_heldToken)
        return ReleaseResult::NotOwner; // not held through this instance: the holder's state is
                                        // untouched
    std::unique_ptr<pqxx::work> tx = std::move(m_tx);
    try {
        tx->commit();
    } catch (...) {
        // The connection died: the server rolled back and the lock is gone - not ours any more.
        handle.markLost();
        return ReleaseResult::NotOwner;
    }
    return ReleaseResult::Released;
}

} // namespace lockscope
