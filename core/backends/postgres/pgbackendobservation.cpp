#include "core/backends/postgres/pgbackendobservation.h"

#include <QJsonArray>

namespace lockscope {

std::string PgLockTarget::matchSql() const {
    if (type == Type::Advisory)
        return "l.locktype = 'advisory' AND l.classid = " + std::to_string(classid) +
               " AND l.objid = " + std::to_string(objid) +
               " AND l.objsubid = " + std::to_string(objsubid);
    if (type == Type::Table)
        return "l.locktype = 'relation' AND l.relation = " + std::to_string(relationOid);
    return "l.locktype = 'relation' AND l.mode IN ('RowShareLock', 'RowExclusiveLock') AND "
           "l.relation = " +
           std::to_string(relationOid);
}

std::string PgLockTarget::key() const {
    switch (type) {
    case Type::Advisory:
        return "advisory:" + std::to_string(classid) + ":" + std::to_string(objid) + ":" +
               std::to_string(objsubid);
    case Type::Relation:
        return "row:" + std::to_string(relationOid);
    case Type::Table:
        return "relation:" + std::to_string(relationOid);
    }
    return {};
}

QByteArray PgBackendObservation::observedBytes() const {
    QStringList sortedRows = rows;
    sortedRows.sort();
    std::string bytes =
        "pid=" + std::to_string(pid) + " backend_start_ms=" + std::to_string(backendStartMs);
    if (transactionScoped())
        bytes += " xact_start_ms=" + std::to_string(xactStartMs) + " vxid=" + vxid.toStdString();
    bytes += " target=" + target.key() + " rows=";
    return QByteArray::fromStdString(bytes) + sortedRows.join(QLatin1Char(',')).toUtf8();
}

namespace {

/// The pg_stat_activity (alias a) condition of the observed transaction holding the lock.
/// Only numbers and the virtual transaction id (digits and '/', checked) are spliced in.
std::string holderCondition(const PgBackendObservation& o) {
    std::string vxid;
    for (QChar ch : o.vxid)
        if (ch.isDigit() || ch == u'/')
            vxid += char(ch.unicode());
    std::string sql = "a.pid = $1 AND (extract(epoch FROM a.backend_start) * 1000)::bigint = " +
                      std::to_string(o.backendStartMs);
    if (o.transactionScoped())
        sql += " AND coalesce((extract(epoch FROM a.xact_start) * 1000)::bigint, 0) = " +
               std::to_string(o.xactStartMs);
    sql += " AND EXISTS (SELECT 1 FROM pg_locks l WHERE l.pid = a.pid AND l.granted AND ";
    if (o.transactionScoped())
        sql += "l.virtualtransaction = '" + vxid + "' AND ";
    return sql + o.target.matchSql() + ")";
}

} // namespace

std::string PgBackendObservation::signalSql(bool cancelOnly) const {
    return std::string("SELECT ") +
           (cancelOnly ? "pg_cancel_backend(a.pid)" : "pg_terminate_backend(a.pid)") +
           " FROM pg_stat_activity a WHERE " + holderCondition(*this);
}

std::string PgBackendObservation::holdsSql() const {
    return "SELECT count(*) > 0, coalesce(max(a.state), '') FROM pg_stat_activity a WHERE " +
           holderCondition(*this);
}

QJsonObject PgBackendObservation::toJson() const {
    QJsonObject o{
        {QStringLiteral("pid"), pid},     {QStringLiteral("application"), application},
        {QStringLiteral("user"), user},   {QStringLiteral("client_addr"), clientAddr},
        {QStringLiteral("state"), state}, {QStringLiteral("state_since_ms"), qint64(stateSinceMs)},
        {QStringLiteral("query"), query}};
    if (!rows.isEmpty())
        o.insert(QStringLiteral("rows"), QJsonArray::fromStringList(rows));
    if (!modes.isEmpty())
        o.insert(QStringLiteral("modes"), QJsonArray::fromStringList(modes));
    if (!blockingTree.isEmpty())
        o.insert(QStringLiteral("blocking_tree"), blockingTree);
    if (!advisoryKey.isEmpty())
        o.insert(QStringLiteral("key"), advisoryKey);
    return o;
}

bool PgBackendObservation::sameAs(const LockObservation& other) const {
    const auto* o = dynamic_cast<const PgBackendObservation*>(&other);
    return o && o->pid == pid && o->backendStartMs == backendStartMs &&
           o->xactStartMs == xactStartMs && o->vxid == vxid && o->target == target &&
           o->application == application && o->user == user && o->clientAddr == clientAddr &&
           o->state == state && o->stateSinceMs == stateSinceMs && o->query == query &&
           o->rows == rows && o->modes == modes && o->advisoryKey == advisoryKey &&
           o->blockingTree == blockingTree;
}

QString PgBackendObservation::identity() const {
    return QString::number(pid);
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
