#include "gui/mainwindow.h"

#include "connectors/urierror.h"
#include "core/backends/backendregistry.h"
#include "core/backends/lockbackend.h"
#include "core/monitor/connectionprobe.h"
#include "core/monitor/forcereleaser.h"
#include "core/sandbox/sandbox.h"
#include "core/sandbox/sandboxerror.h"
#include "gui/auditpage.h"
#include "gui/buypage.h"
#include "gui/connectiondialog.h"
#include "gui/connectionindicator.h"
#include "gui/demopage.h"
#include "gui/leasespage.h"
#include "gui/lockmodel.h"
#include "gui/lockspage.h"
#include "gui/monitorworker.h"
#include "gui/sandboxwatchbar.h"
#include "gui/stockpage.h"

#include <QAction>
#include <QCloseEvent>
#include <QDir>
#include <QMessageBox>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QToolBar>
#include <QVBoxLayout>
#include <unistd.h>

namespace lockscope {

namespace {

MonitorConfig monitorConfigFor(const MainWindow::Options& o) {
    MonitorConfig m;
    m.config.ns = o.ns;
    // Malformed URIs were rejected before the window opened; defaults keep the type valid.
    try {
        m.config.redis = RedisUri::parse(o.endpoints.redis);
        m.config.zookeeper = ZooKeeperUri::parse(o.endpoints.zookeeper);
        m.config.postgres = PostgresUri::parse(o.endpoints.postgres);
    } catch (const UriError&) {
    }
    return m;
}

} // namespace

MainWindow::MainWindow(Options options, QWidget* parent)
    : QMainWindow(parent)
    , m_options(std::move(options)) {
    qRegisterMetaType<Backend>("lockscope::Backend");
    qRegisterMetaType<Snapshot>("lockscope::Snapshot");
    qRegisterMetaType<SnapshotDiff>("lockscope::SnapshotDiff");
    qRegisterMetaType<LockEntry>("lockscope::LockEntry");
    qRegisterMetaType<QList<AuditRecord>>("QList<lockscope::AuditRecord>");
    qRegisterMetaType<ReleaseOutcome::Status>("lockscope::ReleaseOutcome::Status");
    qRegisterMetaType<QList<Inventory::StockRow>>("QList<lockscope::Inventory::StockRow>");
    setWindowTitle(m_options.readOnly ? tr("LockScope (read-only)") : tr("LockScope"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/lockscope.svg")));
    resize(1280, 800);

    auto* bar = addToolBar(tr("Connections"));
    bar->setObjectName(QStringLiteral("connectionsToolBar"));
    bar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    connect(bar->addAction(tr("Connections…")), &QAction::triggered, this,
            &MainWindow::openConnections);
    connect(bar->addAction(tr("Start local sandbox")), &QAction::triggered, this,
            &MainWindow::startLocalSandbox);

    const MonitorConfig mc = monitorConfigFor(m_options);
    m_tabs = new QTabWidget(this);
    m_tabs->setDocumentMode(true);
    m_locks = new LocksPage(m_options.readOnly, m_tabs);
    m_leases = new LeasesPage(m_tabs);
    m_stock = new StockPage(m_tabs);
    m_demo = new DemoPage(mc.config, m_tabs);
    m_buy = new BuyPage(mc.config, m_tabs);
    m_audit = new AuditPage(m_tabs);
    m_tabs->addTab(m_locks, QIcon(QStringLiteral(":/icons/lockscope.svg")), tr("Locks"));
    m_tabs->addTab(m_leases, tr("Leases"));
    m_tabs->addTab(m_stock, tr("Stock"));
    m_tabs->addTab(m_demo, QIcon(QStringLiteral(":/icons/run.svg")), tr("Demo"));
    m_tabs->addTab(m_buy, tr("Buy"));
    m_tabs->addTab(m_audit, tr("Audit"));
    // The offer to reconnect after a sandbox restart: a bar over the pages, never a dialog.
    m_sandboxBar = new SandboxWatchBar(this);
    auto* central = new QWidget(this);
    auto* column = new QVBoxLayout(central);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(0);
    column->addWidget(m_sandboxBar);
    column->addWidget(m_tabs, 1);
    setCentralWidget(central);
    connect(m_sandboxBar, &SandboxWatchBar::reconnectRequested, this, [this](const Endpoints& e) {
        connectTo(e);
        m_sandboxBar->watch(m_sandboxBar->sandboxDir(), e);
    });
    m_sandboxBar->watch(m_options.sandboxDir, m_options.endpoints);

    for (const LockBackend* backend : BackendRegistry::all()) {
        const Backend b = backend->id();
        auto* ind = new ConnectionIndicator(b, this);
        m_indicators.insert(b, ind);
        statusBar()->addPermanentWidget(ind);
    }
    if (m_options.readOnly)
        statusBar()->showMessage(tr("Read-only mode: force-release is disabled."));

    connect(m_demo, &DemoPage::started, m_stock,
            [this](const QStringList& s) { m_stock->demoStarted(s); });
    connect(m_demo, &DemoPage::stockSample, m_stock, &StockPage::demoSample);
    startWorkers();

    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    m_tabs->setCurrentIndex(settings.value(QStringLiteral("window/tab"), 0).toInt());
}

MainWindow::~MainWindow() {
    stopWorkers(true);
    if (m_sandboxJob)
        m_sandboxJob->wait(); // a sandbox still starting: let it finish (its steps have
                              // deadlines), then stop it below
    if (!m_ownSandboxDir.isEmpty()) {
        try {
            Sandbox::down(m_ownSandboxDir); // the servers this window started go with it
        } catch (const SandboxError& e) {
            qWarning("%s", e.what());
        }
    }
}

void MainWindow::closeEvent(QCloseEvent* event) {
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("window/tab"), m_tabs->currentIndex());
    QMainWindow::closeEvent(event);
}

void MainWindow::startWorkers() {
    const MonitorConfig mc = monitorConfigFor(m_options);
    m_probeThread = new QThread;
    m_probe = new ConnectionProbe(m_options.endpoints);
    m_probe->moveToThread(m_probeThread);
    connect(m_probeThread, &QThread::finished, m_probe, &QObject::deleteLater);
    connect(m_probeThread, &QThread::started, m_probe, &ConnectionProbe::start);
    connect(m_probe, &ConnectionProbe::status, this, [this](Backend b, const BackendHealth& h) {
        if (auto* ind = m_indicators.value(b))
            ind->setStatus(h.state, h.rttMs, h.version, h.error);
    });
    m_probeThread->setObjectName(QStringLiteral("lockscope-probe"));
    m_probeThread->start();

    m_ioThread = new QThread;
    m_monitor = new MonitorWorker(mc, m_options.refreshMs);
    m_monitor->moveToThread(m_ioThread);
    connect(m_ioThread, &QThread::finished, m_monitor, &QObject::deleteLater);
    connect(m_ioThread, &QThread::started, m_monitor, &MonitorWorker::start);
    connect(m_ioThread, &QThread::started, m_monitor, &MonitorWorker::loadAudit);
    connect(m_ioThread, &QThread::started, m_monitor, &MonitorWorker::loadStock);
    connect(m_monitor, &MonitorWorker::refreshed, m_locks, &LocksPage::applySnapshot);
    connect(m_monitor, &MonitorWorker::refreshed, m_leases, &LeasesPage::addSnapshot);
    connect(m_monitor, &MonitorWorker::refreshed, this,
            [this](const Snapshot& s, const SnapshotDiff&) {
                // A backend the monitor cannot read shows as down at once, whatever the probe said
                // last.
                for (auto it = s.backendErrors.cbegin(); it != s.backendErrors.cend(); ++it) {
                    if (auto* ind = m_indicators.value(it.key()))
                        ind->setStatus(ConnectionProbe::State::Down, 0, {}, it.value());
                }
            });
    connect(m_monitor, &MonitorWorker::auditLoaded, m_audit, &AuditPage::setRows);
    connect(m_monitor, &MonitorWorker::auditFailed, m_audit, &AuditPage::setError);
    connect(m_monitor, &MonitorWorker::stockLoaded, m_stock, &StockPage::setStock);
    connect(m_locks, &LocksPage::refreshRequested, m_monitor, &MonitorWorker::refreshNow);
    connect(m_audit, &AuditPage::reloadRequested, m_monitor, &MonitorWorker::loadAudit);
    connect(m_stock, &StockPage::reloadRequested, m_monitor, &MonitorWorker::loadStock);
    connect(m_demo, &DemoPage::resultReady, m_monitor, &MonitorWorker::loadStock);
    connect(m_buy, &BuyPage::purchaseFinished, m_monitor, &MonitorWorker::loadStock);
    connect(m_locks, &LocksPage::releaseRequested, this,
            [this](const LockEntry& e, const QString& reason, bool cancelOnly) {
                const quint64 id = m_nextRequest++;
                const QString who = qEnvironmentVariable("USER", QStringLiteral("operator"));
                const bool readOnly = m_options.readOnly;
                MonitorWorker* worker = m_monitor;
                QMetaObject::invokeMethod(
                    worker,
                    [worker, e, reason, who, cancelOnly, readOnly, id] {
                        worker->release(e, reason, who, cancelOnly, readOnly, id);
                    },
                    Qt::QueuedConnection);
                statusBar()->showMessage(tr("Releasing %1…").arg(e.resource));
            });
    connect(m_monitor, &MonitorWorker::releaseFinished, this,
            [this](quint64, ReleaseOutcome::Status s, const QString& message) {
                const QString title = s == ForceReleaser::Outcome::Status::Released ? tr("Released")
                                      : s == ForceReleaser::Outcome::Status::Changed
                                          ? tr("Changed in the meantime: nothing done")
                                      : s == ForceReleaser::Outcome::Status::Refused ? tr("Refused")
                                                                                     : tr("Failed");
                statusBar()->showMessage(QStringLiteral("%1: %2").arg(title, message), 15000);
                if (s != ForceReleaser::Outcome::Status::Released && isVisible())
                    QMessageBox::warning(this, title, message);
            });
    m_ioThread->setObjectName(QStringLiteral("lockscope-io"));
    m_ioThread->start();
}

void MainWindow::stopWorkers(bool wait) {
    // Late results from the old servers must not reach the views.
    if (m_monitor)
        QObject::disconnect(m_monitor, nullptr, nullptr, nullptr);
    if (m_probe)
        QObject::disconnect(m_probe, nullptr, nullptr, nullptr);
    for (QThread* t : {m_ioThread, m_probeThread}) {
        if (!t)
            continue;
        t->quit();
        if (wait) {
            t->wait();
            delete t;
        } else {
            connect(t, &QThread::finished, t, &QObject::deleteLater);
        }
    }
    m_ioThread = m_probeThread = nullptr;
    m_monitor = nullptr;
    m_probe = nullptr;
}

void MainWindow::connectTo(const Endpoints& endpoints) {
    stopWorkers(false);
    m_options.endpoints = endpoints;
    // The rows of the old servers go.
    m_locks->clear();
    // The demo and buy pages hold their own connections: new servers, new pages.
    const MonitorConfig mc = monitorConfigFor(m_options);
    const int current = m_tabs->currentIndex();
    const int demoAt = m_tabs->indexOf(m_demo);
    const int buyAt = m_tabs->indexOf(m_buy);
    m_tabs->removeTab(demoAt);
    m_demo->shutdown(false); // detached: a running demo finishes its purchases on its own
    delete m_demo;
    m_demo = new DemoPage(mc.config, m_tabs);
    m_tabs->insertTab(demoAt, m_demo, QIcon(QStringLiteral(":/icons/run.svg")), tr("Demo"));
    m_tabs->removeTab(buyAt);
    m_buy->shutdown(false);
    delete m_buy;
    m_buy = new BuyPage(mc.config, m_tabs);
    m_tabs->insertTab(buyAt, m_buy, tr("Buy"));
    m_tabs->setCurrentIndex(current);
    connect(m_demo, &DemoPage::started, m_stock,
            [this](const QStringList& s) { m_stock->demoStarted(s); });
    connect(m_demo, &DemoPage::stockSample, m_stock, &StockPage::demoSample);
    for (auto* ind : std::as_const(m_indicators))
        ind->setStatus(ConnectionProbe::State::Connecting, 0, {}, {});
    startWorkers();
}

void MainWindow::openConnections() {
    ConnectionDialog dialog(m_options.endpoints, this);
    if (dialog.exec() == QDialog::Accepted) {
        connectTo(dialog.endpoints());
        m_sandboxBar->watch(dialog.sandboxDir(), dialog.endpoints());
    }
}

void MainWindow::startLocalSandbox() {
    // As root, PostgreSQL runs as `postgres`, which cannot traverse /root: use the temp dir.
    const QString dir =
        ::geteuid() == 0 ? QDir::tempPath() + QStringLiteral("/lockscope-sandbox")
                         : QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) +
                               QStringLiteral("/sandbox");
    statusBar()->showMessage(tr("Starting Redis, ZooKeeper and PostgreSQL on loopback…"));
    // A one-shot job on a QThread of its own; the result comes back through finished().
    auto error = std::make_shared<QString>();
    QThread* job = QThread::create([dir, error] {
        try {
            Sandbox::Options o;
            o.dir = dir;
            o.replace = true;
            Sandbox::up(o);
        } catch (const SandboxError& e) {
            *error = e.message();
        }
    });
    job->setObjectName(QStringLiteral("lockscope-sandbox"));
    m_sandboxJob = job;
    m_ownSandboxDir = dir; // stopped when the window closes, even if it is still starting
    connect(job, &QThread::finished, job, &QObject::deleteLater);
    connect(job, &QThread::finished, this, [this, dir, error] {
        if (!error->isEmpty()) {
            QMessageBox::warning(this, tr("Sandbox"), *error);
            return;
        }
        const SandboxInfo info = SandboxInfo::load(dir);
        statusBar()->showMessage(tr("Local sandbox running in %1").arg(dir), 10000);
        connectTo({info.redisUri, info.zookeeperUri, info.postgresUri});
        m_sandboxBar->watch(dir, {info.redisUri, info.zookeeperUri, info.postgresUri});
    });
    job->start();
}

} // namespace lockscope
