#pragma once

#include "core/backends/lockbackend.h"

namespace lockscope {

/// Redis: the `redis` strategy (SET NX PX + fencing INCR + handoff list), lock keys of
/// LockScope, redis-py, Redisson and plain SET NX found by SCAN, owner-checked force-release,
/// stock in string keys, and keyspace notifications when the server has them enabled.
class RedisBackend : public LockBackend {
public:
    Backend id() const override { return Backend::Redis; }
    QStringList strategies() const override;
    bool strategyHasLease(const QString& strategy) const override {
        return strategy == u"redis" ||
               strategy == u"redlock"; // RedisLock/RedlockLock::hasLease(), LeaseLock::hasLease()
    }
    std::unique_ptr<LockStrategy> createStrategy(const QString& name,
                                                 const NamespaceConfig& config) const override;
    std::vector<LockKind> kinds() const override;
    std::unique_ptr<BackendScanner> createScanner(const MonitorConfig& config,
                                                  std::function<void()> onChange) const override;
    std::unique_ptr<ChangeListener>
    createChangeListener(const MonitorConfig& config,
                         std::function<void()> onChange) const override;
    QString describeRelease(const LockEntry& observed, bool cancelOnly) const override;
    ReleaseOutcome forceRelease(const NamespaceConfig& config, const LockEntry& observed,
                                bool cancelOnly) const override;
    QString permissionHint(const NamespaceConfig& config, const ConnectorError& error,
                           AccessRole role) const override;
    std::unique_ptr<StockStore> createStockStore(const NamespaceConfig& config) const override;
    QString uriWithoutPassword(const QString& uri, QString* password) const override;
    QString uriWithPassword(const QString& uri, const QString& password) const override;
    std::unique_ptr<BackendProbe> createProbe(const Endpoints& endpoints) const override;
    std::unique_ptr<BenchReference>
    createBenchReference(const NamespaceConfig& config) const override;
};

} // namespace lockscope
