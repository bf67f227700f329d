#include "core/sandbox/secretfile.h"

#include <QRandomGenerator>

#include "core/sandbox/sandboxerror.h"

#include <QFile>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace lockscope {

QString SecretFile::randomPassword() {
    static const char alphabet[] = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    QString out;
    for (int i = 0; i < 24; ++i)
        out += QLatin1Char(alphabet[QRandomGenerator::system()->bounded(int(sizeof alphabet - 1))]);
    return out;
}

SecretFile::SecretFile(const QString& path, const QString& server, Owner owner)
    : m_path(path)
    , m_server(server) {
    const QByteArray p = QFile::encodeName(path);
    // The mode is the one it is created with (a umask can only take bits away): no window.
    m_fd = ::open(p.constData(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (m_fd < 0) {
        const int err = errno;
        m_path.clear(); // not ours: never removed by us
        throw SandboxError(server, QStringLiteral("cannot create %1: %2")
                                       .arg(path, QString::fromLocal8Bit(strerror(err))));
    }
    if (owner.change && ::fchown(m_fd, owner.uid, owner.gid) != 0)
        fail(QStringLiteral("chown"));
}

SecretFile::SecretFile(const QString& path, const QString& server)
    : SecretFile(path, server, Owner{}) {}

SecretFile::~SecretFile() {
    if (m_fd >= 0)
        ::close(m_fd);
    if (!m_path.isEmpty())
        ::unlink(QFile::encodeName(m_path).constData());
}

void SecretFile::write(const QByteArray& secret) {
    if (m_fd < 0) {
        errno = EBADF; // written once already
        fail(QStringLiteral("write"));
    }
    qsizetype done = 0;
    while (done < secret.size()) {
        const ssize_t n = ::write(m_fd, secret.constData() + done, size_t(secret.size() - done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            fail(QStringLiteral("write"));
        done += n;
    }
    const int fd = m_fd;
    m_fd = -1;
    if (::close(fd) != 0)
        fail(QStringLiteral("close"));
}

void SecretFile::fail(const QString& what) {
    const int err = errno;
    // The constructor may throw from here: no destructor runs then, so the file goes now.
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = -1;
    ::unlink(QFile::encodeName(m_path).constData());
    const QString path = m_path;
    m_path.clear();
    throw SandboxError(
        m_server,
        QStringLiteral("%1 %2: %3").arg(what, path, QString::fromLocal8Bit(strerror(err))));
}

} // namespace lockscope
