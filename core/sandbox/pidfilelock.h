#pragma once

#include <QString>
#include <optional>

namespace lockscope {

/// An exclusive flock(2) on a file, held while this object lives, with the holder's pid written
/// in the file for a refused caller's message. The kernel lets it go when the process ends, even
/// by SIGKILL, so a lock is never stale; the file stays. Close-on-exec: no child inherits it.
/// UpLock (one `sandbox up` per directory) and FaultLock (one fault run per sandbox) are its
/// two uses.
class PidFileLock {
public:
    /// Takes the lock on path (created 0600 when missing). When another process holds it,
    /// *holder is set to "pid N" ("pid unknown" when the file names none) and the object holds
    /// nothing (held() is false). Throws SandboxError when the file cannot be opened or locked.
    PidFileLock(const QString& path, QString* holder);
    ~PidFileLock();
    PidFileLock(const PidFileLock&) = delete;
    PidFileLock& operator=(const PidFileLock&) = delete;

    bool held() const { return m_fd >= 0; }

private:
    int m_fd = -1;
};

} // namespace lockscope
