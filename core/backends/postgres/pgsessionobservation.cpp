#include "core/backends/postgres/pgsessionobservation.h"

#include "core/backends/postgres/pgsession.h"
#include "core/backends/postgres/postgreskinds.h"

namespace lockscope {

namespace {

std::string sameBackend(const PgSessionObservation& o) {
    return "a.pid = $1 AND (extract(epoch FROM a.backend_start) * 1000)::bigint = " +
           std::to_string(o.backendStartMs);
}

} // namespace

QByteArray PgSessionObservation::observedBytes() const {
    return QByteArray::fromStdString("pid=" + std::to_string(pid) +
                                     " backend_start_ms=" + std::to_string(backendStartMs) +
                                     " query_start_ms=" + std::to_string(queryStartMs));
}

std::string PgSessionObservation::signalSql(bool cancelOnly) const {
    if (!cancelOnly)
        return "SELECT pg_terminate_backend(a.pid) FROM pg_stat_activity a WHERE " +
               sameBackend(*this);
    return "SELECT pg_cancel_backend(a.pid) FROM pg_stat_activity a WHERE " + sameBackend(*this) +
           " AND coalesce((extract(epoch FROM a.query_start) * 1000)::bigint, 0) = " +
           std::to_string(queryStartMs);
}

std::string PgSessionObservation::reobserveSql() const {
    return "SELECT coalesce((extract(epoch FROM a.query_start) * 1000)::bigint, 0), "
           "coalesce(a.state, '') FROM pg_stat_activity a WHERE " +
           sameBackend(*this);
}

QJsonObject PgSessionObservation::toJson() const {
    return QJsonObject{{QStringLiteral("pid"), pid},
                       {QStringLiteral("backend_start_ms"), qint64(backendStartMs)},
                       {QStringLiteral("query_start_ms"), qint64(queryStartMs)},
                       {QStringLiteral("state"), state},
                       {QStringLiteral("user"), user},
                       {QStringLiteral("application"), application},
                       {QStringLiteral("query"), query}};
}

bool PgSessionObservation::sameAs(const LockObservation& other) const {
    const auto* o = dynamic_cast<const PgSessionObservation*>(&other);
    return o && o->pid == pid && o->backendStartMs == backendStartMs &&
           o->queryStartMs == queryStartMs && o->state == state && o->user == user &&
           o->application == application && o->query == query;
}

LockEntry PgSessionObservation::entryOf(std::shared_ptr<PgSessionObservation> obs,
                                        int64_t observedAtMs) {
    LockEntry e;
    e.backend = Backend::Postgres;
    e.kind = postgreskinds::kSession;
    e.resource = QStringLiteral("pid %1").arg(obs->pid);
    e.holder = obs->application.isEmpty()
                   ? obs->user
                   : QStringLiteral("%1 (%2)").arg(obs->user, obs->application);
    e.acquiredAtMs = obs->backendStartMs;
    e.observedAtMs = observedAtMs;
    e.raw = QStringLiteral("%1 %2").arg(obs->state, obs->query.left(200));
    e.rawBytes = obs->observedBytes();
    e.observation = std::move(obs);
    return e;
}

LockEntry PgSessionObservation::entryFor(const PgSession& s) {
    auto obs = std::make_shared<PgSessionObservation>();
    obs->pid = s.pid;
    obs->backendStartMs = s.backendStartMs;
    obs->queryStartMs = s.queryStartMs;
    obs->state = s.stateText;
    obs->user = s.user;
    obs->application = s.application;
    obs->query = s.query;
    return entryOf(std::move(obs), s.serverNowMs);
}

std::optional<LockEntry> PgSessionObservation::entryForTreeNode(const QJsonObject& node,
                                                                int64_t nowMs) {
    const int pid = node.value(QStringLiteral("pid")).toInt();
    const auto backendStart = qint64(node.value(QStringLiteral("backend_start_ms")).toDouble());
    if (pid <= 0 || backendStart <= 0)
        return std::nullopt;
    auto obs = std::make_shared<PgSessionObservation>();
    obs->pid = pid;
    obs->backendStartMs = backendStart;
    obs->queryStartMs = qint64(node.value(QStringLiteral("query_start_ms")).toDouble());
    obs->state = node.value(QStringLiteral("state")).toString();
    obs->user = node.value(QStringLiteral("user")).toString();
    obs->application = node.value(QStringLiteral("application")).toString();
    obs->query = node.value(QStringLiteral("query")).toString();
    return entryOf(std::move(obs), nowMs);
}

} // namespace lockscope
