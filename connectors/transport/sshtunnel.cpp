#include "connectors/transport/sshtunnel.h"

#include "connectors/hostport.h"
#include "connectors/transport/tlsoptions.h"
#include "connectors/urierror.h"

#include <QUrl>
#include <mutex>

namespace lockscope {

namespace {

std::mutex g_mutex;
std::optional<SshTunnel> g_current;
thread_local std::optional<std::optional<SshTunnel>> t_scoped;

} // namespace

SshTunnel SshTunnel::parse(const QString& text) {
    const QString prefix = QStringLiteral("ssh://");
    if (!text.startsWith(prefix, Qt::CaseInsensitive))
        throw UriError(QStringLiteral("scheme"),
                       QStringLiteral("an SSH tunnel is ssh://user@host[:port] (got '%1')")
                           .arg(text.section(u':', 0, 0)));
    QString rest = text.mid(prefix.size());
    QString query;
    const auto q = rest.indexOf(u'?');
    if (q >= 0) {
        query = rest.mid(q + 1);
        rest = rest.left(q);
    }
    if (rest.endsWith(u'/'))
        rest.chop(1);
    SshTunnel t;
    const auto at = rest.lastIndexOf(u'@');
    if (at <= 0)
        throw UriError(QStringLiteral("userinfo"),
                       QStringLiteral("an SSH tunnel names its user: ssh://user@host"));
    t.user = percentDecode(rest.left(at), QStringLiteral("userinfo"));
    if (t.user.contains(u':'))
        throw UriError(QStringLiteral("userinfo"),
                       QStringLiteral("SSH passwords are not taken: use a key or the agent"));
    const HostPort hp = HostPort::parse(rest.mid(at + 1), 22);
    t.host = hp.host;
    t.port = hp.port;
    for (const auto& [key, value] : parseUriQuery(query)) {
        if (key == QLatin1String("identity"))
            t.identityFile = value;
        else if (key == QLatin1String("known_hosts"))
            t.knownHostsFile = value;
        else
            throw UriError(
                QStringLiteral("query"),
                QStringLiteral("unknown SSH option '%1' (identity, known_hosts)").arg(key));
    }
    return t;
}

QString SshTunnel::toString() const {
    QString out = QStringLiteral("ssh://") + QString::fromUtf8(QUrl::toPercentEncoding(user)) +
                  u'@' + HostPort{host, port}.toString();
    QStringList items;
    if (!identityFile.isEmpty())
        items << QStringLiteral("identity=") +
                     QString::fromUtf8(QUrl::toPercentEncoding(identityFile, "/"));
    if (!knownHostsFile.isEmpty())
        items << QStringLiteral("known_hosts=") +
                     QString::fromUtf8(QUrl::toPercentEncoding(knownHostsFile, "/"));
    if (!items.isEmpty())
        out += u'?' + items.join(u'&');
    return out;
}

QString SshTunnel::describe() const {
    return user + u'@' + HostPort{host, port}.toString();
}

std::optional<SshTunnel> SshTunnel::current() {
    if (t_scoped)
        return *t_scoped;
    std::lock_guard lock(g_mutex);
    return g_current;
}

void SshTunnel::setCurrent(std::optional<SshTunnel> tunnel) {
    std::lock_guard lock(g_mutex);
    g_current = std::move(tunnel);
}

SshTunnelScope::SshTunnelScope(std::optional<SshTunnel> tunnel)
    : m_saved(t_scoped) {
    t_scoped = std::move(tunnel);
}

SshTunnelScope::~SshTunnelScope() {
    t_scoped = m_saved;
}

} // namespace lockscope
