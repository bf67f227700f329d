#include "core/sandbox/serverlaunch.h"

#include "connectors/connectorerror.h"
#include "connectors/redisclient.h"
#include "connectors/zkfourletter.h"
#include "core/fault/proxycontrol.h"
#include "core/fault/proxycontrolerror.h"
#include "core/sandbox/sandboxcertificates.h"
#include "core/sandbox/sandboxerror.h"
#include "core/sandbox/sandboxproxies.h"
#include "core/sandbox/sandboxsshd.h"
#include "core/sandbox/serverprocess.h"

#include <QDir>
#include <QFile>

#include <csignal>
#include <libpq-fe.h>

namespace lockscope {

QString ServerLaunch::logFile(const SandboxProcess& p) {
    switch (p.role) {
    case SandboxProcess::Role::Sentinel:
        return p.dir + QStringLiteral("/sentinel.log");
    case SandboxProcess::Role::ZooKeeper:
        return p.dir + QStringLiteral("/zookeeper.log");
    case SandboxProcess::Role::Postgres:
        return p.dir + QStringLiteral("/postgres.log");
    case SandboxProcess::Role::Proxy:
        return p.dir + QStringLiteral("/proxy.log");
    case SandboxProcess::Role::Sshd:
        return p.dir + QStringLiteral("/sshd.log");
    default:
        return p.dir + QStringLiteral("/redis.log");
    }
}

QString ServerLaunch::marker(SandboxInfo::Topology topology, SandboxProcess::Role role) {
    switch (role) {
    case SandboxProcess::Role::ZooKeeper:
        return topology == SandboxInfo::Topology::Ha ? QStringLiteral("QuorumPeerMain")
                                                     : QStringLiteral("ZooKeeperServerMain");
    case SandboxProcess::Role::Postgres:
        return QStringLiteral("postgres");
    case SandboxProcess::Role::Proxy: // lockscope-cli proxy --listen ...
        return QStringLiteral(" proxy --listen 127.0.0.1:");
    case SandboxProcess::Role::Sshd:
        return QStringLiteral("sshd");
    default:
        return QStringLiteral("redis-server");
    }
}

int ServerLaunch::stopSignal(SandboxProcess::Role role) {
    return role == SandboxProcess::Role::Postgres ? SIGINT : SIGTERM;
}

QString ServerLaunch::label(SandboxInfo::Topology topology, const SandboxProcess& p) {
    if (p.role == SandboxProcess::Role::Proxy && p.target) // "proxy redis", "proxy zookeeper 1"
        return QStringLiteral("proxy ") +
               label(topology, SandboxProcess(*p.target, p.targetIndex, p.targetPort, 0, {}));
    if ((topology == SandboxInfo::Topology::Single && p.role != SandboxProcess::Role::Redlock) ||
        p.role == SandboxProcess::Role::Postgres)
        return SandboxProcess::roleName(p.role);
    return QStringLiteral("%1 %2").arg(SandboxProcess::roleName(p.role)).arg(p.index);
}

void ServerLaunch::writeZooKeeperConfig(const QString& dir, int clientPort,
                                        const QStringList& servers, int myid,
                                        const QString& tlsDir) {
    const QString server = QStringLiteral("zookeeper");
    auto write = [&](const QString& path, const QByteArray& text) {
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write(text) != text.size())
            throw SandboxError(server,
                               QStringLiteral("cannot write %1: %2").arg(path, f.errorString()));
    };
    if (!QDir().mkpath(dir + QStringLiteral("/data")))
        throw SandboxError(server, QStringLiteral("cannot create %1/data").arg(dir));
    if (myid > 0)
        write(dir + QStringLiteral("/data/myid"), QByteArray::number(myid) + '\n');
    QString cfg = QStringLiteral("tickTime=500\n"
                                 "initLimit=10\n"
                                 "syncLimit=5\n"
                                 "minSessionTimeout=1000\n"
                                 "maxSessionTimeout=60000\n"
                                 "dataDir=%1/data\n"
                                 "admin.enableServer=false\n"
                                 "maxClientCnxns=0\n"
                                 "4lw.commands.whitelist=ruok,stat,mntr,cons,srvr\n"
                                 "forceSync=no\n"
                                 "autopurge.purgeInterval=0\n")
                      .arg(dir);
    if (tlsDir.isEmpty()) {
        cfg += QStringLiteral("clientPort=%1\nclientPortAddress=127.0.0.1\n").arg(clientPort);
    } else {
        // TLS only, through Netty; ZooKeeper reads PEM key and trust stores itself. Clients
        // must show a certificate of the sandbox's CA (ssl.clientAuth defaults to need).
        cfg += QStringLiteral("secureClientPort=%1\n"
                              "secureClientPortAddress=127.0.0.1\n"
                              "serverCnxnFactory=org.apache.zookeeper.server."
                              "NettyServerCnxnFactory\n"
                              "ssl.keyStore.location=%2/server-keystore.pem\n"
                              "ssl.keyStore.type=PEM\n"
                              "ssl.trustStore.location=%2/ca.pem\n"
                              "ssl.trustStore.type=PEM\n")
                   .arg(clientPort)
                   .arg(tlsDir);
    }
    for (const QString& line : servers)
        cfg += line + u'\n';
    write(dir + QStringLiteral("/zoo.cfg"), cfg.toUtf8());
}

