#pragma once

#include "core/monitor/auditrecord.h"

#include <QList>
#include <QWidget>

class QStandardItemModel;
class QTableView;
class QLabel;

namespace lockscope {

/// The audit table, newest first. New rows are inserted at the top; rows already shown are
/// updated in place (a 'pending' row gets its outcome). Times in local time with their zone;
/// only 'failed' and 'pending' are red.
class AuditPage : public QWidget {
    Q_OBJECT
public:
    explicit AuditPage(QWidget* parent = nullptr);
    QStandardItemModel* model() const { return m_model; }
    /// The records shown, newest first (for export).
    const QList<AuditRecord>& records() const { return m_records; }
    /// The outcome as the operator reads it, translated ("changed: nothing done", ...).
    static QString outcomeText(AuditRecord::Outcome outcome);
    QTableView* view() const { return m_view; }

public slots:
    void setRows(const QList<lockscope::AuditRecord>& rows);
    void setError(const QString& error);

signals:
    void reloadRequested();

private:
    QStandardItemModel* m_model;
    QTableView* m_view;
    QLabel* m_status;
    qint64 m_newestId = 0;
    QList<AuditRecord> m_records;
};

} // namespace lockscope
