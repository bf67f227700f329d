#pragma once

#include <QMetaType>
#include <QString>

namespace lockscope {

/// How the monitor learns that a server's locks changed (docs/ARCHITECTURE.md, "Instant
/// updates"). Typed inside; the names appear only in JSON, `locks watch` and the status bar.
enum class ChangeMode {
    /// Redis server-assisted invalidation: CLIENT TRACKING ... BCAST, redirected to a
    /// subscriber of __redis__:invalidate. A write to a watched key arrives within a round trip.
    Tracking,
    /// Redis keyspace notifications (only when the server already has them enabled).
    Notifications,
    /// ZooKeeper watches on the lock directories.
    Watches,
    /// Only the owner's refresh interval.
    Polling,
    /// PostgreSQL: a cheap change detector at a high rate while something waits or changes,
    /// a low one when idle; the full scan only on a change.
    AdaptivePolling,
};

/// "tracking", "notifications", "watches", "polling", "adaptive-polling".
QString changeModeName(ChangeMode mode);
/// One sentence for people (the status bar's tooltip).
QString changeModeDescription(ChangeMode mode);

/// What one backend's monitor uses, and why when it is not the best it could (a refusal).
struct ChangeStatus {
    ChangeMode mode = ChangeMode::Polling;
    QString detail; ///< e.g. "CLIENT TRACKING refused (NOPERM ...): polling"; may be empty
    bool operator==(const ChangeStatus&) const = default;
};

} // namespace lockscope

Q_DECLARE_METATYPE(lockscope::ChangeStatus)
