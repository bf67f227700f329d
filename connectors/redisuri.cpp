#include "connectors/redisuri.h"

#include "connectors/hostport.h"
#include "connectors/urierror.h"

#include <QUrl>

namespace lockscope {

RedisUri RedisUri::parse(const QString& text) {
    static const QString scheme = QStringLiteral("redis://");
    if (!text.startsWith(scheme, Qt::CaseInsensitive))
        throw UriError(QStringLiteral("scheme"),
                       QStringLiteral("a Redis URI starts with redis:// (got '%1')")
                           .arg(text.section(u':', 0, 0)));
    QString rest = text.mid(scheme.size());
    RedisUri uri;
    const auto at = rest.lastIndexOf(u'@');
    if (at >= 0) {
        const QString userinfo = rest.left(at);
        rest = rest.mid(at + 1);
        const auto colon = userinfo.indexOf(u':');
        if (colon < 0) {
            uri.user = percentDecode(userinfo, QStringLiteral("userinfo"));
        } else {
            uri.user = percentDecode(userinfo.left(colon), QStringLiteral("userinfo"));
            uri.password = percentDecode(userinfo.mid(colon + 1), QStringLiteral("userinfo"));
            if (uri.password.isEmpty())
                throw UriError(QStringLiteral("userinfo"),
                               QStringLiteral("empty password after ':'"));
        }
    }
    QString dbText;
    const auto slash = rest.indexOf(u'/');
    if (slash >= 0) {
        dbText = rest.mid(slash + 1);
        rest = rest.left(slash);
    }
    const HostPort hp = HostPort::parse(rest, 6379);
    uri.host = hp.host;
    uri.port = hp.port;
    if (!dbText.isEmpty()) {
        bool ok = false;
        uri.db = dbText.toInt(&ok);
        if (!ok || uri.db < 0)
            throw UriError(
                QStringLiteral("db"),
                QStringLiteral("database '%1' is not a non-negative number").arg(dbText));
    }
    return uri;
}

RedisUri RedisUri::fromEnvironment() {
    const QString env = qEnvironmentVariable("LOCKSCOPE_REDIS");
    return env.isEmpty() ? RedisUri{} : parse(env);
}

QString RedisUri::toString(bool withPassword) const {
    QString userinfo;
    if (!user.isEmpty() || !password.isEmpty()) {
        userinfo = QString::fromUtf8(QUrl::toPercentEncoding(user));
        if (!password.isEmpty())
            userinfo += u':' + (withPassword ? QString::fromUtf8(QUrl::toPercentEncoding(password))
                                             : QStringLiteral("***"));
        userinfo += u'@';
    }
    // Concatenated, not .arg()-chained: an encoded password may contain "%3".
    return QStringLiteral("redis://") + userinfo + HostPort{host, port}.toString() + u'/' +
           QString::number(db);
}

} // namespace lockscope
