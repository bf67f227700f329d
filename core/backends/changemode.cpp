#include "core/backends/changemode.h"

#include <QCoreApplication>

namespace lockscope {

QString changeModeName(ChangeMode mode) {
    switch (mode) {
    case ChangeMode::Tracking:
        return QStringLiteral("tracking");
    case ChangeMode::Notifications:
        return QStringLiteral("notifications");
    case ChangeMode::Watches:
        return QStringLiteral("watches");
    case ChangeMode::Polling:
        return QStringLiteral("polling");
    case ChangeMode::AdaptivePolling:
        return QStringLiteral("adaptive-polling");
    }
    return QStringLiteral("polling");
}

QString changeModeDescription(ChangeMode mode) {
    switch (mode) {
    case ChangeMode::Tracking:
        return QCoreApplication::translate(
            "ChangeMode", "Instant: the server tells LockScope of every write to a lock key "
                          "(Redis client-side caching invalidation, CLIENT TRACKING BCAST).");
    case ChangeMode::Notifications:
        return QCoreApplication::translate(
            "ChangeMode", "Instant: the server's keyspace notifications (enabled on the server).");
    case ChangeMode::Watches:
        return QCoreApplication::translate("ChangeMode",
                                           "Instant: ZooKeeper watches on the lock directories.");
    case ChangeMode::Polling:
        return QCoreApplication::translate("ChangeMode",
                                           "Polled: a change shows at the next refresh.");
    case ChangeMode::AdaptivePolling:
        return QCoreApplication::translate(
            "ChangeMode", "Adaptive polling: a cheap change check every 50 ms while a lock is "
                          "waited for or changing, every 200 ms when idle; the full scan only "
                          "after a change.");
    }
    return {};
}

} // namespace lockscope
