#pragma once

#include "core/fault/proxycontrol.h"
#include "core/sandbox/sandboxinfo.h"
#include "core/sandbox/sandboxprocess.h"

#include <QList>
#include <QString>
#include <chrono>
#include <functional>
#include <optional>

namespace lockscope {

/// The sandbox's fault proxies (`sandbox up --proxies`): one `lockscope-cli proxy` process
/// (ProxyDaemon) in front of each proxied server, recorded in stack.json's `processes` (role
/// `proxy`, with the `target` it forwards to), its URIs in `proxied`, stopped by `down` like
/// any server. Through them an operator or a test cuts LockScope itself (the console, `locks
/// watch`) off a server: `sandbox fault` switches a proxy's mode over its control socket
/// (D/proxy/<server>-<index>/control.sock, 0600 in a 0700 directory).
///
/// Which servers: single: redis, zookeeper, postgres. ha: every ZooKeeper ensemble member
/// (the proxied connect string lists the three proxies, so a client is cut off the ensemble
/// only when all three are switched, or off one member) and PostgreSQL. Not the Redis Cluster
/// or the Sentinel set: their clients learn the nodes' real addresses from the servers (CLUSTER
/// SLOTS, SENTINEL get-master-addr-by-name) and would go around a proxy; the ha `proxied` has
/// no `redis`.
class SandboxProxies {
public:
    using Role = SandboxProcess::Role;

    /// Appends a Proxy process for each proxied server of info (a free port, pid 0, its
    /// directory created 0700) and sets info's proxied URIs. Needs every target's port.
    static void plan(SandboxInfo& info);
    /// plan(), then starts each proxy (program: lockscope-cli), recording its pid in info and
    /// stack.json as it starts; started(pid) is called for each (the StartGuard).
    static void startAll(SandboxInfo& info, const QString& program,
                         const std::function<void(qint64)>& started);
    /// Until every proxy answers on its control socket (it is listening on its port by then).
    static void waitReady(const SandboxInfo& info, std::chrono::steady_clock::time_point deadline);

    static QString controlPath(const SandboxProcess& proxy);

    /// The proxies in front of server (index: that member only). Throws std::invalid_argument
    /// naming why when there is none: the sandbox has no proxies, none for that server (ha:
    /// redis), or no such member.
    static QList<SandboxProcess> of(const SandboxInfo& info, Role server, std::optional<int> index);
    /// Asks a proxy (ProxyControl::ask). Throws ProxyControlError; NotRunning when its process
    /// is not alive.
    static ProxyControl::Reply ask(const SandboxProcess& proxy,
                                   const ProxyControl::Request& request);
};

} // namespace lockscope
