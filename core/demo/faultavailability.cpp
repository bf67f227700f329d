#include "core/demo/faultavailability.h"

#include "core/backends/backendregistry.h"
#include "core/backends/lockbackend.h"
#include "core/demo/failoverinjector.h"
#include "core/demo/faultroute.h"
#include "core/demo/leaderkillinjector.h"
#include "core/demo/serverrestartinjector.h"
#include "core/locks/lockstrategy.h"
#include "core/sandbox/sandboxerror.h"
#include "core/sandbox/sandboxinfo.h"

#include <optional>
#include <stdexcept>

namespace lockscope {

namespace {

using Reason = FaultAvailability::Reason;

FaultAvailability because(Reason reason, const QString& detail = {}) {
    return FaultAvailability{reason, detail};
}

/// The sandbox in dir, or why there is none to act on.
std::optional<FaultAvailability> sandboxProblem(const QString& dir, SandboxInfo* info) {
    if (dir.isEmpty())
        return because(Reason::NoSandbox);
    try {
        *info = SandboxInfo::load(dir);
    } catch (const SandboxError& e) {
        return because(Reason::SandboxUnreadable, e.message());
    }
    return std::nullopt;
}

FaultAvailability partition(const NamespaceConfig& config, const DemoScenario& s) {
    const bool lock = s.partition == DemoScenario::PartitionTarget::Lock;
    const LockBackend* target =
        lock ? BackendRegistry::forStrategy(s.strategy) : BackendRegistry::byName(s.store);
    if (!target)
        return because(Reason::NoLock);
    if (lock && s.strategy == u"redlock") // as DemoEngine::checkPartition
        return because(Reason::SeveralServers);
    try {
        FaultRoute::upstream(config, target->id());
    } catch (const std::invalid_argument& e) {
        return because(Reason::NotProxiable, QString::fromUtf8(e.what()));
    }
    return {};
}

FaultAvailability serverRestart(const NamespaceConfig& config, const QString& sandboxDir,
                                const DemoScenario& s) {
    if (!LockStrategy::lockingNames().contains(s.strategy))
        return because(Reason::NoLock);
    SandboxInfo info;
    if (auto problem = sandboxProblem(sandboxDir, &info))
        return *problem;
    // Which servers and topologies it restarts is the injector's to say.
    try {
        const ServerRestartInjector check(config, s, sandboxDir); // its constructor only checks
    } catch (const std::invalid_argument& e) {
        return because(Reason::InjectorRefused, QString::fromUtf8(e.what()));
    } catch (const SandboxError& e) {
        return because(Reason::InjectorRefused, e.message());
    }
    return {};
}

FaultAvailability failover(const NamespaceConfig& config, const QString& sandboxDir,
                           const DemoScenario& s) {
    if (s.strategy != u"redis" && s.strategy != u"none") // as DemoScenario::validate
        return because(Reason::StrategyNotRedis);
    SandboxInfo info;
    if (auto problem = sandboxProblem(sandboxDir, &info))
        return *problem;
    if (info.redisSentinelUri.isEmpty())
        return because(Reason::NotHaSandbox);
    if (config.redis.topology != RedisTopology::Sentinel)
        return because(Reason::NotSentinel, info.redisSentinelUri);
    try {
        const FailoverInjector check(config, s, sandboxDir); // its constructor only checks
    } catch (const std::invalid_argument& e) {
        return because(Reason::NotSentinel, QString::fromUtf8(e.what()));
    } catch (const SandboxError& e) {
        return because(Reason::NotHaSandbox, e.message());
    }
    return {};
}

FaultAvailability leaderKill(const NamespaceConfig& config, const QString& sandboxDir,
                             const DemoScenario& s) {
    SandboxInfo info;
    if (auto problem = sandboxProblem(sandboxDir, &info))
        return *problem;
    try {
        const LeaderKillInjector check(config, s, sandboxDir); // its constructor only checks
    } catch (const std::invalid_argument& e) {
        return because(Reason::InjectorRefused, QString::fromUtf8(e.what()));
    } catch (const SandboxError& e) {
        return because(Reason::InjectorRefused, e.message());
    }
    return {};
}

} // namespace

FaultAvailability FaultAvailability::check(const NamespaceConfig& config, const QString& sandboxDir,
                                           const DemoScenario& scenario) {
    using Fault = DemoScenario::Fault;
    // Faults added to DemoScenario later are offered as they are: the engine checks them.
    if (scenario.fault == Fault::Partition)
        return partition(config, scenario);
    if (scenario.fault == Fault::ServerRestart)
        return serverRestart(config, sandboxDir, scenario);
    if (scenario.fault == Fault::Failover)
        return failover(config, sandboxDir, scenario);
    if (scenario.fault == Fault::LeaderKill)
        return leaderKill(config, sandboxDir, scenario);
    if (scenario.faultNeedsLock() && !LockStrategy::lockingNames().contains(scenario.strategy))
        return because(Reason::NoLock); // crash, pause, slow release strike a lock holder
    return {};
}

} // namespace lockscope
