#include "core/backends/redis/redisbackend.h"
#include "core/backends/redis/redisgrants.h"

#include "connectors/connectorerror.h"
#include "connectors/redisclient.h"
#include "connectors/redisconnection.h"
#include "core/backends/permissionadvice.h"
#include "core/backends/redis/redisbenchreference.h"
#include "core/backends/redis/redischangelistener.h"
#include "core/backends/redis/rediskinds.h"
#include "core/backends/redis/redislock.h"
#include "core/backends/redis/redisobservation.h"
#include "core/backends/redis/redisprobe.h"
#include "core/backends/redis/redisscanner.h"
#include "core/backends/redis/redisstockstore.h"
#include "core/backends/redis/redlocklock.h"
#include "core/endpoints.h"
#include "core/monitor/displaytext.h"
#include "core/monitor/lockentry.h"

#include <QCoreApplication>

namespace lockscope {

namespace {

using Status = ReleaseOutcome::Status;

// KEYS: hash, redisson channel. ARGV: observed field.
const char* const kRedissonDelete = R"lua(
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then
  return 0
end
redis.call('DEL', KEYS[1])
redis.call('PUBLISH', KEYS[2], 0)
return 1
)lua";

ConnectorError unexpected(const RedisReply& r) {
    return ConnectorError(
        Backend::Redis, r.isNoPerm() ? ConnectorError::Kind::NoAuth : ConnectorError::Kind::Server,
        QStringLiteral("release"),
        QString::fromStdString(r.isError() ? r.str : "unexpected reply"));
}

ReleaseOutcome releaseRedisson(RedisConnection& c, const LockEntry& e,
                               const RedisObservation& obs) {
    const std::string& key = obs.key;
    const RedisReply rep =
        c.evalScript(kRedissonDelete, {key, "redisson_lock__channel:{" + key + "}"}, {obs.value});
    if (rep.isError() || !rep.isInteger())
        throw unexpected(rep);
    if (rep.integer == 1) {
        // Re-observe: the observed holder's field must be gone now.
        if (c.commandChecked({"HEXISTS", key, obs.value}).integer == 1)
            return {Status::NothingReleased,
                    QStringLiteral("%1 is still held by %2 after the delete")
                        .arg(e.resource, e.holder)};
        return {Status::Released, QStringLiteral("deleted %1").arg(e.resource)};
    }
    return {
        Status::Changed,
        QStringLiteral("%1 is no longer held by %2: nothing deleted").arg(e.resource, e.holder)};
}

ReleaseOutcome releaseKey(RedisConnection& c, const NamespaceConfig& config, const LockEntry& e,
                          const RedisObservation& obs) {
    const std::string& key = obs.key;
    RedisConnection::Args keys{key};
    if (const auto resource = RedisLock::resourceOfLockKey(config, key))
        keys.push_back(RedisLock::handoffKeyOf(config, *resource)); // wake a LockScope waiter
    const RedisReply rep =
        c.evalScript(RedisLock::kReleaseScript, keys,
                     {obs.value, std::to_string(RedisLock::kHandoffTtl.count())});
    if (rep.isError() || !rep.isArray() || rep.elements.empty())
        throw unexpected(rep);
    if (rep.elements[0].integer == 1) {
        // Re-observe: the observed value must be gone now (whatever holds the key since is
        // someone else's lock, not ours to report as still there).
        const RedisReply now = c.commandChecked({"GET", key});
        if (now.isString() && now.str == obs.value)
            return {Status::NothingReleased,
                    QStringLiteral("%1 still holds the value you saw after the delete")
                        .arg(e.resource)};
        return {Status::Released, QStringLiteral("deleted %1").arg(e.resource)};
    }
    const bool gone = rep.elements.size() < 2 || !rep.elements[1].isString();
    return {Status::Changed,
            gone ? QStringLiteral("%1 no longer exists: nothing deleted").arg(e.resource)
                 : QStringLiteral("%1 now holds `%2`, not the value you saw: nothing deleted")
                       .arg(e.resource, DisplayText::bytesForTerminal(
                                            QByteArray::fromStdString(rep.elements[1].str), 200))};
}

} // namespace

