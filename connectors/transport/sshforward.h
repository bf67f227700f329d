#pragma once

#include "connectors/backend.h"
#include "connectors/transport/sshtunnel.h"

#include <QString>
#include <chrono>

struct ssh_session_struct;
struct ssh_channel_struct;

namespace lockscope {

/// One SSH session to a bastion with one direct-tcpip channel to target host:port (libssh):
/// what `ssh -W host:port bastion` does. The bastion's host key must be in known_hosts.
class SshForward {
public:
    /// Connects, checks the host key, authenticates and opens the channel within timeout.
    /// Throws ConnectorError(Ssh) saying what failed: the host key is not known or changed
    /// (with its SHA256 fingerprint), the key was refused, the bastion refused to forward.
    SshForward(Backend backend, const SshTunnel& tunnel, const QString& host, int port,
               std::chrono::milliseconds timeout);
    ~SshForward();
    SshForward(const SshForward&) = delete;
    SshForward& operator=(const SshForward&) = delete;

    /// Copies bytes both ways between local (a plain socket) and the channel until either side
    /// closes; then closes local and the session. Blocks.
    void pump(int local);

private:
    void open(const SshTunnel& tunnel, const QString& host, int port,
              std::chrono::milliseconds timeout);
    void release();
    [[noreturn]] void fail(const QString& why, bool unreachable = false);

    Backend m_backend;
    QString m_where;
    ssh_session_struct* m_session = nullptr;
    ssh_channel_struct* m_channel = nullptr;
};

} // namespace lockscope
