#include "cli/changemodeoptions.h"

#include "cli/cliutil.h"
#include "core/monitor/displaytext.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>

namespace lockscope::cli {

void addChangeModeOptions(QCommandLineParser& p) {
    p.addOption({QStringLiteral("redis-tracking"),
                 QStringLiteral("Redis server-assisted invalidation: auto (BCAST PREFIX when every "
                                "--redis-pattern is a prefix, else every key filtered here; the "
                                "default), prefixes (only prefix patterns and LockScope's own "
                                "keys; the rest polled) or off (keyspace notifications if the "
                                "server has them on, else polling)."),
                 QStringLiteral("auto|prefixes|off"), QStringLiteral("auto")});
    p.addOption({QStringLiteral("pg-adaptive"),
                 QStringLiteral("PostgreSQL adaptive polling (a cheap change check, the full scan "
                                "only on a change): on (default) or off (a full scan every "
                                "refresh)."),
                 QStringLiteral("on|off"), QStringLiteral("on")});
}

bool changeModeOptionsFrom(const QCommandLineParser& p, MonitorConfig* out) {
    const QString tracking = p.value(QStringLiteral("redis-tracking"));
    if (tracking == u"auto")
        out->redisTracking = MonitorConfig::RedisTracking::Auto;
    else if (tracking == u"prefixes")
        out->redisTracking = MonitorConfig::RedisTracking::PrefixesOnly;
    else if (tracking == u"off")
        out->redisTracking = MonitorConfig::RedisTracking::Off;
    else {
        printError(QStringLiteral("--redis-tracking: expected auto, prefixes or off, got '%1'")
                       .arg(tracking));
        return false;
    }
    const QString adaptive = p.value(QStringLiteral("pg-adaptive"));
    if (adaptive != u"on" && adaptive != u"off") {
        printError(QStringLiteral("--pg-adaptive: expected on or off, got '%1'").arg(adaptive));
        return false;
    }
    out->pgAdaptive = adaptive == u"on";
    return true;
}

void reportChangeModes(const QMap<Backend, ChangeStatus>& modes, bool json,
                       QMap<Backend, ChangeStatus>* reported) {
    for (auto it = modes.cbegin(); it != modes.cend(); ++it) {
        if (reported->contains(it.key()) && reported->value(it.key()) == it.value())
            continue;
        reported->insert(it.key(), it.value());
        const QString mode = changeModeName(it.value().mode);
        if (json) {
            const QJsonObject o{
                {QStringLiteral("change"), QStringLiteral("mode")},
                {QStringLiteral("at"), QDateTime::currentDateTime().toString(Qt::ISODateWithMs)},
                {QStringLiteral("backend"), backendName(it.key())},
                {QStringLiteral("mode"), mode},
                {QStringLiteral("detail"), it.value().detail}};
            printLine(QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact)));
        } else {
            printLine(QStringLiteral("%1 updates: %2%3")
                          .arg(backendDisplayName(it.key()), mode,
                               it.value().detail.isEmpty()
                                   ? QString()
                                   : QStringLiteral(" (%1)").arg(
                                         DisplayText::forTerminal(it.value().detail))));
        }
    }
}

} // namespace lockscope::cli
