#include "connectors/zkfourletter.h"

#include "connectors/connectorerror.h"
#include "connectors/transport/securechannel.h"

#include <QScopeGuard>
#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace lockscope {

namespace {

int remainingMs(std::chrono::steady_clock::time_point deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    return static_cast<int>(std::max<long long>(0, left.count()));
}

} // namespace

std::string ZkFourLetter::ask(const std::string& host, int port, const std::string& word,
                              std::chrono::milliseconds timeout, const TlsOptions& tls) {
    const QString op = QString::fromStdString(word);
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    const std::optional<SshTunnel> ssh = SshTunnel::current();
    if (SecureChannel::needed(tls, ssh)) {
        const auto channel = SecureChannel::open(Backend::ZooKeeper, QString::fromStdString(host),
                                                 port, tls, ssh, timeout);
        return exchange(channel->clientFd(), word, deadline);
    }
    addrinfo hints{};
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* res = nullptr;
    const std::string service = std::to_string(port);
    if (getaddrinfo(host.c_str(), service.c_str(), &hints, &res) != 0 || !res)
        throw ConnectorError(Backend::ZooKeeper, ConnectorError::Kind::Unreachable, op,
                             QStringLiteral("cannot resolve %1").arg(QString::fromStdString(host)));
    const int fd = ::socket(res->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    const auto closeFd = qScopeGuard([fd] {
        if (fd >= 0)
            ::close(fd);
    });
    int rc = ::connect(fd, res->ai_addr, res->ai_addrlen);
    freeaddrinfo(res);
    if (rc != 0 && errno != EINPROGRESS)
        throw ConnectorError(Backend::ZooKeeper, ConnectorError::Kind::Unreachable, op,
                             QString::fromLocal8Bit(strerror(errno)));
    pollfd p{fd, POLLOUT, 0};
    if (::poll(&p, 1, remainingMs(deadline)) <= 0)
        throw ConnectorError(Backend::ZooKeeper, ConnectorError::Kind::Timeout, op,
                             QStringLiteral("connect timed out"));
    int soErr = 0;
    socklen_t len = sizeof soErr;
    getsockopt(fd, SOL_SOCKET, SO_ERROR, &soErr, &len);
    if (soErr != 0)
        throw ConnectorError(Backend::ZooKeeper, ConnectorError::Kind::Unreachable, op,
                             QString::fromLocal8Bit(strerror(soErr)));
    return exchange(fd, word, deadline);
}

std::string ZkFourLetter::exchange(int fd, const std::string& word,
                                   std::chrono::steady_clock::time_point deadline) {
    const QString op = QString::fromStdString(word);
    if (::send(fd, word.data(), word.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(word.size()))
        throw ConnectorError(Backend::ZooKeeper, ConnectorError::Kind::ConnectionLost, op,
                             QString::fromLocal8Bit(strerror(errno)));
    std::string answer;
    char buf[4096];
    for (;;) {
        pollfd in{fd, POLLIN, 0};
        const int ready = ::poll(&in, 1, remainingMs(deadline));
        if (ready <= 0)
            throw ConnectorError(Backend::ZooKeeper, ConnectorError::Kind::Timeout, op,
                                 QStringLiteral("no answer"));
        const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n == 0)
            break; // the server closes after answering
        if (n < 0) {
            if (errno == EAGAIN || errno == EINTR)
                continue;
            throw ConnectorError(Backend::ZooKeeper, ConnectorError::Kind::ConnectionLost, op,
                                 QString::fromLocal8Bit(strerror(errno)));
        }
        answer.append(buf, static_cast<size_t>(n));
    }
    return answer;
}

} // namespace lockscope
