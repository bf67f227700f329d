#include "core/alerts/alertevent.h"

#include <QDateTime>

namespace lockscope {

QString AlertEvent::typeName(Type type) {
    return type == Type::Fired ? QStringLiteral("fired") : QStringLiteral("resolved");
}

QJsonObject AlertEvent::toJson() const {
    QJsonObject o = alert.toJson();
    o.insert(QStringLiteral("event"), typeName(type));
    return o;
}

QString AlertEvent::toLine() const {
    const QString since = QDateTime::fromMSecsSinceEpoch(alert.sinceMs).toString(Qt::ISODateWithMs);
    return QStringLiteral("%1 %2 %3 since %4: %5")
        .arg(typeName(type), alert.rule.toText(), alert.subject(), since, alert.detail);
}

} // namespace lockscope
