#include "core/demo/faultinjector.h"

#include "core/demo/failoverinjector.h"
#include "core/demo/leaderkillinjector.h"
#include "core/demo/serverrestartinjector.h"

namespace lockscope {

using namespace std::chrono;

FaultInjector::FaultInjector(const NamespaceConfig& config, const DemoScenario& scenario)
    : m_config(config)
    , m_scenario(scenario) {}

FaultInjector::~FaultInjector() = default;

std::unique_ptr<FaultInjector> FaultInjector::create(const NamespaceConfig& config,
                                                     const DemoScenario& scenario,
                                                     const QString& sandboxDir) {
    switch (scenario.fault) {
    case DemoScenario::Fault::Failover:
        return std::make_unique<FailoverInjector>(config, scenario, sandboxDir);
    case DemoScenario::Fault::ServerRestart:
        return std::make_unique<ServerRestartInjector>(config, scenario, sandboxDir);
    case DemoScenario::Fault::LeaderKill:
        return std::make_unique<LeaderKillInjector>(config, scenario, sandboxDir);
    case DemoScenario::Fault::None:
    case DemoScenario::Fault::Crash:
    case DemoScenario::Fault::Pause:
    case DemoScenario::Fault::SlowRelease:
    case DemoScenario::Fault::Partition:
        break;
    }
    return nullptr;
}

void FaultInjector::prepare(system_clock::time_point runStart) {
    m_runStart = runStart;
}

void FaultInjector::atHold(int item, const PurchaseRecord& rec, std::stop_token stop) {
    if (m_fired.exchange(true))
        return;
    strike(item, rec, stop);
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
