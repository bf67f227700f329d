#pragma once

#include "core/demo/demoscenario.h"
#include "core/demo/purchaserecord.h"
#include "core/namespaceconfig.h"

#include <QJsonObject>
#include <atomic>
#include <memory>
#include <mutex>
#include <stop_token>

namespace lockscope {

class SentinelFailover;

/// The demo's `--fault failover`: before the buyers start, the Sentinel set's replica is cut
/// off (SentinelFailover::isolateReplica), so every lock taken from then on exists on the
/// primary only. The first buyer to reach the hold point (lock held, stock read) triggers the
/// failover and waits there until another buyer has written the item's stock (a second holder,
/// on the promoted replica that never saw the first lock), then writes its own: with fencing the
/// store refuses it; without, the item oversells. Deterministic: no timing luck involved.
class FailoverInjector {
public:
    static constexpr std::chrono::seconds kFailoverTimeout{30};
    static constexpr std::chrono::seconds kSecondHolderTimeout{30};

    /// Throws std::invalid_argument when the run cannot have this fault (no ha sandbox, the
    /// Redis URI not the sandbox's Sentinel set).
    FailoverInjector(const NamespaceConfig& config, const DemoScenario& scenario,
                     const QString& sandboxDir);
    ~FailoverInjector();

    void prepare();
    /// The hold point of every attempt; the first one does the failover.
    void atHold(int item, const PurchaseRecord& rec, std::stop_token stop);
    /// Brings the old primary back as a replica (never throws; failures go into the report).
    void finish();
    QJsonObject report() const;
    /// From the failover's start until kReconnectGrace after the new primary was named.
    bool outageInProgress() const;
    static constexpr std::chrono::seconds kReconnectGrace{3};

private:
    const NamespaceConfig& m_config;
    const DemoScenario& m_scenario;
    std::unique_ptr<SentinelFailover> m_failover;
    std::atomic<bool> m_fired{false};
    /// steady_clock ns: the outage's start and end (0: not yet).
    std::atomic<int64_t> m_outageFrom{0};
    std::atomic<int64_t> m_outageTo{0};
    mutable std::mutex m_mutex;
    QJsonObject m_report;
};

} // namespace lockscope
