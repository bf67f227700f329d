#include "gui/forcereleasedialog.h"

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

ForceReleaseDialog::ForceReleaseDialog(const LockEntry& entry, QWidget* parent)
    : QDialog(parent)
    , m_entry(entry) {
    setWindowTitle(tr("Force-release lock"));
    setMinimumWidth(560);
    auto* layout = new QVBoxLayout(this);
    auto* heading = new QLabel(tr("<b>%1</b> lock <b>%2</b>, held by <b>%3</b>")
                                   .arg(backendDisplayName(entry.backend),
                                        DisplayText::forTerminal(entry.resource).toHtmlEscaped(),
                                        DisplayText::forTerminal(entry.holder).toHtmlEscaped()),
                               this);
    heading->setWordWrap(true);
    layout->addWidget(heading);
    m_action = new QLabel(this);
    m_action->setWordWrap(true);
    m_action->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_action->setFrameShape(QFrame::StyledPanel);
    m_action->setContentsMargins(8, 8, 8, 8);
    layout->addWidget(m_action);
    // The release compares the exact bytes observed (never the shortened text above); this is
    // their fingerprint, the same as `lockscope-cli locks list --json` prints.
    m_fingerprint =
        new QLabel(tr("Observed bytes (SHA-256): %1").arg(entry.observedSha256()), this);
    m_fingerprint->setObjectName(QStringLiteral("observedSha256"));
    m_fingerprint->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_fingerprint->setWordWrap(true);
    layout->addWidget(m_fingerprint);
    auto* note = new QLabel(
        tr("If the lock changed since you saw it, even by one byte, nothing is released and you "
           "are told what changed. After the action the lock is observed again and you are told "
           "what is true: released, or nothing released. Every attempt is written to the audit "
           "log."),
        this);
    note->setWordWrap(true);
    layout->addWidget(note);
    auto* form = new QFormLayout;
    m_reason = new QLineEdit(this);
    m_reason->setPlaceholderText(tr("Why is this lock being released? (required)"));
    form->addRow(tr("Reason:"), m_reason);
    m_cancelOnly = new QCheckBox(tr("Only cancel the running query (pg_cancel_backend)"), this);
    const bool cancelOffered = ForceReleaser::offersCancelOnly(entry);
    m_cancelOnly->setVisible(cancelOffered);
    if (cancelOffered)
        form->addRow(QString(), m_cancelOnly);
    layout->addLayout(form);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    // Qt's own "Cancel" is English where Qt's translations are not installed: ours is in tr().
    buttons->button(QDialogButtonBox::Cancel)->setText(tr("Cancel"));
    m_release = buttons->addButton(tr("Release"), QDialogButtonBox::AcceptRole);
    m_release->setEnabled(false);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_reason, &QLineEdit::textChanged, this,
            [this](const QString& t) { m_release->setEnabled(!t.trimmed().isEmpty()); });
    connect(m_cancelOnly, &QCheckBox::toggled, this, &ForceReleaseDialog::updateText);
    updateText();
}

void ForceReleaseDialog::updateText() {
    m_action->setText(
        tr("Will %1.")
            .arg(DisplayText::forTerminal(ForceReleaser::describe(m_entry, cancelOnly()))
                     .toHtmlEscaped()));
}

QString ForceReleaseDialog::actionText() const {
    return m_action->text();
}

QString ForceReleaseDialog::reason() const {
    return m_reason->text().trimmed();
}

bool ForceReleaseDialog::cancelOnly() const {
    return m_cancelOnly->isChecked();
}

} // namespace lockscope
