#include "gui/alertspage.h"

#include "gui/alertcenter.h"
#include "gui/alertmodel.h"
#include "gui/alertrulesdialog.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>
#include <algorithm>

namespace lockscope {

AlertsPage::AlertsPage(AlertCenter* center, QWidget* parent)
    : QWidget(parent)
    , m_center(center)
    , m_model(new AlertModel(center, this))
    , m_view(new QTableView(this))
    , m_summary(new QLabel(this))
    , m_rules(new QPushButton(tr("Rules…"), this)) {
    auto* proxy = new QSortFilterProxyModel(this);
    proxy->setSourceModel(m_model);
    proxy->setSortRole(AlertModel::SortRole);
    m_view->setModel(proxy);
    m_view->setObjectName(QStringLiteral("alertsView"));
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(AlertModel::StateCol, Qt::DescendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_view->setColumnWidth(AlertModel::StateCol, 150);
    m_view->setColumnWidth(AlertModel::RuleCol, 190);
    m_view->setColumnWidth(AlertModel::SubjectCol, 200);
    m_view->setColumnWidth(AlertModel::SinceCol, 110);
    m_rules->setObjectName(QStringLiteral("alertRulesButton"));
    m_rules->setToolTip(tr("Add, edit, enable or remove alert rules; the command to run"));
    m_summary->setWordWrap(true);

    auto* top = new QHBoxLayout;
    top->addWidget(m_summary, 1);
    top->addWidget(m_rules);
    auto* column = new QVBoxLayout(this);
    column->addLayout(top);
    column->addWidget(m_view, 1);
    connect(m_rules, &QPushButton::clicked, this, &AlertsPage::editRules);
    connect(center, &AlertCenter::changed, this, &AlertsPage::updateSummary);
    updateSummary();
}

void AlertsPage::updateSummary() {
    const auto& s = m_center->settings();
    const int enabled = int(std::count_if(s.rules.begin(), s.rules.end(),
                                          [](const AlertRule& r) { return r.enabled; }));
    QString text = m_center->firingCount() == 0
                       ? tr("No alert firing.")
                       : tr("%n alert(s) firing.", nullptr, m_center->firingCount());
    text += u' ' + tr("%n rule(s) enabled.", nullptr, enabled);
    if (!s.command.isEmpty())
        text += u' ' + tr("Each alert runs: %1").arg(s.command);
    if (m_summary->text() != text)
        m_summary->setText(text);
}

void AlertsPage::editRules() {
    AlertRulesDialog dialog(m_center->settings(), this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    QSettings settings;
    const AlertSettings chosen = dialog.alertSettings();
    chosen.save(settings);
    m_center->setSettings(chosen);
    updateSummary();
}

} // namespace lockscope
