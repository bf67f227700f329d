#pragma once

#include "core/alerts/alertrule.h"

#include <QString>
#include <QStringList>
#include <chrono>
#include <vector>

class QSettings;

namespace lockscope {

/// The console's alert rules and command, persisted with QSettings: "alerts/rules" (a JSON array
/// of AlertRule::toJson objects), "alerts/command", "alerts/commandTimeoutMs". Whatever the file
/// holds, load() gives valid rules: an entry AlertRule::fromJson refuses is skipped, and said in
/// `problems`.
struct AlertSettings {
    std::vector<AlertRule> rules;
    QString command; ///< empty: run nothing
    std::chrono::milliseconds commandTimeout{std::chrono::seconds(10)};
    QStringList problems; ///< load(): the entries skipped and why

    static AlertSettings load(const QSettings& settings);
    void save(QSettings& settings) const;
    /// Rules for a first start: held>5m, not-renewed, orphaned, down>30s.
    static std::vector<AlertRule> defaultRules();
};

} // namespace lockscope
