#include "connectors/transport/tlsoptions.h"

#include "connectors/hostport.h"
#include "connectors/urierror.h"

#include <QUrl>

namespace lockscope {

namespace {

bool parseBool(const QString& key, const QString& value) {
    const QString v = value.toLower();
    if (v == QLatin1String("true") || v == QLatin1String("1") || v == QLatin1String("yes"))
        return true;
    if (v == QLatin1String("false") || v == QLatin1String("0") || v == QLatin1String("no"))
        return false;
    throw UriError(QStringLiteral("query"),
                   QStringLiteral("%1 takes true or false (got '%2')").arg(key, value));
}

QString encoded(const QString& key, const QString& value) {
    return key + u'=' + QString::fromUtf8(QUrl::toPercentEncoding(value, "/"));
}

} // namespace

bool TlsOptions::takeQueryItem(const QString& key, const QString& value) {
    const QString k = key.toLower();
    if (k == QLatin1String("ssl_ca") || k == QLatin1String("ssl_ca_certs")) {
        caFile = value;
    } else if (k == QLatin1String("ssl_cert") || k == QLatin1String("ssl_certfile")) {
        certFile = value;
    } else if (k == QLatin1String("ssl_key") || k == QLatin1String("ssl_keyfile")) {
        keyFile = value;
    } else if (k == QLatin1String("ssl_cert_reqs")) {
        const QString v = value.toLower();
        if (v == QLatin1String("required"))
            verifyPeer = true;
        else if (v == QLatin1String("none"))
            verifyPeer = false;
        else
            throw UriError(
                QStringLiteral("query"),
                QStringLiteral("ssl_cert_reqs takes required or none (got '%1')").arg(value));
    } else if (k == QLatin1String("ssl_check_hostname")) {
        verifyHost = parseBool(key, value);
    } else if (k == QLatin1String("ssl_server_name")) {
        serverName = value;
    } else {
        return false;
    }
    return true;
}

void TlsOptions::takeQuery(const QString& query, const QString& scheme) {
    for (const auto& [key, value] : parseUriQuery(query))
        if (!takeQueryItem(key, value))
            throw UriError(QStringLiteral("query"),
                           QStringLiteral("unknown option '%1' (ssl_ca, ssl_cert, ssl_key, "
                                          "ssl_cert_reqs, ssl_check_hostname, ssl_server_name)")
                               .arg(key));
    validate(scheme);
}

QStringList TlsOptions::queryItems() const {
    QStringList items;
    if (!caFile.isEmpty())
        items << encoded(QStringLiteral("ssl_ca"), caFile);
    if (!certFile.isEmpty())
        items << encoded(QStringLiteral("ssl_cert"), certFile);
    if (!keyFile.isEmpty())
        items << encoded(QStringLiteral("ssl_key"), keyFile);
    if (!verifyPeer)
        items << QStringLiteral("ssl_cert_reqs=none");
    if (!verifyHost)
        items << QStringLiteral("ssl_check_hostname=false");
    if (!serverName.isEmpty())
        items << encoded(QStringLiteral("ssl_server_name"), serverName);
    return items;
}

QString TlsOptions::describe() const {
    if (!enabled)
        return {};
    if (!verifyPeer)
        return QStringLiteral("TLS, certificate NOT verified");
    if (!verifyHost)
        return QStringLiteral("TLS, host name NOT checked");
    return QStringLiteral("TLS");
}

void TlsOptions::validate(const QString& scheme) const {
    const bool any = !caFile.isEmpty() || !certFile.isEmpty() || !keyFile.isEmpty() ||
                     !verifyPeer || !verifyHost || !serverName.isEmpty();
    if (!enabled && any)
        throw UriError(QStringLiteral("query"),
                       QStringLiteral("ssl_* options need a TLS scheme (%1)").arg(scheme));
    if (certFile.isEmpty() != keyFile.isEmpty())
        throw UriError(QStringLiteral("query"),
                       QStringLiteral("a client certificate needs both ssl_cert and ssl_key"));
}

QList<std::pair<QString, QString>> parseUriQuery(const QString& query) {
    QList<std::pair<QString, QString>> out;
    if (query.isEmpty())
        return out;
    for (const QString& item : query.split(u'&')) {
        if (item.isEmpty())
            continue;
        const auto eq = item.indexOf(u'=');
        if (eq <= 0)
            throw UriError(QStringLiteral("query"),
                           QStringLiteral("query item '%1' is not key=value").arg(item));
        out.append({percentDecode(item.left(eq), QStringLiteral("query")),
                    percentDecode(item.mid(eq + 1), QStringLiteral("query"))});
    }
    return out;
}

} // namespace lockscope
