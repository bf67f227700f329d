#include "connectors/transport/sshforward.h"

#include "connectors/connectorerror.h"
#include "connectors/transport/socketutil.h"

#include <QDir>
#include <QFileInfo>
#include <cerrno>
#include <libssh/libssh.h>
#include <mutex>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace lockscope {

namespace {

constexpr std::chrono::seconds kStall{30};

void initOnce() {
    static std::once_flag once;
    std::call_once(once, [] { ssh_init(); });
}

QString fingerprint(ssh_session session) {
    ssh_key key = nullptr;
    if (ssh_get_server_publickey(session, &key) != SSH_OK)
        return QStringLiteral("(unknown)");
    unsigned char* hash = nullptr;
    size_t len = 0;
    QString out = QStringLiteral("(unknown)");
    if (ssh_get_publickey_hash(key, SSH_PUBLICKEY_HASH_SHA256, &hash, &len) == 0) {
        char* text = ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash, len);
        out = QString::fromLatin1(text);
        ssh_string_free_char(text);
        ssh_clean_pubkey_hash(&hash);
    }
    ssh_key_free(key);
    return out;
}

} // namespace

SshForward::SshForward(Backend backend, const SshTunnel& tunnel, const QString& host, int port,
                       std::chrono::milliseconds timeout)
    : m_backend(backend)
    , m_where(QStringLiteral("ssh %1 -> %2:%3").arg(tunnel.describe(), host).arg(port)) {
    const socketutil::SigpipeGuard noSigpipe;
    try {
        open(tunnel, host, port, timeout);
    } catch (...) {
        release();
        throw;
    }
}

void SshForward::open(const SshTunnel& tunnel, const QString& host, int port,
                      std::chrono::milliseconds timeout) {
    initOnce();
    m_session = ssh_new();
    if (!m_session)
        fail(QStringLiteral("cannot create an SSH session"));
    const QByteArray bastion = tunnel.host.toUtf8();
    const QByteArray user = tunnel.user.toUtf8();
    const unsigned int sshPort = unsigned(tunnel.port);
    const long timeoutUsec = long(timeout.count()) * 1000;
    const int processConfig = 0; // only what the profile says, not ~/.ssh/config
    const QString knownHosts = tunnel.knownHostsFile.isEmpty()
                                   ? QDir::homePath() + QStringLiteral("/.ssh/known_hosts")
                                   : tunnel.knownHostsFile;
    const QByteArray knownHostsBytes = knownHosts.toLocal8Bit();
    ssh_options_set(m_session, SSH_OPTIONS_HOST, bastion.constData());
    ssh_options_set(m_session, SSH_OPTIONS_PORT, &sshPort);
    ssh_options_set(m_session, SSH_OPTIONS_USER, user.constData());
    ssh_options_set(m_session, SSH_OPTIONS_TIMEOUT_USEC, &timeoutUsec);
    ssh_options_set(m_session, SSH_OPTIONS_PROCESS_CONFIG, &processConfig);
    ssh_options_set(m_session, SSH_OPTIONS_KNOWNHOSTS, knownHostsBytes.constData());
    ssh_options_set(m_session, SSH_OPTIONS_GLOBAL_KNOWNHOSTS, "/dev/null");
    if (ssh_connect(m_session) != SSH_OK) {
        QString why = QString::fromLocal8Bit(ssh_get_error(m_session));
        if (why.contains(QLatin1String("reset by peer")))
            why += QStringLiteral(" (a bastion's sshd drops new connections while more than "
                                  "MaxStartups, 10 by default, are still logging in; LockScope "
                                  "opens one SSH session per server connection)");
        fail(QStringLiteral("cannot connect to the bastion: ") + why, true);
    }
    switch (ssh_session_is_known_server(m_session)) {
    case SSH_KNOWN_HOSTS_OK:
        break;
    case SSH_KNOWN_HOSTS_CHANGED:
        fail(QStringLiteral("the bastion's host key CHANGED: it is %1, not the key known_hosts "
                            "(%2) has for it. Someone may be intercepting the connection; if the "
                            "key was changed on purpose, update known_hosts")
                 .arg(fingerprint(m_session), knownHosts));
    case SSH_KNOWN_HOSTS_OTHER:
        fail(QStringLiteral("the bastion offers a key of another type than known_hosts (%1) "
                            "has for it (%2): refused")
                 .arg(knownHosts, fingerprint(m_session)));
    case SSH_KNOWN_HOSTS_UNKNOWN:
    case SSH_KNOWN_HOSTS_NOT_FOUND:
        fail(QStringLiteral("the bastion's host key %1 is not in known_hosts (%2): check the "
                            "fingerprint, then add it (ssh-keyscan -p %3 %4 >> known_hosts)")
                 .arg(fingerprint(m_session), knownHosts)
                 .arg(tunnel.port)
                 .arg(tunnel.host));
    case SSH_KNOWN_HOSTS_ERROR:
        fail(QStringLiteral("cannot check the host key: ") +
             QString::fromLocal8Bit(ssh_get_error(m_session)));
    }
    int auth = SSH_AUTH_DENIED;
    if (!tunnel.identityFile.isEmpty()) {
        if (!QFileInfo::exists(tunnel.identityFile))
            fail(QStringLiteral("the identity file '%1' does not exist").arg(tunnel.identityFile));
        ssh_key key = nullptr;
        if (ssh_pki_import_privkey_file(tunnel.identityFile.toLocal8Bit().constData(), nullptr,
                                        nullptr, nullptr, &key) != SSH_OK)
            fail(QStringLiteral("cannot read the identity file '%1' (a key without passphrase; "
                                "use the agent for one with)")
                     .arg(tunnel.identityFile));
        auth = ssh_userauth_publickey(m_session, nullptr, key);
        ssh_key_free(key);
    } else {
        auth = ssh_userauth_agent(m_session, nullptr);
        if (auth != SSH_AUTH_SUCCESS)
            auth = ssh_userauth_publickey_auto(m_session, nullptr, nullptr);
    }
    if (auth != SSH_AUTH_SUCCESS)
        fail(QStringLiteral("the bastion refused user '%1' with %2")
                 .arg(tunnel.user, tunnel.identityFile.isEmpty()
                                       ? QStringLiteral("the agent's and ~/.ssh keys")
                                       : QStringLiteral("key ") + tunnel.identityFile));
    m_channel = ssh_channel_new(m_session);
    if (!m_channel || ssh_channel_open_forward(m_channel, host.toUtf8().constData(), port,
                                               "127.0.0.1", 0) != SSH_OK)
        fail(QStringLiteral("the bastion could not open a connection to %1:%2: %3")
                 .arg(host)
                 .arg(port)
                 .arg(QString::fromLocal8Bit(ssh_get_error(m_session))),
             true);
}

