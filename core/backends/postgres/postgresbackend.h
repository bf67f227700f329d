#pragma once

#include "core/backends/lockbackend.h"

namespace lockscope {

/// PostgreSQL: the `pg-row`, `pg-advisory` and `lease` strategies, row, advisory and lease
/// locks from pg_locks / pg_stat_activity / the leases table with the blocking tree,
/// force-release by terminating (or cancelling) exactly the observed backend or by freeing the
/// observed lease, and stock in the items table.
class PostgresBackend : public LockBackend {
public:
    Backend id() const override { return Backend::Postgres; }
    QStringList strategies() const override;
    bool strategyHasLease(const QString& strategy) const override {
        return strategy == u"lease"; // LeaseLock::hasLease()
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
    QString releaseAction(const LockEntry& observed, bool cancelOnly) const override;
    bool offersCancelOnly(const LockEntry& observed) const override;
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
