#pragma once

#include "connectors/backend.h"
#include "core/backends/releaseoutcome.h"
#include "core/endpoints.h"
#include "core/monitor/lockentry.h"
#include "core/monitor/monitorconfig.h"

#include <QMainWindow>
#include <QMap>
#include <QPointer>
#include <QThread>

class QTabWidget;
class QMenu;

namespace lockscope {

class ConnectionIndicator;
class TransportLabel;
class ChangeModeLabel;
class ConnectionProbe;
class MonitorWorker;
class StoreWorker;
class SessionsPage;
class LocksPage;
class LeasesPage;
class StockPage;
class DemoPage;
class BuyPage;
class AuditPage;
class TimelinePage;
class StatisticsPage;
class HistoryHub;
class SandboxWatchBar;
class AlertCenter;
class AlertsPage;

/// The console: connection status, and one page each for locks, leases, stock, demos, buying by
/// hand and the audit log. All I/O runs on worker threads owned here.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    struct Options {
        Endpoints endpoints;
        std::string ns = "lockscope";
        bool readOnly = false;
        int refreshMs = 1000;
        QString sandboxDir; ///< the sandbox the endpoints came from: watched for a restart
    };
    explicit MainWindow(Options options, QWidget* parent = nullptr);
    ~MainWindow() override;

    ConnectionIndicator* indicator(Backend backend) const { return m_indicators.value(backend); }
    /// TLS and SSH tunnel in use, a warning when TLS verification is off.
    TransportLabel* transportLabel() const { return m_transport; }
    ChangeModeLabel* changeModeLabel() const { return m_changeModes; }
    LocksPage* locksPage() const { return m_locks; }
    DemoPage* demoPage() const { return m_demo; }
    BuyPage* buyPage() const { return m_buy; }
    AuditPage* auditPage() const { return m_audit; }
    SessionsPage* sessionsPage() const { return m_sessions; }
    TimelinePage* timelinePage() const { return m_timeline; }
    StatisticsPage* statisticsPage() const { return m_statistics; }
    StockPage* stockPage() const { return m_stock; }
    LeasesPage* leasesPage() const { return m_leases; }
    AlertCenter* alertCenter() const { return m_alerts; }
    AlertsPage* alertsPage() const { return m_alertsPage; }
    QTabWidget* tabs() const { return m_tabs; }
    MonitorWorker* monitorWorker() const { return m_monitor; }
    SandboxWatchBar* sandboxBar() const { return m_sandboxBar; }
    /// Switch connections (profiles dialog, local sandbox). sandboxDir: the sandbox they are
    /// (the Demo page's failover and server-restart act on its servers); empty: none known.
    void connectTo(const Endpoints& endpoints, const QString& sandboxDir = {});
    /// The endpoints' SSH tunnel made the process'; the transport label updated.
    void applyTransport();
    /// The menu bar's menus (File, View, Tools, Help), for tests.
    QList<QMenu*> menus() const { return m_menus; }
    /// Writes the Locks table (what is in view) or the Audit table as CSV or JSON; on failure
    /// false and *error says why.
    enum class Table { Locks, Audit };
    enum class Format { Csv, Json };
    bool exportTable(Table table, Format format, const QString& path, QString* error) const;
    /// The text exportTable writes.
    QByteArray exportBytes(Table table, Format format) const;

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void startWorkers();
    /// Detaches the I/O threads: they finish their current call and delete themselves. Only
    /// application exit (wait = true) joins them - a connection switch never blocks the GUI.
    void stopWorkers(bool wait);
    void startLocalSandbox();
    void openConnections();
    void buildMenus();
    void exportWithDialog(Table table, Format format);
    void editStaleRules();
    void showHelp();
    void releasePlan(const QList<LockEntry>& entries, const QString& reason,
                     const QList<bool>& cancelOnly);
    void sendRelease(const LockEntry& e, const QString& reason, bool cancelOnly, quint64 id);

    Options m_options;
    QThread* m_ioThread = nullptr;
    QThread* m_probeThread = nullptr;
    QThread* m_actionsThread = nullptr;
    ConnectionProbe* m_probe = nullptr;
    MonitorWorker* m_monitor = nullptr;
    StoreWorker* m_store = nullptr;
    QMap<Backend, ConnectionIndicator*> m_indicators;
    TransportLabel* m_transport = nullptr;
    ChangeModeLabel* m_changeModes = nullptr; ///< how each server's changes arrive
    QTabWidget* m_tabs = nullptr;
    LocksPage* m_locks = nullptr;
    LeasesPage* m_leases = nullptr;
    StockPage* m_stock = nullptr;
    DemoPage* m_demo = nullptr;
    BuyPage* m_buy = nullptr;
    AuditPage* m_audit = nullptr;
    SessionsPage* m_sessions = nullptr;
    TimelinePage* m_timeline = nullptr;
    StatisticsPage* m_statistics = nullptr;
    HistoryHub* m_history = nullptr; ///< the history store's thread (issue 14)
    SandboxWatchBar* m_sandboxBar = nullptr;
    AlertCenter* m_alerts = nullptr;
    AlertsPage* m_alertsPage = nullptr;
    quint64 m_nextRequest = 1;
    QList<QMenu*> m_menus;
    /// A force-release plan in flight: its requests, in order, and the outcomes so far.
    struct PlanItem {
        quint64 id;
        QString resource;
        bool done = false;
        ReleaseOutcome::Status status{};
        QString message;
    };
    QList<PlanItem> m_plan;
    QString m_ownSandboxDir;        ///< a sandbox this window started: stopped when it closes
    QPointer<QThread> m_sandboxJob; ///< starting that sandbox, while it runs
};

} // namespace lockscope
