#pragma once

#include "core/demo/faultinjector.h"
#include "core/fault/zkensemble.h"

#include <memory>

namespace lockscope {

/// The demo's `--fault leader-kill` (strategy zookeeper, an ha sandbox's ensemble): the first
/// buyer to reach the hold point (its lock held, stock read, paid) finds the ensemble's leader
/// (`srvr`), SIGKILLs it and waits until another member serves as leader (the election; every
/// session loses its connection meanwhile, as followers drop their clients when the leader
/// goes). Then it waits until its own session is listed by a member again (`cons`: the session
/// moved, it did not expire) and checks that its lock node still stands, and writes. After the
/// buyers, the killed member is started again and waited for until it serves as a follower.
/// Expected: nobody else gets the lock meanwhile, nothing oversells, fencing on or off.
class LeaderKillInjector : public FaultInjector {
public:
    static constexpr std::chrono::seconds kElectionTimeout{30};
    static constexpr std::chrono::seconds kRejoinTimeout{60};

    /// Throws std::invalid_argument when the run cannot have this fault: no sandbox, not an ha
    /// sandbox, a strategy that does not lock on ZooKeeper, a ZooKeeper that is not the
    /// sandbox's ensemble.
    LeaderKillInjector(const NamespaceConfig& config, const DemoScenario& scenario,
                       const QString& sandboxDir);
    ~LeaderKillInjector() override;

    /// Restores a member left dead or stopped and waits until every member serves; throws
    /// FaultRefused otherwise (killing the leader of a broken ensemble loses the quorum).
    void makeReady() override;
    /// Restarts the killed member and waits for it to rejoin (never throws).
    void finish() override;

protected:
    void strike(int item, const PurchaseRecord& rec, std::stop_token stop) override;

private:
    std::unique_ptr<ZkEnsemble> m_ensemble;
    int m_killedIndex = -1; ///< written by the striking thread, read by finish() after the join
};

} // namespace lockscope