QStringList ServerLaunch::zooKeeperArgs(SandboxInfo::Topology topology, const QString& dir) {
    return {QStringLiteral("-Xms64m"), QStringLiteral("-Xmx512m"),
            QStringLiteral("-XX:+UseSerialGC"), QStringLiteral("-Dzookeeper.log.dir=") + dir,
            QStringLiteral("-cp"),
            // netty (libnetty-java, a dependency of zookeeper's): the TLS port's server
            QStringLiteral("/usr/share/java/zookeeper.jar:/usr/share/java/slf4j-simple.jar:"
                           "/usr/share/java/netty-buffer.jar:/usr/share/java/netty-codec.jar:"
                           "/usr/share/java/netty-common.jar:/usr/share/java/netty-handler.jar:"
                           "/usr/share/java/netty-resolver.jar:/usr/share/java/netty-transport.jar:"
                           "/usr/share/java/netty-transport-native-epoll.jar:"
                           "/usr/share/java/netty-transport-native-unix-common.jar"),
            topology == SandboxInfo::Topology::Ha
                ? QStringLiteral("org.apache.zookeeper.server.quorum.QuorumPeerMain")
                : QStringLiteral("org.apache.zookeeper.server.ZooKeeperServerMain"),
            dir + QStringLiteral("/zoo.cfg")};
}

