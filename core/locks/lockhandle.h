#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

namespace lockscope {

/// A held lock. Value type; the strategy that issued it releases and renews it.
/// The shared state lets the watchdog and session listeners mark it lost from other threads.
class LockHandle {
public:
    using Clock = std::chrono::steady_clock;

    struct State {
        std::atomic<bool> lost{false};
        std::atomic<int64_t> deadlineNs{0}; ///< steady-clock ns; 0 = no lease
    };

    LockHandle() = default;
    LockHandle(std::string strategy, std::string resource, std::string owner, int64_t token,
               std::string raw);

    const std::string& strategy() const { return m_strategy; }
    const std::string& resource() const { return m_resource; }
    /// Unique per acquisition: host:pid:random.
    const std::string& owner() const { return m_owner; }
    /// Fencing token: strictly greater than any token issued before for this resource.
    int64_t token() const { return m_token; }
    /// What the lock is on the server: the Redis value, the znode path, the lease owner.
    const std::string& raw() const { return m_raw; }

    bool hasLease() const { return m_state->deadlineNs.load() != 0; }
    Clock::time_point leaseDeadline() const;
    /// Starts (or restarts, on renewal) a lease of length counted from start.
    void startLease(Clock::time_point start, std::chrono::milliseconds length);
    std::chrono::milliseconds leaseLength() const { return m_leaseLength; }
    std::chrono::milliseconds leaseRemaining() const;

    void markLost() { m_state->lost = true; }
    /// True when the lock was reported lost (failed renewal, session expiry) or its lease ran out.
    bool mayBeLost() const;
    std::shared_ptr<State> state() const { return m_state; }

private:
    std::string m_strategy;
    std::string m_resource;
    std::string m_owner;
    int64_t m_token = 0;
    std::string m_raw;
    std::chrono::milliseconds m_leaseLength{0};
    std::shared_ptr<State> m_state = std::make_shared<State>();
};

} // namespace lockscope
