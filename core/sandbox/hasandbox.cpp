#include "core/sandbox/hasandbox.h"

#include "connectors/connectorerror.h"
#include "connectors/redisclient.h"
#include "connectors/zkfourletter.h"
#include "core/sandbox/readywait.h"
#include "core/sandbox/sandboxerror.h"
#include "core/sandbox/serverlaunch.h"
#include "core/sandbox/serverprocess.h"

#include <QDir>
#include <QFile>
#include <QHash>
#include <QRandomGenerator>
#include <QSet>
#include <unistd.h>

namespace lockscope {

namespace {

using Role = SandboxProcess::Role;
constexpr auto kProbeTimeout = std::chrono::milliseconds(500);
constexpr int kClusterNodes = 6;
constexpr int kSentinels = 3;
constexpr int kRedlocks = 3;
constexpr int kZooKeepers = 3;
/// Redis Cluster's bus port is the client port + 10000.
constexpr int kBusOffset = 10000;

/// Free loopback ports, never the same one twice in one sandbox.
class PortPicker {
public:
    /// A free port p; with busOffset, p + busOffset is free (and a port) too.
    int pick(int busOffset = 0) {
        for (int attempt = 0; attempt < 500; ++attempt) {
            const int p = ServerProcess::freeLoopbackPort();
            if (m_used.contains(p))
                continue;
            if (busOffset > 0) {
                const int bus = p + busOffset;
                if (bus > 65535 || m_used.contains(bus) || !ServerProcess::canBind(bus))
                    continue;
                m_used.insert(bus);
            }
            m_used.insert(p);
            return p;
        }
        throw SandboxError({}, QStringLiteral("no free loopback ports left for the ha topology"));
    }

private:
    QSet<int> m_used;
};

void freshDir(const QString& path) {
    QDir d(path);
    if (d.exists() && !d.removeRecursively())
        throw SandboxError({}, QStringLiteral("cannot clear %1").arg(path));
    if (!QDir().mkpath(path))
        throw SandboxError({}, QStringLiteral("cannot create %1").arg(path));
}

void writeFile(const QString& server, const QString& path, const QByteArray& text) {
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(text) != text.size())
        throw SandboxError(
            server, QStringLiteral("%1: cannot write %2: %3").arg(server, path, f.errorString()));
}

QString randomRunId() {
    QString id;
    for (int i = 0; i < 40; ++i)
        id += QLatin1Char("0123456789abcdef"[QRandomGenerator::system()->bounded(16)]);
    return id;
}

QString hostPorts(const QList<SandboxProcess>& ps) {
    QStringList parts;
    for (const SandboxProcess& p : ps)
        parts << QStringLiteral("127.0.0.1:%1").arg(p.port);
    return parts.join(u',');
}

/// A Sentinel's answer about one instance: a flat array of field, value, field, value...
QHash<QString, QString> fields(const RedisReply& r) {
    QHash<QString, QString> out;
    for (size_t i = 0; i + 1 < r.elements.size(); i += 2)
        out.insert(QString::fromStdString(r.elements[i].str),
                   QString::fromStdString(r.elements[i + 1].str));
    return out;
}

RedisClient connectTo(int port) {
    RedisUri uri;
    uri.port = port;
    return RedisClient(uri, RedisClient::Options{kProbeTimeout, kProbeTimeout});
}

void waitAnswers(const SandboxInfo& info, const SandboxProcess& p,
                 std::chrono::steady_clock::time_point deadline, std::stop_token stop) {
    ReadyWait::until(
        ServerLaunch::label(info.topology, p), p.pid, ServerLaunch::marker(info.topology, p.role),
        ServerLaunch::logFile(p), deadline,
        [&](QString* why) { return ServerLaunch::answers(p, kProbeTimeout, why); }, stop);
}

void createCluster(const SandboxInfo& info, std::chrono::steady_clock::time_point deadline) {
    const QList<SandboxProcess> nodes = info.processesOf(Role::RedisCluster);
    QStringList args{QStringLiteral("--cluster"), QStringLiteral("create")};
    for (const SandboxProcess& n : nodes)
        args << QStringLiteral("127.0.0.1:%1").arg(n.port);
    args << QStringLiteral("--cluster-replicas") << QStringLiteral("1")
         << QStringLiteral("--cluster-yes");
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    QString out;
    const int rc = ServerProcess::runBlocking(
        QStringLiteral("redis-cli"), args, std::max(left, std::chrono::milliseconds(1000)), &out);
    const QString log = QDir(info.dir).filePath(QStringLiteral("redis-cluster/create.log"));
    QFile f(log);
    if (f.open(QIODevice::WriteOnly))
        f.write(out.toUtf8());
    f.close();
    if (rc != 0)
        ReadyWait::fail(QStringLiteral("redis-cluster"),
                        QStringLiteral("redis-cli --cluster create failed (exit %1)").arg(rc), log);
}

bool clusterReady(int port, QString* why) {
    RedisClient c = connectTo(port);
    const RedisReply r = c.commandChecked({"CLUSTER", "INFO"});
    const QString text = QString::fromStdString(r.str);
    QString state, known;
    for (const QString& line : text.split(u'\n')) {
        if (line.startsWith(u"cluster_state:"))
            state = line.mid(14).trimmed();
        else if (line.startsWith(u"cluster_known_nodes:"))
            known = line.mid(20).trimmed();
    }
    *why = QStringLiteral("cluster_state:%1, cluster_known_nodes:%2").arg(state, known);
    if (state != u"ok" || known.toInt() != kClusterNodes)
        return false;
    // The roles redis-cli gave (CLUSTER REPLICATE) reach every node by gossip: until then a
    // node still sees a replica as a primary without slots.
    const QString nodes = QString::fromStdString(c.commandChecked({"CLUSTER", "NODES"}).str);
    QSet<QString> primaries, replicated;
    int replicas = 0;
    for (const QString& line : nodes.split(u'\n', Qt::SkipEmptyParts)) {
        const QStringList f = line.split(u' ', Qt::SkipEmptyParts);
        if (f.size() < 8 || f[7] != u"connected" || f[2].contains(QStringLiteral("fail")) ||
            f[2].contains(QStringLiteral("handshake")))
            return false;
        if (f[2].contains(QStringLiteral("master")) && f.size() > 8)
            primaries.insert(f[0]);
        else if (f[2].contains(QStringLiteral("slave"))) {
            ++replicas;
            replicated.insert(f[3]);
        }
    }
    *why =
        QStringLiteral("%1 primaries with slots, %2 replicas").arg(primaries.size()).arg(replicas);
    return primaries.size() == kClusterNodes / 2 && replicas == kClusterNodes / 2 &&
           replicated == primaries;
}

/// The sentinel at port names the primary, knows the replica (linked, its link to the primary
/// up) and the other sentinels (linked).
bool sentinelReady(const SandboxInfo& info, const SandboxProcess& sentinel, QString* why) {
    const SandboxProcess* primary = info.process(Role::RedisSentinelData, 0);
    const SandboxProcess* replica = info.process(Role::RedisSentinelData, 1);
    RedisClient c = connectTo(sentinel.port);
    const RedisReply addr =
        c.commandChecked({"SENTINEL", "GET-MASTER-ADDR-BY-NAME", HaSandbox::kPrimaryName});
    if (addr.elements.size() != 2 || addr.elements[1].str != std::to_string(primary->port)) {
        *why = QStringLiteral("does not report the primary 127.0.0.1:%1 yet").arg(primary->port);
        return false;
    }
    bool replicaOk = false;
    for (const RedisReply& r :
         c.commandChecked({"SENTINEL", "REPLICAS", HaSandbox::kPrimaryName}).elements) {
        const auto f = fields(r);
        replicaOk = replicaOk || (f.value(QStringLiteral("port")).toInt() == replica->port &&
                                  f.value(QStringLiteral("flags")) == u"slave" &&
                                  f.value(QStringLiteral("master-link-status")) == u"ok");
    }
    if (!replicaOk) {
        *why =
            QStringLiteral("does not know the replica 127.0.0.1:%1 in sync yet").arg(replica->port);
        return false;
    }
    QSet<int> linked;
    for (const RedisReply& r :
         c.commandChecked({"SENTINEL", "SENTINELS", HaSandbox::kPrimaryName}).elements) {
        const auto f = fields(r);
        if (f.value(QStringLiteral("flags")) == u"sentinel")
            linked.insert(f.value(QStringLiteral("port")).toInt());
    }
    QSet<int> others;
    for (const SandboxProcess& s : info.processesOf(Role::Sentinel))
        if (s.index != sentinel.index)
            others.insert(s.port);
    if (linked != others) {
        *why = QStringLiteral("linked to %1 of the %2 other sentinels")
                   .arg(linked.size())
                   .arg(others.size());
        return false;
    }
    return true;
}

} // namespace

