#pragma once

#include "core/namespaceconfig.h"
#include "core/sandbox/sandboxinfo.h"

#include <QJsonObject>
#include <chrono>

namespace lockscope {

/// `lockscope-cli bench lock --transports --sandbox D` on a `sandbox up --secure` sandbox: the
/// uncontended Redis lock cycle (LockScope's redis strategy, acquire + owner-checked release) on
/// the one Redis server over clear TCP, over TLS, and over TLS inside the sandbox's SSH tunnel,
/// side by side. Slices alternate (3 rounds of clear, TLS, tunnel) so that machine noise hits
/// all three. The server speaks TLS only: for the clear slices it is given a plain loopback
/// port (CONFIG SET port) for the run's duration, closed again afterwards.
class TransportBench {
public:
    struct Options {
        SandboxInfo sandbox;
        NamespaceConfig config; ///< the namespace; its Redis URI is replaced per transport
        std::chrono::milliseconds duration{6000};
    };
    /// {"strategy":"redis","transports":{"clear":{...},"tls":{...},"tunnel":{...}},
    /// "tls_to_clear":r,"tunnel_to_clear":r}. Throws std::invalid_argument (not a secure
    /// sandbox) or ConnectorError.
    static QJsonObject run(const Options& options);
};

} // namespace lockscope
