#pragma once

#include "core/demo/faultinjector.h"
#include "core/sandbox/sandboxinfo.h"
#include "core/sandbox/sandboxprocess.h"

namespace lockscope {

/// The demo's `--fault server-restart`: the first struck holder (fault rate and seed, as for
/// crash and pause), at its hold point (lock held, stock read, paid), has the sandbox restart
/// its lock server (Sandbox::restartProcess: stopped, started again with the same port and
/// data, waited for until it answers), then holds on until another buyer has written the
/// item's stock or the fault's duration (default 2 x lease) has passed, and writes. A Redis
/// without persistence comes back without the lock: a second holder gets it, and the late write
/// is fenced (fencing on) or oversells (off). ZooKeeper comes back with its sessions and nodes
/// (the holder keeps the lock); PostgreSQL aborts every open transaction (the lock goes, and so
/// do the connections of everyone). Only servers of the sandbox the CLI was given, single
/// topology.
class ServerRestartInjector : public FaultInjector {
public:
    /// Throws std::invalid_argument when the run cannot have this fault: no sandbox ("needs
    /// --sandbox"), a strategy without a lock server, a lock server that is not the sandbox's,
    /// an ha sandbox.
    ServerRestartInjector(const NamespaceConfig& config, const DemoScenario& scenario,
                          const QString& sandboxDir);

protected:
    void strike(int item, const PurchaseRecord& rec, std::stop_token stop) override;

private:
    SandboxInfo m_info;
    SandboxProcess::Role m_role = SandboxProcess::Role::Redis;
};

} // namespace lockscope