void HaSandbox::plan(SandboxInfo& info) {
    const QDir root(info.dir);
    PortPicker ports;
    auto add = [&](Role role, int index, const QString& dir, int busOffset = 0) -> SandboxProcess& {
        SandboxProcess p;
        p.role = role;
        p.index = index;
        p.port = ports.pick(busOffset);
        p.dir = dir;
        freshDir(dir);
        info.processes << p;
        return info.processes.last();
    };
    for (const char* group : {"redis-cluster", "redis-sentinel", "redlock", "zookeeper"})
        freshDir(root.filePath(QLatin1String(group)));

    // ZooKeeper: the same server.N lines in every member's zoo.cfg, its own myid and clientPort.
    QStringList serverLines;
    for (int i = 0; i < kZooKeepers; ++i)
        serverLines << QStringLiteral("server.%1=127.0.0.1:%2:%3")
                           .arg(i + 1)
                           .arg(ports.pick())
                           .arg(ports.pick());
    QStringList zkHosts;
    for (int i = 0; i < kZooKeepers; ++i) {
        const SandboxProcess& p =
            add(Role::ZooKeeper, i, root.filePath(QStringLiteral("zookeeper/%1").arg(i)));
        ServerLaunch::writeZooKeeperConfig(p.dir, p.port, serverLines, i + 1);
        zkHosts << QStringLiteral("127.0.0.1:%1").arg(p.port);
    }

    for (int i = 0; i < kClusterNodes; ++i)
        add(Role::RedisCluster, i, root.filePath(QStringLiteral("redis-cluster/%1").arg(i)),
            kBusOffset);

    const int primaryPort =
        add(Role::RedisSentinelData, 0, root.filePath(QStringLiteral("redis-sentinel/data-0")))
            .port;
    const int replicaPort =
        add(Role::RedisSentinelData, 1, root.filePath(QStringLiteral("redis-sentinel/data-1")))
            .port;
    // Each sentinel is told its own id and the others' (what it would record itself once it has
    // heard of them), so none waits for the 2 s hello or the 10 s INFO round to meet the others;
    // up() still waits until each is linked to them for real.
    QStringList ids;
    for (int i = 0; i < kSentinels; ++i)
        ids << randomRunId();
    QList<int> sentinelPorts;
    for (int i = 0; i < kSentinels; ++i)
        sentinelPorts << ports.pick();
    for (int i = 0; i < kSentinels; ++i) {
        SandboxProcess p;
        p.role = Role::Sentinel;
        p.index = i;
        p.port = sentinelPorts[i];
        p.dir = root.filePath(QStringLiteral("redis-sentinel/sentinel-%1").arg(i));
        freshDir(p.dir);
        QString conf = QStringLiteral("port %1\n"
                                      "bind 127.0.0.1\n"
                                      "daemonize no\n"
                                      "dir %2\n"
                                      "sentinel resolve-hostnames no\n"
                                      "sentinel myid %3\n"
                                      "sentinel monitor %4 127.0.0.1 %5 2\n"
                                      "sentinel down-after-milliseconds %4 1000\n"
                                      "sentinel failover-timeout %4 5000\n"
                                      "sentinel known-replica %4 127.0.0.1 %6\n")
                           .arg(p.port)
                           .arg(p.dir, ids[i], QLatin1String(kPrimaryName))
                           .arg(primaryPort)
                           .arg(replicaPort);
        for (int j = 0; j < kSentinels; ++j)
            if (j != i)
                conf += QStringLiteral("sentinel known-sentinel %1 127.0.0.1 %2 %3\n")
                            .arg(QLatin1String(kPrimaryName))
                            .arg(sentinelPorts[j])
                            .arg(ids[j]);
        // Sentinel rewrites this file with what it learns: it is the member's own.
        writeFile(QStringLiteral("sentinel"), p.dir + QStringLiteral("/sentinel.conf"),
                  conf.toUtf8());
        info.processes << p;
    }

    for (int i = 0; i < kRedlocks; ++i) {
        const SandboxProcess& p =
            add(Role::Redlock, i, root.filePath(QStringLiteral("redlock/%1").arg(i)));
        info.redlockUris << QStringLiteral("redis://127.0.0.1:%1/0").arg(p.port);
    }

    // PostgreSQL's port from the same pool (its directory is made when initdb runs).
    info.processes << SandboxProcess{Role::Postgres, 0, ports.pick(), 0,
                                     root.filePath(QStringLiteral("postgres"))};

    info.zookeeperUri = QStringLiteral("zookeeper://") + zkHosts.join(u',');
    info.redisClusterUri =
        QStringLiteral("redis-cluster://") + hostPorts(info.processesOf(Role::RedisCluster));
    info.redisSentinelUri = QStringLiteral("redis-sentinel://") +
                            hostPorts(info.processesOf(Role::Sentinel)) + u'#' +
                            QLatin1String(kPrimaryName);
    info.redisUri = info.redisClusterUri;
}

