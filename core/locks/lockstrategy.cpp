#include "core/locks/lockstrategy.h"

#include "core/backends/backendregistry.h"
#include "core/backends/lockbackend.h"

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
    QStringList out;
    for (const LockBackend* b : BackendRegistry::all())
        out << b->strategies();
    return out;
}

std::unique_ptr<LockStrategy> LockStrategy::create(const QString& name,
                                                   const NamespaceConfig& config) {
    if (name == u"none" || name == u"atomic")
        return nullptr;
    if (const LockBackend* b = BackendRegistry::forStrategy(name)) {
        config.requireWritable(QStringLiteral("taking a lock"));
        return b->createStrategy(name, config);
    }
    throw std::invalid_argument("unknown strategy '" + name.toStdString() + "' (expected one of: " +
                                allNames().join(QStringLiteral(", ")).toStdString() + ")");
}

} // namespace lockscope
