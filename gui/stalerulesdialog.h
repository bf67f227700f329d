#pragma once

#include "core/monitor/monitorconfig.h"

#include <QDialog>
#include <QMap>
#include <QString>

class QSettings;
class QSpinBox;

namespace lockscope {

/// The operator's stale rules, persisted with QSettings ("staleRules/..."): per lock kind, held
/// longer than this is stale (0: no rule of the operator's; the backend's own rules still apply),
/// and PostgreSQL's idle-in-transaction limit. applyTo() hands them to the monitor worker's
/// MonitorConfig.
struct StaleRuleSettings {
    std::chrono::milliseconds idleInTransaction{30000};
    /// Kind name (redis-key, zk-recipe, ...) -> ms; 0 or absent: no threshold.
    QMap<QString, qint64> heldLongerThanMs;

    static StaleRuleSettings load(const QSettings& settings);
    void save(QSettings& settings) const;
    void applyTo(MonitorConfig& config) const;
};

/// Edits StaleRuleSettings: one row per lock kind of every backend, each with a tooltip.
class StaleRulesDialog : public QDialog {
    Q_OBJECT
public:
    explicit StaleRulesDialog(const StaleRuleSettings& rules, QWidget* parent = nullptr);
    StaleRuleSettings rules() const;
    /// The spin box of a kind (seconds), or of "idle-in-transaction".
    QSpinBox* editorFor(const QString& name) const { return m_edits.value(name); }

private:
    QMap<QString, QSpinBox*> m_edits;
};

} // namespace lockscope
