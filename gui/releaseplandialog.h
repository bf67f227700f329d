#pragma once

#include "core/monitor/lockentry.h"

#include <QDialog>
#include <QList>

class QLineEdit;
class QCheckBox;
class QPushButton;
class QTableWidget;

namespace lockscope {

/// Force-release of several locks at once: lists every lock and what will be done to it, asks
/// for one reason, once. Each release then goes through the usual path, one by one, each with
/// its own audited outcome.
class ReleasePlanDialog : public QDialog {
    Q_OBJECT
public:
    explicit ReleasePlanDialog(const QList<LockEntry>& entries, QWidget* parent = nullptr);
    QString reason() const;
    bool cancelOnly() const;
    /// cancelOnly() where e offers it (PostgreSQL); false for the others.
    bool cancelOnlyFor(const LockEntry& e) const;
    /// One row per lock: backend, kind, resource, holder, what will be done.
    QTableWidget* planTable() const { return m_plan; }
    QPushButton* releaseButton() const { return m_release; }
    QLineEdit* reasonEdit() const { return m_reason; }

private:
    void updateActions();

    QList<LockEntry> m_entries;
    QTableWidget* m_plan = nullptr;
    QLineEdit* m_reason = nullptr;
    QCheckBox* m_cancelOnly = nullptr;
    QPushButton* m_release = nullptr;
};

} // namespace lockscope
