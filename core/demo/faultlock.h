#pragma once

#include <QString>
#include <memory>

namespace lockscope {

class PidFileLock;

/// One fault run at a time per sandbox, whichever process runs it: a PidFileLock on
/// <dir>/.fault.lock, held while this object lives (a FaultInjector's lifetime: from before the
/// buyers start until what the fault took is restored).
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
    std::unique_ptr<PidFileLock> m_lock;
};

} // namespace lockscope
