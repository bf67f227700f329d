#pragma once

#include "core/sandbox/sandboxinfo.h"
#include "core/sandbox/sandboxprocess.h"

#include <QString>
#include <QStringList>
#include <chrono>

namespace lockscope {

/// How the sandbox starts, recognises and checks each kind of server process except PostgreSQL
/// (which needs initdb and, as root, another user: Sandbox does it). The same command line
/// serves the first start and a restart (Sandbox::restartProcess): everything a server needs
/// beyond it is in its own directory (redis-cluster: nodes.conf; sentinel: sentinel.conf;
/// zookeeper: zoo.cfg and data/myid), written by the sandbox before the first start.
class ServerLaunch {
public:
    /// Starts p detached (outliving this process), its output appended to logFile(p); returns
    /// its pid. info gives the topology and, for a replica, its primary's port. Throws
    /// SandboxError.
    static qint64 start(const SandboxInfo& info, const SandboxProcess& p);
    /// The server's log, in its own directory.
    static QString logFile(const SandboxProcess& p);
    /// What the process's command line contains while it runs (redis-server retitles itself
    /// "redis-server 127.0.0.1:<port>"): guards against signalling a recycled pid.
    static QString marker(SandboxInfo::Topology topology, SandboxProcess::Role role);
    /// The signal for an orderly stop (PostgreSQL: SIGINT, a fast shutdown; others SIGTERM).
    static int stopSignal(SandboxProcess::Role role);
    /// "redis-cluster 2" (ha), "zookeeper" (single): names the member in errors.
    static QString label(SandboxInfo::Topology topology, const SandboxProcess& p);
    /// True when p answers its protocol's ping within timeout (Redis and Sentinel: PING;
    /// ZooKeeper: ruok; PostgreSQL: PQping); otherwise false with the reason in *why.
    static bool answers(const SandboxProcess& p, std::chrono::milliseconds timeout,
                        QString* why = nullptr);
    /// The java command line of a ZooKeeper server (standalone or ensemble member).
    static QStringList zooKeeperArgs(SandboxInfo::Topology topology, const QString& dir);
    /// Writes dir/zoo.cfg (dataDir dir/data, loopback clientPort) and creates dir/data. For an
    /// ensemble member, servers holds every member's "server.N=host:peer:election" line and
    /// myid (1-based) goes to data/myid; a standalone server passes none. With tlsDir, the
    /// port is a TLS-only secureClientPort (SandboxCertificates' files). Throws SandboxError.
    static void writeZooKeeperConfig(const QString& dir, int clientPort,
                                     const QStringList& servers = {}, int myid = 0,
                                     const QString& tlsDir = {});
};

} // namespace lockscope
