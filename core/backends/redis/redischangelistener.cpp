#include "core/backends/redis/redischangelistener.h"

#include "core/backends/redis/keyspacelistener.h"
#include "core/backends/redis/trackinglistener.h"

namespace lockscope {

RedisChangeListener::RedisChangeListener(const MonitorConfig& config,
                                         std::function<void()> onChange)
    : m_tracking(std::make_unique<TrackingListener>(config, onChange))
    , m_keyspace(std::make_unique<KeyspaceListener>(config, std::move(onChange))) {}

RedisChangeListener::~RedisChangeListener() = default;

bool RedisChangeListener::active() const {
    return m_tracking->active() || m_keyspace->active();
}

ChangeStatus RedisChangeListener::status() const {
    ChangeStatus tracking = m_tracking->status();
    if (tracking.mode == ChangeMode::Tracking)
        return tracking;
    if (m_keyspace->active())
        return {ChangeMode::Notifications, tracking.detail};
    return tracking; // Polling, and why tracking is not in use
}

} // namespace lockscope
