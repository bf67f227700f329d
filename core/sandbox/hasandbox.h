#pragma once

#include "core/sandbox/sandboxinfo.h"

#include <chrono>
#include <stop_token>

namespace lockscope {

/// The ha topology's servers other than PostgreSQL: a Redis Cluster (6 nodes, 3 primaries with
/// a replica each), a Redis primary + replica watched by 3 Sentinels (primary name `lockscope`),
/// 3 independent Redis servers for Redlock and a 3-member ZooKeeper ensemble. Sandbox::up()
/// plans them, starts each (ServerLaunch) recording its pid, then waits here.
class HaSandbox {
public:
    static constexpr const char* kPrimaryName = "lockscope";

    /// Chooses a free 127.0.0.1 port for every member (a cluster node's bus port, +10000, free
    /// too; ZooKeeper's quorum and election ports), creates each member's directory with its
    /// configuration (sentinel.conf, zoo.cfg, myid), appends the members to info.processes
    /// (pid 0; ZooKeeper first: the JVMs are the slowest to come up) and sets the URIs.
    static void plan(SandboxInfo& info);
    /// Every Redis process answers; `redis-cli --cluster create ... --cluster-replicas 1`; every
    /// node reports cluster_state:ok, knows 6 nodes and sees 3 primaries with slots, each with
    /// one replica, all connected; every sentinel reports the primary, the
    /// replica (linked, in sync) and the two other sentinels (linked). Throws SandboxError
    /// naming the member and quoting its log.
    static void waitRedis(const SandboxInfo& info, std::chrono::steady_clock::time_point deadline,
                          std::stop_token stop = {});
    /// Until one member says `Mode: leader` and the two others `Mode: follower` (4lw srvr).
    static void waitZooKeeper(const SandboxInfo& info,
                              std::chrono::steady_clock::time_point deadline,
                              std::stop_token stop = {});
    /// The member's mode from 4lw srvr ("leader", "follower", "standalone"), empty when it does
    /// not serve (no quorum) or does not answer within timeout.
    static QString zooKeeperMode(int port, std::chrono::milliseconds timeout);
};

} // namespace lockscope
