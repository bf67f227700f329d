#include "core/sandbox/pidfilelock.h"

#include "core/sandbox/sandboxerror.h"

#include <QFile>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace lockscope {

PidFileLock::PidFileLock(const QString& path, QString* holder) {
    const QByteArray name = QFile::encodeName(path);
    m_fd = ::open(name.constData(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (m_fd < 0)
        throw SandboxError({}, QStringLiteral("cannot open %1: %2")
                                   .arg(path, QString::fromLocal8Bit(strerror(errno))));
    int rc;
    while ((rc = ::flock(m_fd, LOCK_EX | LOCK_NB)) != 0 && errno == EINTR) {
    }
    if (rc != 0) {
        const int err = errno;
        char pid[32] = {};
        const ssize_t n = ::pread(m_fd, pid, sizeof pid - 1, 0);
        ::close(m_fd);
        m_fd = -1;
        if (err != EWOULDBLOCK)
            throw SandboxError({}, QStringLiteral("cannot lock %1: %2")
                                       .arg(path, QString::fromLocal8Bit(strerror(err))));
        *holder = n > 0
                      ? QStringLiteral("pid %1").arg(QString::fromLatin1(QByteArray(pid).trimmed()))
                      : QStringLiteral("pid unknown");
        return;
    }
    const QByteArray self = QByteArray::number(qint64(::getpid())) + '\n';
    // Only a refused caller's message needs the pid: the lock is held whether or not it is
    // written.
    const bool noted = ::ftruncate(m_fd, 0) == 0 &&
                       ::pwrite(m_fd, self.constData(), size_t(self.size()), 0) == self.size();
    Q_UNUSED(noted)
}

PidFileLock::~PidFileLock() {
    if (m_fd >= 0)
        ::close(m_fd); // releases the lock
}

} // namespace lockscope
