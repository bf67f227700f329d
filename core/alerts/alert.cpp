#include "core/alerts/alert.h"

#include <QDateTime>

namespace lockscope {

QString Alert::subject() const {
    return lock ? lock->logical() : backendName(backend);
}

QJsonObject Alert::toJson() const {
    auto iso = [](int64_t ms) {
        return QDateTime::fromMSecsSinceEpoch(ms).toString(Qt::ISODateWithMs);
    };
    QJsonObject o{{QStringLiteral("id"), id},
                  {QStringLiteral("rule"), rule.toText()},
                  {QStringLiteral("type"), AlertRule::typeName(rule.type)},
                  {QStringLiteral("description"), rule.describe()},
                  {QStringLiteral("backend"), backendName(backend)},
                  {QStringLiteral("subject"), subject()},
                  {QStringLiteral("since_ms"), qint64(sinceMs)},
                  {QStringLiteral("since"), iso(sinceMs)},
                  {QStringLiteral("fired_at_ms"), qint64(firedAtMs)},
                  {QStringLiteral("detail"), detail}};
    if (resolvedAtMs != 0)
        o.insert(QStringLiteral("resolved_at_ms"), qint64(resolvedAtMs));
    if (lock)
        o.insert(QStringLiteral("lock"), lock->toJson());
    return o;
}

} // namespace lockscope
