#include "connectors/transport/socketutil.h"

#include "connectors/connectorerror.h"

#include <QByteArrayList>
#include <arpa/inet.h>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <sys/socket.h>
#include <unistd.h>

namespace lockscope::socketutil {

namespace {

int remainingMs(std::chrono::steady_clock::time_point deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    return left.count() < 0 ? 0 : int(left.count());
}

} // namespace

int connectTcp(Backend backend, const QString& host, int port, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    const QString where = QStringLiteral("%1:%2").arg(host).arg(port);
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* list = nullptr;
    const QByteArray h = host.toUtf8();
    const QByteArray p = QByteArray::number(port);
    const int gai = getaddrinfo(h.constData(), p.constData(), &hints, &list);
    if (gai != 0)
        throw ConnectorError(backend, ConnectorError::Kind::Unreachable, QStringLiteral("connect"),
                             where + QStringLiteral(": ") +
                                 QString::fromLocal8Bit(gai_strerror(gai)));
    QString lastError = QStringLiteral("no address");
    bool timedOut = false;
    for (addrinfo* ai = list; ai; ai = ai->ai_next) {
        const int fd = ::socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK,
                                ai->ai_protocol);
        if (fd < 0)
            continue;
        int rc = ::connect(fd, ai->ai_addr, ai->ai_addrlen);
        if (rc < 0 && errno == EINPROGRESS) {
            pollfd pfd{fd, POLLOUT, 0};
            rc = ::poll(&pfd, 1, remainingMs(deadline));
            if (rc == 0) {
                timedOut = true;
                lastError = QStringLiteral("no answer within %1 ms").arg(timeout.count());
                ::close(fd);
                break;
            }
            int soError = 0;
            socklen_t len = sizeof soError;
            ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &soError, &len);
            rc = soError == 0 ? 0 : -1;
            errno = soError;
        }
        if (rc == 0) {
            freeaddrinfo(list);
            const int flags = ::fcntl(fd, F_GETFL);
            ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
            const int one = 1;
            ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
            return fd;
        }
        lastError = QString::fromLocal8Bit(strerror(errno));
        ::close(fd);
    }
    freeaddrinfo(list);
    throw ConnectorError(
        backend, timedOut ? ConnectorError::Kind::Timeout : ConnectorError::Kind::Unreachable,
        QStringLiteral("connect"), where + QStringLiteral(": ") + lastError);
}

bool writeAll(int fd, const char* data, size_t size, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (size > 0) {
        const ssize_t n = ::send(fd, data, size, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n > 0) {
            data += n;
            size -= size_t(n);
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            pollfd pfd{fd, POLLOUT, 0};
            if (::poll(&pfd, 1, remainingMs(deadline)) <= 0)
                return false;
            continue;
        }
        return false;
    }
    return true;
}

bool peerIsSameUser(int acceptedFd) {
    sockaddr_in self{}, peer{};
    socklen_t selfLen = sizeof self, peerLen = sizeof peer;
    if (::getsockname(acceptedFd, reinterpret_cast<sockaddr*>(&self), &selfLen) != 0 ||
        ::getpeername(acceptedFd, reinterpret_cast<sockaddr*>(&peer), &peerLen) != 0 ||
        self.sin_family != AF_INET || peer.sin_family != AF_INET)
        return false;
    // /proc/net/tcp: "sl local rem st ... uid ...", addresses as hex "0100007F:1F90" (the
    // address in host byte order as the kernel stores it, the port big-endian as a number).
    const auto hexAddress = [](const sockaddr_in& a) {
        char text[32];
        std::snprintf(text, sizeof text, "%08X:%04X", unsigned(a.sin_addr.s_addr),
                      unsigned(ntohs(a.sin_port)));
        return QByteArray(text);
    };
    const QByteArray peerLocal = hexAddress(peer);
    const QByteArray peerRemote = hexAddress(self);
    FILE* f = std::fopen("/proc/net/tcp", "re");
    if (!f)
        return false;
    char line[512];
    bool same = false;
    while (std::fgets(line, sizeof line, f)) {
        const QList<QByteArray> fields = QByteArray(line).simplified().split(' ');
        if (fields.size() > 7 && fields[1] == peerLocal && fields[2] == peerRemote) {
            same = fields[7].toUInt() == ::geteuid();
            break;
        }
    }
    std::fclose(f);
    return same;
}

void socketPair(Backend backend, int fds[2]) {
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0)
        throw ConnectorError(backend, ConnectorError::Kind::Unreachable, QStringLiteral("connect"),
                             QStringLiteral("socketpair: ") +
                                 QString::fromLocal8Bit(strerror(errno)));
}

SigpipeGuard::SigpipeGuard() {
    sigset_t pipe, old, pending;
    sigemptyset(&pipe);
    sigaddset(&pipe, SIGPIPE);
    sigpending(&pending);
    m_wasPending = sigismember(&pending, SIGPIPE) == 1;
    pthread_sigmask(SIG_BLOCK, &pipe, &old);
    m_wasBlocked = sigismember(&old, SIGPIPE) == 1;
}

SigpipeGuard::~SigpipeGuard() {
    sigset_t pipe, pending;
    sigemptyset(&pipe);
    sigaddset(&pipe, SIGPIPE);
    sigpending(&pending);
    if (!m_wasPending && sigismember(&pending, SIGPIPE) == 1) {
        const timespec now{0, 0};
        while (sigtimedwait(&pipe, nullptr, &now) < 0 && errno == EINTR) {
        }
    }
    if (!m_wasBlocked)
        pthread_sigmask(SIG_UNBLOCK, &pipe, nullptr);
}

void pumpFds(int a, int b) {
    constexpr std::chrono::seconds kStall{30};
    char buf[16384];
    for (;;) {
        pollfd p[2] = {{a, POLLIN, 0}, {b, POLLIN, 0}};
        if (::poll(p, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        bool done = false;
        for (int i = 0; i < 2 && !done; ++i) {
            if (!(p[i].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            const ssize_t n = ::recv(p[i].fd, buf, sizeof buf, MSG_DONTWAIT);
            if (n < 0 && (errno == EAGAIN || errno == EINTR))
                continue;
            if (n <= 0 || !writeAll(p[1 - i].fd, buf, size_t(n), kStall))
                done = true;
        }
        if (done)
            break;
    }
}

} // namespace lockscope::socketutil