QStringList RedisBackend::strategies() const {
    return {QStringLiteral("redis"), QStringLiteral("redlock")};
}

std::unique_ptr<LockStrategy> RedisBackend::createStrategy(const QString& name,
                                                           const NamespaceConfig& config) const {
    if (name == u"redlock")
        return std::make_unique<RedlockLock>(config);
    return std::make_unique<RedisLock>(config);
}

std::vector<LockKind> RedisBackend::kinds() const {
    return {rediskinds::kKey, rediskinds::kRedisson};
}

std::unique_ptr<BackendScanner> RedisBackend::createScanner(const MonitorConfig& config,
                                                            std::function<void()>) const {
    return std::make_unique<RedisScanner>(config);
}

std::unique_ptr<ChangeListener>
RedisBackend::createChangeListener(const MonitorConfig& config,
                                   std::function<void()> onChange) const {
    return std::make_unique<RedisChangeListener>(config, std::move(onChange));
}

QString RedisBackend::describeRelease(const LockEntry& e, bool) const {
    if (e.kind == rediskinds::kRedisson)
        return QCoreApplication::translate(
                   "ReleasePlan", "delete Redisson lock `%1` only if it is still held by `%2`")
            .arg(e.resource, e.holder);
    return QCoreApplication::translate("ReleasePlan",
                                       "delete Redis key `%1` only if its value is still `%2`")
        .arg(e.resource, e.raw);
}

ReleaseOutcome RedisBackend::forceRelease(const NamespaceConfig& config, const LockEntry& e,
                                          bool) const {
    const auto* obs = e.as<RedisObservation>();
    if (!obs)
        return {Status::Failed,
                QStringLiteral("no Redis observation of %1: nothing done").arg(e.resource)};
    try {
        // A copy of a Redlock lock lives on one of Redlock's servers, not behind config.redis.
        std::unique_ptr<RedisConnection> c;
        for (const RedisUri& r : config.redlock)
            if (HostPort{r.host, r.port}.toString() == QString::fromStdString(obs->node))
                c = std::make_unique<RedisClient>(r);
        if (!c)
            c = RedisConnection::open(config.redis);
        return e.kind == rediskinds::kRedisson ? releaseRedisson(*c, e, *obs)
                                               : releaseKey(*c, config, e, *obs);
    } catch (const ConnectorError& err) {
        // A permission refusal says which grant is missing, not the server's bare word.
        return {Status::Failed, err.kind() == ConnectorError::Kind::NoAuth
                                    ? PermissionAdvice::explain(config, err, AccessRole::Release)
                                    : err.message()};
    }
}

std::unique_ptr<StockStore> RedisBackend::createStockStore(const NamespaceConfig& config) const {
    return std::make_unique<RedisStockStore>(config);
}

QString RedisBackend::uriWithoutPassword(const QString& uri, QString* password) const {
    RedisUri u = RedisUri::parse(uri);
    if (password)
        *password = u.password;
    u.password.clear();
    return u.toString(true);
}

QString RedisBackend::uriWithPassword(const QString& uri, const QString& password) const {
    if (password.isEmpty())
        return uri;
    RedisUri u = RedisUri::parse(uri);
    u.password = password;
    return u.toString(true);
}

std::unique_ptr<BackendProbe> RedisBackend::createProbe(const Endpoints& endpoints) const {
    return std::make_unique<RedisProbe>(endpoints.redis);
}

std::unique_ptr<BenchReference>
RedisBackend::createBenchReference(const NamespaceConfig& config) const {
    return std::make_unique<RedisBenchReference>(config);
}

QString RedisBackend::permissionHint(const NamespaceConfig& config, const ConnectorError& error,
                                     AccessRole role) const {
    return RedisGrants::hint(config, error, role);
}

} // namespace lockscope
