#pragma once

#include "connectors/transport/tlsoptions.h"

#include <QString>

namespace lockscope {

/// A throwaway certificate authority for `sandbox up --secure` (OpenSSL, EC P-256), written to a
/// directory of its own, private keys 0600:
///   ca.pem, ca.key            the sandbox's CA (valid 30 days)
///   server.pem, server.key    the servers' certificate: 127.0.0.1, ::1 and localhost
///   server-keystore.pem       key + certificate in one file (ZooKeeper's PEM key store)
///   client.pem, client.key    the clients' certificate (Redis and ZooKeeper ask for one)
///   expired.pem, expired.key  a server certificate by the same CA that expired yesterday
///   other-ca.pem              another CA that signed nothing here (a wrong ssl_ca)
class SandboxCertificates {
public:
    /// Throws SandboxError("tls") when a file cannot be made.
    static void create(const QString& dir);
    /// The TLS options a client of the sandbox uses: this CA, this client certificate.
    static TlsOptions clientOptions(const QString& dir);
};

} // namespace lockscope
