#include "connectors/zookeeperuri.h"

#include "connectors/urierror.h"

#include <QStringList>
#include <QUrl>

namespace lockscope {

ZooKeeperUri ZooKeeperUri::parse(const QString& text) {
    static const QString scheme = QStringLiteral("zookeeper://");
    static const QString tlsScheme = QStringLiteral("zookeeper+tls://");
    ZooKeeperUri uri;
    QString rest;
    if (text.startsWith(scheme, Qt::CaseInsensitive)) {
        rest = text.mid(scheme.size());
    } else if (text.startsWith(tlsScheme, Qt::CaseInsensitive)) {
        rest = text.mid(tlsScheme.size());
        uri.tls.enabled = true;
    } else {
        throw UriError(QStringLiteral("scheme"),
                       QStringLiteral("a ZooKeeper URI starts with zookeeper:// or "
                                      "zookeeper+tls:// (got '%1')")
                           .arg(text.section(u':', 0, 0)));
    }
    const auto question = rest.indexOf(u'?');
    if (question >= 0) {
        uri.tls.takeQuery(rest.mid(question + 1), tlsScheme);
        rest = rest.left(question);
    }
    const auto at = rest.lastIndexOf(u'@');
    if (at >= 0) {
        const QString userinfo = rest.left(at);
        rest = rest.mid(at + 1);
        const auto colon = userinfo.indexOf(u':');
        if (colon <= 0 || colon == userinfo.size() - 1)
            throw UriError(QStringLiteral("userinfo"),
                           QStringLiteral("digest auth needs user:password before '@'"));
        uri.user = percentDecode(userinfo.left(colon), QStringLiteral("userinfo"));
        uri.password = percentDecode(userinfo.mid(colon + 1), QStringLiteral("userinfo"));
    }
    const auto slash = rest.indexOf(u'/');
    if (slash >= 0) {
        uri.chroot = rest.mid(slash);
        rest = rest.left(slash);
        if (uri.chroot == u'/')
            uri.chroot.clear();
        else if (uri.chroot.endsWith(u'/') || uri.chroot.contains(QStringLiteral("//")))
            throw UriError(QStringLiteral("chroot"),
                           QStringLiteral("chroot '%1' has an empty path element").arg(uri.chroot));
        // What ZooKeeper itself refuses in a path (PathUtils.validatePath): "." and ".."
        // elements, control characters and the unassigned/surrogate ranges - said here, as a
        // bad argument, not later as a server error.
        for (const QString& element : uri.chroot.mid(1).split(u'/')) {
            if (element == u"." || element == u"..")
                throw UriError(
                    QStringLiteral("chroot"),
                    QStringLiteral("chroot has a relative path element '%1'").arg(element));
        }
        for (const QChar c : uri.chroot) {
            const char16_t u = c.unicode();
            if (u < 0x20 || (u >= 0x7f && u <= 0x9f) || (u >= 0xd800 && u <= 0xf8ff) || u >= 0xfff0)
                throw UriError(QStringLiteral("chroot"),
                               QStringLiteral("chroot has a character ZooKeeper does not allow "
                                              "in a path (U+%1)")
                                   .arg(uint(u), 4, 16, QLatin1Char('0')));
        }
    }
    if (rest.isEmpty())
        throw UriError(QStringLiteral("host"), QStringLiteral("missing host"));
    uri.hosts.clear();
    for (const QString& part : rest.split(u','))
        uri.hosts.append(HostPort::parse(part, 2181));
    return uri;
}

ZooKeeperUri ZooKeeperUri::fromEnvironment() {
    const QString env = qEnvironmentVariable("LOCKSCOPE_ZOOKEEPER");
    return env.isEmpty() ? ZooKeeperUri{} : parse(env);
}

QString ZooKeeperUri::connectString() const {
    QStringList parts;
    for (const HostPort& hp : hosts)
        parts << hp.toString();
    return parts.join(u',') + chroot;
}

QString ZooKeeperUri::toString(bool withPassword) const {
    QString userinfo;
    if (!user.isEmpty())
        userinfo = QString::fromUtf8(QUrl::toPercentEncoding(user)) + u':' +
                   (withPassword ? QString::fromUtf8(QUrl::toPercentEncoding(password))
                                 : QStringLiteral("***")) +
                   u'@';
    QString out =
        (tls.enabled ? QStringLiteral("zookeeper+tls://") : QStringLiteral("zookeeper://")) +
        userinfo + connectString();
    const QStringList query = tls.queryItems();
    if (!query.isEmpty())
        out += u'?' + query.join(u'&');
    return out;
}

} // namespace lockscope
