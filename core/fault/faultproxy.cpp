#include "core/fault/faultproxy.h"

#include "core/fault/faultproxyerror.h"
#include "core/fault/proxyloop.h"

#include <cerrno>
#include <cstring>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace lockscope {

namespace {

constexpr int kListenBacklog = 128;
constexpr int kBindAttempts = 50;

QString errnoText(int error) {
    return QString::fromLocal8Bit(std::strerror(error));
}

/// A socket bound to 127.0.0.1:port and listening. The port is always bound explicitly (a free
/// one is found first when port is 0): only an explicitly bound port survives the
/// shutdown(SHUT_RD) by which Drop stops listening.
int listenOnLoopback(int port) {
    for (int attempt = 0; attempt < kBindAttempts; ++attempt) {
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        int chosen = port;
        if (chosen == 0) {
            const int probe = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
            if (probe < 0)
                throw FaultProxyError(
                    QStringLiteral("fault proxy: socket: %1").arg(errnoText(errno)));
            socklen_t length = sizeof address;
            const bool found =
                ::bind(probe, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0 &&
                ::getsockname(probe, reinterpret_cast<sockaddr*>(&address), &length) == 0;
            const int error = errno;
            ::close(probe);
            if (!found)
                throw FaultProxyError(
                    QStringLiteral("fault proxy: no free loopback port: %1").arg(errnoText(error)));
            chosen = ntohs(address.sin_port);
        }
        address.sin_port = htons(quint16(chosen));
        const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (fd < 0)
            throw FaultProxyError(QStringLiteral("fault proxy: socket: %1").arg(errnoText(errno)));
        // Lets a new socket take the port over should this one not listen again after a Drop
        // (ProxyLoop::listenAgain); two listeners on one port are still refused.
        const int one = 1;
        ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        if (::bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0 &&
            ::listen(fd, kListenBacklog) == 0)
            return fd;
        const int error = errno;
        ::close(fd);
        if (port != 0 || error != EADDRINUSE) // a free port taken meanwhile: try another
            throw FaultProxyError(QStringLiteral("fault proxy: cannot listen on 127.0.0.1:%1: %2")
                                      .arg(chosen)
                                      .arg(errnoText(error)));
    }
    throw FaultProxyError(
        QStringLiteral("fault proxy: no free loopback port after %1 attempts").arg(kBindAttempts));
}

} // namespace

FaultProxy::FaultProxy(QString upstreamHost, int upstreamPort, int listenPort)
    : m_upstreamHost(std::move(upstreamHost))
    , m_upstreamPort(upstreamPort)
    , m_listenPort(listenPort)
    , m_loop(std::make_unique<ProxyLoop>()) {}

FaultProxy::~FaultProxy() {
    if (m_thread.joinable()) {
        m_thread.request_stop(); // the loop's stop_callback wakes its poll()
        m_thread.join();
    }
}

void FaultProxy::start() {
    if (m_thread.joinable())
        return;
    if (m_upstreamPort <= 0 || m_upstreamPort > 65535 || m_listenPort < 0 || m_listenPort > 65535)
        throw FaultProxyError(QStringLiteral("fault proxy: port out of range"));
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICSERV;
    addrinfo* found = nullptr;
    const QByteArray host = m_upstreamHost.toUtf8();
    const QByteArray service = QByteArray::number(m_upstreamPort);
    const int rc = ::getaddrinfo(host.constData(), service.constData(), &hints, &found);
    if (rc != 0 || !found)
        throw FaultProxyError(QStringLiteral("fault proxy: upstream %1: %2")
                                  .arg(m_upstreamHost, QString::fromLocal8Bit(gai_strerror(rc))));
    sockaddr_storage upstream{};
    const socklen_t length = found->ai_addrlen;
    std::memcpy(&upstream, found->ai_addr, found->ai_addrlen);
    ::freeaddrinfo(found);

    const int fd = listenOnLoopback(m_listenPort);
    sockaddr_in bound{};
    socklen_t boundLength = sizeof bound;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &boundLength);
    m_port = ntohs(bound.sin_port);
    m_loop->open(upstream, length, fd);
    m_thread = std::jthread([loop = m_loop.get()](std::stop_token stop) { loop->run(stop); });
}

bool FaultProxy::isRunning() const {
    return m_thread.joinable();
}

void FaultProxy::setMode(Mode mode, std::chrono::milliseconds delay) {
    m_loop->setMode(mode, delay);
}

FaultProxy::Mode FaultProxy::mode() const {
    return m_loop->mode();
}

std::chrono::milliseconds FaultProxy::delay() const {
    return m_loop->delay();
}

FaultProxy::Stats FaultProxy::stats() const {
    return m_loop->stats();
}

QString FaultProxy::modeName(Mode mode) {
    switch (mode) {
    case Mode::Pass:
        return QStringLiteral("pass");
    case Mode::Blackhole:
        return QStringLiteral("blackhole");
    case Mode::Drop:
        return QStringLiteral("drop");
    case Mode::Delay:
        return QStringLiteral("delay");
    }
    return QStringLiteral("unknown");
}

} // namespace lockscope
