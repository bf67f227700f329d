#pragma once

#include "core/monitor/monitorconfig.h"
#include "core/monitor/stalerules.h"
#include "core/monitor/stalerulesettings.h"

#include <QDialog>
#include <QMap>
#include <QString>

class QSettings;
class QWidget;

namespace lockscope {

/// Edits StaleRuleSettings: one row per rule, each with a tooltip saying what it means.
class StaleRulesDialog : public QDialog {
    Q_OBJECT
public:
    explicit StaleRulesDialog(const StaleRuleSettings& rules, QWidget* parent = nullptr);
    StaleRuleSettings rules() const;
    /// The editor of a rule: a QSpinBox (seconds) for "pg_idle_in_transaction_ms" and
    /// "lease_expired_grace_ms", a QCheckBox for "redis_no_ttl" and "zk_persistent".
    QWidget* editorFor(const QString& key) const { return m_edits.value(key); }

private:
    QMap<QString, QWidget*> m_edits;
};

} // namespace lockscope
