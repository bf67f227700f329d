#include "core/monitor/auditrecord.h"

namespace lockscope {

QString AuditRecord::outcomeName(Outcome outcome) {
    switch (outcome) {
    case Outcome::Pending:
        return QStringLiteral("pending");
    case Outcome::Done:
        return QStringLiteral("done");
    case Outcome::Changed:
        return QStringLiteral("changed");
    case Outcome::Refused:
        return QStringLiteral("refused");
    case Outcome::Failed:
        return QStringLiteral("failed");
    }
    return {};
}

AuditRecord::Outcome AuditRecord::outcomeFromName(const QString& name) {
    for (const Outcome o :
         {Outcome::Pending, Outcome::Done, Outcome::Changed, Outcome::Refused, Outcome::Failed})
        if (outcomeName(o) == name)
            return o;
    return Outcome::Pending;
}

QJsonObject AuditRecord::toJson() const {
    return QJsonObject{
        {QStringLiteral("id"), qint64(id)},
        {QStringLiteral("at_ms"), qint64(atMs)},
        {QStringLiteral("operator"), attempt.operatorName},
        {QStringLiteral("host"), attempt.host},
        {QStringLiteral("backend"), attempt.backend},
        {QStringLiteral("kind"), attempt.kind},
        {QStringLiteral("resource"), attempt.resource},
        {QStringLiteral("observed_owner"), attempt.observedOwner},
        {QStringLiteral("observed_token"),
         attempt.observedToken ? QJsonValue(qint64(*attempt.observedToken)) : QJsonValue()},
        {QStringLiteral("action"), attempt.action},
        {QStringLiteral("reason"), attempt.reason},
        {QStringLiteral("outcome"), outcomeName(outcome)},
        {QStringLiteral("detail"), detail},
    };
}

} // namespace lockscope
