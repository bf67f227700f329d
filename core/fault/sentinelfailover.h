#pragma once

#include "connectors/hostport.h"
#include "core/sandbox/sandboxinfo.h"

#include <QStringList>
#include <chrono>
#include <stop_token>

namespace lockscope {

/// A Sentinel failover that loses acknowledged writes, on purpose and every time: the lost-lock
/// scenario of asynchronous replication, on an ha sandbox's Sentinel set.
///   isolateReplica(): SIGSTOP the replica and make the primary drop its replication link
///     (CLIENT KILL TYPE replica). From then on the primary acknowledges writes (locks, fencing
///     counters) that the replica will never receive.
///   failOver(): SIGKILL the primary, SIGCONT the replica; the sentinels find the primary down
///     (down-after-milliseconds) and promote the replica, which lacks every write since the
///     isolation. Returns once they name the new primary.
///   restore(): starts the old primary again (Sandbox::restartProcess); the sentinels make it a
///     replica of the new one.
/// Only the sandbox's own servers are touched (the pids in stack.json). Throws SandboxError or
/// ConnectorError, naming the step that failed.
class SentinelFailover {
public:
    explicit SentinelFailover(SandboxInfo info);

    /// Before the fault: restores a data node or sentinel left dead or stopped (a run killed
    /// mid-fault: SandboxRepair), then waits until the primary the sentinels name streams to
    /// an online replica. Returns what was restored. Throws SandboxError (not whole by the
    /// deadline, or stop requested).
    QStringList makeWhole(std::chrono::milliseconds timeout, std::stop_token stop = {});
    void isolateReplica();
    /// Stops waiting for the sentinels when stop is requested (throws SandboxError then).
    void failOver(std::chrono::milliseconds timeout, std::stop_token stop = {});
    /// waitForReplica false (a cancelled run): starts the old primary again and returns without
    /// waiting for its resync (the next fault run's makeWhole() waits for it).
    void restore(std::chrono::milliseconds timeout, bool waitForReplica = true);

    HostPort oldPrimary() const { return m_oldPrimary; }
    HostPort newPrimary() const { return m_newPrimary; }
    /// From SIGKILL to the sentinels naming the new primary.
    std::chrono::milliseconds failoverTook() const { return m_took; }

private:
    /// Makes every data node's role what the sentinels say (the primary a primary, the others
    /// its replicas); returns what it changed. Throws ConnectorError.
    QString alignRoles(const HostPort& primary);
    /// The primary the sentinels name now.
    HostPort askSentinels() const;
    const SandboxProcess* dataNode(int port) const;

    SandboxInfo m_info;
    HostPort m_oldPrimary;
    HostPort m_newPrimary;
    int m_primaryIndex = -1;
    int m_replicaIndex = -1;
    bool m_replicaStopped = false;
    bool m_primaryKilled = false; ///< failOver() sent SIGKILL: restore() starts it again
    std::chrono::milliseconds m_took{0};
};

} // namespace lockscope
