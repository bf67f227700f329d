#include "gui/alertrulesdialog.h"

#include <QBrush>
#include <QColor>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>
#include <algorithm>

namespace lockscope {

namespace {
enum Column { RuleCol, MeaningCol };
} // namespace

AlertRulesDialog::AlertRulesDialog(const AlertSettings& settings, QWidget* parent)
    : QDialog(parent)
    , m_table(new QTableWidget(0, 2, this))
    , m_add(new QPushButton(tr("Add"), this))
    , m_edit(new QPushButton(tr("Edit"), this))
    , m_remove(new QPushButton(tr("Remove"), this))
    , m_command(new QLineEdit(this))
    , m_timeout(new QSpinBox(this))
    , m_error(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this)) {
    setWindowTitle(tr("Alert rules"));
    auto* help = new QLabel(
        tr("One rule per row, as on the command line: <code>held&gt;5m</code>, "
           "<code>held&gt;30s:kind=redis-key</code>, <code>held&gt;1m:resource=cart:*</code>, "
           "<code>not-renewed</code>, <code>not-renewed:below=25%</code>, "
           "<code>no-expiry&gt;1m</code>, <code>blocking&gt;10s</code>, <code>orphaned</code>, "
           "<code>down&gt;30s</code>. Untick a rule to keep it without alerts."),
        this);
    help->setWordWrap(true);
    m_table->setObjectName(QStringLiteral("alertRulesTable"));
    m_table->setHorizontalHeaderLabels({tr("Rule"), tr("Meaning")});
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setColumnWidth(RuleCol, 260);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed |
                             QAbstractItemView::AnyKeyPressed);
    for (const AlertRule& r : settings.rules)
        addRow(r.toText(), r.enabled);

    m_command->setObjectName(QStringLiteral("alertCommandEdit"));
    m_command->setText(settings.command);
    m_command->setPlaceholderText(tr("e.g. notify-send LockScope \"$LOCKSCOPE_ALERT_RULE\""));
    m_command->setToolTip(tr("A shell command run for each alert that fires or resolves, with "
                             "the alert as one line of JSON on its standard input"));
    m_timeout->setRange(1, 3600);
    m_timeout->setSuffix(tr(" s"));
    m_timeout->setValue(int(std::max<int64_t>(1, settings.commandTimeout.count() / 1000)));
    m_error->setObjectName(QStringLiteral("alertRuleError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #c0392b;"));
    m_add->setObjectName(QStringLiteral("addAlertRule"));
    m_remove->setObjectName(QStringLiteral("removeAlertRule"));

    auto* rowButtons = new QHBoxLayout;
    rowButtons->addWidget(m_add);
    rowButtons->addWidget(m_edit);
    rowButtons->addWidget(m_remove);
    rowButtons->addStretch(1);
    auto* form = new QFormLayout;
    form->addRow(tr("Command:"), m_command);
    form->addRow(tr("Timeout:"), m_timeout);
    auto* column = new QVBoxLayout(this);
    column->addWidget(help);
    column->addWidget(m_table, 1);
    column->addLayout(rowButtons);
    column->addWidget(m_error);
    column->addLayout(form);
    column->addWidget(m_buttons);
    resize(720, 460);

    connect(m_add, &QPushButton::clicked, this, [this] {
        addRow(QStringLiteral("held>5m"), true);
        m_table->setCurrentCell(m_table->rowCount() - 1, RuleCol);
        m_table->editItem(m_table->item(m_table->rowCount() - 1, RuleCol));
    });
    connect(m_edit, &QPushButton::clicked, this, [this] {
        if (QTableWidgetItem* item = m_table->item(m_table->currentRow(), RuleCol))
            m_table->editItem(item);
    });
    connect(m_remove, &QPushButton::clicked, this, [this] {
        if (m_table->currentRow() >= 0)
            m_table->removeRow(m_table->currentRow());
        validateAll();
    });
    connect(m_table, &QTableWidget::itemChanged, this, [this](QTableWidgetItem* item) {
        if (item->column() == RuleCol)
            validateAll();
    });
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    validateAll();
}

void AlertRulesDialog::addRow(const QString& text, bool enabled) {
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    auto* rule = new QTableWidgetItem(text);
    rule->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsEditable |
                   Qt::ItemIsUserCheckable);
    rule->setCheckState(enabled ? Qt::Checked : Qt::Unchecked);
    auto* meaning = new QTableWidgetItem;
    meaning->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    const QSignalBlocker block(m_table);
    m_table->setItem(row, RuleCol, rule);
    m_table->setItem(row, MeaningCol, meaning);
    check(rule);
}

void AlertRulesDialog::check(QTableWidgetItem* item) {
    QTableWidgetItem* meaning = m_table->item(item->row(), MeaningCol);
    if (!meaning)
        return;
    QString error;
    const auto rule = AlertRule::parse(item->text(), &error);
    const QSignalBlocker block(m_table);
    meaning->setText(rule ? rule->describe() : error);
    meaning->setToolTip(meaning->text());
    meaning->setForeground(rule ? QBrush() : QBrush(QColor(0xc0, 0x39, 0x2b)));
}

void AlertRulesDialog::validateAll() {
    QStringList problems;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        QTableWidgetItem* item = m_table->item(row, RuleCol);
        check(item);
        QString error;
        if (!AlertRule::parse(item->text(), &error))
            problems << tr("Row %1: %2").arg(row + 1).arg(error);
    }
    m_error->setText(problems.join(u'\n'));
    m_error->setVisible(!problems.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(problems.isEmpty());
}

AlertSettings AlertRulesDialog::alertSettings() const {
    AlertSettings s;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const QTableWidgetItem* item = m_table->item(row, RuleCol);
        if (auto rule = AlertRule::parse(item->text())) {
            rule->enabled = item->checkState() == Qt::Checked;
            s.rules.push_back(*rule);
        }
    }
    s.command = m_command->text().trimmed();
    s.commandTimeout = std::chrono::seconds(m_timeout->value());
    return s;
}

} // namespace lockscope
