#include "core/sandbox/sandboxsshd.h"

#include "connectors/connectorerror.h"
#include "connectors/transport/socketutil.h"
#include "core/sandbox/sandboxerror.h"
#include "core/sandbox/serverprocess.h"

#include <QDir>
#include <QFile>
#include <QUrl>
#include <poll.h>
#include <pwd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

namespace lockscope {

namespace {

const QString kServer = QStringLiteral("sshd");

void keygen(const QString& path) {
    QFile::remove(path);
    QFile::remove(path + QStringLiteral(".pub"));
    QString out;
    const int rc = ServerProcess::runBlocking(
        QStringLiteral("ssh-keygen"),
        {QStringLiteral("-q"), QStringLiteral("-t"), QStringLiteral("ed25519"),
         QStringLiteral("-N"), QString(), QStringLiteral("-C"), QStringLiteral("lockscope-sandbox"),
         QStringLiteral("-f"), path},
        std::chrono::seconds(30), &out);
    if (rc != 0)
        throw SandboxError(
            kServer, QStringLiteral("ssh-keygen failed (exit %1): %2").arg(rc).arg(out.trimmed()));
}

QByteArray readAll(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        throw SandboxError(kServer, QStringLiteral("cannot read %1").arg(path));
    return f.readAll().trimmed();
}

void writeFile(const QString& path, const QByteArray& text, QFileDevice::Permissions perms) {
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(text) != text.size())
        throw SandboxError(kServer, QStringLiteral("cannot write %1").arg(path));
    f.setPermissions(perms);
}

} // namespace

QString SandboxSshd::userName() {
    const passwd* pw = ::getpwuid(::geteuid());
    return pw ? QString::fromLocal8Bit(pw->pw_name) : qEnvironmentVariable("USER");
}

void SandboxSshd::prepare(const QString& dir, int port) {
    if (!QDir().mkpath(dir))
        throw SandboxError(kServer, QStringLiteral("cannot create %1").arg(dir));
    // sshd as root needs its privilege separation directory (Debian makes it at boot only).
    if (::geteuid() == 0)
        QDir().mkpath(QStringLiteral("/run/sshd"));
    keygen(dir + QStringLiteral("/host_key"));
    keygen(dir + QStringLiteral("/client_key"));
    const QByteArray hostPub = readAll(dir + QStringLiteral("/host_key.pub"));
    const QByteArray clientPub = readAll(dir + QStringLiteral("/client_key.pub"));
    const auto owner = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
    writeFile(dir + QStringLiteral("/authorized_keys"), clientPub + '\n', owner);
    // Key type and key only: the comment is not part of a known_hosts line's match.
    const QByteArray typeAndKey = hostPub.split(' ').mid(0, 2).join(' ');
    writeFile(dir + QStringLiteral("/known_hosts"),
              QStringLiteral("[127.0.0.1]:%1 ").arg(port).toUtf8() + typeAndKey + '\n',
              owner | QFileDevice::ReadGroup | QFileDevice::ReadOther);
    const QString config = QStringLiteral("Port %1\n"
                                          "ListenAddress 127.0.0.1\n"
                                          "HostKey %2/host_key\n"
                                          "PidFile %2/sshd.pid\n"
                                          "AuthorizedKeysFile %2/authorized_keys\n"
                                          "AllowUsers %3\n"
                                          "StrictModes no\n"
                                          "UsePAM no\n"
                                          "PasswordAuthentication no\n"
                                          "KbdInteractiveAuthentication no\n"
                                          "PubkeyAuthentication yes\n"
                                          "PermitRootLogin prohibit-password\n"
                                          "AllowTcpForwarding local\n"
                                          "AllowAgentForwarding no\n"
                                          "X11Forwarding no\n"
                                          "PermitTTY no\n"
                                          "PrintMotd no\n"
                                          "MaxStartups 200\n"
                                          "MaxSessions 200\n"
                                          "LogLevel VERBOSE\n")
                               .arg(port)
                               .arg(dir, userName());
    writeFile(dir + QStringLiteral("/sshd_config"), config.toUtf8(),
              owner | QFileDevice::ReadGroup | QFileDevice::ReadOther);
}

QString SandboxSshd::program() {
    return QStringLiteral("/usr/sbin/sshd"); // sshd insists on being run by its absolute path
}

QStringList SandboxSshd::arguments(const QString& dir) {
    return {QStringLiteral("-D"), QStringLiteral("-e"), QStringLiteral("-f"),
            dir + QStringLiteral("/sshd_config")};
}

QString SandboxSshd::tunnelUri(const QString& dir, int port) {
    return QStringLiteral("ssh://%1@127.0.0.1:%2?identity=%3&known_hosts=%4")
        .arg(QString::fromUtf8(QUrl::toPercentEncoding(userName())))
        .arg(port)
        .arg(QString::fromUtf8(QUrl::toPercentEncoding(dir + QStringLiteral("/client_key"), "/")),
             QString::fromUtf8(QUrl::toPercentEncoding(dir + QStringLiteral("/known_hosts"), "/")));
}

bool SandboxSshd::answers(int port, std::chrono::milliseconds timeout, QString* why) {
    int fd = -1;
    try {
        fd = socketutil::connectTcp(Backend::Redis, QStringLiteral("127.0.0.1"), port, timeout);
    } catch (const ConnectorError& e) {
        if (why)
            *why = e.detail();
        return false;
    }
    char banner[64] = {};
    pollfd p{fd, POLLIN, 0};
    ssize_t n = 0;
    if (::poll(&p, 1, int(timeout.count())) > 0)
        n = ::recv(fd, banner, sizeof banner - 1, 0);
    ::close(fd);
    const bool ok = n >= 8 && QByteArray(banner, int(n)).startsWith("SSH-2.0");
    if (!ok && why)
        *why = QStringLiteral("no SSH banner");
    return ok;
}

} // namespace lockscope
