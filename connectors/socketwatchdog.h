#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <stop_token>

namespace lockscope {

/// Shuts a socket down when a call on it outlives its deadline. This is the one way out of a
/// blocking read from a server that is alive and answers nothing (SIGSTOPped, stuck, swapped
/// out): the kernel still acknowledges its packets and keepalives, so neither tcp_user_timeout
/// nor keepalives fire, and a server-side statement_timeout needs the server to run. The client
/// library then sees a closed connection and fails the call. One thread serves all sockets.
class SocketWatchdog {
public:
    /// Armed while it lives: if it is not destroyed within `after` (or CallInterrupt::kGrace
    /// after this thread's CallInterrupt token is stopped, if sooner), fd is shut down
    /// (shutdown(2), not closed: the fd stays its owner's).
    class Guard {
    public:
        Guard() = default;
        ~Guard();
        Guard(Guard&& other) noexcept;
        Guard& operator=(Guard&&) = delete;
        Guard(const Guard&) = delete;
        Guard& operator=(const Guard&) = delete;
        /// Disarms it now; true when the deadline had passed and the socket was shut down.
        bool disarm();

    private:
        friend class SocketWatchdog;
        explicit Guard(uint64_t id);
        uint64_t m_id = 0;
        bool m_fired = false;
        /// Brings the deadline forward when the thread's CallInterrupt token is stopped.
        std::unique_ptr<std::stop_callback<std::function<void()>>> m_interrupt;
    };

    /// fd < 0 (no socket): an unarmed guard.
    static Guard arm(int fd, std::chrono::milliseconds after);
};

} // namespace lockscope
