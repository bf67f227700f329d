#include "core/demo/serverrestartinjector.h"

#include "connectors/connectorerror.h"
#include "connectors/redisclient.h"
#include "connectors/redissentinelclient.h"
#include "connectors/zksession.h"
#include "core/backends/backendregistry.h"
#include "core/backends/lockbackend.h"
#include "core/demo/faultrefused.h"
#include "core/demo/faultroute.h"
#include "core/demo/secondwriter.h"
#include "core/fault/sandboxrepair.h"
#include "core/fault/sentinelfailover.h"
#include "core/logging.h"
#include "core/sandbox/sandbox.h"
#include "core/sandbox/sandboxerror.h"
#include "core/shop/purchaser.h"

#include <algorithm>
#include <set>
#include <stdexcept>

namespace lockscope {

using namespace std::chrono;

namespace {

constexpr seconds kRestartTimeout{60};

[[noreturn]] void refuse(const QString& why) {
    throw std::invalid_argument(("--fault server-restart: " + why).toStdString());
}

QString at(const SandboxProcess& p) {
    return QStringLiteral("127.0.0.1:%1").arg(p.port);
}

std::set<int> portsOf(const QList<HostPort>& nodes) {
    std::set<int> ports;
    for (const HostPort& h : nodes)
        ports.insert(h.port);
    return ports;
}

} // namespace

ServerRestartInjector::ServerRestartInjector(const NamespaceConfig& config,
                                             const DemoScenario& scenario,
                                             const QString& sandboxDir)
    : FaultInjector(config, scenario) {
    if (sandboxDir.isEmpty())
        throw std::invalid_argument(
            "server-restart needs --sandbox: LockScope restarts only servers it started");
    try {
        m_info = SandboxInfo::load(sandboxDir);
    } catch (const SandboxError& e) {
        refuse(e.message());
    }
    const LockBackend* backend = BackendRegistry::forStrategy(scenario.strategy);
    if (!backend)
        refuse(
            QStringLiteral("strategy '%1' has no lock server to restart").arg(scenario.strategy));
    const bool ha = m_info.topology == SandboxInfo::Topology::Ha;
    const QString notOurs = QStringLiteral("the lock server %1 is not the sandbox's in %2: "
                                           "LockScope restarts only servers it started");
    if (scenario.strategy == u"redlock") {
        // One of its servers: the majority still holds the lock.
        m_role = SandboxProcess::Role::Redlock;
        const SandboxProcess* p = m_info.process(m_role, 0);
        if (!p)
            refuse(QStringLiteral("the sandbox in %1 records no redlock process").arg(m_info.dir));
        if (std::none_of(config.redlock.begin(), config.redlock.end(),
                         [&](const RedisUri& u) { return u.port == p->port; }))
            refuse(notOurs.arg(RedisUri::listToString(config.redlock), m_info.dir));
        return;
    }
    switch (backend->id()) {
    case Backend::Redis:
        m_role = SandboxProcess::Role::Redis;
        if (!ha)
            break;
        if (config.redis.topology == RedisTopology::Cluster)
            refuse(QStringLiteral("restarting a Redis Cluster node is not offered; lock through "
                                  "the sandbox's Sentinel set (--redis %1)")
                       .arg(m_info.redisSentinelUri));
        if (config.redis.topology != RedisTopology::Sentinel ||
            portsOf(config.redis.nodes) != portsOf(RedisUri::parse(m_info.redisSentinelUri).nodes))
            refuse(notOurs.arg(config.redis.toString(), m_info.dir));
        m_target = Target::SentinelPrimary;
        m_role = SandboxProcess::Role::RedisSentinelData;
        return;
    case Backend::ZooKeeper:
        m_role = SandboxProcess::Role::ZooKeeper;
        if (!ha)
            break;
        m_ensemble = std::make_unique<ZkEnsemble>(m_info);
        if (!m_ensemble->isUri(config.zookeeper))
            refuse(notOurs.arg(config.zookeeper.toString(), m_info.dir));
        m_target = Target::SessionMember;
        return;
    case Backend::Postgres:
        m_role = SandboxProcess::Role::Postgres;
        break;
    }
    const SandboxProcess* p = m_info.process(m_role, 0);
    HostPort lockServer;
    try {
        lockServer = FaultRoute::upstream(config, backend->id());
    } catch (const std::invalid_argument& e) {
        refuse(QString::fromUtf8(e.what()));
    }
    if (!p)
        refuse(QStringLiteral("the sandbox in %1 records no %2 process (started by an older "
                              "LockScope: start it again)")
                   .arg(m_info.dir, SandboxProcess::roleName(m_role)));
    if (p->port != lockServer.port)
        refuse(notOurs.arg(lockServer.toString(), m_info.dir));
}

ServerRestartInjector::~ServerRestartInjector() = default;

SandboxProcess ServerRestartInjector::sentinelPrimary() const {
    const RedisSentinelClient client(m_config.redis, {});
    const HostPort primary = client.primary();
    for (const SandboxProcess& p : m_info.processesOf(SandboxProcess::Role::RedisSentinelData))
        if (p.port == primary.port)
            return p;
    throw SandboxError({}, QStringLiteral("the sentinels name %1, which is not one of the "
                                          "sandbox's data nodes")
                               .arg(primary.toString()));
}

void ServerRestartInjector::makeReady() {
    try {
        switch (m_target) {
        case Target::Process:
            if (const QString done = SandboxRepair::restore(m_info, m_role, 0, kRestartTimeout);
                !done.isEmpty())
                noteRestored({done});
            return;
        case Target::SessionMember:
            noteRestored(m_ensemble->makeWhole(kRestartTimeout));
            return;
        case Target::SentinelPrimary:
            noteRestored(SentinelFailover(m_info).makeWhole(kRestartTimeout));
            m_info = SandboxInfo::load(m_info.dir); // a restored member's new pid
            break;
        }
    } catch (const SandboxError& e) {
        throw FaultRefused(FaultRefused::Reason::Unhealthy,
                           QStringLiteral("--fault server-restart refused: %1").arg(e.message()));
    } catch (const ConnectorError& e) {
        throw FaultRefused(FaultRefused::Reason::Unhealthy,
                           QStringLiteral("--fault server-restart refused: %1").arg(e.message()));
    }
    SandboxProcess p;
    try {
        p = sentinelPrimary();
    } catch (const std::exception& e) {
        throw FaultRefused(
            FaultRefused::Reason::Unhealthy,
            QStringLiteral("--fault server-restart refused: %1").arg(QString::fromUtf8(e.what())));
    }
    if (p.index != 0)
        throw FaultRefused(
            FaultRefused::Reason::Unhealthy,
            QStringLiteral("--fault server-restart: the Sentinel set's primary is data node "
                           "%1 (127.0.0.1:%2), after a failover; the sandbox starts that "
                           "node as a replica, so a restart would not bring it back as the "
                           "primary. Fail back first (SENTINEL FAILOVER %3 on a sentinel) "
                           "and run again")
                .arg(p.index)
                .arg(p.port)
                .arg(RedisUri::parse(m_info.redisSentinelUri).primaryName));
}

void ServerRestartInjector::restart(int item, const PurchaseRecord& rec, QJsonObject& r) {
    const auto t0 = steady_clock::now();
    auto took = [&] {
        return qint64(duration_cast<milliseconds>(steady_clock::now() - t0).count());
    };
    switch (m_target) {
    case Target::Process: {
        const SandboxProcess* before = m_info.process(m_role, 0);
        r.insert(QStringLiteral("server"), m_role == SandboxProcess::Role::Redlock
                                               ? QStringLiteral("redlock 0")
                                               : SandboxProcess::roleName(m_role));
        r.insert(QStringLiteral("old_pid"), before ? before->pid : 0);
        r.insert(QStringLiteral("new_pid"),
                 Sandbox::restartProcess(m_info, m_role, 0, kRestartTimeout));
        r.insert(QStringLiteral("restart_ms"), took());
        return;
    }
    case Target::SentinelPrimary: {
        const SandboxProcess p = sentinelPrimary();
        if (p.index != 0)
            throw SandboxError({}, QStringLiteral("the Sentinel set's primary is data node %1, "
                                                  "not 0 (a failover meanwhile)")
                                       .arg(p.index));
        r.insert(QStringLiteral("server"), QStringLiteral("redis-sentinel-data 0 (the primary)"));
        r.insert(QStringLiteral("old_pid"), p.pid);
        {
            // At once: Redis 7 otherwise waits up to 10 s on SIGTERM for a lagging replica,
            // and the point is a restart faster than the sentinels' down-after-milliseconds.
            RedisClient primary(
                m_config.redis.single(HostPort{QStringLiteral("127.0.0.1"), p.port}),
                RedisClient::Options{milliseconds(1000), milliseconds(1000)});
            primary.commandChecked({"CONFIG", "SET", "shutdown-timeout", "0"});
        }
        r.insert(QStringLiteral("new_pid"),
                 Sandbox::restartProcess(m_info, m_role, p.index, kRestartTimeout));
        r.insert(QStringLiteral("restart_ms"), took());
        r.insert(QStringLiteral("primary_before"), at(p));
        try {
            // Back before the sentinels' down-after-milliseconds: still the primary, empty.
            r.insert(QStringLiteral("primary_after"), at(sentinelPrimary()));
        } catch (const std::exception& e) {
            r.insert(QStringLiteral("primary_after_error"), QString::fromUtf8(e.what()));
        }
        return;
    }
    case Target::SessionMember: {
        const std::string resource = Purchaser::resourceFor(item);
        const std::optional<int64_t> session =
            ZkEnsemble::lockOwnerSession(m_config, resource, rec.token);
        if (!session)
            throw SandboxError(
                {}, QStringLiteral("the holder's lock node (czxid %1) is gone").arg(rec.token));
        const std::optional<SandboxProcess> member = m_ensemble->memberWithSession(*session);
        if (!member)
            throw SandboxError({}, QStringLiteral("no ensemble member lists the holder's session"));
        r.insert(QStringLiteral("server"), QStringLiteral("zookeeper %1").arg(member->index));
        r.insert(QStringLiteral("member"), ZkEnsemble::address(*member));
        r.insert(QStringLiteral("mode_before"), ZkEnsemble::modeName(m_ensemble->modeOf(*member)));
        r.insert(QStringLiteral("old_pid"), member->pid);
        const ZkEnsemble::Mode mode = m_ensemble->restart(member->index, kRestartTimeout);
        r.insert(QStringLiteral("restart_ms"), took());
        r.insert(QStringLiteral("rejoined_as"), ZkEnsemble::modeName(mode));
        if (const SandboxProcess* now =
                m_ensemble->info().process(SandboxProcess::Role::ZooKeeper, member->index))
            r.insert(QStringLiteral("new_pid"), now->pid);
        const auto on = m_ensemble->waitForSession(
            *session, steady_clock::now() + ZkSession::Options{}.sessionTimeout);
        r.insert(QStringLiteral("holder_session_after"), on ? ZkEnsemble::address(*on) : QString());
        r.insert(QStringLiteral("holder_kept_lock"),
                 ZkEnsemble::lockOwnerSession(m_config, resource, rec.token).has_value());
        return;
    }
    }
}

bool ServerRestartInjector::lockKept() const {
    return m_role == SandboxProcess::Role::Redlock || m_role == SandboxProcess::Role::ZooKeeper;
}

milliseconds ServerRestartInjector::secondWriterWait(const PurchaseRecord& rec) const {
    const milliseconds limit = m_scenario.effectiveFaultDuration();
    if (m_role != SandboxProcess::Role::Redlock || rec.lockedUs < 0)
        return limit; // a session (ZooKeeper) has no validity to run out; the rest lose the lock
    // Redlock: valid for lease - elapsed - drift from the acquire's start, which was before
    // lockedUs. Half the lease from lockedUs leaves the other half for the write.
    const qint64 deadlineUs = rec.lockedUs + qint64(m_scenario.lease.count()) * 1000 / 2;
    return std::clamp(milliseconds((deadlineUs - sinceStartUs()) / 1000), milliseconds(0), limit);
}

void ServerRestartInjector::strike(int item, const PurchaseRecord& rec, std::stop_token stop) {
    FaultEvent ev = strikeEvent(item, rec);
    QJsonObject r = victimReport(item, rec);
    beginOutage();
    try {
        restart(item, rec, r);
        ev.endUs = sinceStartUs();
        endOutage();
        // Hold on until someone else has written this item's stock (a second holder), or the
        // fault's duration has passed (the lock survived the restart: nobody else got in).
        // Where the lock is kept through the restart, the holder still writes within its
        // validity: waiting past its lease would turn the restart into a pause fault.
        const milliseconds wait = secondWriterWait(rec);
        r.insert(QStringLiteral("lock_kept_expected"), lockKept());
        r.insert(QStringLiteral("second_writer_wait_ms"), qint64(wait.count()));
        const bool second =
            waitForSecondWriter(m_config, m_scenario.store, item, rec.stockRead, wait, stop);
        r.insert(QStringLiteral("second_holder_wrote"), second);
        if (rec.lockedUs >= 0) // from getting the lock to going on to write: vs. the lease
            r.insert(QStringLiteral("victim_held_ms"), (sinceStartUs() - rec.lockedUs) / 1000);
        if (stop.stop_requested())
            r.insert(QStringLiteral("cancelled"), true);
        qCInfo(lcDemo) << "server-restart fault: buyer" << rec.buyer << "held item" << item
                       << "through a restart of" << r.value(QStringLiteral("server")).toString()
                       << "; second holder wrote:" << second;
    } catch (const std::exception& e) {
        ev.endUs = sinceStartUs();
        endOutage();
        if (stop.stop_requested()) {
            r.insert(QStringLiteral("cancelled"), true);
            mergeReport(r);
            setEvent(ev);
            return;
        }
        ev.error = QString::fromUtf8(e.what());
        r.insert(QStringLiteral("error"), ev.error);
        if (!r.contains(QStringLiteral("server")))
            r.insert(QStringLiteral("server"), SandboxProcess::roleName(m_role));
        qCWarning(lcDemo) << "server-restart fault failed:" << e.what();
    }
    mergeReport(r);
    setEvent(ev);
}

} // namespace lockscope
