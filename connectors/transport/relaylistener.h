#pragma once

#include "connectors/backend.h"
#include "connectors/hostport.h"
#include "connectors/transport/sshtunnel.h"
#include "connectors/transport/tlsoptions.h"

#include <QString>
#include <atomic>
#include <chrono>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

namespace lockscope {

/// A loopback port that forwards every connection to target through a SecureChannel (TLS, an
/// SSH tunnel, or both): for clients that must be given a host:port and connect themselves
/// (the ZooKeeper C client, libpq through a tunnel). It listens on 127.0.0.1 and serves only
/// processes of this process' user (their socket's owner in /proc/net/tcp): what it adds, the
/// client certificate and the SSH login, is not lent to other local users. Lives as long as its
/// owner's session.
class RelayListener {
public:
    /// Throws ConnectorError when no loopback port can be had.
    RelayListener(Backend backend, HostPort target, TlsOptions tls, std::optional<SshTunnel> ssh,
                  std::chrono::milliseconds connectTimeout);
    ~RelayListener();
    RelayListener(const RelayListener&) = delete;
    RelayListener& operator=(const RelayListener&) = delete;

    /// 127.0.0.1 and the port to give the client.
    HostPort localEndpoint() const { return {QStringLiteral("127.0.0.1"), m_port}; }
    const HostPort& target() const { return m_target; }
    /// Why the last forwarded connection could not be made (a refused certificate or host
    /// key), with its kind; empty when none failed.
    struct Failure {
        int kind = -1; ///< ConnectorError::Kind, -1 when none
        QString operation = {};
        QString detail = {};
    };
    Failure lastFailure() const;
    /// Connections refused because another user's process made them.
    int refusedPeers() const {
        std::lock_guard lock(m_mutex);
        return m_refusedPeers;
    }
    /// How many forwarded connections failed so far (a session that cannot start stops waiting
    /// once every relay has failed since).
    int failures() const {
        std::lock_guard lock(m_mutex);
        return m_failures;
    }

private:
    void acceptLoop();
    void serve(int accepted);

    Backend m_backend;
    HostPort m_target;
    TlsOptions m_tls;
    std::optional<SshTunnel> m_ssh;
    std::chrono::milliseconds m_connectTimeout;
    int m_listenFd = -1;
    int m_port = 0;
    std::atomic<bool> m_stopping{false};
    mutable std::mutex m_mutex;
    Failure m_failure;
    int m_refusedPeers = 0;
    int m_failures = 0;
    std::set<int> m_active; ///< accepted sockets being served
    std::list<std::thread> m_workers;
    std::thread m_acceptor;
};

} // namespace lockscope
