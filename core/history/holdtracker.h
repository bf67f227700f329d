#pragma once

#include "core/history/holdrecord.h"
#include "core/monitor/snapshot.h"

#include <QHash>
#include <vector>

namespace lockscope {

/// What one refresh started and ended: holds, waits, outages. Records are complete copies, so
/// a consumer (the history store, the exporter, the alert engine) keeps none of the tracker's
/// state.
struct HistoryChanges {
    std::vector<HoldRecord> holdsStarted;
    std::vector<HoldRecord> holdsEnded;
    std::vector<WaitRecord> waitsStarted;
    std::vector<WaitRecord> waitsEnded;
    std::vector<OutageRecord> outagesStarted;
    std::vector<OutageRecord> outagesEnded;
    bool empty() const {
        return holdsStarted.empty() && holdsEnded.empty() && waitsStarted.empty() &&
               waitsEnded.empty() && outagesStarted.empty() && outagesEnded.empty();
    }
};

/// Turns the monitor's successive snapshots into holds, waits and outages (docs/HISTORY.md).
/// Plain value logic, no I/O: feed it every snapshot in order (any thread, one at a time).
///  - A lock seen for the first time starts a hold; the same lock id with another holder or
///    token ends the previous hold (Released) and starts a new one. It starts at the server's
///    acquisition time when known, but never before the previous answer of its server: locks
///    already held when tracking began keep their real start; one taken later, by a holder that
///    waited, starts when it was taken, not when its holder began to wait.
///  - A hold whose lock is gone ends when the refresh that saw it gone was taken: Expired when
///    that is at or after its last observed deadline, HolderDied when it was last seen
///    Orphaned, ForceReleased when noteForceRelease() named it, else Released.
///  - While a backend is down its locks are last known, not gone (Snapshot::unknownSinceMs):
///    nothing ends. A hold found gone when the server answers again ends Unobserved at the
///    start of the outage, or Expired at its deadline if that fell within it.
class HoldTracker {
public:
    HistoryChanges observe(const Snapshot& snapshot);
    /// An operator force-released this observed lock (LockEntry::id(), holder): its hold's end,
    /// seen at a later refresh, is ForceReleased.
    void noteForceRelease(const QString& lockId, const QString& holder);

    const QHash<QString, HoldRecord>& openHolds() const { return m_holds; }
    const QHash<QString, WaitRecord>& openWaits() const { return m_waits; }
    const QHash<Backend, OutageRecord>& openOutages() const { return m_outages; }

private:
    QHash<QString, HoldRecord> m_holds;  ///< by lock id
    QHash<QString, int64_t> m_deadlines; ///< by lock id: last observed lease deadline
    QHash<QString, bool> m_orphaned;     ///< by lock id: last seen Orphaned
    QHash<QString, WaitRecord> m_waits;  ///< by lock id + '\n' + waiter
    QHash<Backend, OutageRecord> m_outages;
    QHash<QString, QString> m_forceReleased; ///< lock id -> holder
    /// Per backend: when it last answered, as of the previous snapshot (0: never seen). A hold
    /// first seen after that started after it, whatever the server says (a ZooKeeper node's
    /// ctime, a transaction's start are when its holder began to wait, not when it got the lock).
    QHash<Backend, int64_t> m_answered;
};

} // namespace lockscope
