#include "core/fault/proxydaemon.h"

#include "core/fault/faultproxyerror.h"
#include "core/fault/proxycontrolerror.h"

#include <QDateTime>
#include <QFile>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <poll.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <unistd.h>

namespace lockscope {

namespace {

constexpr std::chrono::milliseconds kClientTimeout{2000};
constexpr qsizetype kMaxRequest = 4096;
constexpr std::size_t kMaxClients = 32;

sigset_t endSignals() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGHUP);
    return set;
}

int msUntil(std::chrono::steady_clock::time_point when, std::chrono::steady_clock::time_point now) {
    if (when <= now)
        return 0;
    return int(std::chrono::ceil<std::chrono::milliseconds>(when - now).count());
}

QString describe(const ProxyControl::State& s) {
    if (s.mode == FaultProxy::Mode::Delay)
        return QStringLiteral("delay %1 ms").arg(s.delay.count());
    return FaultProxy::modeName(s.mode);
}

} // namespace

ProxyDaemon::ProxyDaemon(Options options)
    : m_options(std::move(options))
    , m_proxy(m_options.upstreamHost, m_options.upstreamPort, m_options.listenPort) {
    const sigset_t set = endSignals();
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    m_signalFd = ::signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
}

ProxyDaemon::~ProxyDaemon() {
    for (const Client& c : m_clients)
        ::close(c.fd);
    if (m_controlFd >= 0) {
        ::close(m_controlFd);
        ::unlink(QFile::encodeName(m_options.controlPath).constData());
    }
    if (m_signalFd >= 0)
        ::close(m_signalFd);
}

void ProxyDaemon::log(const QString& line) {
    const QString stamped =
        QDateTime::currentDateTime().toString(Qt::ISODateWithMs) + u' ' + line + u'\n';
    std::fputs(stamped.toLocal8Bit().constData(), stderr);
    std::fflush(stderr);
}

ProxyControl::State ProxyDaemon::state(Clock::time_point now) const {
    ProxyControl::State s;
    s.mode = m_proxy.mode();
    s.delay = s.mode == FaultProxy::Mode::Delay ? m_proxy.delay() : std::chrono::milliseconds(0);
    if (m_restoreAt)
        s.restoreIn = std::chrono::milliseconds(msUntil(*m_restoreAt, now));
    s.listenPort = m_proxy.port();
    s.upstream = QStringLiteral("%1:%2").arg(m_proxy.upstreamHost()).arg(m_proxy.upstreamPort());
    s.stats = m_proxy.stats();
    return s;
}

int ProxyDaemon::run() {
    if (m_signalFd < 0)
        throw FaultProxyError(QStringLiteral("fault proxy: signalfd: %1")
                                  .arg(QString::fromLocal8Bit(std::strerror(errno))));
    m_proxy.start();
    m_controlFd = ProxyControl::listen(m_options.controlPath);
    log(QStringLiteral("proxy 127.0.0.1:%1 -> %2:%3 up, control %4")
            .arg(m_proxy.port())
            .arg(m_options.upstreamHost)
            .arg(m_options.upstreamPort)
            .arg(m_options.controlPath));
    while (true) {
        std::vector<pollfd> fds{{m_signalFd, POLLIN, 0}, {m_controlFd, POLLIN, 0}};
        int timeout = -1;
        const Clock::time_point now = Clock::now();
        auto lower = [&](Clock::time_point when) {
            const int ms = msUntil(when, now);
            if (timeout < 0 || ms < timeout)
                timeout = ms;
        };
        if (m_restoreAt)
            lower(*m_restoreAt);
        for (const Client& c : m_clients) {
            fds.push_back({c.fd, POLLIN, 0});
            lower(c.deadline);
        }
        if (::poll(fds.data(), fds.size(), timeout) < 0 && errno != EINTR)
            throw FaultProxyError(QStringLiteral("fault proxy: poll: %1")
                                      .arg(QString::fromLocal8Bit(std::strerror(errno))));
        if (fds[0].revents & POLLIN) {
            signalfd_siginfo info{};
            const ssize_t n = ::read(m_signalFd, &info, sizeof info);
            const int sig = n == ssize_t(sizeof info) ? int(info.ssi_signo) : SIGTERM;
            log(QStringLiteral("proxy 127.0.0.1:%1 stopping (signal %2)")
                    .arg(m_proxy.port())
                    .arg(sig));
            return sig;
        }
        restoreIfDue(Clock::now());
        // Clients first (their fds are in this poll's results), new ones after.
        std::vector<Client> kept;
        for (std::size_t i = 0; i < m_clients.size(); ++i) {
            Client& c = m_clients[i];
            const bool readable = fds[i + 2].revents != 0;
            if ((readable && !serviceClient(c)) || (!readable && Clock::now() >= c.deadline))
                ::close(c.fd);
            else
                kept.push_back(std::move(c));
        }
        m_clients = std::move(kept);
        if (fds[1].revents & POLLIN)
            acceptClients();
    }
}

void ProxyDaemon::restoreIfDue(Clock::time_point now) {
    if (!m_restoreAt || now < *m_restoreAt)
        return;
    const ProxyControl::State before = state(now);
    m_restoreAt.reset();
    m_proxy.setMode(FaultProxy::Mode::Pass);
    log(QStringLiteral("mode %1 -> pass (its time is up)").arg(describe(before)));
}

void ProxyDaemon::acceptClients() {
    while (true) {
        const int fd = ::accept4(m_controlFd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0)
            return; // EAGAIN: all taken; anything else: the client gave up
        if (m_clients.size() >= kMaxClients) {
            ::close(fd);
            continue;
        }
        m_clients.push_back(Client{fd, {}, Clock::now() + kClientTimeout});
    }
}

bool ProxyDaemon::serviceClient(Client& client) {
    char buffer[1024];
    const ssize_t n = ::recv(client.fd, buffer, sizeof buffer, 0);
    if (n < 0)
        return errno == EAGAIN || errno == EINTR;
    if (n == 0)
        return false;
    client.buffer.append(buffer, n);
    const qsizetype newline = client.buffer.indexOf('\n');
    if (newline < 0)
        return client.buffer.size() <= kMaxRequest;
    const QByteArray reply = handle(client.buffer.left(newline));
    // One short line into an empty socket buffer: it fits; a client that is not reading loses it.
    [[maybe_unused]] const ssize_t sent = ::send(
        client.fd, reply.constData(), std::size_t(reply.size()), MSG_NOSIGNAL | MSG_DONTWAIT);
    return false;
}

QByteArray ProxyDaemon::handle(const QByteArray& line) {
    QString error;
    const auto request = ProxyControl::decodeRequest(line, &error);
    if (!request)
        return ProxyControl::encodeError(error);
    ProxyControl::Reply reply;
    reply.before = state(Clock::now());
    if (request->op == ProxyControl::Request::Op::Set) {
        m_proxy.setMode(request->mode, request->delay);
        if (request->restoreAfter)
            m_restoreAt = Clock::now() + *request->restoreAfter;
        else
            m_restoreAt.reset();
    }
    reply.after = state(Clock::now());
    if (request->op == ProxyControl::Request::Op::Set)
        log(QStringLiteral("mode %1 -> %2%3")
                .arg(describe(reply.before), describe(reply.after),
                     request->restoreAfter ? QStringLiteral(" (pass again in %1 ms)")
                                                 .arg(request->restoreAfter->count())
                                           : QString()));
    return ProxyControl::encodeReply(reply);
}

} // namespace lockscope
