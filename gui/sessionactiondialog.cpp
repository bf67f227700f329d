#include "gui/sessionactiondialog.h"

#include "core/monitor/displaytext.h"
#include "core/monitor/forcereleaser.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace lockscope {

SessionActionDialog::SessionActionDialog(const LockEntry& session, bool cancelOnly, QWidget* parent)
    : QDialog(parent)
    , m_session(session) {
    setWindowTitle(tr("Terminate PostgreSQL session"));
    setMinimumWidth(520);
    auto* layout = new QVBoxLayout(this);
    auto* heading =
        new QLabel(tr("PostgreSQL session <b>%1</b>, <b>%2</b>")
                       .arg(DisplayText::forTerminal(session.resource).toHtmlEscaped(),
                            DisplayText::forTerminal(session.holder, 200).toHtmlEscaped()),
                   this);
    heading->setWordWrap(true);
    layout->addWidget(heading);
    m_action = new QLabel(this);
    m_action->setObjectName(QStringLiteral("sessionAction"));
    m_action->setWordWrap(true);
    m_action->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_action->setFrameShape(QFrame::StyledPanel);
    m_action->setContentsMargins(8, 8, 8, 8);
    layout->addWidget(m_action);
    auto* note = new QLabel(
        tr("If the pid now belongs to another session (it ended and the number was reused), or "
           "to cancel, the session runs another query, nothing is done. Afterwards the session "
           "is observed again and you are told what is true. Every attempt is written to the "
           "audit log."),
        this);
    note->setWordWrap(true);
    layout->addWidget(note);
    auto* form = new QFormLayout;
    m_reason = new QLineEdit(this);
    form->addRow(tr("Reason:"), m_reason);
    m_cancelOnly = new QCheckBox(tr("Only cancel the running query (pg_cancel_backend)"), this);
    m_cancelOnly->setChecked(cancelOnly);
    form->addRow(QString(), m_cancelOnly);
    layout->addLayout(form);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Cancel)->setText(tr("Close"));
    m_act = buttons->addButton(tr("Terminate"), QDialogButtonBox::AcceptRole);
    m_act->setEnabled(false);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_reason, &QLineEdit::textChanged, this,
            [this](const QString& t) { m_act->setEnabled(!t.trimmed().isEmpty()); });
    connect(m_cancelOnly, &QCheckBox::toggled, this, &SessionActionDialog::updateText);
    updateText();
}

void SessionActionDialog::updateText() {
    m_action->setText(
        tr("Will %1.")
            .arg(DisplayText::forTerminal(ForceReleaser::describe(m_session, cancelOnly()))
                     .toHtmlEscaped()));
    m_act->setText(cancelOnly() ? tr("Cancel query") : tr("Terminate"));
    // Cancelling ends only the query: the session goes on.
    m_reason->setPlaceholderText(cancelOnly() ? tr("Why is this query being cancelled? (required)")
                                              : tr("Why is this session being ended? (required)"));
    setWindowTitle(cancelOnly() ? tr("Cancel the query of a PostgreSQL session")
                                : tr("Terminate PostgreSQL session"));
}

QString SessionActionDialog::actionText() const {
    return m_action->text();
}

QString SessionActionDialog::reason() const {
    return m_reason->text().trimmed();
}

bool SessionActionDialog::cancelOnly() const {
    return m_cancelOnly->isChecked();
}

} // namespace lockscope
