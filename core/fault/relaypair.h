#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <string>

namespace lockscope {

/// One connection a FaultProxy relays: the accepted client socket, the socket to the upstream
/// server, and the bytes on their way in each direction. Owned and touched by the proxy's loop
/// thread only; the destructor closes whatever socket is still open.
class RelayPair {
public:
    using Clock = std::chrono::steady_clock;
    enum class Upstream { NotConnected, Connecting, Open, Closed };

    /// Bytes read at one time, forwarded once due (Delay) and in the order they were read.
    struct Chunk {
        Clock::time_point due;
        std::string bytes;
        std::size_t offset = 0; ///< how much of bytes is already written
    };
    /// One direction: what was read from its source and not yet written to its destination.
    struct Flow {
        std::deque<Chunk> queue;
        std::size_t queued = 0;    ///< unwritten bytes in queue
        bool sourceEof = false;    ///< the source half-closed (read() returned 0)
        bool shutdownSent = false; ///< the destination was told (shutdown(SHUT_WR))
        /// Drops every queued byte; returns how many.
        std::size_t clear();
    };

    explicit RelayPair(int clientFd)
        : client(clientFd) {}
    ~RelayPair();
    RelayPair(const RelayPair&) = delete;
    RelayPair& operator=(const RelayPair&) = delete;

    /// Closes fd (-1 afterwards); with reset, the peer gets an RST instead of a FIN.
    static void closeSocket(int& fd, bool reset);

    int client = -1;   ///< -1 once closed
    int upstream = -1; ///< -1 unless Connecting or Open
    Upstream upstreamState = Upstream::NotConnected;
    Clock::time_point connectDeadline;
    Flow toUpstream; ///< client -> server
    Flow toClient;   ///< server -> client
};

} // namespace lockscope
