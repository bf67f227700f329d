#pragma once

#include <QCollator>
#include <QSortFilterProxyModel>

namespace lockscope {

/// Text filter over the logical resource, the physical key/node/row, holder, kind and flags, plus
/// a backend filter; sorts by LockModel::SortRole, text naturally (lock:2 before lock:10).
class LockFilterProxy : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit LockFilterProxy(QObject* parent = nullptr);
    void setText(const QString& text);
    QString text() const { return m_text; }
    /// Empty: every backend.
    void setBackend(const QString& backendName);

signals:
    /// The filter changed (text or backend): the counts shown change.
    void filterChanged();

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;

private:
    QString m_text;
    QString m_backend;
    QCollator m_collator;
};

} // namespace lockscope
