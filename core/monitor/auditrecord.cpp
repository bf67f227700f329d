#include "core/monitor/auditrecord.h"

#include <QDateTime>
#include <cstdlib>
#include <pwd.h>
#include <unistd.h>
#include <vector>

namespace lockscope {

QString AuditRecord::outcomeName(Outcome outcome) {
    switch (outcome) {
    case Outcome::Pending:
        return QStringLiteral("pending");
    case Outcome::Done:
        return QStringLiteral("done");
    case Outcome::NothingReleased:
        return QStringLiteral("nothing-released");
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
    for (const Outcome o : {Outcome::Pending, Outcome::Done, Outcome::NothingReleased,
                            Outcome::Changed, Outcome::Refused, Outcome::Failed})
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
        {QStringLiteral("db_user"), dbUser},
        {QStringLiteral("client_addr"), clientAddr},
    };
}

QString AuditRecord::timeText() const {
    const QDateTime t = QDateTime::fromMSecsSinceEpoch(atMs);
    const int offset = t.offsetFromUtc();
    const QString zone = QStringLiteral("%1%2:%3")
                             .arg(offset < 0 ? QChar(u'-') : QChar(u'+'))
                             .arg(std::abs(offset) / 3600, 2, 10, QLatin1Char('0'))
                             .arg(std::abs(offset) % 3600 / 60, 2, 10, QLatin1Char('0'));
    const QString abbreviation = t.timeZoneAbbreviation();
    return QStringLiteral("%1 %2%3").arg(t.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")), zone,
                                         abbreviation.isEmpty() || abbreviation.startsWith(u'+') ||
                                                 abbreviation.startsWith(u'-')
                                             ? QString()
                                             : QStringLiteral(" (%1)").arg(abbreviation));
}

QString AuditRecord::whoText() const {
    if (dbUser.isEmpty())
        return attempt.operatorName;
    return QStringLiteral("%1 (db %2 from %3)")
        .arg(attempt.operatorName, dbUser,
             clientAddr.isEmpty() ? QStringLiteral("a local socket") : clientAddr);
}

QString AuditAttempt::osUser() {
    const uid_t uid = ::getuid();
    std::vector<char> buf(16384);
    passwd pw{};
    passwd* found = nullptr;
    if (::getpwuid_r(uid, &pw, buf.data(), buf.size(), &found) == 0 && found && found->pw_name)
        return QString::fromLocal8Bit(found->pw_name);
    return QStringLiteral("uid %1").arg(uid); // no passwd entry (a container): still the uid
}

QString AuditAttempt::operatorFor(const QString& claimed) {
    const QString os = osUser();
    const QString name = claimed.trimmed();
    if (name.isEmpty() || name == os)
        return os;
    return QStringLiteral("%1 (as %2)").arg(os, name);
}

} // namespace lockscope
