#pragma once

#include "core/demo/faultinjector.h"

#include <memory>

namespace lockscope {

class SentinelFailover;

/// The demo's `--fault failover`: before the buyers start, the Sentinel set's replica is cut
/// off (SentinelFailover::isolateReplica), so every lock taken from then on exists on the
/// primary only. The first buyer to reach the hold point (lock held, stock read) triggers the
/// failover and waits there until another buyer has written the item's stock (a second holder,
/// on the promoted replica that never saw the first lock), then writes its own: with fencing the
/// store refuses it; without, the item oversells. Deterministic: no timing luck involved.
class FailoverInjector : public FaultInjector {
public:
    static constexpr std::chrono::seconds kFailoverTimeout{30};
    static constexpr std::chrono::seconds kSecondHolderTimeout{30};

    /// Throws std::invalid_argument when the run cannot have this fault (no ha sandbox, the
    /// Redis URI not the sandbox's Sentinel set).
    FailoverInjector(const NamespaceConfig& config, const DemoScenario& scenario,
                     const QString& sandboxDir);
    ~FailoverInjector() override;

    /// Restores a data node or sentinel left dead or stopped and waits for the primary to
    /// stream to an online replica; throws FaultRefused otherwise.
    void makeReady() override;
    /// Cuts the replica off (throws SandboxError or ConnectorError when it cannot).
    void prepare(std::chrono::system_clock::time_point runStart) override;
    /// Brings the old primary back as a replica (never throws; failures go into the report).
    void finish() override;

protected:
    void strike(int item, const PurchaseRecord& rec, std::stop_token stop) override;

private:
    std::unique_ptr<SentinelFailover> m_failover;
    std::stop_token m_stop; ///< the run's, from strike(): finish() of a cancelled run is quick
};

} // namespace lockscope
