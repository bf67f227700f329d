#include "core/sandbox/sandboxproxies.h"

#include "core/fault/proxycontrolerror.h"
#include "core/logging.h"
#include "core/sandbox/readywait.h"
#include "core/sandbox/sandboxerror.h"
#include "core/sandbox/serverlaunch.h"
#include "core/sandbox/serverprocess.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QStringList>
#include <QUrl>
#include <stdexcept>

namespace lockscope {

namespace {

/// The servers a proxy is put in front of, in order.
QList<SandboxProcess> proxiedServers(const SandboxInfo& info) {
    QList<SandboxProcess> out;
    if (info.topology == SandboxInfo::Topology::Single)
        out += info.processesOf(SandboxProcess::Role::Redis);
    out += info.processesOf(SandboxProcess::Role::ZooKeeper);
    out += info.processesOf(SandboxProcess::Role::Postgres);
    return out;
}

QString withPort(const QString& uri, int port) {
    QUrl url(uri);
    url.setPort(port);
    return url.toString();
}

} // namespace

void SandboxProxies::plan(SandboxInfo& info) {
    QStringList zkHosts;
    for (const SandboxProcess& server : proxiedServers(info)) {
        if (server.port <= 0)
            throw SandboxError({}, QStringLiteral("proxy: %1 has no port yet")
                                       .arg(ServerLaunch::label(info.topology, server)));
        SandboxProcess proxy(Role::Proxy, int(info.processesOf(Role::Proxy).size()),
                             ServerProcess::freeLoopbackPort(), 0,
                             QDir(info.dir).filePath(QStringLiteral("proxy/%1-%2")
                                                         .arg(SandboxProcess::roleName(server.role))
                                                         .arg(server.index)));
        proxy.target = server.role;
        proxy.targetIndex = server.index;
        proxy.targetPort = server.port;
        if (!QDir().mkpath(proxy.dir))
            throw SandboxError({}, QStringLiteral("cannot create %1").arg(proxy.dir));
        // Only the sandbox's owner may reach the control socket inside.
        QFile::setPermissions(proxy.dir, QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                             QFileDevice::ExeOwner);
        const QString at = QStringLiteral("127.0.0.1:%1").arg(proxy.port);
        switch (server.role) {
        case Role::Redis:
            info.proxiedRedisUri = QStringLiteral("redis://%1/0").arg(at);
            break;
        case Role::ZooKeeper:
            zkHosts << at;
            break;
        case Role::Postgres:
            info.proxiedPostgresUri = withPort(info.postgresUri, proxy.port);
            break;
        default:
            break;
        }
        info.processes << proxy;
    }
    info.proxiedZookeeperUri = QStringLiteral("zookeeper://") + zkHosts.join(u',');
}

void SandboxProxies::startAll(SandboxInfo& info, const QString& program,
                              const std::function<void(qint64)>& started) {
    if (program.isEmpty())
        throw SandboxError({}, QStringLiteral("proxy: no lockscope-cli to run the proxies"));
    QElapsedTimer timer;
    timer.start();
    plan(info);
    info.save();
    for (SandboxProcess& p : info.processes) {
        if (p.role != Role::Proxy)
            continue;
        p.pid = ServerProcess::startDetached(ServerLaunch::label(info.topology, p), program,
                                             {QStringLiteral("proxy"), QStringLiteral("--listen"),
                                              QStringLiteral("127.0.0.1:%1").arg(p.port),
                                              QStringLiteral("--target"),
                                              QStringLiteral("127.0.0.1:%1").arg(p.targetPort),
                                              QStringLiteral("--control"), controlPath(p)},
                                             ServerLaunch::logFile(p), p.dir);
        if (started)
            started(p.pid);
        info.save();
    }
    qCDebug(lcSandbox) << "proxies started in" << timer.elapsed() << "ms";
}

void SandboxProxies::waitReady(const SandboxInfo& info,
                               std::chrono::steady_clock::time_point deadline) {
    QElapsedTimer timer;
    timer.start();
    for (const SandboxProcess& p : info.processesOf(Role::Proxy))
        ReadyWait::until(ServerLaunch::label(info.topology, p), p.pid,
                         ServerLaunch::marker(info.topology, p.role), ServerLaunch::logFile(p),
                         deadline, [&](QString* why) {
                             return ServerLaunch::answers(p, std::chrono::milliseconds(500), why);
                         });
    if (!info.processesOf(Role::Proxy).isEmpty())
        qCDebug(lcSandbox) << "proxies answered after waiting" << timer.elapsed() << "ms";
}

QString SandboxProxies::controlPath(const SandboxProcess& proxy) {
    return QDir(proxy.dir).filePath(QStringLiteral("control.sock"));
}

QList<SandboxProcess> SandboxProxies::of(const SandboxInfo& info, Role server,
                                         std::optional<int> index) {
    const QList<SandboxProcess> all = info.processesOf(Role::Proxy);
    if (all.isEmpty())
        throw std::invalid_argument(
            QStringLiteral(
                "the sandbox in %1 has no proxies (start it with 'sandbox up --proxies')")
                .arg(info.dir)
                .toStdString());
    QList<SandboxProcess> out;
    for (const SandboxProcess& p : all)
        if (p.target == server && (!index || p.targetIndex == *index))
            out << p;
    if (!out.isEmpty())
        return out;
    if (index)
        throw std::invalid_argument(QStringLiteral("the sandbox in %1 has no proxy for %2 %3")
                                        .arg(info.dir, SandboxProcess::roleName(server))
                                        .arg(*index)
                                        .toStdString());
    const QString why =
        server == Role::Redis && info.topology == SandboxInfo::Topology::Ha
            ? QStringLiteral(" (ha: the Cluster's and the Sentinel set's clients learn the "
                             "nodes' real addresses from the servers and would go around a "
                             "proxy)")
            : QString();
    throw std::invalid_argument(QStringLiteral("the sandbox in %1 has no proxy for %2%3")
                                    .arg(info.dir, SandboxProcess::roleName(server), why)
                                    .toStdString());
}

ProxyControl::Reply SandboxProxies::ask(const SandboxProcess& proxy,
                                        const ProxyControl::Request& request) {
    if (!ServerProcess::isAlive(proxy.pid,
                                ServerLaunch::marker(SandboxInfo::Topology::Single, proxy.role)))
        throw ProxyControlError(
            ProxyControlError::Kind::NotRunning,
            QStringLiteral("the proxy for %1 %2 (pid %3) is not running")
                .arg(SandboxProcess::roleName(proxy.target.value_or(Role::Proxy)))
                .arg(proxy.targetIndex)
                .arg(proxy.pid));
    return ProxyControl::ask(controlPath(proxy), request);
}

} // namespace lockscope
