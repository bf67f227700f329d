#pragma once

#include <QSortFilterProxyModel>

namespace lockscope {

/// Text filter over resource, holder and flags, plus a backend filter; sorts by
/// LockModel::SortRole.
class LockFilterProxy : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit LockFilterProxy(QObject* parent = nullptr);
    void setText(const QString& text);
    /// Empty: every backend.
    void setBackend(const QString& backendName);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    QString m_text;
    QString m_backend;
};

} // namespace lockscope
