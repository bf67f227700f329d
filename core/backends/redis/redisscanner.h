#pragma once

#include "core/backends/lockbackend.h"
#include "core/monitor/lockentry.h"
#include "core/monitor/monitorconfig.h"

#include <memory>
#include <vector>

namespace lockscope {

class RedisClient;

/// Finds lock keys with SCAN (never KEYS) and reads TYPE, PTTL and the value pipelined.
/// Recognises LockScope's values, redis-py's Lock (a token string), Redisson's hash locks
/// (field "<uuid>:<threadId>" -> hold count) and plain SET NX values. Memory grows with the
/// lock keys found, not with the keyspace: each SCAN batch is classified and dropped.
class RedisScanner : public BackendScanner {
public:
    explicit RedisScanner(const MonitorConfig& config);
    ~RedisScanner() override;
    ScanResult scan() override;
    /// Classification of one string value, for tests and the force-release preview.
    static void classifyString(LockEntry& e, const std::string& key, const std::string& value);

private:
    bool isLockScopeInternal(const std::string& key) const;

    MonitorConfig m_config;
    std::unique_ptr<RedisClient> m_client;
};

} // namespace lockscope
