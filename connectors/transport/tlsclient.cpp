#include "connectors/transport/tlsclient.h"

#include "connectors/connectorerror.h"
#include "connectors/transport/socketutil.h"

#include <QFileInfo>

#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace lockscope {

namespace {

constexpr std::chrono::seconds kStall{30};

int remainingMs(std::chrono::steady_clock::time_point deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    return left.count() < 0 ? 0 : int(left.count());
}

QString opensslErrors() {
    QStringList parts;
    while (const unsigned long e = ERR_get_error()) {
        const char* reason = ERR_reason_error_string(e);
        parts << (reason ? QString::fromLatin1(reason) : QStringLiteral("error %1").arg(e, 0, 16));
    }
    return parts.join(QStringLiteral("; "));
}

/// A hint for the reasons an operator meets most.
QString withHint(const QString& reason) {
    if (reason.contains(QLatin1String("wrong version number")) ||
        reason.contains(QLatin1String("packet length too long")))
        return reason + QStringLiteral(" (the server does not speak TLS on this port?)");
    if (reason.contains(QLatin1String("certificate required")))
        return reason + QStringLiteral(" (the server wants a client certificate: ssl_cert and "
                                       "ssl_key)");
    if (reason.contains(QLatin1String("unknown ca")) ||
        reason.contains(QLatin1String("bad certificate")) ||
        reason.contains(QLatin1String("certificate unknown")) ||
        reason.contains(QLatin1String("certificate expired")) ||
        reason.contains(QLatin1String("certificate revoked")))
        return reason + QStringLiteral(" (the server refused our client certificate)");
    return reason;
}

/// OpenSSL's socket BIO writes with write(): to a closed socket that raises SIGPIPE, which kills
/// the process. This one sends with MSG_NOSIGNAL (and receives with recv), nothing else.
int bioWrite(BIO* bio, const char* data, int size) {
    BIO_clear_retry_flags(bio);
    const ssize_t n = ::send(int(reinterpret_cast<intptr_t>(BIO_get_data(bio))), data, size_t(size),
                             MSG_NOSIGNAL);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
        BIO_set_retry_write(bio);
    return int(n);
}

int bioRead(BIO* bio, char* data, int size) {
    BIO_clear_retry_flags(bio);
    const ssize_t n =
        ::recv(int(reinterpret_cast<intptr_t>(BIO_get_data(bio))), data, size_t(size), 0);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
        BIO_set_retry_read(bio);
    return int(n);
}

long bioCtrl(BIO*, int cmd, long, void*) {
    return cmd == BIO_CTRL_FLUSH ? 1 : 0;
}

int bioPuts(BIO* bio, const char* text) {
    return bioWrite(bio, text, int(std::strlen(text)));
}

BIO* noSigpipeBio(int fd) {
    static BIO_METHOD* method = [] {
        BIO_METHOD* m = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK,
                                     "lockscope socket (MSG_NOSIGNAL)");
        BIO_meth_set_write(m, bioWrite);
        BIO_meth_set_read(m, bioRead);
        BIO_meth_set_puts(m, bioPuts);
        BIO_meth_set_ctrl(m, bioCtrl);
        return m;
    }();
    BIO* bio = BIO_new(method);
    if (bio) {
        BIO_set_data(bio, reinterpret_cast<void*>(intptr_t(fd)));
        BIO_set_init(bio, 1);
    }
    return bio;
}

QString asn1Time(const ASN1_TIME* t) {
    if (!t)
        return {};
    BIO* bio = BIO_new(BIO_s_mem());
    ASN1_TIME_print(bio, t);
    char* data = nullptr;
    const long n = BIO_get_mem_data(bio, &data);
    const QString out = QString::fromLatin1(data, int(n));
    BIO_free(bio);
    return out;
}

} // namespace

TlsClient::TlsClient(Backend backend, int fd, const TlsOptions& options, const QString& host,
                     int port, std::chrono::milliseconds timeout)
    : m_backend(backend)
    , m_where(QStringLiteral("%1:%2").arg(host).arg(port))
    , m_fd(fd) {
    try {
        handshake(options, host, timeout);
    } catch (...) {
        release();
        throw;
    }
}

