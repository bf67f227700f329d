#pragma once

#include "core/monitor/monitorconfig.h"
#include "core/monitor/snapshot.h"

#include <chrono>
#include <functional>
#include <map>
#include <memory>

namespace lockscope {

class RedisScanner;
class ZooKeeperScanner;
class PostgresScanner;
class KeyspaceListener;

/// One refresh of every backend into a Snapshot, and the diff against the previous one. A backend
/// that is down is reported in Snapshot::backendErrors while the others are still read, and it is
/// reconnected on the next refresh. Blocking: call from a worker thread.
class LockMonitor {
public:
    /// onChange is called (on a client library's thread) when a watched ZooKeeper lock directory
    /// changes, or a Redis keyspace notification names a lock key (only when the server already
    /// has notifications enabled), so that the owner can refresh at once instead of at the next
    /// poll.
    explicit LockMonitor(MonitorConfig config, std::function<void()> onChange = {});
    /// True while Redis keyspace notifications are being received.
    bool keyspaceNotificationsActive() const;
    ~LockMonitor();

    Snapshot refresh();
    /// The previous snapshot vs the new one; also makes the new one "previous".
    SnapshotDiff refreshDiff(Snapshot* out = nullptr);
    const Snapshot& last() const { return m_last; }
    const MonitorConfig& config() const { return m_config; }

private:
    MonitorConfig m_config;
    std::function<void()> m_onZkChange;
    std::unique_ptr<RedisScanner> m_redis;
    std::unique_ptr<ZooKeeperScanner> m_zk;
    std::unique_ptr<PostgresScanner> m_pg;
    std::unique_ptr<KeyspaceListener> m_keyspace;
    Snapshot m_last;
    /// A backend that failed is not reconnected before this, so it cannot slow the others down.
    std::map<std::string, std::pair<std::chrono::steady_clock::time_point, QString>> m_retry;
};

} // namespace lockscope
