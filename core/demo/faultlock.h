#pragma once

#include <QString>

namespace lockscope {

/// One fault run at a time per sandbox, whichever process runs it: an exclusive flock(2) on
/// <dir>/.fault.lock, held while this object lives (a FaultInjector's lifetime: from before
/// the buyers start until what the fault took is restored). The kernel lets it go when the
/// process ends, even by SIGKILL, so a lock is never stale; the file stays. The holder writes
/// its pid in the file, for the refusal's message.
class FaultLock {
public:
    /// Throws FaultRefused (SandboxBusy) naming the other run's pid when another process holds
    /// the lock, SandboxError when the file cannot be opened.
    explicit FaultLock(const QString& dir);
    ~FaultLock();
    FaultLock(const FaultLock&) = delete;
    FaultLock& operator=(const FaultLock&) = delete;

    static QString fileName(const QString& dir);

private:
    int m_fd = -1;
};

} // namespace lockscope
