#pragma once

#include "core/fault/faultproxy.h"
#include "core/fault/proxycontrol.h"

#include <QByteArray>
#include <QString>
#include <chrono>
#include <optional>
#include <vector>

namespace lockscope {

/// The fault proxy as a process of its own (`lockscope-cli proxy`, which the sandbox starts in
/// front of a server with `sandbox up --proxies`): a FaultProxy, and its control socket
/// (ProxyControl) through which `sandbox fault` switches its mode. A mode set for a time is
/// switched back to Pass by this process when the time is up, so the client that set it may
/// exit. Every change is logged to stderr (the sandbox sends it to the proxy's log).
///
/// Threading: the FaultProxy's own thread relays; the calling thread runs run(): a poll() over
/// a signalfd (SIGINT, SIGTERM, SIGHUP end it), the control socket and its clients, with the
/// pending restore as the poll's timeout. No signal handler, no sleep.
class ProxyDaemon {
public:
    struct Options {
        QString upstreamHost = QStringLiteral("127.0.0.1");
        int upstreamPort = 0;
        int listenPort = 0;
        QString controlPath;
    };

    /// Blocks SIGINT, SIGTERM and SIGHUP in the calling thread: call it before any other thread
    /// starts (they inherit the mask, so the signalfd gets the signals).
    explicit ProxyDaemon(Options options);
    ~ProxyDaemon();
    ProxyDaemon(const ProxyDaemon&) = delete;
    ProxyDaemon& operator=(const ProxyDaemon&) = delete;

    /// Starts the proxy and the control socket (throws FaultProxyError, ProxyControlError),
    /// then serves until a signal ends it. Returns the signal's number.
    int run();

private:
    struct Client {
        int fd = -1;
        QByteArray buffer;
        std::chrono::steady_clock::time_point deadline;
    };
    using Clock = std::chrono::steady_clock;

    void acceptClients();
    /// False when the client is done (answered, closed or failed).
    bool serviceClient(Client& client);
    QByteArray handle(const QByteArray& line);
    ProxyControl::State state(Clock::time_point now) const;
    void restoreIfDue(Clock::time_point now);
    static void log(const QString& line);

    Options m_options;
    FaultProxy m_proxy;
    int m_signalFd = -1;
    int m_controlFd = -1;
    std::vector<Client> m_clients;
    std::optional<Clock::time_point> m_restoreAt;
};

} // namespace lockscope
