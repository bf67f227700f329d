#pragma once

#include "core/backends/lockbackend.h"
#include "core/monitor/monitorconfig.h"

#include <atomic>
#include <functional>
#include <stop_token>
#include <thread>

namespace lockscope {

/// Redis keyspace notifications, used only when the server already has them enabled (LockScope
/// never switches them on: that is the operator's decision). On any event for a key that looks
/// like a lock, onChange is called (on this listener's thread) so the monitor refreshes at once.
class KeyspaceListener : public ChangeListener {
public:
    KeyspaceListener(const MonitorConfig& config, std::function<void()> onChange);
    ~KeyspaceListener() override;
    /// True when the server's notify-keyspace-events covers key-space events for strings and
    /// hashes, expiry and generic commands, and the listener is running.
    bool active() const override { return m_active.load(); }
    ChangeStatus status() const override {
        return {m_active ? ChangeMode::Notifications : ChangeMode::Polling, {}};
    }
    /// Parses a notify-keyspace-events value.
    static bool sufficient(const QString& flags);

private:
    void run(const MonitorConfig& config, std::stop_token stop);

    std::function<void()> m_onChange;
    std::atomic<bool> m_active{false};
    int m_wakeFd = -1; ///< eventfd: a stop request wakes the blocking read at once
    std::jthread m_thread;
};

} // namespace lockscope
