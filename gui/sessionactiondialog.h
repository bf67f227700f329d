#pragma once

#include "core/monitor/lockentry.h"

#include <QDialog>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace lockscope {

/// Confirms terminating a PostgreSQL session (or cancelling its query): says exactly what will
/// happen (ForceReleaser::describe: only if the pid is still that backend), asks for a reason
/// (required, audited), and offers cancel-only.
class SessionActionDialog : public QDialog {
    Q_OBJECT
public:
    /// session: PgSessionObservation::entryFor / entryForTreeNode.
    SessionActionDialog(const LockEntry& session, bool cancelOnly, QWidget* parent = nullptr);
    QString reason() const;
    bool cancelOnly() const;
    QString actionText() const;
    QPushButton* actButton() const { return m_act; }
    QLineEdit* reasonEdit() const { return m_reason; }
    QCheckBox* cancelOnlyBox() const { return m_cancelOnly; }

private:
    void updateText();

    LockEntry m_session;
    QLabel* m_action = nullptr;
    QLineEdit* m_reason = nullptr;
    QCheckBox* m_cancelOnly = nullptr;
    QPushButton* m_act = nullptr;
};

} // namespace lockscope
