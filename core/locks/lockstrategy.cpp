#include "core/locks/lockstrategy.h"

#include "core/locks/leaselock.h"
#include "core/locks/pgadvisorylock.h"
#include "core/locks/pgrowlock.h"
#include "core/locks/redislock.h"
#include "core/locks/zookeeperlock.h"

#include <stdexcept>

namespace lockscope {

std::optional<LockHandle> LockStrategy::tryAcquire(const std::string& resource,
                                                   std::chrono::milliseconds lease) {
    return acquire(resource, LockOptions{lease, std::chrono::milliseconds(0)});
}

QStringList LockStrategy::allNames() {
    return QStringList{QStringLiteral("none"), QStringLiteral("atomic")} + lockingNames();
}

QStringList LockStrategy::lockingNames() {
    return {QStringLiteral("pg-row"), QStringLiteral("pg-advisory"), QStringLiteral("redis"),
            QStringLiteral("zookeeper"), QStringLiteral("lease")};
}

std::unique_ptr<LockStrategy> LockStrategy::create(const QString& name,
                                                   const NamespaceConfig& config) {
    if (name == u"none" || name == u"atomic")
        return nullptr;
    if (name == u"redis")
        return std::make_unique<RedisLock>(config);
    if (name == u"zookeeper")
        return std::make_unique<ZooKeeperLock>(config);
    if (name == u"pg-row")
        return std::make_unique<PgRowLock>(config);
    if (name == u"pg-advisory")
        return std::make_unique<PgAdvisoryLock>(config);
    if (name == u"lease")
        return std::make_unique<LeaseLock>(config);
    throw std::invalid_argument("unknown strategy '" + name.toStdString() + "' (expected one of: " +
                                allNames().join(QStringLiteral(", ")).toStdString() + ")");
}

} // namespace lockscope
