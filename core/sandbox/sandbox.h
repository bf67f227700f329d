#pragma once

#include "core/sandbox/sandboxinfo.h"

#include <QJsonObject>
#include <QString>
#include <chrono>

namespace lockscope {

/// Starts redis-server, a standalone ZooKeeper and a PostgreSQL 15 cluster (topology Single), or
/// the ha topology (HaSandbox: a Redis Cluster, a Sentinel set, 3 Redlock servers, a ZooKeeper
/// ensemble, and PostgreSQL), on free 127.0.0.1 ports in a directory of its own, waits until each
/// answers, and stops exactly the processes it started. Works as root (PostgreSQL runs as the
/// `postgres` system user via runuser) and as a normal user. The servers are detached: they outlive
/// the process that started them until down() is called with the same directory.
class Sandbox {
public:
    struct Options {
        QString dir;
        SandboxInfo::Topology topology = SandboxInfo::Topology::Single;
        std::chrono::milliseconds readyTimeout{30000};
        /// Stop a sandbox already running in dir instead of failing (never one still starting
        /// under another up()).
        bool replace = false;
        /// A fault proxy in front of each server (SandboxProxies), run as proxyProgram
        /// (lockscope-cli) `proxy ...`.
        bool proxies = false;
        QString proxyProgram;
        /// Least-privilege users on every server (SandboxUsers): stack.json's `users`.
        bool users = false;
        /// Single topology: TLS-only servers with a throwaway CA, and an sshd tunnel host
        /// (SandboxInfo::secure).
        bool secure = false;
    };

    /// Throws SandboxError naming the server that did not come up, with its log tail; or,
    /// changing nothing, when another up() runs in the same directory (UpLock, any process).
    static SandboxInfo up(const Options& options);
    /// Stops the processes recorded in <dir>/stack.json; true when none is left running.
    static bool down(const QString& dir);
    /// Per server: pid, alive, answering; `processes`: each process, alive, answering, and its
    /// ZooKeeper `mode` (leader/follower) or Redis `replication_role` (Sentinel data nodes). Throws
    /// SandboxError when there is no sandbox in dir.
    static QJsonObject status(const QString& dir);
    /// Starts the member of role with that index again with the same command line, port and
    /// directory (its data and config: a cluster node keeps its node id, an ensemble member its
    /// myid), and waits (up to timeout) until it answers its protocol's ping; a member still
    /// running (or frozen by SIGSTOP) is stopped first. Records the new pid in stack.json and
    /// in info (reloaded from stack.json). Rejoining the cluster, the ensemble or the Sentinel
    /// set is the server's own business: status() shows it. Throws SandboxError.
    static qint64 restartProcess(SandboxInfo& info, SandboxProcess::Role role, int index,
                                 std::chrono::milliseconds timeout = std::chrono::seconds(60));
    /// True while every recorded process is alive.
    static bool isRunning(const SandboxInfo& info);
};

} // namespace lockscope
