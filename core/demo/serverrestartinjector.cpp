#include "core/demo/serverrestartinjector.h"

#include "core/backends/backendregistry.h"
#include "core/backends/lockbackend.h"
#include "core/demo/faultroute.h"
#include "core/demo/secondwriter.h"
#include "core/interruptiblewait.h"
#include "core/logging.h"
#include "core/sandbox/sandbox.h"
#include "core/sandbox/sandboxerror.h"
#include "core/shop/stockstore.h"

#include <stdexcept>

namespace lockscope {

using namespace std::chrono;

namespace {

[[noreturn]] void refuse(const QString& why) {
    throw std::invalid_argument(("--fault server-restart: " + why).toStdString());
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
    if (m_info.topology != SandboxInfo::Topology::Single)
        refuse(QStringLiteral("only a single-topology sandbox's servers are restarted"));
    const LockBackend* backend = BackendRegistry::forStrategy(scenario.strategy);
    if (!backend || scenario.strategy == u"redlock")
        refuse(QStringLiteral("strategy '%1' has no one lock server to restart")
                   .arg(scenario.strategy));
    switch (backend->id()) {
    case Backend::Redis:
        m_role = SandboxProcess::Role::Redis;
        break;
    case Backend::ZooKeeper:
        m_role = SandboxProcess::Role::ZooKeeper;
        break;
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
        refuse(QStringLiteral("the lock server %1 is not the sandbox's in %2: LockScope restarts "
                              "only servers it started")
                   .arg(lockServer.toString(), m_info.dir));
}

void ServerRestartInjector::strike(int item, const PurchaseRecord& rec, std::stop_token stop) {
    FaultEvent ev;
    ev.fault = DemoScenario::Fault::ServerRestart;
    ev.buyer = rec.buyer;
    ev.item = item;
    ev.token = rec.token;
    ev.startUs = sinceStartUs();
    QJsonObject r{{QStringLiteral("server"), SandboxProcess::roleName(m_role)},
                  {QStringLiteral("victim_buyer"), rec.buyer},
                  {QStringLiteral("victim_token"), qint64(rec.token)},
                  {QStringLiteral("item"), item}};
    beginOutage();
    try {
        const SandboxProcess* before = m_info.process(m_role, 0);
        r.insert(QStringLiteral("old_pid"), before ? before->pid : 0);
        const auto t0 = steady_clock::now();
        const qint64 pid = Sandbox::restartProcess(m_info, m_role, 0, seconds(60));
        ev.endUs = sinceStartUs();
        endOutage();
        r.insert(QStringLiteral("new_pid"), pid);
        r.insert(QStringLiteral("restart_ms"),
                 qint64(duration_cast<milliseconds>(steady_clock::now() - t0).count()));
        // Hold on until someone else has written this item's stock (a second holder), or the
        // fault's duration has passed (the lock survived the restart: nobody else got in).
        const bool second = waitForSecondWriter(m_config, m_scenario.store, item, rec.stockRead,
                                                m_scenario.effectiveFaultDuration(), stop);
        r.insert(QStringLiteral("second_holder_wrote"), second);
        qCInfo(lcDemo) << "server-restart fault: buyer" << rec.buyer << "held item" << item
                       << "through a restart of" << SandboxProcess::roleName(m_role)
                       << "; second holder wrote:" << second;
    } catch (const std::exception& e) {
        ev.endUs = sinceStartUs();
        endOutage();
        ev.error = QString::fromUtf8(e.what());
        r.insert(QStringLiteral("error"), ev.error);
        qCWarning(lcDemo) << "server-restart fault failed:" << e.what();
    }
    mergeReport(r);
    setEvent(ev);
}

} // namespace lockscope
