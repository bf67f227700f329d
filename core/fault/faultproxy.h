#pragma once

#include <QString>
#include <chrono>
#include <cstdint>
#include <memory>
#include <thread>

namespace lockscope {

class ProxyLoop;

/// A TCP relay on 127.0.0.1 between clients and one upstream server, whose behaviour can be
/// switched at any time to simulate a network fault without root or network namespaces:
///
/// - Pass: bytes go through both ways as they come.
/// - Blackhole: connections are accepted and kept open, but nothing is forwarded in either
///   direction: bytes read from either side are dropped (counted), queued bytes are dropped
///   when the mode is entered, new connections are not connected upstream, and a side that
///   closes is not told to the other one. The client sees a silent server until its own
///   timeout; the server sees an idle client. When the mode leaves Blackhole, a connection
///   whose one side closed meanwhile has its other side reset, and a connection accepted
///   meanwhile is connected upstream (what it sent during the blackhole is lost).
/// - Drop: every open connection is reset (RST on both sides) and new connections are refused
///   (the listening socket stops listening but keeps its port, so port() stays valid).
/// - Delay: every chunk read is forwarded delay() after it was read, in each direction, in
///   order (a round trip gains 2 x delay, like `tc netem delay` on both ends).
///
/// A mode applies to existing and new connections alike. setMode() may be called from any
/// thread; it returns once the proxy's thread has applied the mode (so a Drop has reset every
/// connection and refuses new ones when it returns).
///
/// Threading: one std::jthread of its own runs a poll() loop over non-blocking sockets; the
/// destructor stops and joins it (the loop never blocks but in poll(), which an eventfd wakes)
/// and closes every socket. An upstream connect is given 3 s, then the client is reset.
/// QtCore only; no Qt event loop is needed.
class FaultProxy {
public:
    enum class Mode { Pass, Blackhole, Drop, Delay };

    /// Counters since start().
    struct Stats {
        std::uint64_t accepted = 0;          ///< client connections accepted
        std::uint64_t open = 0;              ///< connections open now
        std::uint64_t upstreamFailures = 0;  ///< upstream connects refused or timed out
        std::uint64_t bytesToUpstream = 0;   ///< forwarded client -> server
        std::uint64_t bytesToClient = 0;     ///< forwarded server -> client
        std::uint64_t droppedToUpstream = 0; ///< read from a client and thrown away
        std::uint64_t droppedToClient = 0;   ///< read from the server and thrown away
    };

    /// listenPort 0: a free port, which port() tells once started.
    FaultProxy(QString upstreamHost, int upstreamPort, int listenPort = 0);
    ~FaultProxy();
    FaultProxy(const FaultProxy&) = delete;
    FaultProxy& operator=(const FaultProxy&) = delete;

    /// Resolves the upstream, binds 127.0.0.1 and starts relaying in the current mode (Pass
    /// unless setMode() was called before). Throws FaultProxyError. Does nothing when running.
    void start();
    bool isRunning() const;

    /// delay is used by Mode::Delay only (negative counts as 0).
    void setMode(Mode mode, std::chrono::milliseconds delay = std::chrono::milliseconds(0));
    Mode mode() const;
    std::chrono::milliseconds delay() const;

    /// Where clients connect: "127.0.0.1" and the bound port (0 before start()).
    QString host() const { return QStringLiteral("127.0.0.1"); }
    int port() const { return m_port; }
    const QString& upstreamHost() const { return m_upstreamHost; }
    int upstreamPort() const { return m_upstreamPort; }

    Stats stats() const;

    /// "pass", "blackhole", "drop", "delay": for logs and JSON only.
    static QString modeName(Mode mode);

private:
    QString m_upstreamHost;
    int m_upstreamPort = 0;
    int m_listenPort = 0;
    int m_port = 0;
    std::unique_ptr<ProxyLoop> m_loop;
    std::jthread m_thread; // declared after m_loop: stopped and joined before it is destroyed
};

} // namespace lockscope
