#include "gui/stalerulesdialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace lockscope {

namespace {
const QString kPgIdle = QLatin1String(StaleRules::kPgIdleKey);
const QString kLeaseGrace = QLatin1String(StaleRules::kLeaseGraceKey);
const QString kRedisNoTtl = QLatin1String(StaleRules::kRedisNoTtlKey);
const QString kZkPersistent = QLatin1String(StaleRules::kZkPersistentKey);
} // namespace

StaleRulesDialog::StaleRulesDialog(const StaleRuleSettings& rules, QWidget* parent)
    : QDialog(parent) {
    setWindowTitle(tr("Stale rules"));
    auto* layout = new QVBoxLayout(this);
    auto* intro = new QLabel(
        tr("A lock the monitor calls <b>stale</b> should not be there any more: it is tinted red "
           "and is a candidate for a force-release. A holder that is merely busy is never stale. "
           "Saved for this user; the monitor restarts with these rules."),
        this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    auto* form = new QFormLayout;
    auto label = [this](const QString& text, const QString& tip) {
        auto* l = new QLabel(text, this);
        l->setToolTip(tip); // one line: a wrapped label beside a check box is cut
        return l;
    };
    auto addSpin = [&](const QString& key, const QString& text, const QString& tip,
                       std::chrono::milliseconds value) {
        auto* spin = new QSpinBox(this);
        spin->setRange(0, 7 * 24 * 3600);
        spin->setSuffix(tr(" s"));
        spin->setValue(int(value.count() / 1000));
        spin->setToolTip(tip);
        form->addRow(label(text, tip), spin);
        m_edits.insert(key, spin);
    };
    auto addCheck = [&](const QString& key, const QString& text, const QString& tip, bool value) {
        auto* check = new QCheckBox(this);
        check->setChecked(value);
        check->setToolTip(tip);
        form->addRow(label(text, tip), check);
        m_edits.insert(key, check);
    };
    const StaleRules& r = rules.rules;
    addSpin(kPgIdle, tr("PostgreSQL: idle in transaction longer than"),
            tr("pg-row, pg-advisory, pg-relation: a holder idle in an open transaction for longer "
               "than this is stale, but only when it blocks someone or the lock is not "
               "LockScope's own (a purchase holding its lock is idle in transaction by design). "
               "Default 300 s."),
            r.pgIdleInTransaction);
    addCheck(kRedisNoTtl, tr("Redis: a lock key without a TTL"),
             tr("redis-key, redisson: a lock key with no expiry never goes away by itself if its "
                "holder dies. Default on."),
             r.redisNoTtl);
    addCheck(kZkPersistent, tr("ZooKeeper: a persistent lock node"),
             tr("zk-recipe: a lock node that is not ephemeral survives its holder's session. "
                "Default on."),
             r.zkPersistent);
    addSpin(kLeaseGrace, tr("Lease: expired, not released, for longer than"),
            tr("lease: a lease past its expiry that nobody took over or released. Default 5 s."),
            r.leaseExpiredGrace);
    layout->addLayout(form);
    auto* buttons = new QDialogButtonBox(
        QDialogButtonBox::Ok | QDialogButtonBox::Cancel | QDialogButtonBox::RestoreDefaults, this);
    layout->addWidget(buttons);
    // Qt's own "Cancel" and "Restore Defaults" are English where Qt's translations are not
    // installed: ours is in tr().
    buttons->button(QDialogButtonBox::Cancel)->setText(tr("Cancel"));
    buttons->button(QDialogButtonBox::RestoreDefaults)->setText(tr("Restore defaults"));
    setMinimumWidth(560); // the introduction reads in a few lines
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(buttons->button(QDialogButtonBox::RestoreDefaults), &QPushButton::clicked, this,
            [this] {
                const StaleRules d;
                static_cast<QSpinBox*>(m_edits[kPgIdle])
                    ->setValue(int(d.pgIdleInTransaction.count() / 1000));
                static_cast<QSpinBox*>(m_edits[kLeaseGrace])
                    ->setValue(int(d.leaseExpiredGrace.count() / 1000));
                static_cast<QCheckBox*>(m_edits[kRedisNoTtl])->setChecked(d.redisNoTtl);
                static_cast<QCheckBox*>(m_edits[kZkPersistent])->setChecked(d.zkPersistent);
            });
}

StaleRuleSettings StaleRulesDialog::rules() const {
    StaleRuleSettings s;
    s.rules.pgIdleInTransaction =
        std::chrono::seconds(static_cast<QSpinBox*>(m_edits[kPgIdle])->value());
    s.rules.leaseExpiredGrace =
        std::chrono::seconds(static_cast<QSpinBox*>(m_edits[kLeaseGrace])->value());
    s.rules.redisNoTtl = static_cast<QCheckBox*>(m_edits[kRedisNoTtl])->isChecked();
    s.rules.zkPersistent = static_cast<QCheckBox*>(m_edits[kZkPersistent])->isChecked();
    return s;
}

} // namespace lockscope
