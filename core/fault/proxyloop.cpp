#include "core/fault/proxyloop.h"

#include <QLoggingCategory>
#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

Q_LOGGING_CATEGORY(lcFault, "lockscope.fault")

namespace lockscope {

namespace {

using Mode = FaultProxy::Mode;

constexpr int kListenBacklog = 128;
constexpr int kAcceptsPerWake = 64;
constexpr int kDiscardReadsPerWake = 16;

void setNoDelay(int fd) {
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

int msUntil(RelayPair::Clock::time_point when, RelayPair::Clock::time_point now) {
    if (when <= now)
        return 0;
    return int(std::chrono::ceil<std::chrono::milliseconds>(when - now).count());
}

void lowerTimeout(int* timeoutMs, int ms) {
    if (*timeoutMs < 0 || ms < *timeoutMs)
        *timeoutMs = ms;
}

bool forwards(Mode mode) {
    return mode == Mode::Pass || mode == Mode::Delay;
}

} // namespace

ProxyLoop::ProxyLoop()
    : m_buffer(kReadSize) {
    m_wakeFd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
}

ProxyLoop::~ProxyLoop() {
    m_pairs.clear();
    if (m_listenFd >= 0)
        ::close(m_listenFd);
    if (m_wakeFd >= 0)
        ::close(m_wakeFd);
}

void ProxyLoop::open(const sockaddr_storage& upstream, socklen_t upstreamLength, int listenFd) {
    m_upstream = upstream;
    m_upstreamLength = upstreamLength;
    m_listenFd = listenFd;
    m_listening = true;
    std::lock_guard lock(m_mutex);
    m_running = true;
    // The mode asked for before start() is applied by run()'s first turn.
    ++m_requestedGeneration;
}

void ProxyLoop::wake() {
    const std::uint64_t one = 1;
    [[maybe_unused]] const ssize_t n = ::write(m_wakeFd, &one, sizeof one);
}

void ProxyLoop::setMode(FaultProxy::Mode mode, std::chrono::milliseconds delay) {
    std::unique_lock lock(m_mutex);
    m_requestedMode = mode;
    m_requestedDelay = std::max(delay, std::chrono::milliseconds(0));
    const std::uint64_t generation = ++m_requestedGeneration;
    if (!m_running) {
        m_appliedGeneration = generation;
        return;
    }
    wake();
    // The loop applies a mode at its next turn and never blocks but in poll(): this wait is
    // short. The deadline only guards against a loop that died.
    if (!m_applied.wait_for(lock, std::chrono::seconds(2),
                            [&] { return m_appliedGeneration >= generation || !m_running; }))
        qCWarning(lcFault) << "fault proxy: mode" << FaultProxy::modeName(mode)
                           << "not applied within 2 s";
}

FaultProxy::Mode ProxyLoop::mode() const {
    std::lock_guard lock(m_mutex);
    return m_requestedMode;
}

std::chrono::milliseconds ProxyLoop::delay() const {
    std::lock_guard lock(m_mutex);
    return m_requestedDelay;
}

FaultProxy::Stats ProxyLoop::stats() const {
    FaultProxy::Stats s;
    s.accepted = m_accepted.load();
    s.open = m_open.load();
    s.upstreamFailures = m_upstreamFailures.load();
    s.bytesToUpstream = m_bytesToUpstream.load();
    s.bytesToClient = m_bytesToClient.load();
    s.droppedToUpstream = m_droppedToUpstream.load();
    s.droppedToClient = m_droppedToClient.load();
    return s;
}

void ProxyLoop::applyRequestedMode() {
    std::unique_lock lock(m_mutex);
    if (m_appliedGeneration == m_requestedGeneration)
        return;
    const Mode mode = m_requestedMode;
    m_delay = m_requestedDelay;
    const std::uint64_t generation = m_requestedGeneration;
    lock.unlock();
    applyMode(mode);
    lock.lock();
    m_appliedGeneration = generation;
    m_applied.notify_all();
}

void ProxyLoop::listenAgain() {
    if (::listen(m_listenFd, kListenBacklog) == 0) {
        m_listening = true;
        return;
    }
    const int error = errno; // before the logging, which may change it
    // The shut-down socket would not listen again (seen once in many Drop -> Pass, its errno
    // lost): a new socket on the same port, bound before the old one is closed (both have
    // SO_REUSEADDR, and the old one is not listening), so the port is never free meanwhile.
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    const int fresh = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    const int one = 1;
    if (fresh >= 0 &&
        ::getsockname(m_listenFd, reinterpret_cast<sockaddr*>(&address), &length) == 0 &&
        ::setsockopt(fresh, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) == 0 &&
        ::bind(fresh, reinterpret_cast<const sockaddr*>(&address), length) == 0 &&
        ::listen(fresh, kListenBacklog) == 0) {
        qCWarning(lcFault) << "fault proxy: listen again failed:" << std::strerror(error)
                           << "- listening on a new socket on the same port";
        ::close(m_listenFd);
        m_listenFd = fresh;
        m_listening = true;
        return;
    }
    const int freshError = errno;
    if (fresh >= 0)
        ::close(fresh);
    qCWarning(lcFault) << "fault proxy: listen again failed:" << std::strerror(error)
                       << "and on a new socket:" << std::strerror(freshError);
}

void ProxyLoop::applyMode(Mode mode) {
    const Mode old = m_mode;
    m_mode = mode;
    if (mode == Mode::Drop) {
        resetAll();
        if (m_listening) {
            // A listening socket shut down for reading refuses connections (and resets those
            // waiting in its backlog) but keeps its explicitly bound port; listen() reopens it.
            ::shutdown(m_listenFd, SHUT_RD);
            m_listening = false;
        }
        return;
    }
    if (!m_listening)
        listenAgain();
    if (mode == Mode::Blackhole) {
        for (auto& pair : m_pairs) {
            m_droppedToUpstream += pair->toUpstream.clear();
            m_droppedToClient += pair->toClient.clear();
        }
        return;
    }
    if (old != Mode::Blackhole)
        return;
    // Leaving the blackhole: a side that closed meanwhile is told now (by a reset, as a peer
    // that forgot the connection answers), and a connection accepted meanwhile is connected.
    for (auto& pair : m_pairs) {
        if (pair->client < 0)
            RelayPair::closeSocket(pair->upstream, true);
        else if (pair->upstreamState == RelayPair::Upstream::Closed)
            RelayPair::closeSocket(pair->client, true);
        else if (pair->upstreamState == RelayPair::Upstream::NotConnected)
            startConnect(*pair);
    }
    std::erase_if(m_pairs, [](const auto& pair) { return pair->client < 0; });
    m_open = m_pairs.size();
}

void ProxyLoop::resetAll() {
    for (auto& pair : m_pairs) {
        m_droppedToUpstream += pair->toUpstream.clear();
        m_droppedToClient += pair->toClient.clear();
        RelayPair::closeSocket(pair->client, true);
        RelayPair::closeSocket(pair->upstream, true);
    }
    m_pairs.clear();
    m_open = 0;
}

void ProxyLoop::acceptAll() {
    for (int i = 0; i < kAcceptsPerWake; ++i) {
        const int fd = ::accept4(m_listenFd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno != EAGAIN && errno != EWOULDBLOCK && errno != ECONNABORTED && errno != EINTR)
                qCWarning(lcFault) << "fault proxy: accept failed:" << std::strerror(errno);
            return;
        }
        setNoDelay(fd);
        auto pair = std::make_unique<RelayPair>(fd);
        ++m_accepted;
        if (forwards(m_mode))
            startConnect(*pair);
        m_pairs.push_back(std::move(pair));
        m_open = m_pairs.size();
    }
}

void ProxyLoop::startConnect(RelayPair& pair) {
    const int fd = ::socket(m_upstream.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        qCWarning(lcFault) << "fault proxy: socket failed:" << std::strerror(errno);
        ++m_upstreamFailures;
        pair.upstreamState = RelayPair::Upstream::Closed;
        return;
    }
    setNoDelay(fd);
    pair.upstream = fd;
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&m_upstream), m_upstreamLength) == 0) {
        pair.upstreamState = RelayPair::Upstream::Open;
    } else if (errno == EINPROGRESS) {
        pair.upstreamState = RelayPair::Upstream::Connecting;
        pair.connectDeadline = Clock::now() + kUpstreamConnectTimeout;
    } else {
        ++m_upstreamFailures;
        RelayPair::closeSocket(pair.upstream, false);
        pair.upstreamState = RelayPair::Upstream::Closed;
    }
}

