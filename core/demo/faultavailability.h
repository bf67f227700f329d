#pragma once

#include "core/demo/demoscenario.h"
#include "core/namespaceconfig.h"

#include <QString>

namespace lockscope {

/// Whether a demo fault can strike a run with these servers, this sandbox and this scenario's
/// strategy and store, before anything is started: the console disables the faults that cannot,
/// saying why. The rules are those the engine and its injectors apply when a run starts (the
/// same checks, not a copy of their wording): a fault said to be available here can still fail
/// at run time if the servers change in between, and then the run says so.
struct FaultAvailability {
    enum class Reason {
        Available,
        NoLock,            ///< the strategy takes no lock to strike (none, atomic)
        SeveralServers,    ///< Redlock's servers are several: no one server to cut off or restart
        NotProxiable,      ///< the server is a Cluster, a Sentinel set, an ensemble... (detail)
        NoSandbox,         ///< the fault acts on sandbox servers and no sandbox is known
        SandboxUnreadable, ///< the sandbox directory holds no running sandbox (detail)
        NotHaSandbox,      ///< failover: the sandbox has no Sentinel set (single topology)
        NotSentinel,       ///< failover: Redis is not reached through the Sentinel set (detail)
        StrategyNotRedis,  ///< failover: fails over the Redis lock server (redis, or none)
        /// The fault's injector refused this run (detail: its reason, e.g. server-restart of a
        /// server that is not the sandbox's, or of a topology it does not restart).
        InjectorRefused,
    };
    Reason reason = Reason::Available;
    /// What the check found, for the reasons marked (detail): the engine's own message.
    QString detail;

    bool available() const { return reason == Reason::Available; }

    /// Whether scenario.fault (with its partition target, strategy and store) can be injected
    /// against config; sandboxDir is the sandbox the console or CLI knows (empty: none). Reads
    /// the sandbox's stack.json, nothing else: no server is contacted. Failover, server-restart
    /// and leader-kill build their injector, whose constructor only checks. A fault this does
    /// not know (one added to DemoScenario later) is Available: the engine checks it when it
    /// runs.
    static FaultAvailability check(const NamespaceConfig& config, const QString& sandboxDir,
                                   const DemoScenario& scenario);
};

} // namespace lockscope
