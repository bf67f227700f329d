#pragma once

#include "core/backends/lockbackend.h"

namespace lockscope {

/// ZooKeeper: the `zookeeper` strategy (Curator-compatible ephemeral sequential nodes, czxid as
/// token), lock directories of LockScope, Curator and kazoo with their waiters in order (watched,
/// so a change is seen at once), force-release of the holder node at its observed version and
/// session, and stock in znodes.
class ZooKeeperBackend : public LockBackend {
public:
    Backend id() const override { return Backend::ZooKeeper; }
    QStringList strategies() const override;
    std::unique_ptr<LockStrategy> createStrategy(const QString& name,
                                                 const NamespaceConfig& config) const override;
    std::vector<LockKind> kinds() const override;
    std::unique_ptr<BackendScanner> createScanner(const MonitorConfig& config,
                                                  std::function<void()> onChange) const override;
    ChangeMode scannerChangeMode() const override { return ChangeMode::Watches; }
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
