#include "connectors/hostport.h"

#include "connectors/urierror.h"

#include <QUrl>

namespace lockscope {

HostPort HostPort::parse(const QString& text, int defaultPort) {
    HostPort result;
    QString portText;
    if (text.startsWith(u'[')) {
        const auto close = text.indexOf(u']');
        if (close < 0)
            throw UriError(QStringLiteral("host"),
                           QStringLiteral("unterminated IPv6 literal in '%1'").arg(text));
        result.host = text.mid(1, close - 1);
        const QString rest = text.mid(close + 1);
        if (!rest.isEmpty()) {
            if (!rest.startsWith(u':'))
                throw UriError(QStringLiteral("host"),
                               QStringLiteral("unexpected '%1' after IPv6 literal").arg(rest));
            portText = rest.mid(1);
            if (portText.isEmpty())
                throw UriError(QStringLiteral("port"), QStringLiteral("empty port after ':'"));
        }
    } else {
        if (text.count(u':') > 1)
            throw UriError(QStringLiteral("host"),
                           QStringLiteral("'%1' has more than one ':' (host:port, an IPv6 address "
                                          "in brackets: [::1]:6379)")
                               .arg(text));
        const auto colon = text.lastIndexOf(u':');
        if (colon >= 0) {
            result.host = text.left(colon);
            portText = text.mid(colon + 1);
            if (portText.isEmpty())
                throw UriError(QStringLiteral("port"), QStringLiteral("empty port after ':'"));
        } else {
            result.host = text;
        }
    }
    if (result.host.isEmpty())
        throw UriError(QStringLiteral("host"), QStringLiteral("missing host"));
    for (const QChar c : std::as_const(result.host)) {
        if (!(c.isLetterOrNumber() || c == u'.' || c == u'-' || c == u'_' || c == u':'))
            throw UriError(
                QStringLiteral("host"),
                QStringLiteral("invalid character '%1' in host '%2'").arg(c).arg(result.host));
    }
    if (portText.isEmpty()) {
        result.port = defaultPort;
    } else {
        bool ok = false;
        const int port = portText.toInt(&ok);
        if (!ok || port < 1 || port > 65535)
            throw UriError(
                QStringLiteral("port"),
                QStringLiteral("port '%1' is not a number from 1 to 65535").arg(portText));
        result.port = port;
    }
    return result;
}

QString HostPort::toString() const {
    if (host.contains(u':'))
        return QStringLiteral("[%1]:%2").arg(host).arg(port);
    return QStringLiteral("%1:%2").arg(host).arg(port);
}

QString percentDecode(const QString& text, const QString& part) {
    static const QString hexDigits = QStringLiteral("0123456789abcdefABCDEF");
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text[i] != u'%')
            continue;
        if (i + 2 >= text.size())
            throw UriError(part, QStringLiteral("broken percent escape in %1").arg(part));
        if (!hexDigits.contains(text[i + 1]) || !hexDigits.contains(text[i + 2]))
            throw UriError(part, QStringLiteral("broken percent escape in %1").arg(part));
    }
    return QUrl::fromPercentEncoding(text.toUtf8());
}

} // namespace lockscope
