#pragma once

#include "core/backends/lockbackend.h"
#include "core/monitor/monitorconfig.h"

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <stop_token>
#include <thread>

namespace lockscope {

/// PostgreSQL's adaptive polling. PostgreSQL tells no one that a lock was taken, so a thread
/// asks a cheap question instead of the full scan: a fingerprint of the lock rows the scanner
/// reports on (advisory locks, RowShareLock table locks of SELECT ... FOR UPDATE/SHARE, every
/// lock someone waits for) and of LockScope's lease rows, one indexed round trip of a few
/// hundred microseconds. Every kFast while a lock is waited for or the fingerprint changed in
/// the last kBusyFor, every kIdle otherwise. A changed fingerprint calls onChange (the monitor
/// scans PostgreSQL at once); the monitor's timed refresh scans it only after a change, or
/// every kFullScanEvery (lease countdowns, stale flags).
class PgChangeDetector : public ChangeListener {
public:
    static constexpr std::chrono::milliseconds kFast{50};
    static constexpr std::chrono::milliseconds kIdle{200};
    static constexpr std::chrono::milliseconds kBusyFor{2000};
    static constexpr std::chrono::milliseconds kFullScanEvery{5000};

    /// The change check's SQL for a namespace's schema (leases: whether that table exists).
    static std::string checkSql(const NamespaceConfig& config, bool leases);

    PgChangeDetector(const MonitorConfig& config, std::function<void()> onChange);
    ~PgChangeDetector() override;
    bool active() const override { return m_active.load(); }
    ChangeStatus status() const override;
    bool scanDue(std::chrono::steady_clock::time_point lastScan) const override;

    /// What it cost so far: checks made, and the time they took (the bench, the docs).
    uint64_t checks() const { return m_checks.load(); }
    bool fast() const { return m_fast.load(); }

private:
    using Clock = std::chrono::steady_clock;
    void run(const MonitorConfig& config, std::stop_token stop);

    std::function<void()> m_onChange;
    std::atomic<bool> m_active{false};
    std::atomic<bool> m_fast{false};
    std::atomic<uint64_t> m_checks{0};
    std::atomic<int64_t> m_lastChangeNs{0}; ///< steady clock, 0: none seen
    mutable std::mutex m_mutex;
    QString m_detail;
    std::jthread m_thread;
};

} // namespace lockscope
