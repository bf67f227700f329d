#pragma once

#include <QString>

namespace lockscope {

/// The three kinds of server LockScope talks to.
enum class Backend { Redis, ZooKeeper, Postgres };

/// Lower-case name used in JSON, the CLI and logs: "redis", "zookeeper", "postgres".
QString backendName(Backend backend);

/// Human-readable name for messages: "Redis", "ZooKeeper", "PostgreSQL".
QString backendDisplayName(Backend backend);

} // namespace lockscope
