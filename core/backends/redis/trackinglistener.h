#pragma once

#include "core/backends/lockbackend.h"
#include "core/monitor/monitorconfig.h"

#include <QRegularExpression>
#include <QStringList>
#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <stop_token>
#include <thread>
#include <vector>

namespace lockscope {

struct RedisUri;

/// Redis server-assisted invalidation, which needs no server configuration (Redis >= 6): per
/// server (each Cluster primary; behind Sentinel the current primary) a subscriber connection
/// (SUBSCRIBE __redis__:invalidate, RESP2) and a tracking connection doing
/// `CLIENT TRACKING on REDIRECT <subscriber id> BCAST [PREFIX p ...]`. The server then sends the
/// name of every key written under the prefixes (no prefix: every key) to the subscriber;
/// onChange is called (on this listener's threads) for a key that matches the monitor's
/// patterns. A lost connection is reopened (a restart, a Sentinel failover: the new primary;
/// a Cluster failover: the new slot map). Refused (CLIENT TRACKING or the channel not granted,
/// Redis < 6): the listener stops and says why (status().detail); the monitor then polls.
class TrackingListener : public ChangeListener {
public:
    /// What to ask the server for, from the patterns and MonitorConfig::redisTracking.
    struct Plan {
        bool track = false;   ///< false: Off
        QStringList prefixes; ///< empty with track: every key (BCAST without PREFIX)
        bool partial = false; ///< some pattern is not covered (PrefixesOnly): it is polled
    };
    static Plan planFor(const MonitorConfig& config);
    /// The prefix a SCAN MATCH pattern stands for ("app:lock:*" -> "app:lock:"), nothing when
    /// the pattern is not "<literal>*".
    static std::optional<QString> prefixOf(const QString& pattern);

    TrackingListener(const MonitorConfig& config, std::function<void()> onChange);
    ~TrackingListener() override;
    /// Tracking on every server.
    bool active() const override;
    ChangeStatus status() const override;
    /// Refused for good (the monitor falls back); the reason in status().detail.
    bool refused() const { return m_refused.load(); }

private:
    void supervise(const MonitorConfig& config, std::stop_token stop);
    void runNode(const RedisUri& node, bool sentinel, std::stop_token stop, int wakeFd);
    void refuse(const QString& why);

    std::function<void()> m_onChange;
    Plan m_plan;
    QRegularExpression m_match;
    std::atomic<int> m_nodes{0};
    std::atomic<int> m_activeNodes{0};
    std::atomic<bool> m_refused{false};
    std::atomic<bool> m_reopen{false}; ///< a node lost its connection: rediscover the nodes
    mutable std::mutex m_mutex;
    std::condition_variable_any m_cv; ///< the supervisor waits on it for m_reopen / m_refused
    QString m_detail;
    std::jthread m_thread;
};

} // namespace lockscope
