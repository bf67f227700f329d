#include "core/demo/faultinjector.h"

#include "core/demo/failoverinjector.h"
#include "core/demo/faultlock.h"
#include "core/demo/leaderkillinjector.h"
#include "core/demo/serverrestartinjector.h"
#include "core/logging.h"

#include <QJsonArray>

namespace lockscope {

using namespace std::chrono;

FaultInjector::FaultInjector(const NamespaceConfig& config, const DemoScenario& scenario)
    : m_config(config)
    , m_scenario(scenario) {}

FaultInjector::~FaultInjector() = default;

std::unique_ptr<FaultInjector> FaultInjector::create(const NamespaceConfig& config,
                                                     const DemoScenario& scenario,
                                                     const QString& sandboxDir) {
    std::unique_ptr<FaultInjector> injector;
    switch (scenario.fault) {
    case DemoScenario::Fault::Failover:
        injector = std::make_unique<FailoverInjector>(config, scenario, sandboxDir);
        break;
    case DemoScenario::Fault::ServerRestart:
        injector = std::make_unique<ServerRestartInjector>(config, scenario, sandboxDir);
        break;
    case DemoScenario::Fault::LeaderKill:
        injector = std::make_unique<LeaderKillInjector>(config, scenario, sandboxDir);
        break;
    case DemoScenario::Fault::None:
    case DemoScenario::Fault::Crash:
    case DemoScenario::Fault::Pause:
    case DemoScenario::Fault::SlowRelease:
    case DemoScenario::Fault::Partition:
        return nullptr;
    }
    if (!injector)
        return nullptr;
    // One fault run per sandbox: two at once would strike what the other one broke.
    injector->m_lock = std::make_unique<FaultLock>(sandboxDir);
    return injector;
}

void FaultInjector::noteRestored(const QStringList& restored) {
    if (restored.isEmpty())
        return;
    for (const QString& r : restored)
        qCWarning(lcDemo) << "before the fault:" << r;
    mergeReport({{QStringLiteral("restored_before"), QJsonArray::fromStringList(restored)}});
}

void FaultInjector::prepare(system_clock::time_point runStart) {
    m_runStart = runStart;
}

bool FaultInjector::atHold(int item, const PurchaseRecord& rec, std::stop_token stop) {
    if (stop.stop_requested() || m_fired.exchange(true))
        return false; // a cancelled run strikes nothing more
    strike(item, rec, stop);
    return true;
}

void FaultInjector::beginOutage() {
    m_outageFrom = steady_clock::now().time_since_epoch().count();
}

void FaultInjector::endOutage() {
    m_outageTo = (steady_clock::now() + kReconnectGrace).time_since_epoch().count();
}

bool FaultInjector::outageInProgress() const {
    const int64_t from = m_outageFrom, to = m_outageTo;
    const int64_t now = steady_clock::now().time_since_epoch().count();
    return from != 0 && now >= from && (to == 0 || now <= to);
}

FaultEvent FaultInjector::strikeEvent(int item, const PurchaseRecord& rec) const {
    FaultEvent ev;
    ev.fault = m_scenario.fault;
    ev.buyer = rec.buyer;
    ev.item = item;
    ev.token = rec.token;
    ev.startUs = sinceStartUs();
    return ev;
}

QJsonObject FaultInjector::victimReport(int item, const PurchaseRecord& rec) {
    return QJsonObject{{QStringLiteral("victim_buyer"), rec.buyer},
                       {QStringLiteral("victim_token"), qint64(rec.token)},
                       {QStringLiteral("item"), item}};
}

qint64 FaultInjector::sinceStartUs() const {
    return duration_cast<microseconds>(system_clock::now() - m_runStart).count();
}

void FaultInjector::mergeReport(const QJsonObject& r) {
    std::lock_guard lock(m_mutex);
    for (auto it = r.begin(); it != r.end(); ++it)
        m_report.insert(it.key(), it.value());
}

void FaultInjector::setEvent(const FaultEvent& e) {
    std::lock_guard lock(m_mutex);
    m_event = e;
}

QJsonObject FaultInjector::report() const {
    std::lock_guard lock(m_mutex);
    return m_report;
}

FaultEvent FaultInjector::event() const {
    std::lock_guard lock(m_mutex);
    return m_event;
}

} // namespace lockscope