void TlsClient::handshake(const TlsOptions& options, const QString& host,
                          std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    ERR_clear_error();
    m_ctx = SSL_CTX_new(TLS_client_method());
    if (!m_ctx)
        fail(QStringLiteral("cannot create a TLS context: ") + opensslErrors());
    SSL_CTX_set_min_proto_version(m_ctx, TLS1_2_VERSION);
    for (const QString& file : {options.caFile, options.certFile, options.keyFile})
        if (!file.isEmpty() && !QFileInfo(file).isReadable())
            fail(QFileInfo::exists(file)
                     ? QStringLiteral("cannot read '%1' (permissions)").arg(file)
                     : QStringLiteral("'%1' does not exist").arg(file));
    if (options.verifyPeer) {
        SSL_CTX_set_verify(m_ctx, SSL_VERIFY_PEER, nullptr);
        const bool loaded =
            options.caFile.isEmpty()
                ? SSL_CTX_set_default_verify_paths(m_ctx) == 1
                : SSL_CTX_load_verify_locations(m_ctx, options.caFile.toLocal8Bit().constData(),
                                                nullptr) == 1;
        if (!loaded)
            fail(QStringLiteral("cannot read the CA file '%1': %2")
                     .arg(options.caFile, opensslErrors()));
    }
    if (!options.certFile.isEmpty()) {
        if (SSL_CTX_use_certificate_chain_file(m_ctx, options.certFile.toLocal8Bit().constData()) !=
            1)
            fail(QStringLiteral("cannot read the client certificate '%1': %2")
                     .arg(options.certFile, opensslErrors()));
        if (SSL_CTX_use_PrivateKey_file(m_ctx, options.keyFile.toLocal8Bit().constData(),
                                        SSL_FILETYPE_PEM) != 1 ||
            SSL_CTX_check_private_key(m_ctx) != 1)
            fail(QStringLiteral("cannot use the client key '%1': %2")
                     .arg(options.keyFile, opensslErrors()));
    }
    m_ssl = SSL_new(m_ctx);
    if (!m_ssl)
        fail(QStringLiteral("cannot create a TLS connection: ") + opensslErrors());
    const QString name = options.serverName.isEmpty() ? host : options.serverName;
    const QByteArray nameBytes = name.toUtf8();
    unsigned char ipBuf[16];
    const bool isIp = inet_pton(AF_INET, nameBytes.constData(), ipBuf) == 1 ||
                      inet_pton(AF_INET6, nameBytes.constData(), ipBuf) == 1;
    if (!isIp)
        SSL_set_tlsext_host_name(m_ssl, nameBytes.constData());
    if (options.verifyPeer && options.verifyHost) {
        X509_VERIFY_PARAM* param = SSL_get0_param(m_ssl);
        const int ok = isIp ? X509_VERIFY_PARAM_set1_ip_asc(param, nameBytes.constData())
                            : X509_VERIFY_PARAM_set1_host(param, nameBytes.constData(), 0);
        if (ok != 1)
            fail(QStringLiteral("cannot check the host name '%1'").arg(name));
    }
    ::fcntl(m_fd, F_SETFL, ::fcntl(m_fd, F_GETFL) | O_NONBLOCK);
    BIO* bio = noSigpipeBio(m_fd);
    if (!bio)
        fail(QStringLiteral("cannot create a TLS connection: ") + opensslErrors());
    SSL_set_bio(m_ssl, bio, bio); // the SSL owns it; the socket stays ours
    SSL_set_read_ahead(m_ssl, 1); // a whole record in one recv()
    for (;;) {
        const int rc = SSL_connect(m_ssl);
        if (rc == 1)
            break;
        const int err = SSL_get_error(m_ssl, rc);
        if (err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE) {
            pollfd pfd{m_fd, short(err == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT), 0};
            const int left = remainingMs(deadline);
            if (left == 0 || ::poll(&pfd, 1, left) == 0)
                throw ConnectorError(m_backend, ConnectorError::Kind::Timeout,
                                     QStringLiteral("TLS handshake"),
                                     m_where + QStringLiteral(": no TLS handshake within %1 ms "
                                                              "(the server does not speak TLS "
                                                              "on this port?)")
                                                   .arg(timeout.count()));
            continue;
        }
        const long verify = SSL_get_verify_result(m_ssl);
        if (verify != X509_V_OK) {
            QString why = QString::fromLatin1(X509_verify_cert_error_string(verify));
            const X509* peer = SSL_get0_peer_certificate(m_ssl);
            if (verify == X509_V_ERR_CERT_HAS_EXPIRED && peer)
                why += QStringLiteral(" (valid until %1)").arg(asn1Time(X509_get0_notAfter(peer)));
            else if (verify == X509_V_ERR_HOSTNAME_MISMATCH ||
                     verify == X509_V_ERR_IP_ADDRESS_MISMATCH)
                why = QStringLiteral("host name mismatch: the server's certificate is not for "
                                     "'%1' (ssl_server_name names another)")
                          .arg(name);
            else if (verify == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY ||
                     verify == X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN ||
                     verify == X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT)
                why += options.caFile.isEmpty()
                           ? QStringLiteral(" (not signed by a CA this system trusts: give ssl_ca)")
                           : QStringLiteral(" (not signed by the CA in '%1')").arg(options.caFile);
            fail(QStringLiteral("certificate refused: ") + why);
        }
        QString reason = opensslErrors();
        if (reason.isEmpty())
            reason = err == SSL_ERROR_SYSCALL || err == SSL_ERROR_ZERO_RETURN
                         ? QStringLiteral("the server closed the connection during the TLS "
                                          "handshake (not a TLS port, or it refused us)")
                         : QStringLiteral("TLS error %1").arg(err);
        fail(QStringLiteral("TLS handshake failed: ") + withHint(reason));
    }
}

