#pragma once

#include "core/monitor/snapshot.h"

#include <QAbstractTableModel>
#include <QHash>
#include <vector>

namespace lockscope {

/// Every live lock, one row each, kept sorted by id. A refresh is merged row by row from the
/// monitor's diff (beginInsertRows / beginRemoveRows / dataChanged): never a reset, so the
/// operator's selection and scroll position survive. Only a switch to other servers, where
/// nothing survives anyway, is a reset (clear()). The lease countdown is not model data that
/// changes: the model exposes the deadline (LeaseDeadlineRole) and the view draws from the clock.
class LockModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        BackendCol,
        ResourceCol,
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
        SortRole
    };

    explicit LockModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    void applyDiff(const SnapshotDiff& diff);
    /// The span of columns a refresh changed in one row (first, last).
    static std::pair<int, int> changedColumns(const LockEntry& before, const LockEntry& after);
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
};

} // namespace lockscope
