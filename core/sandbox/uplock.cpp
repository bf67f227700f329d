#include "core/sandbox/uplock.h"

#include "core/sandbox/sandboxerror.h"

#include <QDir>
#include <QFile>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace lockscope {

UpLock::UpLock(const QString& dir) {
    if (!QDir().mkpath(dir))
        throw SandboxError({}, QStringLiteral("cannot create %1").arg(dir));
    const QByteArray path = QFile::encodeName(fileName(dir));
    m_fd = ::open(path.constData(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (m_fd < 0)
        throw SandboxError({}, QStringLiteral("cannot open %1: %2")
                                   .arg(fileName(dir), QString::fromLocal8Bit(strerror(errno))));
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
                                       .arg(fileName(dir), QString::fromLocal8Bit(strerror(err))));
        const QString holder =
            n > 0 ? QStringLiteral(" (pid %1)").arg(QByteArray(pid).trimmed()) : QString();
        throw SandboxError({}, QStringLiteral("another `sandbox up` is running in %1%2; nothing "
                                              "was changed")
                                   .arg(dir, holder));
    }
    const QByteArray self = QByteArray::number(qint64(::getpid())) + '\n';
    // Only a refused `up`'s message needs the pid: the lock is held whether or not it is written.
    const bool noted = ::ftruncate(m_fd, 0) == 0 &&
                       ::pwrite(m_fd, self.constData(), size_t(self.size()), 0) == self.size();
    Q_UNUSED(noted)
}

UpLock::~UpLock() {
    if (m_fd >= 0)
        ::close(m_fd); // releases the lock
}

QString UpLock::fileName(const QString& dir) {
    return dir + QStringLiteral("/.up.lock");
}

} // namespace lockscope
