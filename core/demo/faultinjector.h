#pragma once

#include "core/demo/demoscenario.h"
#include "core/demo/faultevent.h"
#include "core/demo/purchaserecord.h"
#include "core/namespaceconfig.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <stop_token>

namespace lockscope {

class FaultLock;

/// A fault the demo engine injects itself, on the sandbox's servers, once per run: at the hold
/// point (lock held, stock read, paid) of the first attempt it strikes, that buyer's thread
/// injects it (strike()) and holds on as the fault requires; every later hold point returns at
/// once. While the injected outage lasts (beginOutage() .. endOutage() + kReconnectGrace),
/// failed attempts are flagged as expected (PurchaseRecord::duringInjectedOutage). What the
/// fault did goes into report() (the run's `fault_report`) and, for faults that record one,
/// event() (a FaultEvent of the run's `faults`). Subclasses: FailoverInjector,
/// ServerRestartInjector, LeaderKillInjector.
class FaultInjector {
public:
    /// How long after the outage's end failed attempts are still counted as expected: the
    /// buyers back off and reconnect.
    static constexpr std::chrono::seconds kReconnectGrace{3};

    virtual ~FaultInjector();
    FaultInjector(const FaultInjector&) = delete;
    FaultInjector& operator=(const FaultInjector&) = delete;

    /// The injector of scenario.fault, or nullptr for a fault the buyers inject themselves
    /// (crash, pause, slow release, partition) or none. Throws std::invalid_argument when the
    /// run cannot have this fault (the message says why: no sandbox, the wrong topology, a lock
    /// server that is not the sandbox's). Touches no server. Then holds the sandbox's FaultLock
    /// for the injector's life: throws FaultRefused (SandboxBusy) when another run holds it.
    static std::unique_ptr<FaultInjector>
    create(const NamespaceConfig& config, const DemoScenario& scenario, const QString& sandboxDir);

    /// Before the run's stock is loaded (which needs the servers): subclasses check that their
    /// servers are whole, restoring a member an earlier run left dead or stopped
    /// (`restored_before` in the report); they throw FaultRefused (Unhealthy) when the servers
    /// are not whole.
    virtual void makeReady() {}
    /// Before the buyers start (the run's stock is loaded); times of the fault event are counted
    /// from runStart. Subclasses may set the stage here (throws then).
    virtual void prepare(std::chrono::system_clock::time_point runStart);
    /// The hold point of a struck attempt; the first one injects the fault, later ones return
    /// at once. Never throws: a failure goes into the report. True when this call struck.
    bool atHold(int item, const PurchaseRecord& rec, std::stop_token stop);
    /// After the buyers: put back what the fault took. Never throws (failures go into the
    /// report).
    virtual void finish() {}
    /// From the fault's start until kReconnectGrace after its end (the servers answer again).
    bool outageInProgress() const;
    QJsonObject report() const;
    /// The fault as a fault event; startUs -1 when no holder was struck or this fault records
    /// none.
    FaultEvent event() const;

protected:
    FaultInjector(const NamespaceConfig& config, const DemoScenario& scenario);

    /// Injects the fault on the struck holder's own thread (once per run).
    virtual void strike(int item, const PurchaseRecord& rec, std::stop_token stop) = 0;

    void beginOutage();
    /// The servers answer again: the outage ends kReconnectGrace from now.
    void endOutage();
    qint64 sinceStartUs() const;
    /// The struck holder's event, started now (the scenario's fault, buyer, item, token).
    FaultEvent strikeEvent(int item, const PurchaseRecord& rec) const;
    /// The report's keys every fault has: victim_buyer, victim_token, item.
    static QJsonObject victimReport(int item, const PurchaseRecord& rec);
    /// Adds (or replaces) r's keys in the report.
    void mergeReport(const QJsonObject& r);
    void setEvent(const FaultEvent& e);
    /// Notes what prepare() restored (`restored_before`), if anything.
    void noteRestored(const QStringList& restored);

    const NamespaceConfig& m_config;
    const DemoScenario& m_scenario;

private:
    std::chrono::system_clock::time_point m_runStart = std::chrono::system_clock::now();
    std::atomic<bool> m_fired{false};
    std::atomic<int64_t> m_outageFrom{0}; ///< steady_clock ns; 0: not yet
    std::atomic<int64_t> m_outageTo{0};   ///< steady_clock ns; 0: not over
    mutable std::mutex m_mutex;
    QJsonObject m_report;
    FaultEvent m_event;
    std::unique_ptr<FaultLock> m_lock;
};

} // namespace lockscope