short ProxyLoop::interest(const RelayPair& pair, bool clientSide, Clock::time_point now,
                          int* timeoutMs) const {
    using U = RelayPair::Upstream;
    if (!clientSide && pair.upstreamState == U::Connecting) {
        lowerTimeout(timeoutMs, msUntil(pair.connectDeadline, now));
        return POLLOUT;
    }
    if (m_mode == Mode::Blackhole)
        return POLLIN; // read and throw away
    const RelayPair::Flow& in = clientSide ? pair.toUpstream : pair.toClient;
    const RelayPair::Flow& out = clientSide ? pair.toClient : pair.toUpstream;
    short events = 0;
    if (!in.sourceEof && in.queued < kFlowLimit)
        events |= POLLIN;
    if (!out.queue.empty()) {
        const Clock::time_point due = out.queue.front().due;
        if (due <= now)
            events |= POLLOUT;
        else
            lowerTimeout(timeoutMs, msUntil(due, now));
    }
    return events;
}

void ProxyLoop::run(std::stop_token stop) {
    std::stop_callback onStop(stop, [this] { wake(); });
    std::vector<pollfd> fds;
    while (!stop.stop_requested()) {
        applyRequestedMode();
        Clock::time_point now = Clock::now();
        fds.clear();
        fds.push_back({m_wakeFd, POLLIN, 0});
        fds.push_back({m_listening ? m_listenFd : -1, POLLIN, 0});
        int timeoutMs = -1;
        for (const auto& pair : m_pairs) {
            // A pair whose upstream failed (or whose side closed in a blackhole) is finished by
            // service() at once, though neither socket has an event.
            if (forwards(m_mode) &&
                (pair->upstreamState == RelayPair::Upstream::Closed || pair->client < 0))
                timeoutMs = 0;
            // A closed side is polled as -1 (ignored); the slots stay two per pair.
            fds.push_back({pair->client,
                           pair->client >= 0 ? interest(*pair, true, now, &timeoutMs) : short(0),
                           0});
            fds.push_back({pair->upstream,
                           pair->upstream >= 0 ? interest(*pair, false, now, &timeoutMs) : short(0),
                           0});
        }
        const int rc = ::poll(fds.data(), fds.size(), timeoutMs);
        if (rc < 0 && errno != EINTR) {
            qCWarning(lcFault) << "fault proxy: poll failed:" << std::strerror(errno);
            break;
        }
        if (fds[0].revents & POLLIN) {
            std::uint64_t count = 0;
            [[maybe_unused]] const ssize_t n = ::read(m_wakeFd, &count, sizeof count);
        }
        if (stop.stop_requested())
            break;
        // A mode requested while polling is applied before any byte read under the old one.
        {
            std::lock_guard lock(m_mutex);
            if (m_appliedGeneration != m_requestedGeneration)
                continue;
        }
        now = Clock::now();
        // Pairs accepted below are serviced from the next turn on: their slots are not in fds.
        std::vector<std::unique_ptr<RelayPair>> kept;
        kept.reserve(m_pairs.size());
        for (std::size_t i = 0; i < m_pairs.size(); ++i) {
            if (service(*m_pairs[i], fds[2 + 2 * i].revents, fds[3 + 2 * i].revents, now))
                kept.push_back(std::move(m_pairs[i]));
        }
        m_pairs.swap(kept);
        if (m_listening && (fds[1].revents & POLLIN))
            acceptAll();
        m_open = m_pairs.size();
    }
    resetAll();
    std::lock_guard lock(m_mutex);
    m_running = false;
    m_applied.notify_all();
}

