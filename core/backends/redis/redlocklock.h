#pragma once

#include "core/locks/lockstrategy.h"

#include <chrono>
#include <memory>
#include <vector>

namespace lockscope {

class RedisClient;

/// Redlock (the algorithm of the Redis documentation) over N independent Redis servers
/// (NamespaceConfig::redlock): SET <ns>:lock:{<resource>} "lockscope:redlock:<lease ms>:<owner>"
/// NX PX on
/// each server in turn, each under a short timeout; the lock is held when a majority said yes and
/// the time left, lease minus elapsed minus clock drift (1% + 2 ms), is still positive. Otherwise
/// it deletes what it set (compare-and-delete everywhere) and retries after a random delay until
/// the wait deadline. A server that is down or silent counts as a no and is skipped for a second.
/// Redlock has no monotonic fencing token: handles carry token 0, so a fenced store cannot tell a
/// stale holder from the current one (docs/LOCKS.md).
class RedlockLock : public LockStrategy {
public:
    /// Needs at least 3 servers in config.redlock, each host:port once; throws
    /// std::invalid_argument otherwise.
    explicit RedlockLock(const NamespaceConfig& config);
    ~RedlockLock() override;

    std::string name() const override { return "redlock"; }
    std::optional<LockHandle> acquire(const std::string& resource,
                                      const LockOptions& options) override;
    bool renew(LockHandle& handle) override;
    ReleaseResult release(LockHandle& handle) override;
    bool hasLease() const override { return true; }
    bool issuesFencingTokens() const override { return false; }

    /// "lockscope:redlock:<lease ms>:<owner>"; the scanner recognises it, and a renewal from
    /// another instance reads the lease length from it.
    static std::string valueFor(std::chrono::milliseconds lease, const std::string& owner);
    /// The lease and owner of such a value; false for any other value.
    static bool parseValue(const std::string& value, std::chrono::milliseconds* lease,
                           std::string* owner);
    /// How many servers must agree: N / 2 + 1.
    int quorum() const { return int(m_nodes.size()) / 2 + 1; }
    /// The clock drift allowance for a lease: 1% + 2 ms.
    static std::chrono::milliseconds driftFor(std::chrono::milliseconds lease);

private:
    struct Node;
    /// Runs f on every server that is not resting after a failure; the number of servers where
    /// f returned true.
    template <class F> int onEach(F&& f);

    NamespaceConfig m_config;
    std::vector<std::unique_ptr<Node>> m_nodes;
};

} // namespace lockscope
