#include "core/sandbox/sandboxcertificates.h"

#include "core/sandbox/sandboxerror.h"

#include <QDir>
#include <QFile>
#include <cstdio>
#include <fcntl.h>
#include <memory>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>
#include <unistd.h>

namespace lockscope {

namespace {

struct KeyFree {
    void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct CertFree {
    void operator()(X509* c) const { X509_free(c); }
};
using Key = std::unique_ptr<EVP_PKEY, KeyFree>;
using Cert = std::unique_ptr<X509, CertFree>;

[[noreturn]] void fail(const QString& why) {
    throw SandboxError(QStringLiteral("tls"), why);
}

Key newKey() {
    Key key(EVP_EC_gen("P-256"));
    if (!key)
        fail(QStringLiteral("cannot generate a key"));
    return key;
}

void addExtension(X509* cert, X509* issuer, int nid, const char* value) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
    if (!ext || X509_add_ext(cert, ext, -1) != 1)
        fail(QStringLiteral("cannot add extension %1").arg(QLatin1String(value)));
    X509_EXTENSION_free(ext);
}

/// A certificate for key, signed by issuerKey (issuer null: self-signed), valid from
/// notBefore to notAfter seconds from now.
Cert makeCert(EVP_PKEY* key, const char* commonName, X509* issuer, EVP_PKEY* issuerKey,
              long notBefore, long notAfter, bool ca, const char* altNames, bool server) {
    Cert cert(X509_new());
    X509_set_version(cert.get(), 2);
    unsigned char serial[16];
    RAND_bytes(serial, sizeof serial);
    serial[0] &= 0x7f;
    BIGNUM* bn = BN_bin2bn(serial, sizeof serial, nullptr);
    BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert.get()));
    BN_free(bn);
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), notBefore);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), notAfter);
    X509_set_pubkey(cert.get(), key);
    X509_NAME* name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>("LockScope sandbox"), -1, -1,
                               0);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>(commonName), -1, -1, 0);
    X509* issuerCert = issuer ? issuer : cert.get();
    X509_set_issuer_name(cert.get(), X509_get_subject_name(issuerCert));
    if (ca) {
        addExtension(cert.get(), issuerCert, NID_basic_constraints, "critical,CA:TRUE");
        addExtension(cert.get(), issuerCert, NID_key_usage, "critical,keyCertSign,cRLSign");
    } else {
        addExtension(cert.get(), issuerCert, NID_basic_constraints, "critical,CA:FALSE");
        addExtension(cert.get(), issuerCert, NID_key_usage,
                     "critical,digitalSignature,keyEncipherment");
        addExtension(cert.get(), issuerCert, NID_ext_key_usage,
                     server ? "serverAuth,clientAuth" : "clientAuth");
        if (altNames)
            addExtension(cert.get(), issuerCert, NID_subject_alt_name, altNames);
    }
    addExtension(cert.get(), issuerCert, NID_subject_key_identifier, "hash");
    if (X509_sign(cert.get(), issuerKey ? issuerKey : key, EVP_sha256()) == 0)
        fail(QStringLiteral("cannot sign the certificate for %1").arg(QLatin1String(commonName)));
    return cert;
}

/// Opens path for writing with mode (created so, never wider in between).
FILE* openFile(const QString& path, mode_t mode) {
    const QByteArray p = QFile::encodeName(path);
    const int fd = ::open(p.constData(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
    if (fd < 0)
        fail(QStringLiteral("cannot write %1").arg(path));
    ::fchmod(fd, mode);
    FILE* f = ::fdopen(fd, "w");
    if (!f) {
        ::close(fd);
        fail(QStringLiteral("cannot write %1").arg(path));
    }
    return f;
}

void writeKey(const QString& path, EVP_PKEY* key) {
    FILE* f = openFile(path, 0600);
    const bool ok = PEM_write_PrivateKey(f, key, nullptr, nullptr, 0, nullptr, nullptr) == 1;
    if (std::fclose(f) != 0 || !ok)
        fail(QStringLiteral("cannot write %1").arg(path));
}

void writeCert(const QString& path, X509* cert, mode_t mode = 0644) {
    FILE* f = openFile(path, mode);
    const bool ok = PEM_write_X509(f, cert) == 1;
    if (std::fclose(f) != 0 || !ok)
        fail(QStringLiteral("cannot write %1").arg(path));
}

constexpr long kDay = 24 * 3600;
constexpr const char* kServerNames = "IP:127.0.0.1,IP:::1,DNS:localhost";

} // namespace

void SandboxCertificates::create(const QString& dir) {
    if (!QDir().mkpath(dir))
        fail(QStringLiteral("cannot create %1").arg(dir));
    ::chmod(QFile::encodeName(dir).constData(), 0755);
    const Key caKey = newKey();
    const Cert ca = makeCert(caKey.get(), "LockScope sandbox CA", nullptr, nullptr, -kDay,
                             30 * kDay, true, nullptr, false);
    writeCert(dir + QStringLiteral("/ca.pem"), ca.get());
    writeKey(dir + QStringLiteral("/ca.key"), caKey.get());

    const Key serverKey = newKey();
    const Cert server = makeCert(serverKey.get(), "localhost", ca.get(), caKey.get(), -kDay,
                                 30 * kDay, false, kServerNames, true);
    writeCert(dir + QStringLiteral("/server.pem"), server.get());
    writeKey(dir + QStringLiteral("/server.key"), serverKey.get());
    {
        FILE* f = openFile(dir + QStringLiteral("/server-keystore.pem"), 0600);
        const bool ok =
            PEM_write_PrivateKey(f, serverKey.get(), nullptr, nullptr, 0, nullptr, nullptr) == 1 &&
            PEM_write_X509(f, server.get()) == 1;
        if (std::fclose(f) != 0 || !ok)
            fail(QStringLiteral("cannot write %1/server-keystore.pem").arg(dir));
    }

    const Key clientKey = newKey();
    const Cert client = makeCert(clientKey.get(), "lockscope", ca.get(), caKey.get(), -kDay,
                                 30 * kDay, false, nullptr, false);
    writeCert(dir + QStringLiteral("/client.pem"), client.get());
    writeKey(dir + QStringLiteral("/client.key"), clientKey.get());

    const Key expiredKey = newKey();
    const Cert expired = makeCert(expiredKey.get(), "localhost", ca.get(), caKey.get(), -30 * kDay,
                                  -kDay, false, kServerNames, true);
    writeCert(dir + QStringLiteral("/expired.pem"), expired.get());
    writeKey(dir + QStringLiteral("/expired.key"), expiredKey.get());

    const Key otherKey = newKey();
    const Cert other = makeCert(otherKey.get(), "Some other CA", nullptr, nullptr, -kDay, 30 * kDay,
                                true, nullptr, false);
    writeCert(dir + QStringLiteral("/other-ca.pem"), other.get());
}

TlsOptions SandboxCertificates::clientOptions(const QString& dir) {
    TlsOptions o;
    o.enabled = true;
    o.caFile = dir + QStringLiteral("/ca.pem");
    o.certFile = dir + QStringLiteral("/client.pem");
    o.keyFile = dir + QStringLiteral("/client.key");
    return o;
}

} // namespace lockscope
