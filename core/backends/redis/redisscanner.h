#pragma once

#include "core/backends/lockbackend.h"
#include "core/monitor/lockentry.h"
#include "core/monitor/monitorconfig.h"

#include <QString>
#include <map>
#include <memory>
#include <vector>

namespace lockscope {

class RedisClient;
class RedisConnection;

/// Finds lock keys with SCAN (never KEYS) and reads TYPE, PTTL and the value pipelined.
/// Recognises LockScope's values, redis-py's Lock (a token string), Redisson's hash locks
/// (field "<uuid>:<threadId>" -> hold count) and plain SET NX values. Memory grows with the
/// lock keys found, not with the keyspace: each SCAN batch is classified and dropped. On a
/// Redis Cluster every primary is scanned, in parallel, each on its own connection; each lock
/// says which node it was found on (RedisObservation::node).
class RedisScanner : public BackendScanner {
public:
    explicit RedisScanner(const MonitorConfig& config);
    ~RedisScanner() override;
    ScanResult scan() override;
    /// Classification of one string value, for tests and the force-release preview.
    /// node: where it was read ("host:port"), empty when unknown.
    static void classifyString(LockEntry& e, const std::string& key, const std::string& value,
                               const std::string& node = {});
    /// Classification of one hash with one field (Redisson's lock: field "<uuid>:<threadId>",
    /// value the hold count); false, e untouched, for any other hash.
    static bool classifyHash(LockEntry& e, const NamespaceConfig& config, const std::string& key,
                             const std::string& field, const std::string& count,
                             const std::string& node = {});
    /// What a key locks, from the layouts LockScope knows: "cart:42" for <ns>:lock:{cart:42} (in
    /// the configured namespace whatever the value, in another namespace when the value is
    /// LockScope's); the key itself otherwise (redis-py, Redisson, plain SET NX keys).
    static QString logicalResourceOf(const NamespaceConfig& config, const std::string& key,
                                     bool lockScopeValue);
    /// The Redisson hash as observed: "<field>\0<hold count>", byte for byte.
    static QByteArray redissonBytes(const std::string& field, const std::string& count);
    /// What an entry's rawBytes are: "<key>\0<value>", the exact key bytes then the exact value
    /// bytes (for Redisson, redissonBytes()), so that two keys never share a fingerprint.
    static QByteArray observedBytes(const std::string& key, const QByteArray& value);
    /// The key as the entry's resource: DisplayText::escapeBytes (its UTF-8 text, a backslash as
    /// \\, control characters and bytes that are not valid UTF-8 as \xNN), so that two keys never
    /// display the same and `--resource` names one exactly (the raw key stays in
    /// RedisObservation::key).
    static QString displayKey(const std::string& key);

private:
    bool isLockScopeInternal(const std::string& key) const;
    /// Every lock key on one node.
    void scanNode(RedisClient& client, const QString& node, std::vector<LockEntry>& out) const;

    MonitorConfig m_config;
    /// Routes and tells the nodes to scan (itself for a single server).
    std::unique_ptr<RedisConnection> m_router;
    /// One connection per node scanned ("host:port"), kept across refreshes.
    std::map<QString, std::unique_ptr<RedisClient>> m_nodes;
};

} // namespace lockscope
