#pragma once

#include "connectors/hostport.h"
#include "connectors/transport/tlsoptions.h"

#include <QList>
#include <QString>

namespace lockscope {

/// How the Redis servers behind a URI are arranged.
enum class RedisTopology {
    Single,   ///< redis://[user[:password]@]host[:port][/db]
    Cluster,  ///< redis-cluster://[user[:password]@]host1[:port1],host2[:port2][/0]
    Sentinel, ///< redis-sentinel://[user[:password]@]s1[:port1],s2[:port2][/db]#primaryName
};

/// A Redis URI. The Cluster form lists seed nodes (any reachable one gives the slot map); the
/// Sentinel form (Lettuce's) lists sentinels (default port 26379) and names the primary after
/// '#'. The user and password are those of the data nodes; sentinels are asked without AUTH.
/// TLS: rediss://, rediss-cluster://, rediss-sentinel:// (every node and sentinel over TLS),
/// with redis-py's options in the query: ?ssl_ca=ca.pem&ssl_cert=c.pem&ssl_key=c.key,
/// ssl_cert_reqs=none (no certificate check), ssl_check_hostname=false, ssl_server_name=name.
struct RedisUri {
    RedisTopology topology = RedisTopology::Single;
    QString user;     ///< empty: the default user
    QString password; ///< empty: no AUTH
    /// Single: the server. Cluster and Sentinel: the first of nodes.
    QString host = QStringLiteral("127.0.0.1");
    int port = 6379;
    int db = 0;
    /// Cluster: the seed nodes; Sentinel: the sentinels; Single: empty.
    QList<HostPort> nodes;
    /// Sentinel: the name the sentinels monitor the primary under.
    QString primaryName;
    /// TLS to every node (the rediss schemes).
    TlsOptions tls = {};

    /// Throws UriError naming the bad part.
    static RedisUri parse(const QString& text);
    /// Redlock needs this many independent servers at least: with 1 or 2 its majority is every
    /// server, so one server down stops every lock.
    static constexpr int kMinRedlockServers = 3;
    /// Independent single servers, comma-separated ("redis://h:1,redis://h:2,redis://h:3"), as
    /// Redlock takes them. Throws UriError naming the bad part (of the n-th URI): an empty
    /// entry, a host:port given twice (two dbs of one server are not independent), fewer than
    /// kMinRedlockServers.
    static QList<RedisUri> parseList(const QString& text);
    /// The list form of parseList(), passwords masked unless withPassword.
    static QString listToString(const QList<RedisUri>& uris, bool withPassword = false);
    /// $LOCKSCOPE_REDIS if set, else redis://127.0.0.1:6379.
    static RedisUri fromEnvironment();
    /// Round-trippable URI; the password is replaced by "***" unless withPassword.
    QString toString(bool withPassword = false) const;
    /// A single-server URI for one node of this topology: same user, password and db.
    RedisUri single(const HostPort& node) const;
    /// "redis", "redis-cluster", "redis-sentinel" (JSON, status texts).
    static QString topologyName(RedisTopology topology);
    /// The URI's scheme: topologyName(), with "rediss" for TLS.
    QString scheme() const;
};

} // namespace lockscope
