#pragma once

#include "connectors/backend.h"

#include <QString>
#include <QStringList>
#include <vector>

namespace lockscope {

class LockBackend;

/// The backends LockScope knows, in a fixed order (Redis, ZooKeeper, PostgreSQL). Adding a
/// backend is one line in backendregistry.cpp.
class BackendRegistry {
public:
    static const std::vector<const LockBackend*>& all();
    static const LockBackend& of(Backend id);
    /// nullptr for an unknown name.
    static const LockBackend* byName(const QString& name);
    /// The backend offering the strategy; nullptr for an unknown or lock-free strategy.
    static const LockBackend* forStrategy(const QString& strategy);
    /// "redis", "zookeeper", "postgres".
    static QStringList names();
};

} // namespace lockscope
