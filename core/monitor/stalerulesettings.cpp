#include "core/monitor/stalerulesettings.h"

#include <QJsonObject>
#include <QSettings>

namespace lockscope {

namespace {
const QString kPrefix = QStringLiteral("staleRules/");
} // namespace

StaleRuleSettings StaleRuleSettings::load(const QSettings& settings) {
    // Stored key by key; anything missing or unreadable keeps the documented default.
    QJsonObject stored;
    const QJsonObject defaults = StaleRules().toJson();
    for (auto it = defaults.begin(); it != defaults.end(); ++it) {
        const QVariant v = settings.value(kPrefix + it.key());
        if (!v.isValid())
            continue;
        if (it.value().isBool())
            stored.insert(it.key(), v.toBool());
        else
            stored.insert(it.key(), v.toLongLong());
    }
    StaleRuleSettings s;
    s.rules = StaleRules::fromJson(stored).value_or(StaleRules());
    return s;
}

void StaleRuleSettings::save(QSettings& settings) const {
    const QJsonObject o = rules.toJson();
    for (auto it = o.begin(); it != o.end(); ++it)
        settings.setValue(kPrefix + it.key(), it.value().toVariant());
}

} // namespace lockscope
