#pragma once

#include <QString>

namespace lockscope {

/// Only one Sandbox::up() at a time in a directory, whichever process runs it: an exclusive
/// flock(2) on <dir>/.up.lock, held while this object lives. The kernel lets it go when the
/// process ends, even by SIGKILL, so a lock is never stale; the file stays. No server inherits
/// it (close-on-exec; the start guard closes what it inherits). The holder writes its pid in the
/// file, for the refusal's message.
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
    int m_fd = -1;
};

} // namespace lockscope
