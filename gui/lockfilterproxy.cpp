#include "gui/lockfilterproxy.h"

#include "gui/lockmodel.h"

namespace lockscope {

LockFilterProxy::LockFilterProxy(QObject* parent)
    : QSortFilterProxyModel(parent)
    // Qt collates the C locale byte by byte, numeric mode ignored: lock:10 before lock:2.
    , m_collator(QLocale().language() == QLocale::C ? QLocale(QLocale::English) : QLocale()) {
    setSortRole(LockModel::SortRole);
    setDynamicSortFilter(true);
    // filterAcceptsRow reads resource, physical, kind, holder, flags and backend; backend, kind
    // and physical never change for a row (they are its id), and the model widens every change
    // of resource, holder or flags to include this column: so a change elsewhere (a lease
    // renewal) skips re-filtering.
    setFilterKeyColumn(LockModel::HolderCol);
    m_collator.setNumericMode(true);
    m_collator.setCaseSensitivity(Qt::CaseInsensitive);
}

void LockFilterProxy::setText(const QString& text) {
    m_text = text.trimmed();
    invalidateFilter();
    emit filterChanged();
}

void LockFilterProxy::setBackend(const QString& backendName) {
    m_backend = backendName;
    invalidateFilter();
    emit filterChanged();
}

bool LockFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const {
    const QAbstractItemModel* m = sourceModel();
    if (!m_backend.isEmpty() &&
        m->index(sourceRow, 0, sourceParent).data(LockModel::BackendRole).toString() != m_backend)
        return false;
    if (m_text.isEmpty())
        return true;
    for (int col : {LockModel::ResourceCol, LockModel::PhysicalCol, LockModel::HolderCol,
                    LockModel::FlagsCol, LockModel::KindCol, LockModel::BackendCol})
        if (m->index(sourceRow, col, sourceParent)
                .data()
                .toString()
                .contains(m_text, Qt::CaseInsensitive))
            return true;
    return false;
}

bool LockFilterProxy::lessThan(const QModelIndex& left, const QModelIndex& right) const {
    const QVariant l = left.data(sortRole()), r = right.data(sortRole());
    if (l.typeId() == QMetaType::QString && r.typeId() == QMetaType::QString) {
        const int c = m_collator.compare(l.toString(), r.toString());
        if (c != 0)
            return c < 0;
        // Equal names (one resource, several kinds): a stable order by id.
        return left.data(LockModel::EntryIdRole).toString() <
               right.data(LockModel::EntryIdRole).toString();
    }
    return QSortFilterProxyModel::lessThan(left, right);
}

} // namespace lockscope
