#pragma once

#include "connectors/backend.h"
#include "connectors/transport/tlsoptions.h"

#include <QString>
#include <chrono>

typedef struct ssl_st SSL;
typedef struct ssl_ctx_st SSL_CTX;

namespace lockscope {

/// The client end of one TLS connection (OpenSSL) over a connected socket: the handshake, with
/// the checks TlsOptions asks for, then a pump that carries a plain local socket's bytes over it
/// (so that hiredis and the ZooKeeper C client, which speak only plain TCP, speak TLS).
class TlsClient {
public:
    /// Handshakes over fd (owned from now on) within timeout. host:port names the server in
    /// errors; the certificate must be for options.serverName, else host. Throws
    /// ConnectorError(Tls) saying what was refused: "certificate has expired", "host name
    /// mismatch", "unable to get local issuer certificate (is ssl_ca the server's CA?)".
    TlsClient(Backend backend, int fd, const TlsOptions& options, const QString& host, int port,
              std::chrono::milliseconds timeout);
    ~TlsClient();
    TlsClient(const TlsClient&) = delete;
    TlsClient& operator=(const TlsClient&) = delete;

    /// Copies bytes both ways between local (a plain socket) and the TLS connection until
    /// either side closes or fails; then closes local and the TLS connection. Blocks.
    void pump(int local);
    /// "TLSv1.3 TLS_AES_256_GCM_SHA384", for logs.
    QString describeSession() const;

    /// Used on the caller's thread instead of pump(): the socket becomes blocking (its
    /// SO_RCVTIMEO/SO_SNDTIMEO, set by the caller, are the deadlines). No thread hop per round
    /// trip: how RedisClient speaks TLS.
    void useInline();
    int fd() const { return m_fd; }
    /// Decrypted bytes into buf: > 0 bytes read; 0 the server closed; -1 failed (errno EAGAIN:
    /// the receive timeout ran out).
    int read(char* buf, int size);
    /// All of data; false when the connection failed or the send timeout ran out (errno says).
    bool write(const char* data, size_t size);
    /// Decrypted bytes are waiting inside OpenSSL (a poll() on fd() would not show them).
    bool hasBuffered() const;
    /// Why the last read() failed when the server said why (a TLS alert: "certificate
    /// required", "certificate unknown (the server refused our client certificate)"); else "".
    const QString& lastError() const { return m_lastError; }

private:
    void handshake(const TlsOptions& options, const QString& host,
                   std::chrono::milliseconds timeout);
    void release();
    [[noreturn]] void fail(const QString& why);
    bool writeTls(const char* data, int size);

    Backend m_backend;
    QString m_where;
    int m_fd = -1;
    SSL_CTX* m_ctx = nullptr;
    SSL* m_ssl = nullptr;
    QString m_lastError;
};

} // namespace lockscope
