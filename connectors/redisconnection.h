#pragma once

#include "connectors/redisreply.h"
#include "connectors/redisuri.h"

#include <QString>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace lockscope {

/// Where LockScope sends Redis commands, whatever stands behind the URI: one server
/// (RedisClient), a Redis Cluster (RedisClusterClient, which routes each command to the primary
/// owning its key's slot) or a primary found through Sentinel (RedisSentinelClient, which
/// follows failovers). Commands that name a key are routed by that key (the first key of EVAL);
/// key-less ones (PING, INFO) go to any one node. SCAN covers one node only: a scanner asks
/// scanTargets() for the nodes to scan. Not thread-safe: one connection per thread.
class RedisConnection {
public:
    using Args = std::vector<std::string>;
    struct Options {
        std::chrono::milliseconds connectTimeout{3000};
        std::chrono::milliseconds commandTimeout{3000};
    };
    /// The connect and reply timeout of a discovery query (a sentinel asked for the primary, a
    /// Cluster node asked for the slot map), shorter than a command's: another sentinel or node
    /// can answer instead, so a silent one costs this once (EndpointMemory then tries it last).
    static constexpr std::chrono::milliseconds kDiscoveryTimeout{1000};
    /// options with both timeouts at most kDiscoveryTimeout.
    static Options discoveryOptions(Options options);

    /// Connects to what the URI names (its topology); throws ConnectorError or UriError.
    static std::unique_ptr<RedisConnection> open(const RedisUri& uri, Options options);
    static std::unique_ptr<RedisConnection> open(const RedisUri& uri) {
        return open(uri, Options{});
    }

    virtual ~RedisConnection() = default;

    /// Sends one command. Server error replies come back as values (isError()); I/O failures,
    /// timeouts and a lost connection throw ConnectorError.
    virtual RedisReply command(const Args& args) = 0;
    /// Like command(), but an error reply throws ConnectorError(Server).
    RedisReply commandChecked(const Args& args);
    /// Sends the commands and reads all replies, in order (pipelined per node).
    virtual std::vector<RedisReply> pipeline(const std::vector<Args>& commands) = 0;
    /// EVALSHA with the script's SHA1; on NOSCRIPT falls back to EVAL (which caches it). All keys
    /// must hash to one slot on a Cluster (LockScope's keys share a {hash tag}).
    virtual RedisReply evalScript(const std::string& script, const Args& keys,
                                  const Args& argv) = 0;
    /// Changes the per-command timeout (e.g. around a blocking BLPOP).
    virtual void setCommandTimeout(std::chrono::milliseconds timeout) = 0;
    virtual std::chrono::milliseconds commandTimeout() const = 0;
    /// The single servers a full scan must visit: the server itself; every Cluster primary; the
    /// current Sentinel primary. With credentials, db 0 or the URI's db.
    virtual std::vector<RedisUri> scanTargets() = 0;
    /// The node that serves key now, "host:port" (for a lock row's "held on" column).
    virtual QString nodeOf(const std::string& key) = 0;
    /// What stands behind the URI, for a status line: "" for a single server, "Cluster: 3
    /// primaries", "Sentinel: primary 127.0.0.1:6380". May ask the server (throws
    /// ConnectorError).
    virtual QString describeTopology() { return {}; }
    /// The EVALSHA name of a script: its SHA1, lower-case hex.
    static std::string scriptSha(const std::string& script);
    /// The server's "redis_version" from INFO server (any node).
    std::string serverVersion();
};

} // namespace lockscope
