#include "gui/keyedrowsmodel.h"

#include <QHash>

namespace lockscope {

KeyedRowsModel::KeyedRowsModel(QStringList headers, QObject* parent)
    : QAbstractTableModel(parent)
    , m_headers(std::move(headers)) {}

void KeyedRowsModel::setRows(std::vector<Row> rows) {
    QHash<QString, size_t> incoming;
    for (size_t i = 0; i < rows.size(); ++i)
        incoming.insert(rows[i].key, i);
    // Gone: removed from the bottom up, one row each.
    for (int r = int(m_rows.size()) - 1; r >= 0; --r) {
        if (incoming.contains(m_rows[size_t(r)].key))
            continue;
        beginRemoveRows({}, r, r);
        m_rows.erase(m_rows.begin() + r);
        endRemoveRows();
    }
    // Kept: updated in place.
    QHash<QString, int> present;
    for (int r = 0; r < int(m_rows.size()); ++r) {
        Row& old = m_rows[size_t(r)];
        present.insert(old.key, r);
        Row& fresh = rows[incoming.value(old.key)];
        if (old.cells == fresh.cells && old.tooltip == fresh.tooltip)
            continue;
        old.cells = std::move(fresh.cells);
        old.tooltip = std::move(fresh.tooltip);
        emit dataChanged(index(r, 0), index(r, columnCount() - 1));
    }
    // New: appended.
    std::vector<Row> added;
    for (Row& row : rows) {
        if (!present.contains(row.key))
            added.push_back(std::move(row));
    }
    if (added.empty())
        return;
    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + int(added.size()) - 1);
    for (Row& row : added)
        m_rows.push_back(std::move(row));
    endInsertRows();
}

const KeyedRowsModel::Row* KeyedRowsModel::rowAt(int row) const {
    return row >= 0 && row < int(m_rows.size()) ? &m_rows[size_t(row)] : nullptr;
}

int KeyedRowsModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(m_rows.size());
}

int KeyedRowsModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(m_headers.size());
}

QVariant KeyedRowsModel::data(const QModelIndex& index, int role) const {
    const Row* row = rowAt(index.row());
    if (!row || index.column() >= int(row->cells.size()))
        return {};
    const Cell& c = row->cells[size_t(index.column())];
    switch (role) {
    case Qt::DisplayRole:
        return c.text;
    case Qt::UserRole:
        return c.sort.isValid() ? c.sort : QVariant(c.text);
    case Qt::TextAlignmentRole:
        return c.numeric ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    case Qt::ToolTipRole:
        return row->tooltip.isEmpty() ? QVariant() : QVariant(row->tooltip);
    default:
        return {};
    }
}

QVariant KeyedRowsModel::headerData(int section, Qt::Orientation o, int role) const {
    if (o == Qt::Horizontal && role == Qt::DisplayRole && section < m_headers.size())
        return m_headers[section];
    return QAbstractTableModel::headerData(section, o, role);
}

} // namespace lockscope
