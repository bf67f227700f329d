#pragma once

#include "core/alerts/alert.h"

#include <QAbstractTableModel>
#include <vector>

namespace lockscope {

class AlertCenter;

/// The Alerts page's table: the firing alerts, then the recently resolved ones. Merged row by
/// row from the AlertCenter on every change (rows removed, inserted, updated: never a reset).
class AlertModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { StateCol, RuleCol, SubjectCol, SinceCol, DetailCol, ColumnCount };
    enum Role { FiringRole = Qt::UserRole + 1, AlertIdRole, SortRole };

    explicit AlertModel(const AlertCenter* center, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    const Alert* alertAt(int row) const;

public slots:
    void refresh();

private:
    static QString keyOf(const Alert& a);

    const AlertCenter* m_center;
    std::vector<Alert> m_rows;
    std::vector<QString> m_keys;
};

} // namespace lockscope
