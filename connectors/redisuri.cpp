#include "connectors/redisuri.h"

#include "connectors/urierror.h"

#include <QUrl>

namespace lockscope {

namespace {

struct Scheme {
    const char* prefix;
    RedisTopology topology;
    bool tls;
};
constexpr Scheme kSchemes[] = {{"redis://", RedisTopology::Single, false},
                               {"redis-cluster://", RedisTopology::Cluster, false},
                               {"redis-sentinel://", RedisTopology::Sentinel, false},
                               {"rediss://", RedisTopology::Single, true},
                               {"rediss-cluster://", RedisTopology::Cluster, true},
                               {"rediss-sentinel://", RedisTopology::Sentinel, true}};

void parseUserinfo(const QString& userinfo, RedisUri* uri) {
    const auto colon = userinfo.indexOf(u':');
    if (colon < 0) {
        uri->user = percentDecode(userinfo, QStringLiteral("userinfo"));
        return;
    }
    uri->user = percentDecode(userinfo.left(colon), QStringLiteral("userinfo"));
    uri->password = percentDecode(userinfo.mid(colon + 1), QStringLiteral("userinfo"));
    if (uri->password.isEmpty())
        throw UriError(QStringLiteral("userinfo"), QStringLiteral("empty password after ':'"));
}

int parseDb(const QString& dbText) {
    if (dbText.isEmpty())
        return 0;
    bool ok = false;
    const int db = dbText.toInt(&ok);
    if (!ok || db < 0)
        throw UriError(QStringLiteral("db"),
                       QStringLiteral("database '%1' is not a non-negative number").arg(dbText));
    return db;
}

} // namespace

RedisUri RedisUri::parse(const QString& text) {
    const Scheme* scheme = nullptr;
    for (const Scheme& s : kSchemes)
        if (text.startsWith(QLatin1String(s.prefix), Qt::CaseInsensitive))
            scheme = &s;
    if (!scheme)
        throw UriError(QStringLiteral("scheme"),
                       QStringLiteral("a Redis URI starts with redis://, redis-cluster:// or "
                                      "redis-sentinel:// (rediss... with TLS) (got '%1')")
                           .arg(text.section(u':', 0, 0)));
    RedisUri uri;
    uri.topology = scheme->topology;
    uri.tls.enabled = scheme->tls;
    QString rest = text.mid(int(qstrlen(scheme->prefix)));
    if (uri.topology == RedisTopology::Sentinel) {
        const auto hash = rest.indexOf(u'#');
        if (hash < 0 || hash == rest.size() - 1)
            throw UriError(QStringLiteral("primary"),
                           QStringLiteral("a Sentinel URI names the primary after '#' "
                                          "(redis-sentinel://host:26379#mymaster)"));
        const QString name = rest.mid(hash + 1);
        if (name.contains(u'#'))
            throw UriError(QStringLiteral("primary"),
                           QStringLiteral("primary name '") + name +
                               QStringLiteral("' contains '#' (write it as %23)"));
        uri.primaryName = percentDecode(name, QStringLiteral("primary"));
        rest = rest.left(hash);
    } else if (rest.contains(u'#')) {
        throw UriError(QStringLiteral("primary"),
                       QStringLiteral("'#primary' belongs to a redis-sentinel:// URI"));
    }
    const auto question = rest.indexOf(u'?');
    if (question >= 0) {
        uri.tls.takeQuery(rest.mid(question + 1), QStringLiteral("rediss://"));
        rest = rest.left(question);
    }
    const auto at = rest.lastIndexOf(u'@');
    if (at >= 0) {
        parseUserinfo(rest.left(at), &uri);
        rest = rest.mid(at + 1);
    }
    QString dbText;
    const auto slash = rest.indexOf(u'/');
    if (slash >= 0) {
        dbText = rest.mid(slash + 1);
        rest = rest.left(slash);
    }
    uri.db = parseDb(dbText);
    if (uri.topology == RedisTopology::Single) {
        const HostPort hp = HostPort::parse(rest, 6379);
        uri.host = hp.host;
        uri.port = hp.port;
        return uri;
    }
    if (uri.topology == RedisTopology::Cluster && uri.db != 0)
        throw UriError(QStringLiteral("db"),
                       QStringLiteral("a Redis Cluster has database 0 only (got %1)").arg(uri.db));
    const int defaultPort = uri.topology == RedisTopology::Sentinel ? 26379 : 6379;
    for (const QString& node : rest.split(u',')) {
        if (node.trimmed().isEmpty())
            throw UriError(QStringLiteral("host"), QStringLiteral("empty host in the node list"));
        uri.nodes.append(HostPort::parse(node, defaultPort));
    }
    uri.host = uri.nodes.first().host;
    uri.port = uri.nodes.first().port;
    return uri;
}

QList<RedisUri> RedisUri::parseList(const QString& text) {
    QList<RedisUri> out;
    // A comma ends a URI only where the next one starts (a percent-encoded password has none).
    const QStringList parts = text.split(u',');
    QString current;
    const auto emptyEntry = [&] {
        return UriError(QStringLiteral("host"),
                        QStringLiteral("URI %1 is empty (nothing between two commas, or before "
                                       "the first or after the last)")
                            .arg(out.size() + 1));
    };
    const auto flush = [&] {
        if (current.isEmpty())
            throw emptyEntry();
        RedisUri uri;
        try {
            uri = parse(current);
        } catch (const UriError& e) {
            throw UriError(e.part(),
                           QStringLiteral("URI %1: %2").arg(out.size() + 1).arg(e.message()));
        }
        if (uri.topology != RedisTopology::Single)
            throw UriError(QStringLiteral("scheme"),
                           QStringLiteral("URI %1: each server of the list is a redis:// server")
                               .arg(out.size() + 1));
        for (qsizetype i = 0; i < out.size(); ++i)
            if (out[i].host.compare(uri.host, Qt::CaseInsensitive) == 0 && out[i].port == uri.port)
                throw UriError(QStringLiteral("host"),
                               QStringLiteral("URI %1 names the server of URI %2 again (%3): "
                                              "the servers must be independent (another db of "
                                              "one server is the same server)")
                                   .arg(out.size() + 1)
                                   .arg(i + 1)
                                   .arg(HostPort{uri.host, uri.port}.toString()));
        out.append(uri);
        current.clear();
    };
    for (const QString& part : parts) {
        // An empty part is an empty entry, never a piece of a password (which would be
        // percent-encoded, or at least not empty).
        if (part.isEmpty()) {
            if (!current.isEmpty())
                flush();
            throw emptyEntry();
        }
        if (!current.isEmpty() && part.contains(QStringLiteral("://")))
            flush();
        current += current.isEmpty() ? part : u',' + part;
    }
    flush();
    if (out.size() < kMinRedlockServers)
        throw UriError(QString(),
                       QStringLiteral("%1 server(s) given; Redlock needs at least %2 independent "
                                      "servers: its majority of 1 or 2 is every server, so one "
                                      "down server stops every lock (use redis:// for one server)")
                           .arg(out.size())
                           .arg(kMinRedlockServers));
    return out;
}

QString RedisUri::listToString(const QList<RedisUri>& uris, bool withPassword) {
    QStringList list;
    for (const RedisUri& u : uris)
        list.append(u.toString(withPassword));
    return list.join(u',');
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
    QString hosts;
    if (topology == RedisTopology::Single) {
        hosts = HostPort{host, port}.toString();
    } else {
        QStringList list;
        for (const HostPort& n : nodes)
            list.append(n.toString());
        hosts = list.join(u',');
    }
    QString out = scheme() + QStringLiteral("://") + userinfo + hosts + u'/' + QString::number(db);
    const QStringList query = tls.queryItems();
    if (!query.isEmpty())
        out += u'?' + query.join(u'&');
    if (topology == RedisTopology::Sentinel)
        out += u'#' + QString::fromUtf8(QUrl::toPercentEncoding(primaryName));
    return out;
}

RedisUri RedisUri::single(const HostPort& node) const {
    RedisUri one;
    one.user = user;
    one.password = password;
    one.db = db;
    one.host = node.host;
    one.port = node.port;
    one.tls = tls;
    return one;
}

QString RedisUri::scheme() const {
    QString name = topologyName(topology);
    if (tls.enabled)
        name.insert(5, u's');
    return name;
}

QString RedisUri::topologyName(RedisTopology topology) {
    switch (topology) {
    case RedisTopology::Single:
        return QStringLiteral("redis");
    case RedisTopology::Cluster:
        return QStringLiteral("redis-cluster");
    case RedisTopology::Sentinel:
        return QStringLiteral("redis-sentinel");
    }
    return {};
}

} // namespace lockscope
