#include "core/monitor/forcereleaser.h"

#include "connectors/connectorerror.h"
#include "connectors/pgconnection.h"
#include "connectors/redisclient.h"
#include "connectors/zksession.h"
#include "core/locks/redislock.h"
#include "core/logging.h"
#include "core/monitor/auditlog.h"

#include <QSysInfo>
#include <pqxx/pqxx>

namespace lockscope {

namespace {

using Status = ForceReleaser::Outcome::Status;

// KEYS: lock, handoff ('' key name is never used). ARGV: observed value.
const char* const kCompareAndDelete = R"lua(
local current = redis.call('GET', KEYS[1])
if current ~= ARGV[1] then
  return {0, current or false}
end
redis.call('DEL', KEYS[1])
if KEYS[2] then
  if redis.call('LLEN', KEYS[2]) == 0 then redis.call('RPUSH', KEYS[2], '1') end
  redis.call('PEXPIRE', KEYS[2], 60000)
end
return {1}
)lua";

// KEYS: hash, redisson channel. ARGV: observed field.
const char* const kRedissonDelete = R"lua(
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then
  return 0
end
redis.call('DEL', KEYS[1])
redis.call('PUBLISH', KEYS[2], 0)
return 1
)lua";

QString actionOf(const LockEntry& e, bool cancelOnly) {
    if (e.backend == Backend::Postgres && e.kind != u"lease")
        return cancelOnly ? QStringLiteral("cancel-backend") : QStringLiteral("terminate-backend");
    return QStringLiteral("delete");
}

} // namespace

QString ForceReleaser::Outcome::statusName(Status s) {
    switch (s) {
    case Status::Released:
        return QStringLiteral("released");
    case Status::Changed:
        return QStringLiteral("changed");
    case Status::Refused:
        return QStringLiteral("refused");
    case Status::Failed:
        return QStringLiteral("failed");
    }
    return {};
}

ForceReleaser::ForceReleaser(const NamespaceConfig& config)
    : m_config(config) {}

QString ForceReleaser::describe(const LockEntry& e, bool cancelOnly) {
    if (e.kind == u"redis-key")
        return QStringLiteral("delete Redis key `%1` only if its value is still `%2`")
            .arg(e.resource, e.raw);
    if (e.kind == u"redisson-hash")
        return QStringLiteral("delete Redisson lock `%1` only if it is still held by `%2`")
            .arg(e.resource, e.holder);
    if (e.kind == u"zk-recipe")
        return QStringLiteral("delete znode `%1` only if it is still version %2 of session 0x%3")
            .arg(e.zkPath)
            .arg(e.zkVersion)
            .arg(e.zkOwner, 0, 16);
    if (e.kind == u"lease")
        return QStringLiteral("release lease `%1` only if it is still held by `%2` at version %3")
            .arg(e.resource, e.holder)
            .arg(e.token.value_or(0));
    const QString query = e.details.value(QStringLiteral("query")).toString();
    return QStringLiteral("%1 backend %2 running `%3`, only if it still holds the lock on %4")
        .arg(cancelOnly ? QStringLiteral("cancel the query of") : QStringLiteral("terminate"))
        .arg(e.pgPid)
        .arg(query.left(120), e.resource);
}

