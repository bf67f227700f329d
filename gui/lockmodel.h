#pragma once

#include "core/monitor/snapshot.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QMap>
#include <QSet>
#include <functional>
#include <utility>
#include <vector>

class QTimer;

namespace lockscope {

/// Every live lock, one row each, kept sorted by id. A refresh is merged row by row from the
/// monitor's diff (beginInsertRows / beginRemoveRows / dataChanged): never a reset, so the
/// operator's selection and scroll position survive. Only a switch to other servers, where
/// nothing survives anyway, is a reset (clear()). The lease countdown is not model data that
/// changes: the model exposes the deadline (LeaseDeadlineRole) and the view draws from the clock.
/// Time moves: once a second the time columns of every row are announced changed (tick()), so
/// "held for" and the ages of last-known rows advance whether or not the row repaints otherwise.
class LockModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        BackendCol,
        KindCol,
        ResourceCol, ///< logical: what was locked (cart:42)
        PhysicalCol, ///< the key, node or row it was read from
        NodeCol,     ///< the server of several it was read on (a Cluster primary, a Redlock one)
        HolderCol,
        TokenCol,
        HeldForCol,
        LeaseCol,
        WaitersCol,
        FlagsCol,
        ColumnCount
    };
    enum Role {
        EntryIdRole = Qt::UserRole + 1,
        LeaseDeadlineRole, ///< qint64 wall-clock ms, or invalid: no expiry
        LeaseTotalRole, ///< qint64 ms: the longest remaining lease seen for this lock (bar scale)
        StaleRole,      ///< bool
        BackendRole,    ///< QString backend name
        SortRole,
        LastKnownRole, ///< bool: its backend is down, the row is only its last known state
        AlertRole,     ///< bool: an alert fires for this lock (AlertCenter)
    };
    using Clock = std::function<qint64()>;

    explicit LockModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    void applyDiff(const SnapshotDiff& diff);
    /// The backends that are down and since when (Snapshot::unknownSinceMs): their rows are
    /// shown greyed as last known, with their age.
    void setUnknownSince(const QMap<Backend, int64_t>& since);
    /// A refresh taken at takenAtMs read every backend not in since: the rows of those backends
    /// were seen then, even the unchanged ones a diff does not carry. Then setUnknownSince(since).
    /// answeredAtMs (Snapshot::answeredAtMs): when each backend really answered; a backend
    /// missing from it counts as seen at takenAtMs.
    void setObserved(const QMap<Backend, int64_t>& since, int64_t takenAtMs,
                     const QMap<Backend, int64_t>& answeredAtMs = {});
    /// When e was last seen: its backend's last good refresh (not when it last changed).
    int64_t lastSeenMs(const LockEntry& e) const;
    /// e as of its last sighting (observed_at_ms then, the lease remaining then): for copy/export.
    LockEntry asLastSeen(const LockEntry& e) const;
    bool isLastKnown(int row) const;
    /// Read-only: tooltips say force-release is off instead of what it would do.
    void setReadOnly(bool readOnly) { m_readOnly = readOnly; }
    /// Wall clock in ms; tests inject one.
    void setClock(Clock clock) { m_clock = std::move(clock); }
    /// Announces the time columns (held for, lease, and the last-known age in flags) changed for
    /// every row. Called once a second by the model's own timer.
    void tick();
    /// The span of columns a refresh changed in one row (first, last).
    static std::pair<int, int> changedColumns(const LockEntry& before, const LockEntry& after);
    /// The ids of the locks with a firing alert: those rows are highlighted.
    void setAlertedIds(const QSet<QString>& ids);
    /// Forgets every row in one reset (a switch to other servers).
    void clear();
    const LockEntry* entryAt(int row) const;
    int rowOf(const QString& id) const;

private:
    // applyDiff's steps, in this order.
    void removeGoneRows(const std::vector<QString>& removed);
    void updateChangedRows(const std::vector<LockEntry>& changed);
    void insertFirstLoad(const std::vector<LockEntry>& added, const std::vector<QString>& addedIds);
    void insertAmongRows(const std::vector<LockEntry>& added, const std::vector<QString>& addedIds);

    std::vector<LockEntry> m_rows;
    std::vector<QString> m_ids; ///< m_rows[i].id(), built once per row, not per comparison
    QHash<QString, qint64> m_leaseTotal;
    QMap<Backend, int64_t> m_unknownSince;
    QSet<QString> m_alerted;
    bool m_readOnly = false;
    QMap<Backend, int64_t> m_lastSeen; ///< each backend's last good refresh
    Clock m_clock;
    QTimer* m_tick;
};

} // namespace lockscope