void HaSandbox::waitRedis(const SandboxInfo& info, std::chrono::steady_clock::time_point deadline,
                          std::stop_token stop) {
    for (const SandboxProcess& p : info.processes)
        if (p.isRedis())
            waitAnswers(info, p, deadline, stop);
    createCluster(info, deadline);
    for (const SandboxProcess& n : info.processesOf(Role::RedisCluster))
        ReadyWait::until(
            ServerLaunch::label(info.topology, n), n.pid,
            ServerLaunch::marker(info.topology, n.role), ServerLaunch::logFile(n), deadline,
            [&](QString* why) { return clusterReady(n.port, why); }, stop);
    for (const SandboxProcess& s : info.processesOf(Role::Sentinel))
        ReadyWait::until(
            ServerLaunch::label(info.topology, s), s.pid,
            ServerLaunch::marker(info.topology, s.role), ServerLaunch::logFile(s), deadline,
            [&](QString* why) { return sentinelReady(info, s, why); }, stop);
}

QString HaSandbox::zooKeeperMode(int port, std::chrono::milliseconds timeout) {
    try {
        const QString answer =
            QString::fromStdString(ZkFourLetter::ask("127.0.0.1", port, "srvr", timeout));
        for (const QString& line : answer.split(u'\n'))
            if (line.startsWith(u"Mode: "))
                return line.mid(6).trimmed();
    } catch (const ConnectorError&) {
    }
    return {};
}

