#include "core/demo/leaderkillinjector.h"

#include "connectors/zksession.h"
#include "core/demo/faultrefused.h"
#include "core/logging.h"
#include "core/sandbox/sandboxerror.h"
#include "core/shop/purchaser.h"

#include <stdexcept>

namespace lockscope {

using namespace std::chrono;

namespace {

[[noreturn]] void refuse(const QString& why) {
    throw std::invalid_argument(("--fault leader-kill: " + why).toStdString());
}

} // namespace

LeaderKillInjector::LeaderKillInjector(const NamespaceConfig& config, const DemoScenario& scenario,
                                       const QString& sandboxDir)
    : FaultInjector(config, scenario) {
    if (sandboxDir.isEmpty())
        throw std::invalid_argument(
            "--fault leader-kill needs --sandbox DIR of a `sandbox up --topology ha`: LockScope "
            "kills only servers it started");
    if (scenario.strategy != u"zookeeper")
        refuse(QStringLiteral("strategy '%1' does not lock on ZooKeeper (use --strategy "
                              "zookeeper)")
                   .arg(scenario.strategy));
    SandboxInfo info;
    try {
        info = SandboxInfo::load(sandboxDir);
    } catch (const SandboxError& e) {
        refuse(e.message());
    }
    if (info.topology != SandboxInfo::Topology::Ha)
        refuse(QStringLiteral("the sandbox in %1 is single: the fault needs the ZooKeeper "
                              "ensemble of `sandbox up --topology ha`")
                   .arg(info.dir));
    m_ensemble = std::make_unique<ZkEnsemble>(info);
    if (!m_ensemble->isUri(config.zookeeper))
        refuse(QStringLiteral("the ZooKeeper in use (%1) is not the ensemble of the sandbox in %2 "
                              "(%3): LockScope kills only servers it started")
                   .arg(config.zookeeper.toString(), info.dir, info.zookeeperUri));
}

LeaderKillInjector::~LeaderKillInjector() = default;

void LeaderKillInjector::makeReady() {
    try {
        noteRestored(m_ensemble->makeWhole(kRejoinTimeout));
    } catch (const SandboxError& e) {
        throw FaultRefused(FaultRefused::Reason::Unhealthy,
                           QStringLiteral("--fault leader-kill refused: %1; every member must "
                                          "serve before the leader is killed (the quorum would "
                                          "be lost). Restart a member with `lockscope-cli "
                                          "sandbox restart --dir %2 --role zookeeper --index I`")
                               .arg(e.message(), m_ensemble->info().dir));
    }
}

void LeaderKillInjector::strike(int item, const PurchaseRecord& rec, std::stop_token stop) {
    FaultEvent ev = strikeEvent(item, rec);
    QJsonObject r = victimReport(item, rec);
    r.insert(QStringLiteral("server"), QStringLiteral("zookeeper ensemble"));
    const std::string resource = Purchaser::resourceFor(item);
    try {
        const std::optional<SandboxProcess> leader = m_ensemble->leader();
        if (!leader)
            throw SandboxError({}, QStringLiteral("no member of the ensemble is leader now"));
        r.insert(QStringLiteral("old_leader"), ZkEnsemble::address(*leader));
        r.insert(QStringLiteral("connections_on_old_leader"), m_ensemble->connections(*leader));
        // The holder's session: on which member before the kill, and after.
        const std::optional<int64_t> session =
            ZkEnsemble::lockOwnerSession(m_config, resource, rec.token);
        if (session)
            if (const auto on = m_ensemble->memberWithSession(*session))
                r.insert(QStringLiteral("holder_session_before"), ZkEnsemble::address(*on));
        beginOutage();
        const auto killedAt = steady_clock::now();
        m_ensemble->kill(*leader);
        m_killedIndex = leader->index;
        const std::optional<SandboxProcess> next =
            m_ensemble->waitForLeader(leader->port, killedAt + kElectionTimeout, stop);
        ev.endUs = sinceStartUs();
        endOutage();
        if (!next && stop.stop_requested()) {
            // Not a failure: the operator stopped the run during the election (finish()
            // still starts the killed member again).
            r.insert(QStringLiteral("cancelled"), true);
            r.insert(QStringLiteral("cancelled_after_ms"),
                     qint64(duration_cast<milliseconds>(steady_clock::now() - killedAt).count()));
            mergeReport(r);
            setEvent(ev);
            return;
        }
        if (!next)
            throw SandboxError({}, QStringLiteral("no new leader within %1 s of the kill")
                                       .arg(kElectionTimeout.count()));
        r.insert(QStringLiteral("new_leader"), ZkEnsemble::address(*next));
        r.insert(QStringLiteral("election_ms"),
                 qint64(duration_cast<milliseconds>(steady_clock::now() - killedAt).count()));
        // The holder goes on once its session is back on a member (within the session
        // timeout, or it has expired) and its lock node still stands.
        if (session) {
            const auto on = m_ensemble->waitForSession(
                *session, steady_clock::now() + ZkSession::Options{}.sessionTimeout, stop);
            r.insert(QStringLiteral("holder_session_after"),
                     on ? ZkEnsemble::address(*on) : QString());
            r.insert(QStringLiteral("holder_session_back_ms"),
                     qint64(duration_cast<milliseconds>(steady_clock::now() - killedAt).count()));
        }
        if (stop.stop_requested())
            r.insert(QStringLiteral("cancelled"), true);
        r.insert(QStringLiteral("holder_kept_lock"),
                 ZkEnsemble::lockOwnerSession(m_config, resource, rec.token).has_value());
        qCInfo(lcDemo) << "leader-kill fault: buyer" << rec.buyer << "held item" << item
                       << "while leader" << ZkEnsemble::address(*leader) << "was killed; new leader"
                       << ZkEnsemble::address(*next);
    } catch (const std::exception& e) {
        if (ev.endUs < 0) {
            ev.endUs = sinceStartUs();
            endOutage();
        }
        if (stop.stop_requested()) {
            r.insert(QStringLiteral("cancelled"), true); // a call cut short by the cancel
        } else {
            ev.error = QString::fromUtf8(e.what());
            r.insert(QStringLiteral("error"), ev.error);
            qCWarning(lcDemo) << "leader-kill fault failed:" << e.what();
        }
    }
    mergeReport(r);
    setEvent(ev);
}

void LeaderKillInjector::finish() {
    if (m_killedIndex < 0)
        return;
    const auto t0 = steady_clock::now();
    try {
        const ZkEnsemble::Mode mode = m_ensemble->restart(m_killedIndex, kRejoinTimeout);
        mergeReport({{QStringLiteral("rejoined_as"), ZkEnsemble::modeName(mode)},
                     {QStringLiteral("rejoin_ms"),
                      qint64(duration_cast<milliseconds>(steady_clock::now() - t0).count())}});
    } catch (const std::exception& e) {
        mergeReport({{QStringLiteral("restore_error"), QString::fromUtf8(e.what())}});
    }
}

} // namespace lockscope
