#pragma once

#include "core/backends/lockbackend.h"
#include "core/monitor/monitorconfig.h"

#include <functional>
#include <memory>

namespace lockscope {

class KeyspaceListener;
class TrackingListener;

/// How the monitor learns of Redis changes, best first: server-assisted invalidation
/// (TrackingListener: needs no server configuration), keyspace notifications when the server
/// already has them on (KeyspaceListener), else polling. Both listeners run; a change seen by
/// both is one refresh (the owner coalesces pokes). status() says which one is in use and, when
/// tracking is refused (an ACL without CLIENT TRACKING, Redis < 6), why.
class RedisChangeListener : public ChangeListener {
public:
    RedisChangeListener(const MonitorConfig& config, std::function<void()> onChange);
    ~RedisChangeListener() override;
    bool active() const override;
    ChangeStatus status() const override;

private:
    std::unique_ptr<TrackingListener> m_tracking;
    std::unique_ptr<KeyspaceListener> m_keyspace;
};

} // namespace lockscope
