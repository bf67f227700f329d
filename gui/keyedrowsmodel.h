#pragma once

#include <QAbstractTableModel>
#include <QStringList>
#include <QVariant>
#include <vector>

namespace lockscope {

/// A table of rows that have a key, merged row by row on every update (rows gone are removed,
/// rows that changed emit dataChanged, new rows are appended; never a reset), so a refresh
/// keeps the operator's selection and scroll position. Sorting is a proxy's job: each cell
/// has a display text and a sort value (Qt::UserRole).
class KeyedRowsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    struct Cell {
        QString text;
        QVariant sort;        ///< invalid: sort by text
        bool numeric = false; ///< right-aligned
        bool operator==(const Cell& o) const {
            return text == o.text && sort == o.sort && numeric == o.numeric;
        }
    };
    struct Row {
        QString key;
        std::vector<Cell> cells;
        QString tooltip;
    };

    explicit KeyedRowsModel(QStringList headers, QObject* parent = nullptr);
    void setRows(std::vector<Row> rows);
    const Row* rowAt(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation o, int role) const override;

private:
    QStringList m_headers;
    std::vector<Row> m_rows;
};

} // namespace lockscope