bool ProxyLoop::service(RelayPair& pair, short clientEvents, short upstreamEvents,
                        Clock::time_point now) {
    using U = RelayPair::Upstream;
    if (pair.upstreamState == U::Connecting) {
        if (upstreamEvents & (POLLOUT | POLLERR | POLLHUP)) {
            int error = 0;
            socklen_t length = sizeof error;
            ::getsockopt(pair.upstream, SOL_SOCKET, SO_ERROR, &error, &length);
            if (error == 0) {
                pair.upstreamState = U::Open;
            } else {
                qCDebug(lcFault) << "fault proxy: upstream connect failed:" << std::strerror(error);
                ++m_upstreamFailures;
                RelayPair::closeSocket(pair.upstream, false);
                pair.upstreamState = U::Closed;
            }
        } else if (now >= pair.connectDeadline) {
            qCDebug(lcFault) << "fault proxy: upstream connect timed out";
            ++m_upstreamFailures;
            RelayPair::closeSocket(pair.upstream, false);
            pair.upstreamState = U::Closed;
        }
        upstreamEvents = 0; // the connect's events are not data
    }
    if (m_mode == Mode::Blackhole)
        return serviceBlackhole(pair, clientEvents, upstreamEvents);
    return serviceRelay(pair, clientEvents, upstreamEvents, now);
}

