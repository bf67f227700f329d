#pragma once

#include "core/monitor/monitorconfig.h"
#include "core/monitor/stalerules.h"

class QSettings;

namespace lockscope {

/// The operator's stale rules (StaleRules), persisted with QSettings ("staleRules/...",
/// the keys of StaleRules::toJson). applyTo() hands them to the monitor worker's MonitorConfig.
/// Whatever the settings file holds, load() gives valid rules: a missing or unreadable key
/// keeps its documented default, rules StaleRules::fromJson refuses give the defaults.
struct StaleRuleSettings {
    StaleRules rules;

    static StaleRuleSettings load(const QSettings& settings);
    void save(QSettings& settings) const;
    void applyTo(MonitorConfig& config) const { config.stale = rules; }
};

} // namespace lockscope
