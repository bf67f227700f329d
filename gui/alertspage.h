#pragma once

#include <QWidget>

class QLabel;
class QPushButton;
class QTableView;

namespace lockscope {

class AlertCenter;
class AlertModel;

/// The Alerts page: the firing alerts (rule, lock or server, since, details) and the recently
/// resolved ones, greyed; "Rules…" opens the AlertRulesDialog and saves what it returns.
class AlertsPage : public QWidget {
    Q_OBJECT
public:
    explicit AlertsPage(AlertCenter* center, QWidget* parent = nullptr);

    QTableView* view() const { return m_view; }
    AlertModel* model() const { return m_model; }
    QPushButton* rulesButton() const { return m_rules; }

public slots:
    /// The rules dialog; on OK the rules and command are saved in the user's settings.
    void editRules();

private:
    void updateSummary();

    AlertCenter* m_center;
    AlertModel* m_model;
    QTableView* m_view;
    QLabel* m_summary;
    QPushButton* m_rules;
};

} // namespace lockscope
