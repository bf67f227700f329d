#include "core/locks/lockhandle.h"

namespace lockscope {

LockHandle::LockHandle(std::string strategy, std::string resource, std::string owner, int64_t token,
                       std::string raw)
    : m_strategy(std::move(strategy))
    , m_resource(std::move(resource))
    , m_owner(std::move(owner))
    , m_token(token)
    , m_raw(std::move(raw)) {}

LockHandle::Clock::time_point LockHandle::leaseDeadline() const {
    const int64_t ns = m_state->deadlineNs.load();
    if (ns == 0)
        return Clock::time_point::max();
    return Clock::time_point(std::chrono::nanoseconds(ns));
}

void LockHandle::startLease(Clock::time_point start, std::chrono::milliseconds length) {
    m_leaseLength = length;
    const Clock::time_point deadline = start + length;
    m_state->deadlineNs =
        std::chrono::duration_cast<std::chrono::nanoseconds>(deadline.time_since_epoch()).count();
}

std::chrono::milliseconds LockHandle::leaseRemaining() const {
    if (!hasLease())
        return std::chrono::milliseconds::max();
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(leaseDeadline() - Clock::now());
    return std::max(left, std::chrono::milliseconds(0));
}

bool LockHandle::mayBeLost() const {
    return m_state->lost.load() || (hasLease() && Clock::now() >= leaseDeadline());
}

} // namespace lockscope
