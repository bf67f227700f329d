#pragma once

#include "core/monitor/lockentry.h"
#include "core/monitor/monitorconfig.h"

#include <QJsonArray>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace lockscope {

class LockBackend;

/// One backend's scans, on a thread of its own: a server that answers nothing (frozen, stuck,
/// behind a silent network) delays only its own rows, never the other backends' (a SIGSTOPped
/// PostgreSQL stalled `locks watch` for all three). The scanner is built, used and dropped
/// (reconnecting after a failure) on that thread only.
class ScanWorker {
public:
    using Clock = std::chrono::steady_clock;

    /// What the last finished scan saw.
    struct Result {
        std::vector<LockEntry> locks; ///< empty unless `fresh` (see take())
        QJsonArray blockingTree;
        /// True when this scan had not been taken before: `locks` holds its locks. False: the
        /// caller already has them (its previous snapshot).
        bool fresh = false;
        QString error; ///< empty: the scan succeeded
        /// The error is a permission refusal (the server answered: it is up, this identity
        /// may not read): error then names the grant (PermissionAdvice).
        bool refused = false;
        double ms = 0;         ///< how long it took
        uint64_t sequence = 0; ///< 0: no scan has finished yet
        /// When the server last answered a scan (wall clock ms; 0: never): how old its last
        /// known locks are while it is down.
        int64_t lastAnswerMs = 0;
    };

    /// onChange is handed to the scanner (ZooKeeper watches); it is never called once this
    /// object is destroyed.
    ScanWorker(const LockBackend* backend, MonitorConfig config, std::function<void()> onChange);
    /// Stops the thread; one stuck in a call on a server is left to finish on its own (each
    /// call has a deadline) instead of holding up the caller.
    ~ScanWorker();
    ScanWorker(const ScanWorker&) = delete;
    ScanWorker& operator=(const ScanWorker&) = delete;

    const LockBackend* backend() const;
    /// Starts a scan unless one is running; true if this call started one.
    bool request();
    /// Waits until no scan is running, or deadline; true when none is.
    bool waitIdle(Clock::time_point deadline) const;
    /// Since when the running scan runs (nothing when idle).
    std::optional<Clock::time_point> runningSince() const;
    /// The last finished scan; its locks are moved out the first time (`fresh`), so that the
    /// worker keeps no copy of what its monitor already holds.
    Result take();

private:
    struct State;
    static void run(std::shared_ptr<State> state);
    std::shared_ptr<State> m_state;
};

} // namespace lockscope