qint64 ServerLaunch::start(const SandboxInfo& info, const SandboxProcess& p) {
    const QString name = label(info.topology, p);
    if (p.role == SandboxProcess::Role::Postgres || p.role == SandboxProcess::Role::Proxy)
        throw SandboxError(name, QStringLiteral("%1 is started by the sandbox itself").arg(name));
    if (p.role == SandboxProcess::Role::ZooKeeper)
        return ServerProcess::startDetached(name, QStringLiteral("java"),
                                            zooKeeperArgs(info.topology, p.dir), logFile(p), p.dir);
    if (p.role == SandboxProcess::Role::Sshd)
        return ServerProcess::startDetached(name, SandboxSshd::program(),
                                            SandboxSshd::arguments(p.dir), logFile(p), p.dir);
    if (p.role == SandboxProcess::Role::Sentinel)
        return ServerProcess::startDetached(
            name, QStringLiteral("redis-server"),
            {p.dir + QStringLiteral("/sentinel.conf"), QStringLiteral("--sentinel")}, logFile(p),
            p.dir);
    QStringList args{QStringLiteral("--bind"),
                     QStringLiteral("127.0.0.1"),
                     QStringLiteral("--port"),
                     p.tlsDir.isEmpty() ? QString::number(p.port) : QStringLiteral("0"),
                     QStringLiteral("--save"),
                     QString(),
                     QStringLiteral("--appendonly"),
                     QStringLiteral("no"),
                     QStringLiteral("--daemonize"),
                     QStringLiteral("no"),
                     QStringLiteral("--dir"),
                     p.dir,
                     QStringLiteral("--maxclients"),
                     QStringLiteral("4000")};
    if (!p.tlsDir.isEmpty()) // TLS only; clients show a certificate of the sandbox's CA
        args << QStringLiteral("--tls-port") << QString::number(p.port)
             << QStringLiteral("--tls-cert-file") << p.tlsDir + QStringLiteral("/server.pem")
             << QStringLiteral("--tls-key-file") << p.tlsDir + QStringLiteral("/server.key")
             << QStringLiteral("--tls-ca-cert-file") << p.tlsDir + QStringLiteral("/ca.pem");
    if (p.role == SandboxProcess::Role::RedisCluster)
        args << QStringLiteral("--cluster-enabled") << QStringLiteral("yes")
             << QStringLiteral("--cluster-config-file") << p.dir + QStringLiteral("/nodes.conf")
             << QStringLiteral("--cluster-node-timeout") << QStringLiteral("2000");
    if (p.role == SandboxProcess::Role::RedisCluster ||
        p.role == SandboxProcess::Role::RedisSentinelData)
        // A replica's first sync starts at once, not after the default 5 s.
        args << QStringLiteral("--repl-diskless-sync-delay") << QStringLiteral("0");
    if (p.role == SandboxProcess::Role::RedisSentinelData && p.index > 0) {
        const SandboxProcess* primary = info.process(SandboxProcess::Role::RedisSentinelData, 0);
        if (!primary)
            throw SandboxError(name, QStringLiteral("%1: no primary recorded").arg(name));
        args << QStringLiteral("--replicaof") << QStringLiteral("127.0.0.1")
             << QString::number(primary->port);
    }
    return ServerProcess::startDetached(name, QStringLiteral("redis-server"), args, logFile(p),
                                        p.dir);
}

bool ServerLaunch::answers(const SandboxProcess& p, std::chrono::milliseconds timeout,
                           QString* why) {
    if (p.role == SandboxProcess::Role::Proxy) {
        try {
            ProxyControl::ask(SandboxProxies::controlPath(p), ProxyControl::Request{}, timeout);
            return true;
        } catch (const ProxyControlError& e) {
            if (why)
                *why = e.message();
            return false;
        }
    }
    if (p.role == SandboxProcess::Role::Sshd)
        return SandboxSshd::answers(p.port, timeout, why);
    const TlsOptions tls =
        p.tlsDir.isEmpty() ? TlsOptions{} : SandboxCertificates::clientOptions(p.tlsDir);
    try {
        if (p.role == SandboxProcess::Role::ZooKeeper) {
            const std::string a = ZkFourLetter::ask("127.0.0.1", p.port, "ruok", timeout, tls);
            if (a == "imok")
                return true;
            if (why)
                *why = QStringLiteral("ruok answered '%1'").arg(QString::fromStdString(a));
            return false;
        }
        if (p.role == SandboxProcess::Role::Postgres) {
            const QByteArray ping =
                QStringLiteral("host=127.0.0.1 port=%1 dbname=postgres connect_timeout=%2")
                    .arg(p.port)
                    .arg(std::max<qint64>(1, (timeout.count() + 999) / 1000))
                    .toUtf8();
            const bool ok = PQping(ping.constData()) == PQPING_OK;
            if (!ok && why)
                *why = QStringLiteral("no answer to a ping");
            return ok;
        }
        RedisUri uri;
        uri.port = p.port;
        uri.tls = tls;
        RedisClient c(uri, RedisClient::Options{timeout, timeout});
        const RedisReply r = c.command({"PING"});
        if (r.type == RedisReply::Type::Status && r.str == "PONG")
            return true;
        if (why)
            *why = QStringLiteral("PING answered '%1'").arg(QString::fromStdString(r.str));
        return false;
    } catch (const ConnectorError& e) {
        if (why)
            *why = e.message();
        return false;
    }
}

} // namespace lockscope
