#include "connectors/backend.h"

namespace lockscope {

QString backendName(Backend backend) {
    switch (backend) {
    case Backend::Redis:
        return QStringLiteral("redis");
    case Backend::ZooKeeper:
        return QStringLiteral("zookeeper");
    case Backend::Postgres:
        return QStringLiteral("postgres");
    }
    return {};
}

QString backendDisplayName(Backend backend) {
    switch (backend) {
    case Backend::Redis:
        return QStringLiteral("Redis");
    case Backend::ZooKeeper:
        return QStringLiteral("ZooKeeper");
    case Backend::Postgres:
        return QStringLiteral("PostgreSQL");
    }
    return {};
}

} // namespace lockscope
