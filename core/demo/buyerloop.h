#pragma once

#include "connectors/backend.h"
#include "core/demo/demoscenario.h"
#include "core/demo/faultevent.h"
#include "core/demo/purchaserecord.h"
#include "core/namespaceconfig.h"
#include "core/shop/purchase.h"

#include <chrono>
#include <functional>
#include <memory>
#include <stop_token>
#include <string>

namespace lockscope {

class PartitionSwitch;
class Purchaser;
class RacePurchaser;

/// One buyer of a demo run: its own connections, its own seeded random choices (item, faults),
/// its attempts until done, sold out everywhere, or cancelled. Used by the engine's threads and
/// by `lockscope-cli demo worker` processes alike.
class BuyerLoop {
public:
    struct Sinks {
        std::function<void(const PurchaseRecord&)> record;
        /// A lock on item was taken (held = true) or let go by this buyer.
        std::function<void(int item, int buyer, bool held)> holder;
        /// This buyer gave up: only infrastructure failures for kInfraGiveUp (the run then
        /// ends without it, an infrastructure failure).
        std::function<void(int buyer)> gaveUp;
        /// A fault struck this buyer's attempt (when and what followed, as the buyer saw it).
        std::function<void(const FaultEvent&)> fault;
        /// The hold point of every attempt of a run with a fault the engine injects itself
        /// (failover): it may block there, the lock held and the stock read (rec.stockRead).
        /// True when the fault struck this attempt (its event then goes to `fault`, for the
        /// engine to merge into the injector's).
        std::function<bool(int item, const PurchaseRecord& rec)> atHold = {};
        /// True while an injected fault has a server down on purpose (errors then are expected).
        std::function<bool()> injectedOutage = {};
        /// This buyer gave up on item's lock: nothing but lock timeouts for the scenario's
        /// lockGiveUp (default 30 s), and
        /// nobody got that lock meanwhile (lockTakenSince).
        std::function<void(int buyer, int item)> lockUnobtainable = {};
        /// Whether any buyer of the run got item's lock after since (threads: the engine
        /// knows; unset in a worker process: only this buyer's own attempts count).
        std::function<bool(int item, std::chrono::steady_clock::time_point since)> lockTakenSince =
            {};
    };

    BuyerLoop(const NamespaceConfig& config, const DemoScenario& scenario, std::string runId,
              int buyer, std::stop_token stop, bool processMode,
              std::chrono::system_clock::time_point runStart);
    ~BuyerLoop();
    /// Never throws: every failure is a record (outcome error, with the reason).
    void run(const Sinks& sinks);

    /// A buyer whose attempts have failed on infrastructure for this long stops (the run then
    /// ends and its verdict says why); before that it backs off and reconnects.
    static constexpr std::chrono::seconds kInfraGiveUp{30};
    static constexpr std::chrono::milliseconds kFirstBackOff{100};
    static constexpr std::chrono::milliseconds kMaxBackOff{1000};

private:
    qint64 sinceStartUs() const;
    /// The purchase of one attempt, with this attempt's fault (if faulty) wired in: a crash or
    /// pause at the hold point, or a slow release. rec is the attempt's record (a crashing
    /// worker process writes it before it dies).
    PurchaseRequest requestFor(int item, const std::string& buyerName, bool faulty,
                               const Sinks& sinks, const PurchaseRecord& rec, FaultEvent& ev) const;
    /// The buyer's purchaser: its connections go straight to the servers, or, once this buyer
    /// has been partitioned, the cut-off server's through its PartitionSwitch.
    std::unique_ptr<Purchaser> makePurchaser() const;
    /// The same for the double-charge and cart races.
    std::unique_ptr<RacePurchaser> makeRacePurchaser() const;
    /// The server a partition fault cuts this buyer off from.
    Backend partitionTarget() const;

    const NamespaceConfig& m_config;
    const DemoScenario& m_scenario;
    std::string m_runId;
    int m_buyer;
    std::stop_token m_stop; ///< the run was cancelled: finish the current purchase, then stop
    bool m_processMode;
    std::chrono::system_clock::time_point m_runStart;
    /// Created on this buyer's first partitioned attempt (and kept: its connections go through
    /// it from then on).
    std::unique_ptr<PartitionSwitch> m_partition;
};

} // namespace lockscope
