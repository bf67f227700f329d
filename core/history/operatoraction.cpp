#include "core/history/operatoraction.h"

#include <QDateTime>

namespace lockscope {

QJsonObject OperatorAction::toJson() const {
    return QJsonObject{
        {QStringLiteral("at"), QDateTime::fromMSecsSinceEpoch(atMs).toString(Qt::ISODateWithMs)},
        {QStringLiteral("at_ms"), qint64(atMs)},
        {QStringLiteral("operator"), operatorName},
        {QStringLiteral("action"), action},
        {QStringLiteral("backend"), backendName(backend)},
        {QStringLiteral("lock_id"), lockId},
        {QStringLiteral("resource"), resource},
        {QStringLiteral("holder"), holder},
        {QStringLiteral("reason"), reason},
        {QStringLiteral("outcome"), ReleaseOutcome::statusName(outcome)},
        {QStringLiteral("message"), message},
    };
}

} // namespace lockscope
