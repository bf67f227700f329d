#pragma once

#include "core/locks/lockstrategy.h"

#include <memory>
#include <optional>

namespace lockscope {

class RedisConnection;

/// SET key value NX PX lease, taken and released by Lua scripts.
///   lock key     <ns>:lock:{<resource>}     value "lockscope:v1:<token>:<owner>"
///   fence key    <ns>:fence:{<resource>}    INCR'd by every acquisition: the fencing token
///   handoff key  <ns>:handoff:{<resource>}  release pushes one token; a waiter BLPOPs it
/// Waiters block in BLPOP (server-side, no CPU) until a release hands off or the current lease
/// may have expired (PTTL plus jitter), then try again: no busy spinning, no herd.
class RedisLock : public LockStrategy {
public:
    explicit RedisLock(const NamespaceConfig& config);
    ~RedisLock() override;

    std::string name() const override { return "redis"; }
    std::optional<LockHandle> acquire(const std::string& resource,
                                      const LockOptions& options) override;
    /// Extends the lease if this handle still holds the lock. A timeout or a lost connection
    /// is retried while the lease has time left (a failover may be under way); false when the
    /// server says another value is there, or the lease ran out meanwhile.
    bool renew(LockHandle& handle) override;
    /// The pause before asking again after a renewal failed at once (connection refused).
    static constexpr std::chrono::milliseconds kRenewRetryPause{100};
    ReleaseResult release(LockHandle& handle) override;
    bool hasLease() const override { return true; }

    std::string lockKey(const std::string& resource) const { return lockKeyOf(m_config, resource); }
    std::string fenceKey(const std::string& resource) const {
        return fenceKeyOf(m_config, resource);
    }
    std::string handoffKey(const std::string& resource) const {
        return handoffKeyOf(m_config, resource);
    }
    /// The key layout, in one place for the lock, the monitor and force-release.
    static std::string lockKeyOf(const NamespaceConfig& config, const std::string& resource);
    static std::string fenceKeyOf(const NamespaceConfig& config, const std::string& resource);
    static std::string handoffKeyOf(const NamespaceConfig& config, const std::string& resource);
    /// The resource of one of this namespace's lock keys; nullopt for any other key.
    static std::optional<std::string> resourceOfLockKey(const NamespaceConfig& config,
                                                        const std::string& key);
    /// Parses "lockscope:v1:<token>:<owner>"; false for any other format.
    static bool parseValue(const std::string& value, int64_t* token, std::string* owner);

    /// How long a handoff token waits for a waiter before it expires.
    static constexpr std::chrono::milliseconds kHandoffTtl{60000};

    static const char* const kAcquireScript;
    static const char* const kReleaseScript;
    static const char* const kRenewScript;

private:
    NamespaceConfig m_config;
    std::unique_ptr<RedisConnection> m_client;
};

} // namespace lockscope
