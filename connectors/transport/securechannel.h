#pragma once

#include "connectors/backend.h"
#include "connectors/transport/sshtunnel.h"
#include "connectors/transport/tlsoptions.h"

#include <QString>
#include <chrono>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

namespace lockscope {

/// LockScope's transport layer under client libraries that speak only plain TCP (hiredis 0.14,
/// the ZooKeeper C client): a connected local socket whose bytes reach host:port through an SSH
/// tunnel, TLS, or both (TLS end to end, inside the tunnel). The handshakes happen in open(), so
/// a refused certificate or host key is an exception naming it; then pump threads carry the
/// bytes until either side closes. A plain connection (neither) needs no SecureChannel.
class SecureChannel {
public:
    /// Whether a connection with these options needs one.
    static bool needed(const TlsOptions& tls, const std::optional<SshTunnel>& ssh) {
        return tls.enabled || ssh.has_value();
    }
    /// Throws ConnectorError: Unreachable/Timeout (no TCP or SSH connection), Ssh (host key,
    /// authentication), Tls (certificate, handshake).
    static std::unique_ptr<SecureChannel> open(Backend backend, const QString& host, int port,
                                               const TlsOptions& tls,
                                               const std::optional<SshTunnel>& ssh,
                                               std::chrono::milliseconds timeout);
    /// Closes the client socket if it is still ours, then waits for the pumps to end.
    ~SecureChannel();
    SecureChannel(const SecureChannel&) = delete;
    SecureChannel& operator=(const SecureChannel&) = delete;

    /// The client's end: plain bytes in and out.
    int clientFd() const { return m_clientFd; }
    /// Hands the client's end over (hiredis' redisFree() closes it); the pumps end when it is
    /// closed, so close it before destroying this.
    int takeClientFd();
    /// "TLSv1.3 TLS_AES_256_GCM_SHA384 via ssh root@127.0.0.1:2222", for logs and status.
    const QString& description() const { return m_description; }

private:
    SecureChannel() = default;

    int m_clientFd = -1;
    bool m_owned = true;
    QString m_description;
    std::vector<std::thread> m_pumps;
};

} // namespace lockscope
