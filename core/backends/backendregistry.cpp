#include "core/backends/backendregistry.h"

#include "core/backends/lockbackend.h"
#include "core/backends/postgres/postgresbackend.h"
#include "core/backends/redis/redisbackend.h"
#include "core/backends/zookeeper/zookeeperbackend.h"

#include <stdexcept>

namespace lockscope {

const std::vector<const LockBackend*>& BackendRegistry::all() {
    // The registration: one line per backend.
    static const RedisBackend redis;
    static const ZooKeeperBackend zookeeper;
    static const PostgresBackend postgres;
    static const std::vector<const LockBackend*> backends{&redis, &zookeeper, &postgres};
    return backends;
}

const LockBackend& BackendRegistry::of(Backend id) {
    for (const LockBackend* b : all())
        if (b->id() == id)
            return *b;
    throw std::logic_error("backend not registered");
}

const LockBackend* BackendRegistry::byName(const QString& name) {
    for (const LockBackend* b : all())
        if (b->name() == name)
            return b;
    return nullptr;
}

const LockBackend* BackendRegistry::forStrategy(const QString& strategy) {
    for (const LockBackend* b : all())
        if (b->strategies().contains(strategy))
            return b;
    return nullptr;
}

QStringList BackendRegistry::names() {
    QStringList out;
    for (const LockBackend* b : all())
        out << b->name();
    return out;
}

} // namespace lockscope