ForceReleaser::Outcome ForceReleaser::release(const Request& r) {
    Outcome out;
    if (r.reason.trimmed().isEmpty()) {
        out.status = Status::Refused;
        out.message = QStringLiteral("a reason is required; nothing was done");
        return out;
    }
    AuditLog::Attempt attempt{r.operatorName.isEmpty() ? QStringLiteral("unknown") : r.operatorName,
                              QSysInfo::machineHostName(),
                              backendName(r.observed.backend),
                              r.observed.kind,
                              r.observed.resource,
                              r.observed.holder,
                              r.observed.token,
                              actionOf(r.observed, r.cancelOnly),
                              r.reason.trimmed()};
    std::unique_ptr<AuditLog> audit;
    if (r.readOnly) {
        out.status = Status::Refused;
        out.message = QStringLiteral("read-only mode: nothing was done");
        try {
            audit = std::make_unique<AuditLog>(m_config);
            out.auditId = audit->record(attempt, QStringLiteral("refused"), out.message);
        } catch (const ConnectorError& e) {
            out.message +=
                QStringLiteral(" (and the refusal could not be audited: %1)").arg(e.message());
        }
        return out;
    }
    try {
        audit = std::make_unique<AuditLog>(m_config);
        out.auditId = audit->begin(attempt);
    } catch (const ConnectorError& e) {
        out.status = Status::Failed;
        out.message = QStringLiteral("the audit log cannot be written, so nothing was released: %1")
                          .arg(e.message());
        return out;
    }
    const Outcome done = perform(r);
    out.status = done.status;
    out.message = done.message;
    try {
        const QString outcome = done.status == Status::Released  ? QStringLiteral("done")
                                : done.status == Status::Changed ? QStringLiteral("changed")
                                : done.status == Status::Refused ? QStringLiteral("refused")
                                                                 : QStringLiteral("failed");
        audit->finish(out.auditId, outcome, done.message);
    } catch (const ConnectorError& e) {
        // The action happened (or not) already; say so rather than hide it.
        out.message +=
            QStringLiteral(" (audit row %1 stays 'pending': %2)").arg(out.auditId).arg(e.message());
        qCWarning(lcMonitor) << "audit finish failed:" << e.message();
    }
    return out;
}

