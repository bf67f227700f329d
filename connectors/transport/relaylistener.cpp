#include "connectors/transport/relaylistener.h"

#include "connectors/connectorerror.h"
#include "connectors/transport/securechannel.h"
#include "connectors/transport/socketutil.h"

#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

namespace lockscope {

RelayListener::RelayListener(Backend backend, HostPort target, TlsOptions tls,
                             std::optional<SshTunnel> ssh, std::chrono::milliseconds connectTimeout)
    : m_backend(backend)
    , m_target(std::move(target))
    , m_tls(std::move(tls))
    , m_ssh(std::move(ssh))
    , m_connectTimeout(connectTimeout) {
    m_listenFd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (m_listenFd < 0 || ::bind(m_listenFd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) ||
        ::listen(m_listenFd, 16) ||
        ::getsockname(m_listenFd, reinterpret_cast<sockaddr*>(&addr), &len)) {
        const QString why = QString::fromLocal8Bit(strerror(errno));
        if (m_listenFd >= 0)
            ::close(m_listenFd);
        throw ConnectorError(m_backend, ConnectorError::Kind::Unreachable, QStringLiteral("relay"),
                             QStringLiteral("no loopback port for the relay: ") + why);
    }
    m_port = ntohs(addr.sin_port);
    m_acceptor = std::thread([this] { acceptLoop(); });
}

RelayListener::~RelayListener() {
    m_stopping = true;
    ::shutdown(m_listenFd, SHUT_RDWR);
    if (m_acceptor.joinable())
        m_acceptor.join();
    ::close(m_listenFd);
    {
        std::lock_guard lock(m_mutex);
        for (int fd : m_active)
            ::shutdown(fd, SHUT_RDWR);
    }
    for (std::thread& t : m_workers)
        if (t.joinable())
            t.join();
}

RelayListener::Failure RelayListener::lastFailure() const {
    std::lock_guard lock(m_mutex);
    return m_failure;
}

void RelayListener::acceptLoop() {
    while (!m_stopping) {
        const int fd = ::accept4(m_listenFd, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED)
                continue;
            break;
        }
        if (m_stopping) {
            ::close(fd);
            break;
        }
        // Like `ssh -L` a loopback port is open to every local user; unlike it, what this relay
        // adds (our client certificate, our SSH login) is lent to our own processes only.
        if (!socketutil::peerIsSameUser(fd)) {
            ::close(fd);
            std::lock_guard lock(m_mutex);
            ++m_refusedPeers;
            continue;
        }
        const int one = 1;
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        std::lock_guard lock(m_mutex);
        m_active.insert(fd);
        m_workers.emplace_back([this, fd] { serve(fd); });
    }
}

void RelayListener::serve(int accepted) {
    try {
        auto channel = SecureChannel::open(m_backend, m_target.host, m_target.port, m_tls, m_ssh,
                                           m_connectTimeout);
        {
            std::lock_guard lock(m_mutex);
            m_failure = {};
        }
        const int fd = channel->takeClientFd();
        socketutil::pumpFds(accepted, fd);
        ::close(fd);
    } catch (const ConnectorError& e) {
        std::lock_guard lock(m_mutex);
        m_failure = {int(e.kind()), e.operation(), e.detail()};
        ++m_failures;
    }
    std::lock_guard lock(m_mutex);
    m_active.erase(accepted);
    ::close(accepted);
}

} // namespace lockscope
