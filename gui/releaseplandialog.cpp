#include "gui/releaseplandialog.h"

#include "core/monitor/displaytext.h"
#include "core/monitor/forcereleaser.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace lockscope {

ReleasePlanDialog::ReleasePlanDialog(const QList<LockEntry>& entries, QWidget* parent)
    : QDialog(parent)
    , m_entries(entries) {
    setWindowTitle(tr("Force-release %n lock(s)", nullptr, int(entries.size())));
    setMinimumSize(640, 360);
    resize(900, 420); // room for what will be done, German included
    auto* layout = new QVBoxLayout(this);
    auto* heading = new QLabel(
        tr("These %n lock(s) will be released one by one, each only if it is still exactly as "
           "you saw it. Every attempt is written to the audit log with its own outcome.",
           nullptr, int(entries.size())),
        this);
    heading->setWordWrap(true);
    layout->addWidget(heading);
    m_plan = new QTableWidget(int(entries.size()), 5, this);
    m_plan->setHorizontalHeaderLabels(
        {tr("Backend"), tr("Kind"), tr("Resource"), tr("Holder"), tr("What will be done")});
    m_plan->verticalHeader()->hide();
    m_plan->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_plan->setSelectionMode(QAbstractItemView::NoSelection);
    m_plan->horizontalHeader()->setStretchLastSection(true);
    m_plan->setWordWrap(true);
    for (int r = 0; r < entries.size(); ++r) {
        const LockEntry& e = entries[r];
        const QStringList cells{backendDisplayName(e.backend), e.kind.name(),
                                DisplayText::forTerminal(e.logical()),
                                DisplayText::forTerminal(e.holder)};
        for (int c = 0; c < cells.size(); ++c) {
            auto* item = new QTableWidgetItem(cells[c]);
            item->setToolTip(cells[c]);
            m_plan->setItem(r, c, item);
        }
        m_plan->setItem(r, 4, new QTableWidgetItem);
    }
    layout->addWidget(m_plan, 1);
    auto* form = new QFormLayout;
    m_reason = new QLineEdit(this);
    m_reason->setPlaceholderText(tr("Why are these locks being released? (required)"));
    form->addRow(tr("Reason:"), m_reason);
    m_cancelOnly =
        new QCheckBox(tr("PostgreSQL: only cancel the running query (pg_cancel_backend)"), this);
    bool cancelOffered = false;
    for (const LockEntry& e : entries)
        cancelOffered = cancelOffered || ForceReleaser::offersCancelOnly(e);
    m_cancelOnly->setVisible(cancelOffered);
    if (cancelOffered)
        form->addRow(QString(), m_cancelOnly);
    layout->addLayout(form);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    // Qt's own "Cancel" is English where Qt's translations are not installed: ours is in tr().
    buttons->button(QDialogButtonBox::Cancel)->setText(tr("Cancel"));
    m_release = buttons->addButton(tr("Release %n lock(s)", nullptr, int(entries.size())),
                                   QDialogButtonBox::AcceptRole);
    m_release->setEnabled(false);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_reason, &QLineEdit::textChanged, this,
            [this](const QString& t) { m_release->setEnabled(!t.trimmed().isEmpty()); });
    connect(m_cancelOnly, &QCheckBox::toggled, this, &ReleasePlanDialog::updateActions);
    updateActions();
}

void ReleasePlanDialog::updateActions() {
    for (int r = 0; r < m_entries.size(); ++r) {
        const QString what = DisplayText::forTerminal(
            ForceReleaser::describe(m_entries[r], cancelOnlyFor(m_entries[r])));
        m_plan->item(r, 4)->setText(what);
        m_plan->item(r, 4)->setToolTip(what);
    }
    m_plan->resizeColumnsToContents();
    m_plan->horizontalHeader()->setStretchLastSection(true);
}

QString ReleasePlanDialog::reason() const {
    return m_reason->text().trimmed();
}

bool ReleasePlanDialog::cancelOnly() const {
    return m_cancelOnly->isChecked();
}

bool ReleasePlanDialog::cancelOnlyFor(const LockEntry& e) const {
    return cancelOnly() && ForceReleaser::offersCancelOnly(e);
}

} // namespace lockscope
