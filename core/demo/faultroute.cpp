#include "core/demo/faultroute.h"

#include <QStringList>
#include <stdexcept>

namespace lockscope {

namespace {

[[noreturn]] void refuse(Backend backend, const QString& why) {
    throw std::invalid_argument(QStringLiteral("--fault partition cannot cut off %1: %2")
                                    .arg(backendDisplayName(backend), why)
                                    .toStdString());
}

} // namespace

HostPort FaultRoute::upstream(const NamespaceConfig& config, Backend backend) {
    switch (backend) {
    case Backend::Redis:
        if (config.redis.topology != RedisTopology::Single)
            refuse(backend, QStringLiteral("a %1 gives its clients the addresses of its nodes; "
                                           "only a single server can be partitioned")
                                .arg(RedisUri::topologyName(config.redis.topology)));
        return HostPort{config.redis.host, config.redis.port};
    case Backend::ZooKeeper:
        if (config.zookeeper.hosts.size() != 1)
            refuse(backend, QStringLiteral("the client would move to another of the %1 members; "
                                           "only a single server can be partitioned")
                                .arg(config.zookeeper.hosts.size()));
        return config.zookeeper.hosts.first();
    case Backend::Postgres: {
        const QString host = config.postgres.value(QStringLiteral("hostaddr")).isEmpty()
                                 ? config.postgres.value(QStringLiteral("host"))
                                 : config.postgres.value(QStringLiteral("hostaddr"));
        if (host.isEmpty() || host.startsWith(u'/'))
            refuse(backend, QStringLiteral("it is reached through a Unix socket, not TCP"));
        if (host.contains(u','))
            refuse(backend, QStringLiteral("the connection string names several hosts"));
        const QString portText = config.postgres.value(QStringLiteral("port"));
        bool ok = true;
        const int port = portText.isEmpty() ? 5432 : portText.toInt(&ok);
        if (!ok)
            refuse(backend, QStringLiteral("the connection string's port is not one number"));
        return HostPort{host, port};
    }
    }
    refuse(backend, QStringLiteral("unknown server kind"));
}

NamespaceConfig FaultRoute::through(const NamespaceConfig& config, Backend backend,
                                    const HostPort& via) {
    NamespaceConfig routed = config;
    switch (backend) {
    case Backend::Redis:
        routed.redis.host = via.host;
        routed.redis.port = via.port;
        break;
    case Backend::ZooKeeper:
        routed.zookeeper.hosts = {via};
        break;
    case Backend::Postgres:
        routed.postgres.params.remove(QStringLiteral("hostaddr"));
        routed.postgres.params.insert(QStringLiteral("host"), via.host);
        routed.postgres.params.insert(QStringLiteral("port"), QString::number(via.port));
        break;
    }
    return routed;
}

} // namespace lockscope
