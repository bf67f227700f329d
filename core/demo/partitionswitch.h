#pragma once

#include "connectors/backend.h"
#include "core/fault/faultproxy.h"
#include "core/namespaceconfig.h"

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <stop_token>
#include <thread>

namespace lockscope {

/// One demo buyer's private partition from one server: a FaultProxy in front of that server
/// (FaultRoute), and the buyer's configuration routed through it. cut() switches the proxy to
/// Blackhole and a thread of its own switches it back to Pass after the fault's duration, so a
/// buyer stuck in a call to the cut-off server is healed on time; destroying it heals at once
/// and then closes the proxy (resetting its connections).
class PartitionSwitch {
public:
    using Clock = std::chrono::system_clock;

    /// Starts the proxy. Throws std::invalid_argument when the server cannot be proxied
    /// (FaultRoute) and FaultProxyError when the proxy cannot start.
    PartitionSwitch(const NamespaceConfig& config, Backend target);
    ~PartitionSwitch();
    PartitionSwitch(const PartitionSwitch&) = delete;
    PartitionSwitch& operator=(const PartitionSwitch&) = delete;

    /// The buyer's configuration: the target server reached through the proxy.
    const NamespaceConfig& routed() const { return m_routed; }
    Backend target() const { return m_target; }

    /// Cuts the buyer off now (returns once the proxy applied it) and heals after duration, or
    /// at once when stop is requested. A cut while one is in progress is ignored.
    void cut(std::chrono::milliseconds duration, std::stop_token stop);
    /// Blocks until the current cut (if any) has healed; when it healed.
    std::optional<Clock::time_point> waitHealed();

private:
    void heal();

    Backend m_target;
    FaultProxy m_proxy;
    NamespaceConfig m_routed;
    std::mutex m_mutex;
    std::condition_variable m_healed;
    bool m_cut = false;
    std::optional<Clock::time_point> m_healedAt;
    std::jthread m_healer; // declared last: stopped (healing at once) before the rest goes
};

} // namespace lockscope
