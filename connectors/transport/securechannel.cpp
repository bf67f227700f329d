#include "connectors/transport/securechannel.h"

#include "connectors/connectorerror.h"
#include "connectors/transport/socketutil.h"
#include "connectors/transport/sshforward.h"
#include "connectors/transport/tlsclient.h"

#include <sys/socket.h>
#include <unistd.h>

namespace lockscope {

std::unique_ptr<SecureChannel> SecureChannel::open(Backend backend, const QString& host, int port,
                                                   const TlsOptions& tls,
                                                   const std::optional<SshTunnel>& ssh,
                                                   std::chrono::milliseconds timeout) {
    std::unique_ptr<SecureChannel> channel(new SecureChannel);
    QStringList how;
    int fd = -1; // plain bytes to the server from here on (before TLS)
    if (ssh) {
        auto forward = std::make_unique<SshForward>(backend, *ssh, host, port, timeout);
        int pair[2];
        socketutil::socketPair(backend, pair);
        channel->m_pumps.emplace_back(
            [f = std::move(forward), local = pair[0]]() mutable { f->pump(local); });
        fd = pair[1];
        how << QStringLiteral("via ssh ") + ssh->describe();
    } else {
        fd = socketutil::connectTcp(backend, host, port, timeout);
    }
    channel->m_clientFd = fd; // closed by the destructor if what follows throws
    if (tls.enabled) {
        channel->m_clientFd = -1;
        auto client = std::make_unique<TlsClient>(backend, fd, tls, host, port, timeout);
        how.prepend(client->describeSession());
        int pair[2];
        socketutil::socketPair(backend, pair);
        channel->m_pumps.emplace_back(
            [c = std::move(client), local = pair[0]]() mutable { c->pump(local); });
        channel->m_clientFd = pair[1];
    }
    channel->m_description = how.join(u' ');
    return channel;
}

SecureChannel::~SecureChannel() {
    if (m_owned && m_clientFd >= 0) {
        ::shutdown(m_clientFd, SHUT_RDWR);
        ::close(m_clientFd);
    }
    for (std::thread& t : m_pumps)
        if (t.joinable())
            t.join();
}

int SecureChannel::takeClientFd() {
    m_owned = false;
    return m_clientFd;
}

} // namespace lockscope
