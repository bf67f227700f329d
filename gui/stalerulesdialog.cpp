#include "gui/stalerulesdialog.h"

#include "core/backends/backendregistry.h"
#include "core/backends/lockbackend.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QSettings>
#include <QSpinBox>
#include <QVBoxLayout>

namespace lockscope {

namespace {
const QString kIdle = QStringLiteral("idle-in-transaction");
const QString kPrefix = QStringLiteral("staleRules/");
} // namespace

StaleRuleSettings StaleRuleSettings::load(const QSettings& settings) {
    StaleRuleSettings r;
    r.idleInTransaction = std::chrono::milliseconds(
        settings.value(kPrefix + kIdle, qint64(r.idleInTransaction.count())).toLongLong());
    for (const LockBackend* b : BackendRegistry::all())
        for (const LockKind& k : b->kinds()) {
            const qint64 ms = settings.value(kPrefix + k.name(), 0).toLongLong();
            if (ms > 0)
                r.heldLongerThanMs.insert(k.name(), ms);
        }
    return r;
}

void StaleRuleSettings::save(QSettings& settings) const {
    settings.setValue(kPrefix + kIdle, qint64(idleInTransaction.count()));
    for (const LockBackend* b : BackendRegistry::all())
        for (const LockKind& k : b->kinds())
            settings.setValue(kPrefix + k.name(), heldLongerThanMs.value(k.name(), 0));
}

void StaleRuleSettings::applyTo(MonitorConfig& config) const {
    config.idleInTransactionStale = idleInTransaction;
    // The per-kind thresholds go to MonitorConfig's typed stale rules once core has them
    // (issue 10, engineer A); until then they are kept and shown, and only the PostgreSQL idle
    // limit reaches the monitor.
}

StaleRulesDialog::StaleRulesDialog(const StaleRuleSettings& rules, QWidget* parent)
    : QDialog(parent) {
    setWindowTitle(tr("Stale rules"));
    auto* layout = new QVBoxLayout(this);
    auto* intro = new QLabel(
        tr("A lock held longer than its kind's limit is flagged <b>stale</b> and tinted red. "
           "0 s: no limit of yours (the monitor's own rules, such as a lock without expiry, still "
           "apply). Saved for this user; the monitor restarts with them."),
        this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    auto* form = new QFormLayout;
    auto addRow = [&](const QString& name, const QString& tip, qint64 ms) {
        auto* spin = new QSpinBox(this);
        spin->setRange(0, 7 * 24 * 3600);
        spin->setSuffix(tr(" s"));
        spin->setValue(int(ms / 1000));
        spin->setToolTip(tip);
        auto* label = new QLabel(name, this);
        label->setToolTip(tip);
        form->addRow(label, spin);
        m_edits.insert(name, spin);
    };
    for (const LockBackend* b : BackendRegistry::all())
        for (const LockKind& k : b->kinds())
            addRow(k.name(), tr("%1. Stale when held longer than this.").arg(k.description()),
                   rules.heldLongerThanMs.value(k.name(), 0));
    addRow(kIdle, tr("PostgreSQL holders idle in an open transaction longer than this are stale."),
           rules.idleInTransaction.count());
    layout->addLayout(form);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

StaleRuleSettings StaleRulesDialog::rules() const {
    StaleRuleSettings r;
    for (auto it = m_edits.cbegin(); it != m_edits.cend(); ++it) {
        const qint64 ms = qint64(it.value()->value()) * 1000;
        if (it.key() == kIdle)
            r.idleInTransaction = std::chrono::milliseconds(ms);
        else if (ms > 0)
            r.heldLongerThanMs.insert(it.key(), ms);
    }
    return r;
}

} // namespace lockscope
