#pragma once

#include "core/monitor/lockentry.h"

#include <QDialog>

class QLineEdit;
class QCheckBox;
class QLabel;
class QPushButton;

namespace lockscope {

/// Says exactly what will happen ("delete `k` only if its value is still `v`", "terminate backend
/// 4242 running `...`"), asks for a reason (required), and offers cancel-only for PostgreSQL.
class ForceReleaseDialog : public QDialog {
    Q_OBJECT
public:
    explicit ForceReleaseDialog(const LockEntry& entry, QWidget* parent = nullptr);
    QString reason() const;
    bool cancelOnly() const;
    QString actionText() const;
    QPushButton* releaseButton() const { return m_release; }
    QLineEdit* reasonEdit() const { return m_reason; }

private:
    void updateText();

    LockEntry m_entry;
    QLabel* m_action = nullptr;
    QLabel* m_fingerprint = nullptr;
    QLineEdit* m_reason = nullptr;
    QCheckBox* m_cancelOnly = nullptr;
    QPushButton* m_release = nullptr;
};

} // namespace lockscope
