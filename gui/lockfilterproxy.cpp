#include "gui/lockfilterproxy.h"

#include "gui/lockmodel.h"

namespace lockscope {

LockFilterProxy::LockFilterProxy(QObject* parent)
    : QSortFilterProxyModel(parent) {
    setSortRole(LockModel::SortRole);
    setDynamicSortFilter(true);
    // filterAcceptsRow reads resource, holder, flags and backend; resource and backend never
    // change for a row (they are its id), and the model widens every change of holder or flags
    // to include this column: so a change elsewhere (a lease renewal) skips re-filtering.
    setFilterKeyColumn(LockModel::HolderCol);
}

void LockFilterProxy::setText(const QString& text) {
    m_text = text.trimmed();
    invalidateFilter();
}

void LockFilterProxy::setBackend(const QString& backendName) {
    m_backend = backendName;
    invalidateFilter();
}

bool LockFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const {
    const QAbstractItemModel* m = sourceModel();
    if (!m_backend.isEmpty() &&
        m->index(sourceRow, 0, sourceParent).data(LockModel::BackendRole).toString() != m_backend)
        return false;
    if (m_text.isEmpty())
        return true;
    for (int col :
         {LockModel::ResourceCol, LockModel::HolderCol, LockModel::FlagsCol, LockModel::BackendCol})
        if (m->index(sourceRow, col, sourceParent)
                .data()
                .toString()
                .contains(m_text, Qt::CaseInsensitive))
            return true;
    return false;
}

} // namespace lockscope
