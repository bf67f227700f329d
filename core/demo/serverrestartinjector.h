#pragma once

#include "core/demo/demoscenario.h"
#include "core/demo/faultevent.h"
#include "core/demo/purchaserecord.h"
#include "core/namespaceconfig.h"
#include "core/sandbox/sandboxinfo.h"
#include "core/sandbox/sandboxprocess.h"

#include <QJsonObject>
#include <QString>
#include <atomic>
#include <chrono>
#include <mutex>
#include <stop_token>

namespace lockscope {

/// The demo's `--fault server-restart`: the first struck holder (fault rate and seed, as for
/// crash and pause), at its hold point (lock held, stock read, paid), has the sandbox restart
/// its lock server (Sandbox::restartProcess: stopped, started again with the same port and
/// data, waited for until it answers), then holds on until another buyer has written the
/// item's stock or the fault's duration (default 2 x lease) has passed, and writes. A Redis
/// without persistence comes back without the lock: a second holder gets it, and the late write
/// is fenced (fencing on) or oversells (off). ZooKeeper comes back with its sessions and nodes
/// (the holder keeps the lock); PostgreSQL aborts every open transaction (the lock goes, and so
/// do the connections of everyone). Only servers of the sandbox the CLI was given, single
/// topology.
class ServerRestartInjector {
public:
    /// Throws std::invalid_argument when the run cannot have this fault: no sandbox ("needs
    /// --sandbox"), a strategy without a lock server, a lock server that is not the sandbox's,
    /// an ha sandbox.
    ServerRestartInjector(const NamespaceConfig& config, const DemoScenario& scenario,
                          const QString& sandboxDir);

    /// Times of the fault event are counted from here.
    void prepare(std::chrono::system_clock::time_point runStart) { m_runStart = runStart; }
    /// The hold point of a struck attempt; the first one restarts the server, later ones
    /// return at once.
    void atHold(int item, const PurchaseRecord& rec, std::stop_token stop);
    /// From the restart's start until kReconnectGrace after the server answered again.
    bool outageInProgress() const;
    QJsonObject report() const;
    /// The restart as a fault event (startUs -1 when no holder was struck).
    FaultEvent event() const;

    static constexpr std::chrono::seconds kReconnectGrace{3};

private:
    qint64 sinceStartUs() const;

    const NamespaceConfig& m_config;
    const DemoScenario& m_scenario;
    SandboxInfo m_info;
    SandboxProcess::Role m_role = SandboxProcess::Role::Redis;
    std::chrono::system_clock::time_point m_runStart = std::chrono::system_clock::now();
    std::atomic<bool> m_fired{false};
    std::atomic<int64_t> m_outageFrom{0}; ///< steady_clock ns; 0: not yet
    std::atomic<int64_t> m_outageTo{0};
    mutable std::mutex m_mutex;
    QJsonObject m_report;
    FaultEvent m_event;
};

} // namespace lockscope
