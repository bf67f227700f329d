#pragma once

#include "connectors/hostport.h"
#include "connectors/redisconnection.h"

#include <chrono>
#include <memory>

namespace lockscope {

class RedisClient;

/// A Redis primary found through Sentinel: asks the sentinels in turn (each under
/// kDiscoveryTimeout; those that recently did not answer last, EndpointMemory) for the primary
/// named in the URI (SENTINEL get-master-addr-by-name), connects to it and checks with ROLE that it
/// really is a primary (a sentinel may lag behind a failover). It follows a failover three ways:
/// - a second connection to one sentinel is subscribed to +switch-master; every call first
///   reads what it announced (a poll that does not wait) and re-resolves when the primary moved,
///   so the client leaves an old primary that still accepts commands;
/// - a READONLY reply (the old primary, now a replica, did not run the command) re-resolves and
///   sends the command again, once;
/// - a lost or silent connection makes the next call re-resolve, without repeating the failed
///   call, which may have run.
class RedisSentinelClient : public RedisConnection {
public:
    /// Throws ConnectorError naming each sentinel's answer when no primary is found.
    RedisSentinelClient(RedisUri uri, Options options);
    ~RedisSentinelClient() override;

    RedisReply command(const Args& args) override;
    std::vector<RedisReply> pipeline(const std::vector<Args>& commands) override;
    RedisReply evalScript(const std::string& script, const Args& keys, const Args& argv) override;
    void setCommandTimeout(std::chrono::milliseconds timeout) override;
    std::chrono::milliseconds commandTimeout() const override { return m_options.commandTimeout; }
    std::vector<RedisUri> scanTargets() override;
    QString nodeOf(const std::string& key) override;
    QString describeTopology() override;

    /// The primary the last resolution found.
    HostPort primary() const { return m_primary; }
    /// Primaries resolved so far (1 after the constructor; +1 per failover followed).
    int resolutions() const { return m_resolutions; }
    /// Asks the sentinels again and reconnects if the primary moved.
    void resolve();
    /// True while the +switch-master subscription is connected.
    bool watchingSwitches() const { return m_watch != nullptr; }

private:
    template <class F> auto call(F&& f);
    /// call(f), and once more after re-resolving if the reply is READONLY.
    template <class F> RedisReply callOnPrimary(F&& f);
    /// Reads pending +switch-master announcements (subscribing first if needed, at most once a
    /// second after a failure); re-resolves when one names this primary's new address.
    void followSwitches();
    void subscribeSwitches();

    RedisUri m_uri;
    Options m_options;
    HostPort m_primary;
    std::unique_ptr<RedisClient> m_client;
    std::unique_ptr<RedisClient> m_watch;
    std::chrono::steady_clock::time_point m_watchRetryAt{};
    int m_resolutions = 0;
};

} // namespace lockscope
