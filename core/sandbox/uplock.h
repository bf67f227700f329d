#pragma once

#include <QString>
#include <memory>

namespace lockscope {

class PidFileLock;

/// Only one Sandbox::up() at a time in a directory, whichever process runs it: a PidFileLock on
/// <dir>/.up.lock, held while this object lives. No server inherits it (close-on-exec; the start
/// guard closes what it inherits).
class UpLock {
public:
    /// Creates dir when it is missing. Throws SandboxError ("another `sandbox up` is running
    /// in <dir>") when another process holds the lock: the caller changes nothing then.
    explicit UpLock(const QString& dir);
    ~UpLock();
    UpLock(const UpLock&) = delete;
    UpLock& operator=(const UpLock&) = delete;

    static QString fileName(const QString& dir);

private:
    std::unique_ptr<PidFileLock> m_lock;
};

} // namespace lockscope
