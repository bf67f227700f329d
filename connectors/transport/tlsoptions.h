#pragma once

#include <QString>
#include <QStringList>

namespace lockscope {

/// TLS to one server: the options a rediss:// or zookeeper+tls:// URI carries in its query, named
/// as redis-py names them (ssl_ca_certs is accepted for ssl_ca, ssl_certfile for ssl_cert,
/// ssl_keyfile for ssl_key). Verification (the chain to ssl_ca, or to the system's CAs, and the
/// host name) is on unless the URI turns it off with ssl_cert_reqs=none or
/// ssl_check_hostname=false.
struct TlsOptions {
    bool enabled = false;
    QString caFile = {};     ///< PEM CA bundle; empty: the system's CAs
    QString certFile = {};   ///< client certificate chain (PEM), for servers that ask for one
    QString keyFile = {};    ///< its private key (PEM)
    bool verifyPeer = true;  ///< ssl_cert_reqs=required (default) / none
    bool verifyHost = true;  ///< ssl_check_hostname=true (default) / false
    QString serverName = {}; ///< ssl_server_name: the name to check (and SNI); empty: the host

    /// Takes one query item if it is a TLS option (returns false otherwise). Throws UriError
    /// ("query") for a bad value or an option given without TLS is not checked here.
    bool takeQueryItem(const QString& key, const QString& value);
    /// A URI's whole query ("a=b&c=d"): every item must be a TLS option; then validate(scheme).
    /// Throws UriError("query").
    void takeQuery(const QString& query, const QString& scheme);
    /// The query items that reproduce these options ("ssl_ca=...", percent-encoded).
    QStringList queryItems() const;
    /// Verification is (partly) off: the status bar warns.
    bool insecure() const { return enabled && (!verifyPeer || !verifyHost); }
    /// "TLS (verification off)" style, for status lines; "" when not enabled.
    QString describe() const;
    /// Throws UriError("query") when options are given but TLS is not enabled, or a client
    /// certificate comes without its key (or the other way round).
    void validate(const QString& scheme) const;

    bool operator==(const TlsOptions&) const = default;
};

/// Splits "a=b&c=d" (the part after '?') into decoded key/value pairs; throws UriError("query")
/// on an item without '=' or a broken escape.
QList<std::pair<QString, QString>> parseUriQuery(const QString& query);

} // namespace lockscope
