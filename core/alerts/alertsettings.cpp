#include "core/alerts/alertsettings.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSettings>

namespace lockscope {

namespace {
const QString kRules = QStringLiteral("alerts/rules");
const QString kCommand = QStringLiteral("alerts/command");
const QString kTimeout = QStringLiteral("alerts/commandTimeoutMs");
} // namespace

std::vector<AlertRule> AlertSettings::defaultRules() {
    std::vector<AlertRule> rules;
    for (const char* text : {"held>5m", "not-renewed", "orphaned", "down>30s"})
        rules.push_back(*AlertRule::parse(QLatin1String(text)));
    return rules;
}

AlertSettings AlertSettings::load(const QSettings& settings) {
    AlertSettings s;
    s.command = settings.value(kCommand).toString();
    const qlonglong timeout = settings.value(kTimeout, 10000).toLongLong();
    if (timeout >= 100 && timeout <= 3600000)
        s.commandTimeout = std::chrono::milliseconds(timeout);
    if (!settings.contains(kRules)) {
        s.rules = defaultRules();
        return s;
    }
    QJsonParseError parseError;
    const QJsonDocument doc =
        QJsonDocument::fromJson(settings.value(kRules).toString().toUtf8(), &parseError);
    if (!doc.isArray()) {
        s.problems
            << QStringLiteral("alerts/rules: not a JSON array (%1)").arg(parseError.errorString());
        return s;
    }
    const QJsonArray a = doc.array();
    for (qsizetype i = 0; i < a.size(); ++i) {
        QString error;
        if (const auto r = AlertRule::fromJson(a.at(i).toObject(), &error))
            s.rules.push_back(*r);
        else
            s.problems << QStringLiteral("alerts/rules[%1]: %2").arg(i).arg(error);
    }
    return s;
}

void AlertSettings::save(QSettings& settings) const {
    QJsonArray a;
    for (const AlertRule& r : rules)
        a.append(r.toJson());
    settings.setValue(kRules, QString::fromUtf8(QJsonDocument(a).toJson(QJsonDocument::Compact)));
    settings.setValue(kCommand, command);
    settings.setValue(kTimeout, qlonglong(commandTimeout.count()));
}

} // namespace lockscope
