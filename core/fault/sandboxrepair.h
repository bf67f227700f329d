#pragma once

#include "core/sandbox/sandboxinfo.h"

#include <QString>
#include <chrono>

namespace lockscope {

/// Puts back a sandbox member that an earlier fault run left broken (killed mid-fault before
/// it restored what it took), before a fault strikes again: a member whose process is gone is
/// started again (Sandbox::restartProcess: same port and data, waited for until it answers),
/// one stopped by SIGSTOP (the failover fault's isolated replica) is continued. Only the
/// sandbox's own processes (the pids in stack.json).
class SandboxRepair {
public:
    enum class State { Running, Stopped, Dead };

    /// From /proc/<pid>/stat: Dead when there is no such process or it is a zombie, Stopped
    /// when it is stopped (T) or traced (t).
    static State stateOf(qint64 pid);
    /// Empty when the member runs; else what was done ("zookeeper 2 (pid 123) was dead:
    /// started again as pid 456"). Records a new pid in info and stack.json. Throws
    /// SandboxError when the member is not recorded or does not come back within timeout.
    static QString restore(SandboxInfo& info, SandboxProcess::Role role, int index,
                           std::chrono::milliseconds timeout);
};

} // namespace lockscope
