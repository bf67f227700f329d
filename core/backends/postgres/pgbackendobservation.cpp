#include "core/backends/postgres/pgbackendobservation.h"

#include <QJsonArray>

namespace lockscope {

std::string PgLockTarget::matchSql() const {
    if (type == Type::Advisory)
        return "l.locktype = 'advisory' AND l.classid = " + std::to_string(classid) +
               " AND l.objid = " + std::to_string(objid) +
               " AND l.objsubid = " + std::to_string(objsubid);
    return "l.locktype = 'relation' AND l.mode = 'RowShareLock' AND l.relation = " +
           std::to_string(relationOid);
}

QJsonObject PgBackendObservation::toJson() const {
    QJsonObject o{{QStringLiteral("pid"), pid},
                  {QStringLiteral("application"), application},
                  {QStringLiteral("user"), user},
                  {QStringLiteral("state"), state},
                  {QStringLiteral("query"), query}};
    if (!rows.isEmpty())
        o.insert(QStringLiteral("rows"), QJsonArray::fromStringList(rows));
    if (!advisoryKey.isEmpty())
        o.insert(QStringLiteral("key"), advisoryKey);
    return o;
}

bool PgBackendObservation::sameAs(const LockObservation& other) const {
    const auto* o = dynamic_cast<const PgBackendObservation*>(&other);
    return o && o->pid == pid && o->backendStartMs == backendStartMs && o->target == target &&
           o->application == application && o->user == user && o->state == state &&
           o->query == query && o->rows == rows && o->advisoryKey == advisoryKey;
}

QString PgBackendObservation::identity() const {
    return target.type == PgLockTarget::Type::Relation ? QString::number(pid) : QString();
}

QJsonObject LeaseObservation::toJson() const {
    return QJsonObject{{QStringLiteral("owner"), QString::fromStdString(owner)},
                       {QStringLiteral("version"), qint64(version)}};
}

bool LeaseObservation::sameAs(const LockObservation& other) const {
    const auto* o = dynamic_cast<const LeaseObservation*>(&other);
    return o && o->owner == owner && o->version == version;
}

} // namespace lockscope
