#include "connectors/redisconnection.h"

#include "connectors/connectorerror.h"
#include "connectors/redisclient.h"
#include "connectors/redisclusterclient.h"
#include "connectors/redissentinelclient.h"

#include <QCryptographicHash>
#include <unordered_map>

#include <algorithm>

namespace lockscope {

std::unique_ptr<RedisConnection> RedisConnection::open(const RedisUri& uri, Options options) {
    switch (uri.topology) {
    case RedisTopology::Cluster:
        return std::make_unique<RedisClusterClient>(uri, options);
    case RedisTopology::Sentinel:
        return std::make_unique<RedisSentinelClient>(uri, options);
    case RedisTopology::Single:
        break;
    }
    return std::make_unique<RedisClient>(uri, options);
}

RedisConnection::Options RedisConnection::discoveryOptions(Options options) {
    options.connectTimeout = std::min(options.connectTimeout, kDiscoveryTimeout);
    options.commandTimeout = std::min(options.commandTimeout, kDiscoveryTimeout);
    return options;
}

std::string RedisConnection::scriptSha(const std::string& script) {
    // Every lock cycle sends a script by its SHA1: hashed once per thread, not per call (a lock
    // script's SHA1 costs about as much as a round trip's client-side work). LockScope has a
    // handful of scripts; the bound is for callers that would make them up.
    thread_local std::unordered_map<std::string, std::string> known;
    if (const auto it = known.find(script); it != known.end())
        return it->second;
    if (known.size() >= 64)
        known.clear();
    std::string sha =
        QCryptographicHash::hash(QByteArray::fromStdString(script), QCryptographicHash::Sha1)
            .toHex()
            .toStdString();
    known.emplace(script, sha);
    return sha;
}

RedisReply RedisConnection::commandChecked(const Args& args) {
    RedisReply r = command(args);
    if (r.isError())
        throw ConnectorError(Backend::Redis,
                             r.isNoPerm() ? ConnectorError::Kind::NoAuth
                                          : ConnectorError::Kind::Server,
                             args.empty() ? QStringLiteral("command")
                                          : QString::fromStdString(args.front()).toUpper(),
                             QString::fromStdString(r.str));
    return r;
}

std::string RedisConnection::serverVersion() {
    const RedisReply info = commandChecked({"INFO", "server"});
    const std::string key = "redis_version:";
    const auto pos = info.str.find(key);
    if (pos == std::string::npos)
        return {};
    const auto end = info.str.find_first_of("\r\n", pos);
    return info.str.substr(pos + key.size(), end - pos - key.size());
}

} // namespace lockscope
