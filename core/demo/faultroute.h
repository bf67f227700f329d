#pragma once

#include "connectors/backend.h"
#include "connectors/hostport.h"
#include "core/namespaceconfig.h"

#include <QString>

namespace lockscope {

/// Where a fault proxy goes for one server of a NamespaceConfig: the server's address, and the
/// same configuration with that one server reached through a proxy instead. Only a server that
/// is one address can be proxied this way (a single Redis, one ZooKeeper host, one PostgreSQL
/// host over TCP); a Redis Cluster or Sentinel hands its clients other addresses, and an
/// ensemble's client moves to another member, so a proxy in front of one address would not cut
/// them off: upstream() throws std::invalid_argument saying so.
class FaultRoute {
public:
    /// The address the server of `backend` is reached at in config. Throws
    /// std::invalid_argument (the message names the server and why) when it cannot be proxied.
    static HostPort upstream(const NamespaceConfig& config, Backend backend);
    /// config with the server of `backend` reached at via (user, password, database and
    /// namespace unchanged).
    static NamespaceConfig through(const NamespaceConfig& config, Backend backend,
                                   const HostPort& via);
};

} // namespace lockscope