void HaSandbox::waitZooKeeper(const SandboxInfo& info,
                              std::chrono::steady_clock::time_point deadline,
                              std::stop_token stop) {
    const QList<SandboxProcess> members = info.processesOf(Role::ZooKeeper);
    for (const SandboxProcess& m : members)
        waitAnswers(info, m, deadline, stop);
    const QString marker = ServerLaunch::marker(info.topology, Role::ZooKeeper);
    ReadyWait::until(
        QStringLiteral("zookeeper"), 0, marker, ServerLaunch::logFile(members.value(0)), deadline,
        [&](QString* why) {
            int leaders = 0, followers = 0;
            QStringList modes;
            for (const SandboxProcess& m : members) {
                if (!ServerProcess::isAlive(m.pid, marker))
                    ReadyWait::fail(ServerLaunch::label(info.topology, m),
                                    QStringLiteral("the process exited"), ServerLaunch::logFile(m));
                const QString mode = zooKeeperMode(m.port, kProbeTimeout);
                leaders += mode == u"leader";
                followers += mode == u"follower";
                modes << (mode.isEmpty() ? QStringLiteral("not serving") : mode);
            }
            *why = QStringLiteral("ensemble modes: %1").arg(modes.join(QStringLiteral(", ")));
            return leaders == 1 && followers == members.size() - 1;
        },
        stop);
}

} // namespace lockscope
