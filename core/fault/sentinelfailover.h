#pragma once

#include "connectors/hostport.h"
#include "core/sandbox/sandboxinfo.h"

#include <chrono>

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

    void isolateReplica();
    void failOver(std::chrono::milliseconds timeout);
    void restore(std::chrono::milliseconds timeout);

    HostPort oldPrimary() const { return m_oldPrimary; }
    HostPort newPrimary() const { return m_newPrimary; }
    /// From SIGKILL to the sentinels naming the new primary.
    std::chrono::milliseconds failoverTook() const { return m_took; }

private:
    /// The primary the sentinels name now.
    HostPort askSentinels() const;
    const SandboxProcess* dataNode(int port) const;

    SandboxInfo m_info;
    HostPort m_oldPrimary;
    HostPort m_newPrimary;
    int m_primaryIndex = -1;
    int m_replicaIndex = -1;
    bool m_replicaStopped = false;
    std::chrono::milliseconds m_took{0};
};

} // namespace lockscope