SshForward::~SshForward() {
    const socketutil::SigpipeGuard noSigpipe;
    release();
}

void SshForward::release() {
    if (m_channel) {
        ssh_channel_close(m_channel);
        ssh_channel_free(m_channel);
        m_channel = nullptr;
    }
    if (m_session) {
        ssh_disconnect(m_session);
        ssh_free(m_session);
        m_session = nullptr;
    }
}

void SshForward::fail(const QString& why, bool unreachable) {
    throw ConnectorError(
        m_backend, unreachable ? ConnectorError::Kind::Unreachable : ConnectorError::Kind::Ssh,
        QStringLiteral("SSH tunnel"), m_where + QStringLiteral(": ") + why);
}

void SshForward::pump(int local) {
    const socketutil::SigpipeGuard noSigpipe;
    char buf[16384];
    const int sshFd = ssh_get_fd(m_session);
    bool open = true;
    while (open) {
        // Whatever libssh already holds, then the socket.
        for (;;) {
            const int n = ssh_channel_read_nonblocking(m_channel, buf, sizeof buf, 0);
            if (n > 0) {
                if (!socketutil::writeAll(local, buf, size_t(n), kStall))
                    open = false;
                if (!open)
                    break;
                continue;
            }
            if (n < 0 || ssh_channel_is_eof(m_channel) || !ssh_channel_is_open(m_channel))
                open = false;
            break;
        }
        if (!open)
            break;
        pollfd p[2] = {{local, POLLIN, 0}, {sshFd, POLLIN, 0}};
        if (::poll(p, 2, 1000) < 0 && errno != EINTR)
            break;
        if (p[0].revents & (POLLIN | POLLHUP | POLLERR)) {
            const ssize_t n = ::recv(local, buf, sizeof buf, MSG_DONTWAIT);
            if (n < 0 && (errno == EAGAIN || errno == EINTR))
                continue;
            if (n <= 0) {
                ssh_channel_send_eof(m_channel);
                break;
            }
            if (ssh_channel_write(m_channel, buf, uint32_t(n)) != int(n))
                break;
        }
    }
    ::close(local);
}

} // namespace lockscope
