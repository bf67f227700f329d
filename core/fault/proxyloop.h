#pragma once

#include "core/fault/faultproxy.h"
#include "core/fault/relaypair.h"

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <stop_token>
#include <sys/socket.h>
#include <vector>

namespace lockscope {

/// The thread body of a FaultProxy: a poll() loop over its listening socket, an eventfd that
/// wakes it, and every RelayPair. Only run()'s thread touches the sockets; setMode(), stats()
/// and wake() may be called from any thread.
class ProxyLoop {
public:
    using Clock = RelayPair::Clock;
    static constexpr std::chrono::milliseconds kUpstreamConnectTimeout{3000};
    static constexpr std::size_t kFlowLimit = 1 << 20; ///< queued bytes per direction
    static constexpr std::size_t kReadSize = 64 * 1024;

    ProxyLoop();
    ~ProxyLoop();
    ProxyLoop(const ProxyLoop&) = delete;
    ProxyLoop& operator=(const ProxyLoop&) = delete;

    /// Takes ownership of listenFd (bound, listening, non-blocking). Call before run().
    void open(const sockaddr_storage& upstream, socklen_t upstreamLength, int listenFd);
    /// Relays until stop is requested.
    void run(std::stop_token stop);

    /// Returns once run() has applied it (at once when it is not running).
    void setMode(FaultProxy::Mode mode, std::chrono::milliseconds delay);
    FaultProxy::Mode mode() const;
    std::chrono::milliseconds delay() const;
    FaultProxy::Stats stats() const;
    void wake();

private:
    enum class Result { Ok, Failed };
    void applyRequestedMode();
    void applyMode(FaultProxy::Mode mode);
    /// After Drop: the listening socket listens again (or a new one on its port does).
    void listenAgain();
    void acceptAll();
    void startConnect(RelayPair& pair);
    /// False when the pair is finished and must be removed.
    bool service(RelayPair& pair, short clientEvents, short upstreamEvents, Clock::time_point now);
    bool serviceBlackhole(RelayPair& pair, short clientEvents, short upstreamEvents);
    bool serviceRelay(RelayPair& pair, short clientEvents, short upstreamEvents,
                      Clock::time_point now);
    Result readInto(int fd, short events, RelayPair::Flow& flow, Clock::time_point now);
    Result flush(int fd, RelayPair::Flow& flow, Clock::time_point now,
                 std::atomic<std::uint64_t>& counter);
    /// Reads and throws away what fd has; false when it closed or failed.
    bool discard(int fd, std::atomic<std::uint64_t>& counter);
    short interest(const RelayPair& pair, bool clientSide, Clock::time_point now,
                   int* timeoutMs) const;
    void resetAll();

    // Shared with other threads.
    mutable std::mutex m_mutex;
    std::condition_variable m_applied;
    FaultProxy::Mode m_requestedMode = FaultProxy::Mode::Pass;
    std::chrono::milliseconds m_requestedDelay{0};
    std::uint64_t m_requestedGeneration = 0;
    std::uint64_t m_appliedGeneration = 0;
    bool m_running = false;
    std::atomic<std::uint64_t> m_accepted{0}, m_open{0}, m_upstreamFailures{0};
    std::atomic<std::uint64_t> m_bytesToUpstream{0}, m_bytesToClient{0};
    std::atomic<std::uint64_t> m_droppedToUpstream{0}, m_droppedToClient{0};

    // The loop thread's own.
    int m_wakeFd = -1;
    int m_listenFd = -1;
    bool m_listening = true;
    sockaddr_storage m_upstream{};
    socklen_t m_upstreamLength = 0;
    FaultProxy::Mode m_mode = FaultProxy::Mode::Pass;
    std::chrono::milliseconds m_delay{0};
    std::vector<std::unique_ptr<RelayPair>> m_pairs;
    std::vector<char> m_buffer;
};

} // namespace lockscope
