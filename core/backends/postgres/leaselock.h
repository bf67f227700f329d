#pragma once

#include "core/locks/lockstrategy.h"

#include <memory>
#include <pqxx/transaction_base>

namespace lockscope {

class PgConnection;

/// A lease in <schema>.leases, the DynamoDB lock client's pattern on PostgreSQL:
///   acquire  conditional upsert that succeeds only if the row is free (owner NULL) or its lease
///            has expired (expires_at <= clock_timestamp()); version := version + 1
///   renew    UPDATE ... SET expires_at = now + lease WHERE owner = me AND version = mine AND not
///   expired release  UPDATE ... SET owner = NULL, expires_at = now WHERE owner = me AND version =
///   mine,
///            then NOTIFY <schema>_lease_released with the resource name
/// Rows are never deleted, so `version` is the fencing token and only grows. Times come from the
/// database's clock. Waiters LISTEN and wake on a release or when the lease may have run out.
class LeaseLock : public LockStrategy {
public:
    explicit LeaseLock(const NamespaceConfig& config);
    ~LeaseLock() override;

    std::string name() const override { return "lease"; }
    std::optional<LockHandle> acquire(const std::string& resource,
                                      const LockOptions& options) override;
    bool renew(LockHandle& handle) override;
    ReleaseResult release(LockHandle& handle) override;
    bool hasLease() const override { return true; }

    /// The release statement, written once for the lock and force-release: frees the lease only
    /// if owner and version are still the given ones, then wakes the waiters (NOTIFY). Returns
    /// whether it freed it. Runs in the caller's transaction.
    static bool releaseIfHeld(pqxx::transaction_base& tx, const std::string& schema,
                              const std::string& resource, const std::string& owner,
                              int64_t version);
    /// The NOTIFY channel of a schema's lease releases.
    static std::string channelOf(const std::string& schema);

private:
    std::string m_schema;
    std::string m_channel;
    std::unique_ptr<PgConnection> m_conn;
    bool m_released = false; // set by the notification callback
};

} // namespace lockscope
