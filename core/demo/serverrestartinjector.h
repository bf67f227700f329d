#pragma once

#include "core/demo/faultinjector.h"
#include "core/fault/zkensemble.h"
#include "core/sandbox/sandboxinfo.h"
#include "core/sandbox/sandboxprocess.h"

#include <memory>

namespace lockscope {

/// The demo's `--fault server-restart`: the first struck holder (fault rate and seed, as for
/// crash and pause), at its hold point (lock held, stock read, paid), has the sandbox restart
/// its lock server (Sandbox::restartProcess: stopped, started again with the same port and
/// data, waited for until it answers), then holds on until another buyer has written the
/// item's stock or the fault's duration (default 2 x lease) has passed, and writes; where the
/// lock is kept (redlock), no later than half its lease after it got it, within its validity. Only
/// servers of the sandbox the CLI was given. Which server is "the lock server":
///   - single topology: the redis-server, the ZooKeeper server or PostgreSQL. A Redis without
///     persistence comes back without the lock: a second holder gets it, and the late write is
///     fenced (fencing on) or oversells (off). ZooKeeper comes back with its sessions and nodes
///     (the holder keeps the lock); PostgreSQL aborts every open transaction;
///   - redlock (either topology): one of its three servers (redlock 0); the majority keeps the
///     lock;
///   - ha, redis through the Sentinel set: the primary, restarted at once (faster than the
///     sentinels' down-after-milliseconds, so no failover): it comes back empty and its
///     replica resyncs from it, so the lock is lost everywhere;
///   - ha, zookeeper: the ensemble member the holder's session is on (`cons`); the session
///     moves to another member, the lock stays;
///   - ha, PostgreSQL: as in single (the ha topology has one PostgreSQL).
/// Refused: a Redis Cluster (lock through the Sentinel set instead), a lock server that is not
/// the sandbox's.
class ServerRestartInjector : public FaultInjector {
public:
    /// Throws std::invalid_argument when the run cannot have this fault: no sandbox ("needs
    /// --sandbox"), a strategy without a lock server, a lock server that is not the sandbox's,
    /// a Redis Cluster.
    ServerRestartInjector(const NamespaceConfig& config, const DemoScenario& scenario,
                          const QString& sandboxDir);
    ~ServerRestartInjector() override;

    /// Restores the server (or a member of the ensemble or the Sentinel set) left dead or
    /// stopped; throws FaultRefused when they are not whole then. Sentinel: checks that the
    /// primary is data node 0 (started as a primary; node 1's command line makes it a replica,
    /// so a restart would not bring it back as the primary): FaultRefused otherwise.
    void makeReady() override;

protected:
    void strike(int item, const PurchaseRecord& rec, std::stop_token stop) override;

private:
    /// What is restarted: one recorded process (m_role, index 0), the Sentinel set's current
    /// primary, or the ensemble member the holder's session is on.
    enum class Target { Process, SentinelPrimary, SessionMember };

    /// Restarts the target; fills r (which server, pids, how long). Returns when the server
    /// answers again (the ensemble member: serves in the quorum again).
    void restart(int item, const PurchaseRecord& rec, QJsonObject& r);
    /// Whether the lock outlives the restart: redlock (the majority keeps it), ZooKeeper (the
    /// session and its nodes come back or move).
    bool lockKept() const;
    /// How long the holder waits after the restart for a second writer: the fault's duration,
    /// but for redlock no later than half its lease after it got the lock (it writes within
    /// its validity: a longer hold would be a pause fault, not a restart's).
    std::chrono::milliseconds secondWriterWait(const PurchaseRecord& rec) const;
    /// The Sentinel data node the sentinels name as primary now.
    SandboxProcess sentinelPrimary() const;

    SandboxInfo m_info;
    Target m_target = Target::Process;
    SandboxProcess::Role m_role = SandboxProcess::Role::Redis;
    std::unique_ptr<ZkEnsemble> m_ensemble; ///< SessionMember
};

} // namespace lockscope
