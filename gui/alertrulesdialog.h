#pragma once

#include "core/alerts/alertsettings.h"

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTableWidget;
class QTableWidgetItem;

namespace lockscope {

/// Alert rules: one row per rule, written as on the CLI (`held>5m:kind=redis-key`), with a
/// check box to enable it and its meaning (or what is wrong with it) beside; Add, Edit, Remove;
/// the command to run per alert and its timeout. Core parses and validates (AlertRule::parse):
/// OK stays disabled while a rule is not valid.
class AlertRulesDialog : public QDialog {
    Q_OBJECT
public:
    explicit AlertRulesDialog(const AlertSettings& settings, QWidget* parent = nullptr);

    /// The rules and command as shown (call after exec() returned Accepted).
    AlertSettings alertSettings() const;
    QTableWidget* table() const { return m_table; }
    QPushButton* addButton() const { return m_add; }
    QPushButton* removeButton() const { return m_remove; }
    QLineEdit* commandEdit() const { return m_command; }
    QDialogButtonBox* buttons() const { return m_buttons; }

private:
    void addRow(const QString& text, bool enabled);
    void check(QTableWidgetItem* item);
    void validateAll();

    QTableWidget* m_table;
    QPushButton* m_add;
    QPushButton* m_edit;
    QPushButton* m_remove;
    QLineEdit* m_command;
    QSpinBox* m_timeout;
    QLabel* m_error;
    QDialogButtonBox* m_buttons;
};

} // namespace lockscope
