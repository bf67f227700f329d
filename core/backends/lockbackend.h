#pragma once

#include "connectors/backend.h"
#include "core/backends/accessrole.h"
#include "core/backends/backendhealth.h"
#include "core/backends/changemode.h"
#include "core/backends/lockkind.h"
#include "core/backends/releaseoutcome.h"

#include <QJsonArray>
#include <QStringList>
#include <chrono>
#include <functional>
#include <memory>
#include <vector>

namespace lockscope {

class ConnectorError;
class LockStrategy;
class StockStore;
class BenchReference;
struct Endpoints;
struct LockEntry;
struct MonitorConfig;
struct NamespaceConfig;

/// What one refresh of one backend saw.
struct ScanResult {
    std::vector<LockEntry> locks;
    QJsonArray blockingTree; ///< who blocks whom, where the server says (PostgreSQL)
};

/// Reads every live lock of one server. Owns its connection; used by one thread at a time.
/// Throws ConnectorError when the server fails (the monitor then drops and rebuilds it).
class BackendScanner {
public:
    virtual ~BackendScanner() = default;
    virtual ScanResult scan() = 0;
};

/// Tells the monitor at once that something changed (ZooKeeper watches, Redis keyspace
/// notifications), so it need not wait for the next poll. Calls back on its own thread.
class ChangeListener {
public:
    virtual ~ChangeListener() = default;
    /// True while change events are really being received.
    virtual bool active() const = 0;
    /// How changes are learned right now, and why not better (a refusal, a topology).
    virtual ChangeStatus status() const = 0;
    /// Whether the monitor's timed refresh should scan this backend now, its last scan having
    /// started at lastScan. Default: every refresh. A change detector that watches the server
    /// (PostgreSQL's adaptive polling) says yes only after a change or now and then.
    virtual bool scanDue(std::chrono::steady_clock::time_point lastScan) const {
        (void)lastScan;
        return true;
    }
};

/// Connects, makes one round trip and reports health. Keeps its connection between probes and
/// reconnects only after a failure. Blocking: call from a worker thread.
class BackendProbe {
public:
    virtual ~BackendProbe() = default;
    virtual BackendHealth probe() = 0;
};

/// Everything LockScope knows about one kind of server, behind one interface: its lock
/// strategies, how to find and read live locks, how to force-release one safely, where stock
/// lives on it, and how to check its health. The monitor, the force-releaser, the demo engine,
/// the CLI and the console loop over the registered backends (BackendRegistry); no code outside
/// a backend's folder knows a key layout, script, znode layout or SQL statement of it.
class LockBackend {
public:
    virtual ~LockBackend() = default;

    virtual Backend id() const = 0;
    /// "redis": the name in JSON, the CLI and as a stock store.
    QString name() const { return backendName(id()); }
    /// "Redis": the name for people.
    QString displayName() const { return backendDisplayName(id()); }

    /// The lock strategies it offers, by their CLI names ("redis"; "pg-row", "lease", ...).
    virtual QStringList strategies() const = 0;
    /// Whether the strategy's locks carry a lease that runs out on its own (LockStrategy::
    /// hasLease() without a connection): the sequence diagram draws it and its expiry.
    virtual bool strategyHasLease(const QString& strategy) const {
        (void)strategy;
        return false;
    }
    /// One of strategies(); the strategy owns its connection(s).
    virtual std::unique_ptr<LockStrategy> createStrategy(const QString& name,
                                                         const NamespaceConfig& config) const = 0;
    /// The lock kinds its scanner reports.
    virtual std::vector<LockKind> kinds() const = 0;

    virtual std::unique_ptr<BackendScanner> createScanner(const MonitorConfig& config,
                                                          std::function<void()> onChange) const = 0;
    /// Optional: a listener that lives across scanner reconnects (nullptr when none).
    virtual std::unique_ptr<ChangeListener>
    createChangeListener(const MonitorConfig& config, std::function<void()> onChange) const;
    /// How changes are learned without a listener when the scanner is given an onChange
    /// (ZooKeeper: watches); default Polling.
    virtual ChangeMode scannerChangeMode() const { return ChangeMode::Polling; }

    /// What forceRelease() would do to this observed lock, in words an operator can confirm.
    virtual QString describeRelease(const LockEntry& observed, bool cancelOnly) const = 0;
    /// The audit log's action name: "delete", "terminate-backend", "cancel-backend".
    virtual QString releaseAction(const LockEntry& observed, bool cancelOnly) const;
    /// Whether the operator may choose a cancel-only release for this lock (PostgreSQL backends).
    virtual bool offersCancelOnly(const LockEntry& observed) const;
    /// Releases exactly the observed lock, never whatever holds the name now. Never throws:
    /// a server failure is Status::Failed with the reason.
    virtual ReleaseOutcome forceRelease(const NamespaceConfig& config, const LockEntry& observed,
                                        bool cancelOnly) const = 0;

    /// Its stock store (owns one connection).
    virtual std::unique_ptr<StockStore> createStockStore(const NamespaceConfig& config) const = 0;
    /// The connection URI without its password (what a settings file may keep), the password
    /// apart in *password. Throws UriError for a URI it cannot parse.
    virtual QString uriWithoutPassword(const QString& uri, QString* password) const = 0;
    /// The URI with password put back (unchanged when password is empty).
    virtual QString uriWithPassword(const QString& uri, const QString& password) const = 0;
    /// A health probe for the server named in endpoints.
    virtual std::unique_ptr<BackendProbe> createProbe(const Endpoints& endpoints) const = 0;
    /// A permission refusal (ConnectorError::Kind::NoAuth) met while doing what `role` does, in
    /// words an operator can act on: what was refused, the grant that allows it, or whom to
    /// connect as; without the server's name (PermissionAdvice::explain puts it first). The
    /// default names the server's own words only.
    virtual QString permissionHint(const NamespaceConfig& config, const ConnectorError& error,
                                   AccessRole role) const;
    /// The bare client library doing what one lock cycle does, for `bench lock`.
    virtual std::unique_ptr<BenchReference>
    createBenchReference(const NamespaceConfig& config) const = 0;
};

} // namespace lockscope
