#pragma once

#include "core/locks/lockstrategy.h"

#include <memory>
#include <pqxx/transaction>

namespace lockscope {

class PgConnection;

/// Base of the PostgreSQL strategies whose lock is held by an open transaction: the lock ends
/// with the transaction (release = COMMIT) or with the connection (a dead holder frees it at
/// once). No lease. The wait deadline is lock_timeout; a zero wait uses the NOWAIT / try form.
/// The fencing token is nextval('<schema>.fencing_seq'), drawn by a statement of its own once
/// the lock statement has returned, i.e. after the lock is granted (a session still waiting for
/// the lock takes no token). One lock at a time per instance.
class PgTransactionLock : public LockStrategy {
public:
    ~PgTransactionLock() override;
    std::optional<LockHandle> acquire(const std::string& resource,
                                      const LockOptions& options) override;
    bool renew(LockHandle& handle) override;
    ReleaseResult release(LockHandle& handle) override;
    PgConnection& connection() { return *m_conn; }
    int backendPid() const;

protected:
    explicit PgTransactionLock(const NamespaceConfig& config);
    /// The statement that takes the lock for resource and returns one row once it holds it, or
    /// no row when nowait and the lock is held. It must not draw the fencing token (the base
    /// draws it afterwards). Run together with SET LOCAL lock_timeout; values must be escaped
    /// with tx.esc().
    virtual std::string lockStatement(pqxx::work& tx, const std::string& resource, bool nowait) = 0;
    /// Run once per resource before its first acquisition, outside any transaction.
    virtual void prepareResource(const std::string& resource);
    const std::string& schema() const { return m_schema; }

private:
    /// Rolls the held transaction back (if any), bounded by the connection's call deadline.
    void dropTransaction();

    std::string m_schema;
    std::unique_ptr<PgConnection> m_conn;
    std::unique_ptr<pqxx::work> m_tx;
    int64_t m_heldToken = 0;
};

} // namespace lockscope
