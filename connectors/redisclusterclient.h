#pragma once

#include "connectors/hostport.h"
#include "connectors/redisconnection.h"

#include <map>
#include <memory>
#include <utility>
#include <vector>

namespace lockscope {

class RedisClient;

/// A Redis Cluster client on top of RedisClient (hiredis 0.14 has none): the slot map from
/// CLUSTER SLOTS, one connection per primary, each command sent to the primary owning its key's
/// slot (CRC16, hash tags). MOVED refreshes the map and retries; ASK retries once on the
/// importing node after ASKING; TRYAGAIN waits briefly. At most kMaxRedirects retries per call,
/// each round trip under the command timeout. A node that stops answering makes the next call
/// reload the map (a failover may have promoted its replica); the failed call itself is not
/// repeated, as it may have run.
class RedisClusterClient : public RedisConnection {
public:
    static constexpr int kMaxRedirects = 5;

    struct Shard {
        HostPort primary;
        std::string nodeId;
        std::vector<std::pair<int, int>> slotRanges; ///< inclusive ranges
        std::vector<HostPort> replicas;
    };

    /// Loads the slot map from the first seed that answers (each asked under kDiscoveryTimeout;
    /// those that recently did not answer last, EndpointMemory); throws ConnectorError naming
    /// every seed's failure, or InvalidArgument when a seed is not a Cluster node. Errors of a
    /// call name the node that failed.
    RedisClusterClient(RedisUri uri, Options options);
    ~RedisClusterClient() override;

    RedisReply command(const Args& args) override;
    std::vector<RedisReply> pipeline(const std::vector<Args>& commands) override;
    RedisReply evalScript(const std::string& script, const Args& keys, const Args& argv) override;
    void setCommandTimeout(std::chrono::milliseconds timeout) override;
    std::chrono::milliseconds commandTimeout() const override { return m_options.commandTimeout; }
    /// Every primary, from a freshly loaded slot map.
    std::vector<RedisUri> scanTargets() override;
    QString nodeOf(const std::string& key) override;
    QString describeTopology() override;

    /// The shards as last loaded (reloaded when refresh).
    std::vector<Shard> shards(bool refresh);
    /// MOVED and ASK redirections followed so far (for tests and the status).
    int redirectsFollowed() const { return m_redirects; }

private:
    void loadSlots();
    RedisClient& clientFor(const HostPort& node);
    /// The connection to node, made with connectWith's timeouts if there is none yet.
    RedisClient& clientFor(const HostPort& node, const Options& connectWith);
    const HostPort& ownerOf(int slot) const;
    /// Sends args to the owner of slot, following redirections.
    RedisReply routed(int slot, const Args& args);
    /// The slot the command's key maps to; -1 for a key-less command.
    static int slotOf(const Args& args);

    RedisUri m_uri;
    Options m_options;
    std::vector<Shard> m_shards;
    std::vector<int> m_slotOwner; ///< slot -> index in m_shards
    std::map<QString, std::unique_ptr<RedisClient>> m_clients;
    bool m_stale = false;
    int m_redirects = 0;
};

} // namespace lockscope