TlsClient::~TlsClient() {
    release();
}

void TlsClient::release() {
    if (m_ssl)
        SSL_free(m_ssl);
    m_ssl = nullptr;
    if (m_ctx)
        SSL_CTX_free(m_ctx);
    m_ctx = nullptr;
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = -1;
}

void TlsClient::fail(const QString& why) {
    throw ConnectorError(m_backend, ConnectorError::Kind::Tls, QStringLiteral("TLS handshake"),
                         m_where + QStringLiteral(": ") + why);
}

QString TlsClient::describeSession() const {
    if (!m_ssl)
        return {};
    return QString::fromLatin1(SSL_get_version(m_ssl)) + u' ' +
           QString::fromLatin1(SSL_CIPHER_get_name(SSL_get_current_cipher(m_ssl)));
}

bool TlsClient::writeTls(const char* data, int size) {
    const auto deadline = std::chrono::steady_clock::now() + kStall;
    while (size > 0) {
        const int n = SSL_write(m_ssl, data, size);
        if (n > 0) {
            data += n;
            size -= n;
            continue;
        }
        const int err = SSL_get_error(m_ssl, n);
        if (err != SSL_ERROR_WANT_READ && err != SSL_ERROR_WANT_WRITE)
            return false;
        pollfd pfd{m_fd, short(err == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT), 0};
        if (::poll(&pfd, 1, remainingMs(deadline)) <= 0)
            return false;
    }
    return true;
}

void TlsClient::useInline() {
    ::fcntl(m_fd, F_SETFL, ::fcntl(m_fd, F_GETFL) & ~O_NONBLOCK);
}

int TlsClient::read(char* buf, int size) {
    for (;;) {
        errno = 0;
        const int n = SSL_read(m_ssl, buf, size);
        if (n > 0)
            return n;
        const int err = SSL_get_error(m_ssl, n);
        if (err == SSL_ERROR_ZERO_RETURN)
            return 0;
        if ((err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE) && errno == EINTR)
            continue;
        if (err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE) {
            errno = EAGAIN; // the blocking socket's timeout ran out
            return -1;
        }
        if (err == SSL_ERROR_SYSCALL && errno == 0)
            return 0; // closed without close_notify
        // An alert the server sent after the handshake (TLS 1.3 checks the client's
        // certificate then): its reason, with the hint an operator needs.
        const QString reason = opensslErrors();
        if (!reason.isEmpty())
            m_lastError = withHint(reason);
        if (errno == 0)
            errno = ECONNRESET;
        return -1;
    }
}

bool TlsClient::write(const char* data, size_t size) {
    while (size > 0) {
        errno = 0;
        const int n = SSL_write(m_ssl, data, int(std::min<size_t>(size, 1 << 30)));
        if (n > 0) {
            data += n;
            size -= size_t(n);
            continue;
        }
        const int err = SSL_get_error(m_ssl, n);
        if ((err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE) && errno == EINTR)
            continue;
        if (err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE)
            errno = EAGAIN;
        ERR_clear_error();
        return false;
    }
    return true;
}

bool TlsClient::hasBuffered() const {
    return SSL_pending(m_ssl) > 0;
}

void TlsClient::pump(int local) {
    char buf[16384];
    bool open = true;
    while (open) {
        const bool buffered = SSL_pending(m_ssl) > 0;
        pollfd p[2] = {{local, POLLIN, 0}, {m_fd, POLLIN, 0}};
        if (::poll(p, 2, buffered ? 0 : -1) < 0 && errno != EINTR)
            break;
        if (buffered || (p[1].revents & (POLLIN | POLLHUP | POLLERR))) {
            for (;;) {
                const int n = SSL_read(m_ssl, buf, sizeof buf);
                if (n > 0) {
                    if (!socketutil::writeAll(local, buf, size_t(n), kStall)) {
                        open = false;
                        break;
                    }
                    continue;
                }
                const int err = SSL_get_error(m_ssl, n);
                if (err != SSL_ERROR_WANT_READ && err != SSL_ERROR_WANT_WRITE)
                    open = false;
                break;
            }
        }
        if (open && (p[0].revents & (POLLIN | POLLHUP | POLLERR))) {
            const ssize_t n = ::recv(local, buf, sizeof buf, MSG_DONTWAIT);
            if (n < 0 && (errno == EAGAIN || errno == EINTR))
                continue;
            if (n <= 0 || !writeTls(buf, int(n)))
                open = false;
        }
    }
    SSL_shutdown(m_ssl);
    ::close(local);
}

} // namespace lockscope
