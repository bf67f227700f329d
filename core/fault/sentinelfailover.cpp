#include "core/fault/sentinelfailover.h"

#include "connectors/connectorerror.h"
#include "connectors/redisclient.h"
#include "core/fault/sandboxrepair.h"
#include "core/interruptiblewait.h"
#include "core/logging.h"
#include "core/sandbox/sandbox.h"
#include "core/sandbox/sandboxerror.h"

#include <QThread>
#include <csignal>

namespace lockscope {

namespace {

using namespace std::chrono;

RedisClient::Options quick() {
    return RedisClient::Options{milliseconds(500), milliseconds(1000)};
}

} // namespace

SentinelFailover::SentinelFailover(SandboxInfo info)
    : m_info(std::move(info)) {
    if (m_info.redisSentinelUri.isEmpty() ||
        m_info.processesOf(SandboxProcess::Role::RedisSentinelData).size() < 2)
        throw SandboxError({}, QStringLiteral("the failover fault needs the Sentinel set of "
                                              "`sandbox up --topology ha` (sandbox in %1 has none)")
                                   .arg(m_info.dir));
}

const SandboxProcess* SentinelFailover::dataNode(int port) const {
    for (const SandboxProcess& p : m_info.processes)
        if (p.role == SandboxProcess::Role::RedisSentinelData && p.port == port)
            return &p;
    return nullptr;
}

HostPort SentinelFailover::askSentinels() const {
    const RedisUri uri = RedisUri::parse(m_info.redisSentinelUri);
    QStringList failures;
    for (const HostPort& s : uri.nodes) {
        try {
            RedisUri one;
            one.host = s.host;
            one.port = s.port;
            RedisClient c(one, quick());
            const RedisReply a =
                c.command({"SENTINEL", "get-master-addr-by-name", uri.primaryName.toStdString()});
            if (a.isArray() && a.elements.size() == 2)
                return HostPort{QString::fromStdString(a.elements[0].str),
                                std::atoi(a.elements[1].str.c_str())};
            failures << QStringLiteral("%1: no answer for '%2'").arg(s.toString(), uri.primaryName);
        } catch (const ConnectorError& e) {
            failures << QStringLiteral("%1: %2").arg(s.toString(), e.detail());
        }
    }
    throw SandboxError({}, QStringLiteral("no sentinel names the primary: %1")
                               .arg(failures.join(QStringLiteral("; "))));
}

QStringList SentinelFailover::makeWhole(milliseconds timeout, std::stop_token stop) {
    const auto deadline = steady_clock::now() + timeout;
    QStringList restored;
    for (const SandboxProcess::Role role :
         {SandboxProcess::Role::RedisSentinelData, SandboxProcess::Role::Sentinel})
        for (const SandboxProcess& p : m_info.processesOf(role)) {
            const QString done = SandboxRepair::restore(m_info, role, p.index, timeout);
            if (!done.isEmpty())
                restored << done;
        }
    QString why;
    // A sentinel failover in progress settles on its own within a few seconds; a set still not
    // whole after that (a restarted node whose command line disagrees with the sentinels: two
    // replicas of each other) gets its roles put back as the sentinels name them.
    const auto started = steady_clock::now();
    auto nextRepair = started + seconds(3);
    while (true) {
        try {
            const HostPort primary = askSentinels();
            RedisUri u;
            u.host = primary.host;
            u.port = primary.port;
            RedisClient c(u, quick());
            const std::string info = c.commandChecked({"INFO", "replication"}).str;
            if (info.find("role:master") != std::string::npos &&
                info.find("connected_slaves:1") != std::string::npos &&
                info.find("state=online") != std::string::npos)
                return restored;
            why = QStringLiteral("the primary %1 has no online replica").arg(primary.toString());
            if (steady_clock::now() >= nextRepair) {
                nextRepair = steady_clock::now() + seconds(5);
                if (const QString done = alignRoles(primary); !done.isEmpty())
                    restored << done;
            }
        } catch (const SandboxError& e) {
            why = e.message();
        } catch (const ConnectorError& e) {
            why = e.message();
        }
        if (steady_clock::now() >= deadline || !waitUnlessStopped(stop, milliseconds(100)))
            throw SandboxError({}, QStringLiteral("the Sentinel set is not whole: %1").arg(why));
    }
}

QString SentinelFailover::alignRoles(const HostPort& primary) {
    QStringList done;
    for (const SandboxProcess& p : m_info.processesOf(SandboxProcess::Role::RedisSentinelData)) {
        RedisUri u;
        u.host = QStringLiteral("127.0.0.1");
        u.port = p.port;
        RedisClient c(u, quick());
        const std::string info = c.commandChecked({"INFO", "replication"}).str;
        const bool isPrimary = p.port == primary.port;
        const bool master = info.find("role:master") != std::string::npos;
        const bool following =
            info.find("master_port:" + std::to_string(primary.port) + "\r") != std::string::npos;
        if (isPrimary && !master) {
            c.commandChecked({"REPLICAOF", "NO", "ONE"});
            done << QStringLiteral("data node %1 (127.0.0.1:%2), the sentinels' primary, was a "
                                   "replica: made primary again")
                        .arg(p.index)
                        .arg(p.port);
        } else if (!isPrimary && (master || !following)) {
            c.commandChecked(
                {"REPLICAOF", primary.host.toStdString(), std::to_string(primary.port)});
            done << QStringLiteral("data node %1 (127.0.0.1:%2) did not follow the primary %3: "
                                   "made its replica")
                        .arg(p.index)
                        .arg(p.port)
                        .arg(primary.toString());
        }
    }
    for (const QString& d : done)
        qCWarning(lcDemo) << "Sentinel set:" << d;
    return done.join(QStringLiteral("; "));
}

void SentinelFailover::isolateReplica() {
    m_oldPrimary = askSentinels();
    const SandboxProcess* primary = dataNode(m_oldPrimary.port);
    if (!primary)
        throw SandboxError({}, QStringLiteral("the sentinels name %1, which is not one of the "
                                              "sandbox's data nodes")
                                   .arg(m_oldPrimary.toString()));
    m_primaryIndex = primary->index;
    const SandboxProcess* replica = nullptr;
    for (const SandboxProcess& p : m_info.processes)
        if (p.role == SandboxProcess::Role::RedisSentinelData && p.index != m_primaryIndex)
            replica = &p;
    if (!replica || replica->pid <= 0)
        throw SandboxError({}, QStringLiteral("the Sentinel set has no replica to fail over to"));
    m_replicaIndex = replica->index;
    // The replica must be in step before it is cut off: what it has is what survives.
    RedisUri p;
    p.host = m_oldPrimary.host;
    p.port = m_oldPrimary.port;
    RedisClient primaryClient(p, quick());
    if (::kill(pid_t(replica->pid), SIGSTOP) != 0)
        throw SandboxError({},
                           QStringLiteral("cannot stop the replica (pid %1)").arg(replica->pid));
    m_replicaStopped = true;
    primaryClient.commandChecked({"CLIENT", "KILL", "TYPE", "replica"});
    // A stopped replica cannot reconnect; the primary now has none.
    const std::string info = primaryClient.commandChecked({"INFO", "replication"}).str;
    if (info.find("connected_slaves:0") == std::string::npos)
        throw SandboxError({}, QStringLiteral("the primary still has a replica after CLIENT KILL"));
    qCInfo(lcDemo) << "failover fault: replica" << replica->port << "cut off from primary"
                   << m_oldPrimary.toString();
}

void SentinelFailover::failOver(milliseconds timeout, std::stop_token stop) {
    const SandboxProcess* primary = dataNode(m_oldPrimary.port);
    const SandboxProcess* replica = nullptr;
    for (const SandboxProcess& p : m_info.processes)
        if (p.role == SandboxProcess::Role::RedisSentinelData && p.index == m_replicaIndex)
            replica = &p;
    if (!primary || !replica)
        throw SandboxError({}, QStringLiteral("failOver() before isolateReplica()"));
    const auto started = steady_clock::now();
    ::kill(pid_t(primary->pid), SIGKILL);
    m_primaryKilled = true;
    ::kill(pid_t(replica->pid), SIGCONT);
    m_replicaStopped = false;
    const auto deadline = started + timeout;
    while (steady_clock::now() < deadline && !stop.stop_requested()) {
        try {
            const HostPort now = askSentinels();
            if (now.port != m_oldPrimary.port) {
                m_newPrimary = now;
                m_took = duration_cast<milliseconds>(steady_clock::now() - started);
                qCInfo(lcDemo) << "failover fault: sentinels promoted" << now.toString() << "after"
                               << m_took.count() << "ms";
                return;
            }
        } catch (const SandboxError&) {
            // sentinels busy electing: ask again
        }
        waitUnlessStopped(stop, milliseconds(50)); // polling the sentinels
    }
    if (stop.stop_requested())
        throw SandboxError({}, QStringLiteral("cancelled while the sentinels elected a new "
                                              "primary"));
    throw SandboxError({}, QStringLiteral("the sentinels did not promote a new primary within "
                                          "%1 ms")
                               .arg(timeout.count()));
}

void SentinelFailover::restore(milliseconds timeout, bool waitForReplica) {
    if (m_replicaStopped) {
        for (const SandboxProcess& p : m_info.processes)
            if (p.role == SandboxProcess::Role::RedisSentinelData && p.index == m_replicaIndex)
                ::kill(pid_t(p.pid), SIGCONT);
        m_replicaStopped = false;
    }
    if (m_primaryIndex < 0 || !m_primaryKilled)
        return; // nothing was killed
    const auto deadline = steady_clock::now() + timeout;
    Sandbox::restartProcess(m_info, SandboxProcess::Role::RedisSentinelData, m_primaryIndex,
                            timeout);
    m_primaryKilled = false;
    if (!waitForReplica || m_newPrimary.port == 0)
        return; // the sentinels turn it into a replica on their own
    // Whole again once the new primary streams to it (the sentinels turn it into a replica):
    // the next failover needs a replica to promote.
    RedisUri p;
    p.host = m_newPrimary.host;
    p.port = m_newPrimary.port;
    while (steady_clock::now() < deadline) {
        try {
            RedisClient c(p, quick());
            const std::string info = c.commandChecked({"INFO", "replication"}).str;
            if (info.find("connected_slaves:1") != std::string::npos &&
                info.find("state=online") != std::string::npos)
                return;
        } catch (const ConnectorError&) {
            // the new primary is busy with the resync: ask again
        }
        QThread::msleep(100); // polling the server's state, not synchronising threads
    }
    throw SandboxError({}, QStringLiteral("the old primary %1 did not become a replica of %2 "
                                          "within %3 ms")
                               .arg(m_oldPrimary.toString(), m_newPrimary.toString())
                               .arg(timeout.count()));
}

} // namespace lockscope