ForceReleaser::Outcome ForceReleaser::perform(const Request& r) {
    const LockEntry& e = r.observed;
    Outcome o;
    try {
        if (e.kind == u"redis-key" || e.kind == u"redisson-hash") {
            RedisClient c(m_config.redis);
            const std::string key = e.resource.toStdString();
            if (e.kind == u"redisson-hash") {
                const RedisReply rep =
                    c.evalScript(kRedissonDelete, {key, "redisson_lock__channel:{" + key + "}"},
                                 {e.observedValue.toStdString()});
                if (rep.isError())
                    throw ConnectorError(Backend::Redis, ConnectorError::Kind::Server,
                                         QStringLiteral("release"),
                                         QString::fromStdString(rep.str));
                o.status = rep.integer == 1 ? Status::Released : Status::Changed;
                o.message = rep.integer == 1
                                ? QStringLiteral("deleted %1").arg(e.resource)
                                : QStringLiteral("%1 is no longer held by %2: nothing deleted")
                                      .arg(e.resource, e.holder);
                return o;
            }
            RedisClient::Args keys{key};
            if (const auto resource = RedisLock::resourceOfLockKey(m_config, key))
                keys.push_back(RedisLock::handoffKeyOf(m_config, *resource)); // wake a waiter
            const RedisReply rep =
                c.evalScript(kCompareAndDelete, keys, {e.observedValue.toStdString()});
            if (rep.isError() || !rep.isArray() || rep.elements.empty())
                throw ConnectorError(
                    Backend::Redis, ConnectorError::Kind::Server, QStringLiteral("release"),
                    QString::fromStdString(rep.isError() ? rep.str : "unexpected reply"));
            if (rep.elements[0].integer == 1) {
                o.status = Status::Released;
                o.message = QStringLiteral("deleted %1").arg(e.resource);
            } else {
                o.status = Status::Changed;
                const bool gone = rep.elements.size() < 2 || !rep.elements[1].isString();
                o.message =
                    gone ? QStringLiteral("%1 no longer exists: nothing deleted").arg(e.resource)
                         : QStringLiteral(
                               "%1 now holds `%2`, not the value you saw: nothing deleted")
                               .arg(e.resource,
                                    QString::fromStdString(rep.elements[1].str).left(200));
            }
            return o;
        }
        if (e.kind == u"zk-recipe") {
            ZkSession s(m_config.zookeeper);
            const std::string path = e.zkPath.toStdString();
            const auto st = s.exists(path);
            if (!st || st->ephemeralOwner != e.zkOwner || (e.token && st->czxid != *e.token) ||
                st->version != e.zkVersion) {
                o.status = Status::Changed;
                o.message =
                    !st ? QStringLiteral("%1 is gone: nothing deleted").arg(e.zkPath)
                        : QStringLiteral("%1 changed (owner 0x%2, version %3): nothing deleted")
                              .arg(e.zkPath)
                              .arg(st->ephemeralOwner, 0, 16)
                              .arg(st->version);
                return o;
            }
            try {
                s.remove(path, e.zkVersion);
            } catch (const ConnectorError& err) {
                if (err.kind() == ConnectorError::Kind::NotFound ||
                    err.kind() == ConnectorError::Kind::BadVersion) {
                    o.status = Status::Changed;
                    o.message = QStringLiteral("%1 changed at the last moment: nothing deleted")
                                    .arg(e.zkPath);
                    return o;
                }
                throw;
            }
            o.status = Status::Released;
            o.message = QStringLiteral("deleted %1").arg(e.zkPath);
            return o;
        }
        PgConnection c(m_config.postgres);
        if (e.kind == u"lease") {
            const auto rows = c.run("release lease", [&](pqxx::connection& raw) {
                pqxx::work tx(raw);
                const auto n =
                    tx.exec_params("UPDATE " + m_config.pgSchema() +
                                       ".leases SET owner = NULL, expires_at = clock_timestamp() "
                                       "WHERE resource = $1 AND owner = $2 AND version = $3",
                                   e.resource.toStdString(), e.holder.toStdString(),
                                   e.token.value_or(0))
                        .affected_rows();
                if (n == 1)
                    tx.exec_params("SELECT pg_notify($1, $2)",
                                   m_config.pgSchema() + "_lease_released",
                                   e.resource.toStdString());
                tx.commit();
                return n;
            });
            o.status = rows == 1 ? Status::Released : Status::Changed;
            o.message =
                rows == 1
                    ? QStringLiteral("released lease %1").arg(e.resource)
                    : QStringLiteral("lease %1 is no longer held by %2 at version %3: nothing done")
                          .arg(e.resource, e.holder)
                          .arg(e.token.value_or(0));
            return o;
        }
        // pg-row / pg-advisory: the pid must still hold exactly this lock.
        const QStringList key = e.pgLockKey.split(u':');
        std::string match;
        if (key.value(0) == u"advisory" && key.size() == 4)
            match =
                "l.locktype = 'advisory' AND l.classid = " + std::to_string(key[1].toLongLong()) +
                " AND l.objid = " + std::to_string(key[2].toLongLong()) +
                " AND l.objsubid = " + std::to_string(key[3].toInt());
        else if (key.value(0) == u"relation" && key.size() == 2)
            match = "l.locktype = 'relation' AND l.mode = 'RowShareLock' AND l.relation = " +
                    std::to_string(key[1].toLongLong());
        else
            throw ConnectorError(
                Backend::Postgres, ConnectorError::Kind::InvalidArgument, QStringLiteral("release"),
                QStringLiteral("no lock identity observed for %1").arg(e.resource));
        const bool holds = c.run("re-check holder", [&](pqxx::connection& raw) {
            pqxx::nontransaction tx(raw);
            return tx
                .exec_params1(
                    "SELECT count(*) > 0 FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                    "WHERE l.pid = $1 AND l.granted AND " +
                        match + " AND (extract(epoch FROM a.backend_start) * 1000)::bigint = $2",
                    e.pgPid, e.pgBackendStartMs)[0]
                .as<bool>();
        });
        if (!holds) {
            o.status = Status::Changed;
            o.message = QStringLiteral("backend %1 no longer holds the lock on %2: nothing done")
                            .arg(e.pgPid)
                            .arg(e.resource);
            return o;
        }
        const bool signalled = c.run("signal backend", [&](pqxx::connection& raw) {
            pqxx::nontransaction tx(raw);
            return tx
                .exec_params1(r.cancelOnly ? "SELECT pg_cancel_backend($1)"
                                           : "SELECT pg_terminate_backend($1)",
                              e.pgPid)[0]
                .as<bool>();
        });
        o.status = signalled ? Status::Released : Status::Failed;
        o.message = signalled
                        ? QStringLiteral("%1 backend %2")
                              .arg(r.cancelOnly ? QStringLiteral("cancelled the query of")
                                                : QStringLiteral("terminated"))
                              .arg(e.pgPid)
                        : QStringLiteral("the server refused to signal backend %1 (privileges?)")
                              .arg(e.pgPid);
        return o;
    } catch (const ConnectorError& err) {
        o.status = Status::Failed;
        o.message = err.message();
        return o;
    }
}

} // namespace lockscope