bool ProxyLoop::serviceBlackhole(RelayPair& pair, short clientEvents, short upstreamEvents) {
    using U = RelayPair::Upstream;
    constexpr short kReadable = POLLIN | POLLHUP | POLLERR;
    if (pair.client >= 0 && (clientEvents & kReadable) &&
        !discard(pair.client, m_droppedToUpstream))
        RelayPair::closeSocket(pair.client, false); // not told upstream: nothing passes
    if (pair.upstreamState == U::Open && (upstreamEvents & kReadable) &&
        !discard(pair.upstream, m_droppedToClient)) {
        RelayPair::closeSocket(pair.upstream, false);
        pair.upstreamState = U::Closed;
    }
    const bool upstreamLives = pair.upstreamState == U::Open || pair.upstreamState == U::Connecting;
    return pair.client >= 0 || upstreamLives;
}

bool ProxyLoop::discard(int fd, std::atomic<std::uint64_t>& counter) {
    for (int i = 0; i < kDiscardReadsPerWake; ++i) {
        const ssize_t n = ::recv(fd, m_buffer.data(), m_buffer.size(), 0);
        if (n > 0) {
            counter += std::uint64_t(n);
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
            return true;
        return false; // closed or failed
    }
    return true;
}

bool ProxyLoop::serviceRelay(RelayPair& pair, short clientEvents, short upstreamEvents,
                             Clock::time_point now) {
    using U = RelayPair::Upstream;
    if (pair.upstreamState == U::Closed || pair.client < 0) {
        // The server refused or the connect timed out (or a side closed during a blackhole
        // that the transition has not seen): the client learns it as a reset.
        RelayPair::closeSocket(pair.client, true);
        RelayPair::closeSocket(pair.upstream, true);
        return false;
    }
    const bool upstreamOpen = pair.upstreamState == U::Open;
    bool failed = readInto(pair.client, clientEvents, pair.toUpstream, now) == Result::Failed;
    if (!failed && upstreamOpen)
        failed = readInto(pair.upstream, upstreamEvents, pair.toClient, now) == Result::Failed;
    if (!failed && upstreamOpen)
        failed = flush(pair.upstream, pair.toUpstream, now, m_bytesToUpstream) == Result::Failed;
    if (!failed)
        failed = flush(pair.client, pair.toClient, now, m_bytesToClient) == Result::Failed;
    if (failed) {
        // One side broke: the other is reset so that it notices at once.
        RelayPair::closeSocket(pair.client, true);
        RelayPair::closeSocket(pair.upstream, true);
        return false;
    }
    // A half-close is passed on once everything before it has been written.
    auto passEof = [](RelayPair::Flow& flow, int destination) {
        if (flow.sourceEof && flow.queue.empty() && !flow.shutdownSent) {
            ::shutdown(destination, SHUT_WR);
            flow.shutdownSent = true;
        }
    };
    if (upstreamOpen)
        passEof(pair.toUpstream, pair.upstream);
    passEof(pair.toClient, pair.client);
    return !(pair.toUpstream.shutdownSent && pair.toClient.shutdownSent);
}

ProxyLoop::Result ProxyLoop::readInto(int fd, short events, RelayPair::Flow& flow,
                                      Clock::time_point now) {
    const bool hangup = events & (POLLHUP | POLLERR);
    if (!(events & POLLIN) && !hangup)
        return Result::Ok;
    if (flow.sourceEof) // nothing more to read: a hangup now is a reset or a full close
        return hangup ? Result::Failed : Result::Ok;
    const ssize_t n = ::recv(fd, m_buffer.data(), m_buffer.size(), 0);
    if (n > 0) {
        const Clock::time_point due = m_mode == Mode::Delay ? now + m_delay : now;
        flow.queue.push_back({due, std::string(m_buffer.data(), std::size_t(n)), 0});
        flow.queued += std::size_t(n);
        return Result::Ok;
    }
    if (n == 0) {
        flow.sourceEof = true;
        return Result::Ok;
    }
    if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
        return Result::Ok;
    return Result::Failed;
}

ProxyLoop::Result ProxyLoop::flush(int fd, RelayPair::Flow& flow, Clock::time_point now,
                                   std::atomic<std::uint64_t>& counter) {
    while (!flow.queue.empty() && flow.queue.front().due <= now) {
        RelayPair::Chunk& chunk = flow.queue.front();
        const ssize_t n = ::send(fd, chunk.bytes.data() + chunk.offset,
                                 chunk.bytes.size() - chunk.offset, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
                return Result::Ok;
            return Result::Failed;
        }
        chunk.offset += std::size_t(n);
        flow.queued -= std::size_t(n);
        counter += std::uint64_t(n);
        if (chunk.offset == chunk.bytes.size())
            flow.queue.pop_front();
    }
    return Result::Ok;
}

} // namespace lockscope
