#include "gui/mainwindow.h"

#include "connectors/transport/sshtunnel.h"
#include "connectors/urierror.h"
#include "core/alerts/alertsettings.h"
#include "core/backends/backendregistry.h"
#include "core/backends/lockbackend.h"
#include "core/monitor/connectionprobe.h"
#include "core/monitor/forcereleaser.h"
#include "core/sandbox/sandbox.h"
#include "core/sandbox/sandboxerror.h"
#include "gui/alertcenter.h"
#include "gui/alertindicator.h"
#include "gui/alertspage.h"
#include "gui/alerttray.h"
#include "gui/auditpage.h"
#include "gui/buypage.h"
#include "gui/changemodelabel.h"
#include "gui/connectiondialog.h"
#include "gui/connectionindicator.h"
#include "gui/demopage.h"
#include "gui/historyhub.h"
#include "gui/leasespage.h"
#include "gui/lockmodel.h"
#include "gui/lockspage.h"
#include "gui/monitorworker.h"
#include "gui/sandboxwatchbar.h"
#include "gui/sessionspage.h"
#include "gui/stalerulesdialog.h"
#include "gui/statisticspage.h"
#include "gui/stockpage.h"
#include "gui/storeworker.h"
#include "gui/tableexport.h"
#include "gui/timelinepage.h"
#include "gui/transportlabel.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDeadlineTimer>
#include <QDir>
#include <QFileDialog>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QScreen>
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
    m.config.readOnly = o.readOnly; // core refuses every write, whatever a page offers
    // Malformed URIs were rejected before the window opened; defaults keep the type valid.
    try {
        m.config.redis = RedisUri::parse(o.endpoints.redis);
        m.config.zookeeper = ZooKeeperUri::parse(o.endpoints.zookeeper);
        m.config.postgres = PostgresUri::parse(o.endpoints.postgres);
        if (!o.endpoints.redlock.isEmpty())
            m.config.redlock = RedisUri::parseList(o.endpoints.redlock);
    } catch (const UriError&) {
    }
    StaleRuleSettings::load(QSettings()).applyTo(m);
    return m;
}

/// The one Redis server ("host:port") when Redis is a single server; empty for a Cluster or a
/// Sentinel set: the Locks page's Node column tells their servers apart.
QString redisHome(const MonitorConfig& mc) {
    return mc.config.redis.topology == RedisTopology::Single
               ? HostPort{mc.config.redis.host, mc.config.redis.port}.toString()
               : QString();
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
    // A default, not a fixed size: every page works down to 1024x640 and below.
    // 1280x800, or less on a smaller screen: never larger than the screen it opens on.
    const QRect available = screen() ? screen()->availableGeometry() : QRect(0, 0, 1280, 800);
    resize(std::min(1280, available.width()), std::min(800, available.height()));
    setMinimumSize(760, 480);

    auto* bar = addToolBar(tr("Connections"));
    bar->setObjectName(QStringLiteral("connectionsToolBar"));
    bar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    QAction* connections = bar->addAction(tr("Connections…"));
    connections->setObjectName(QStringLiteral("connectionsAction"));
    connections->setToolTip(tr("Choose the Redis, ZooKeeper and PostgreSQL servers to watch"));
    connect(connections, &QAction::triggered, this, &MainWindow::openConnections);
    QAction* sandbox = bar->addAction(tr("Start local sandbox"));
    sandbox->setObjectName(QStringLiteral("sandboxAction"));
    sandbox->setToolTip(tr("Start Redis, ZooKeeper and PostgreSQL on loopback and watch them"));
    connect(sandbox, &QAction::triggered, this, &MainWindow::startLocalSandbox);

    const MonitorConfig mc = monitorConfigFor(m_options);
    m_tabs = new QTabWidget(this);
    m_tabs->setDocumentMode(true);
    m_locks = new LocksPage(m_options.readOnly, m_tabs);
    m_locks->setRedisHome(redisHome(mc));
    m_leases = new LeasesPage(m_tabs);
    m_stock = new StockPage(m_tabs);
    m_demo = new DemoPage(mc.config, m_options.sandboxDir, m_tabs);
    m_buy = new BuyPage(mc.config, m_tabs);
    m_audit = new AuditPage(m_tabs);
    m_sessions = new SessionsPage(mc.config, m_options.readOnly, m_tabs);
    m_tabs->addTab(m_locks, QIcon(QStringLiteral(":/icons/lockscope.svg")), tr("Locks"));
    m_tabs->addTab(m_leases, tr("Leases"));
    m_tabs->addTab(m_stock, tr("Stock"));
    m_tabs->addTab(m_demo, QIcon(QStringLiteral(":/icons/run.svg")), tr("Demo"));
    m_tabs->addTab(m_buy, tr("Buy"));
    m_tabs->addTab(m_audit, tr("Audit"));
    m_tabs->addTab(m_sessions, tr("Sessions"));
    m_timeline = new TimelinePage(m_tabs);
    m_statistics = new StatisticsPage(m_tabs);
    m_tabs->addTab(m_timeline, tr("Timeline"));
    m_tabs->addTab(m_statistics, tr("Statistics"));
    QSettings saved;
    m_history = new HistoryHub(HistorySettings::load(saved), m_timeline, m_statistics, this);
    // Alerts: evaluated where the snapshots arrive (AlertCenter), listed on their page.
    m_alerts = new AlertCenter(AlertSettings::load(QSettings()), this);
    m_alertsPage = new AlertsPage(m_alerts, m_tabs);
    m_tabs->addTab(m_alertsPage, tr("Alerts"));
    connect(m_alerts, &AlertCenter::alertedLocksChanged, m_locks->model(),
            &LockModel::setAlertedIds);
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
        connectTo(e, m_sandboxBar->sandboxDir());
        m_sandboxBar->watch(m_sandboxBar->sandboxDir(), e);
    });
    m_sandboxBar->watch(m_options.sandboxDir, m_options.endpoints);
    buildMenus();

    m_transport = new TransportLabel(this);
    statusBar()->addPermanentWidget(m_transport);
    applyTransport();
    for (const LockBackend* backend : BackendRegistry::all()) {
        const Backend b = backend->id();
        auto* ind = new ConnectionIndicator(b, this);
        m_indicators.insert(b, ind);
        statusBar()->addPermanentWidget(ind);
    }
    auto* alertIndicator = new AlertIndicator(m_alerts, this);
    statusBar()->addPermanentWidget(alertIndicator);
    auto* tray = new AlertTray(m_alerts, this);
    connect(alertIndicator, &AlertIndicator::clicked, this,
            [this] { m_tabs->setCurrentWidget(m_alertsPage); });
    connect(tray, &AlertTray::activated, this, [this] {
        m_tabs->setCurrentWidget(m_alertsPage);
        raise();
        activateWindow();
    });
    m_changeModes = new ChangeModeLabel(this);
    statusBar()->addPermanentWidget(m_changeModes);
    if (m_options.readOnly)
        statusBar()->showMessage(tr(
            "Read-only mode: force-release, demo runs, purchases and stock changes are disabled."));

    connect(m_demo, &DemoPage::started, m_stock,
            [this](const QStringList& s) { m_stock->demoStarted(s); });
    connect(m_demo, &DemoPage::stockSample, m_stock, &StockPage::demoSample);
    startWorkers();

    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    // A saved place can be off this screen (a smaller screen now, or a window manager that
    // offsets frames differently): the whole window, status bar included, stays visible.
    if (const QScreen* sc = screen()) {
        const QRect available = sc->availableGeometry();
        QRect g = geometry();
        g.setSize(g.size().boundedTo(available.size()));
        g.moveLeft(std::clamp(g.left(), available.left(), available.right() - g.width() + 1));
        g.moveTop(std::clamp(g.top(), available.top(), available.bottom() - g.height() + 1));
        setGeometry(g);
    }
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
            ind->setStatus(h.state, h.rttMs, h.version, h.error, h.topology);
    });
    m_probeThread->setObjectName(QStringLiteral("lockscope-probe"));
    m_probeThread->start();

    m_ioThread = new QThread;
    m_monitor = new MonitorWorker(mc, m_options.refreshMs);
    m_monitor->moveToThread(m_ioThread);
    connect(m_ioThread, &QThread::finished, m_monitor, &QObject::deleteLater);
    connect(m_ioThread, &QThread::started, m_monitor, &MonitorWorker::start);
    // Stock, audit and releases on a thread of their own: a read stuck on a silent server
    // never holds up the Locks page.
    m_actionsThread = new QThread;
    m_store = new StoreWorker(mc.config);
    m_store->moveToThread(m_actionsThread);
    connect(m_actionsThread, &QThread::finished, m_store, &QObject::deleteLater);
    connect(m_actionsThread, &QThread::started, m_store, &StoreWorker::loadAudit);
    connect(m_actionsThread, &QThread::started, m_store, &StoreWorker::loadStock);
    // After a release, look again at once and report what is there now.
    connect(m_store, &StoreWorker::releaseFinished, m_monitor, &MonitorWorker::refreshNow);
    m_history->attach(m_monitor, m_store);
    connect(m_monitor, &MonitorWorker::refreshed, m_locks, &LocksPage::applySnapshot);
    connect(m_monitor, &MonitorWorker::refreshed, m_leases, &LeasesPage::addSnapshot);
    connect(m_monitor, &MonitorWorker::refreshed, m_alerts, &AlertCenter::onSnapshot);
    connect(
        m_monitor, &MonitorWorker::refreshed, m_changeModes,
        [this](const Snapshot& s, const SnapshotDiff&) { m_changeModes->setModes(s.changeModes); });
    connect(m_monitor, &MonitorWorker::refreshed, this,
            [this](const Snapshot& s, const SnapshotDiff&) {
                // A backend the monitor cannot read shows as down at once, whatever the probe said
                // last.
                for (auto it = s.backendErrors.cbegin(); it != s.backendErrors.cend(); ++it) {
                    if (auto* ind = m_indicators.value(it.key()))
                        ind->setStatus(ConnectionProbe::State::Down, 0, {}, it.value());
                }
                m_stock->setBackendsDown(s.unknownSinceMs, s.backendErrors);
            });
    connect(m_store, &StoreWorker::auditLoaded, m_audit, &AuditPage::setRows);
    connect(m_store, &StoreWorker::auditFailed, m_audit, &AuditPage::setError);
    connect(m_store, &StoreWorker::stockLoaded, m_stock, &StockPage::setStock);
    connect(m_locks, &LocksPage::refreshRequested, m_monitor, &MonitorWorker::refreshNow);
    connect(m_audit, &AuditPage::reloadRequested, m_store, &StoreWorker::loadAudit);
    connect(m_stock, &StockPage::reloadRequested, m_store, &StoreWorker::loadStock);
    connect(m_demo, &DemoPage::resultReady, m_store, &StoreWorker::loadStock);
    connect(m_buy, &BuyPage::purchaseFinished, m_store, &StoreWorker::loadStock);
    connect(m_locks, &LocksPage::releaseRequested, this,
            [this](const LockEntry& e, const QString& reason, bool cancelOnly) {
                sendRelease(e, reason, cancelOnly, m_nextRequest++);
                statusBar()->showMessage(tr("Releasing %1…").arg(e.logical()));
            });
    connect(m_locks, &LocksPage::releasePlanRequested, this, &MainWindow::releasePlan);
    connect(
        m_store, &StoreWorker::releaseFinished, this,
        [this](quint64 id, ReleaseOutcome::Status s, const QString& message) {
            using S = ForceReleaser::Outcome::Status;
            const QString title = s == S::Released          ? tr("Released")
                                  : s == S::NothingReleased ? tr("Nothing released")
                                  : s == S::Changed  ? tr("Changed in the meantime: nothing done")
                                  : s == S::ReadOnly ? tr("Refused: read-only")
                                  : s == S::Refused  ? tr("Refused")
                                                     : tr("Failed");
            statusBar()->showMessage(QStringLiteral("%1: %2").arg(title, message), 15000);
            const auto item = std::find_if(m_plan.begin(), m_plan.end(),
                                           [id](const PlanItem& p) { return p.id == id; });
            if (item == m_plan.end()) {
                if (s != ForceReleaser::Outcome::Status::Released && isVisible())
                    QMessageBox::warning(this, title, message);
                return;
            }
            item->done = true;
            item->status = s;
            item->message = QStringLiteral("%1: %2").arg(title, message);
            if (std::any_of(m_plan.begin(), m_plan.end(),
                            [](const PlanItem& p) { return !p.done; }))
                return;
            // Every release of the plan is back: one report, each with its own outcome.
            int released = 0;
            QString details;
            for (const PlanItem& p : std::as_const(m_plan)) {
                released += p.status == ForceReleaser::Outcome::Status::Released ? 1 : 0;
                details += QStringLiteral("%1 — %2\n").arg(p.resource, p.message);
            }
            const int total = int(m_plan.size());
            m_plan.clear();
            if (!isVisible())
                return;
            QMessageBox box(
                released == total ? QMessageBox::Information : QMessageBox::Warning,
                tr("Force-release plan"),
                tr("%1 of %n lock(s) released.", nullptr, total).arg(QLocale().toString(released)),
                QMessageBox::Ok, this);
            box.setDetailedText(details);
            box.exec();
        });
    m_ioThread->setObjectName(QStringLiteral("lockscope-io"));
    m_ioThread->start();
    m_actionsThread->setObjectName(QStringLiteral("lockscope-actions"));
    m_actionsThread->start();
}

void MainWindow::stopWorkers(bool wait) {
    // Late results from the old servers must not reach the views.
    if (m_monitor)
        QObject::disconnect(m_monitor, nullptr, nullptr, nullptr);
    if (m_probe)
        QObject::disconnect(m_probe, nullptr, nullptr, nullptr);
    if (m_store)
        QObject::disconnect(m_store, nullptr, nullptr, nullptr);
    // A worker may be in a call on a silent server (a stock read or release, a scan, a probe;
    // each has its deadline, up to 12 s): a closing window gives them 3 s together - all told
    // to quit first, then one deadline for all (one after the other they took up to 8 s with
    // PostgreSQL frozen) - then leaves the rest to end by themselves, never joined by the GUI.
    const QDeadlineTimer deadline(3000);
    for (QThread* t : {m_actionsThread, m_ioThread, m_probeThread})
        if (t)
            t->quit();
    for (QThread* t : {m_actionsThread, m_ioThread, m_probeThread}) {
        if (!t)
            continue;
        if (wait && t->wait(deadline))
            delete t;
        else
            connect(t, &QThread::finished, t, &QObject::deleteLater);
    }
    m_actionsThread = m_ioThread = m_probeThread = nullptr;
    m_store = nullptr;
    m_monitor = nullptr;
    m_probe = nullptr;
}

void MainWindow::applyTransport() {
    // The profile's SSH bastion, for every connection made from now on (workers, pages).
    std::optional<SshTunnel> tunnel;
    try {
        if (!m_options.endpoints.ssh.isEmpty())
            tunnel = SshTunnel::parse(m_options.endpoints.ssh);
    } catch (const UriError& e) {
        statusBar()->showMessage(tr("SSH tunnel not used: %1").arg(e.message()), 15000);
    }
    SshTunnel::setCurrent(tunnel);
    m_transport->setEndpoints(m_options.endpoints);
}

void MainWindow::connectTo(const Endpoints& endpoints, const QString& sandboxDir) {
    stopWorkers(false);
    m_options.endpoints = endpoints;
    m_options.sandboxDir = sandboxDir;
    applyTransport();
    // The rows of the old servers go.
    m_locks->clear();
    // The demo and buy pages hold their own connections: new servers, new pages.
    const MonitorConfig mc = monitorConfigFor(m_options);
    m_locks->setRedisHome(redisHome(mc));
    const int current = m_tabs->currentIndex();
    const int demoAt = m_tabs->indexOf(m_demo);
    const int buyAt = m_tabs->indexOf(m_buy);
    m_tabs->removeTab(demoAt);
    m_demo->shutdown(false); // detached: a running demo finishes its purchases on its own
    delete m_demo;
    m_demo = new DemoPage(mc.config, m_options.sandboxDir, m_tabs);
    m_tabs->insertTab(demoAt, m_demo, QIcon(QStringLiteral(":/icons/run.svg")), tr("Demo"));
    m_tabs->removeTab(buyAt);
    m_buy->shutdown(false);
    delete m_buy;
    m_buy = new BuyPage(mc.config, m_tabs);
    m_tabs->insertTab(buyAt, m_buy, tr("Buy"));
    const int sessionsAt = m_tabs->indexOf(m_sessions); // its own connection: new servers, new page
    m_tabs->removeTab(sessionsAt);
    delete m_sessions;
    m_sessions = new SessionsPage(mc.config, m_options.readOnly, m_tabs);
    m_tabs->insertTab(sessionsAt, m_sessions, tr("Sessions"));
    m_tabs->setCurrentIndex(current);
    connect(m_demo, &DemoPage::started, m_stock,
            [this](const QStringList& s) { m_stock->demoStarted(s); });
    connect(m_demo, &DemoPage::stockSample, m_stock, &StockPage::demoSample);
    for (auto* ind : std::as_const(m_indicators))
        ind->setStatus(ConnectionProbe::State::Connecting, 0, {}, {});
    startWorkers();
}

void MainWindow::sendRelease(const LockEntry& e, const QString& reason, bool cancelOnly,
                             quint64 id) {
    const QString who; // the audit records the OS user of this process
    m_history->releaseRequested(id, e, reason, cancelOnly);
    const bool readOnly = m_options.readOnly;
    StoreWorker* worker = m_store;
    QMetaObject::invokeMethod(
        worker,
        [worker, e, reason, who, cancelOnly, readOnly, id] {
            worker->release(e, reason, who, cancelOnly, readOnly, id);
        },
        Qt::QueuedConnection);
}

void MainWindow::releasePlan(const QList<LockEntry>& entries, const QString& reason,
                             const QList<bool>& cancelOnly) {
    if (!m_plan.isEmpty()) {
        QMessageBox::information(this, tr("Force-release plan"),
                                 tr("A plan is still running; wait for its outcomes."));
        return;
    }
    // One by one, in order, through the same path as a single release: the worker runs them in
    // turn, each checked against what was observed and audited on its own.
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const quint64 id = m_nextRequest++;
        m_plan.append({id, entries[i].logical(), false, {}, {}});
        sendRelease(entries[i], reason, cancelOnly.value(i, false), id);
    }
    statusBar()->showMessage(tr("Releasing %n lock(s)…", nullptr, int(entries.size())));
}

void MainWindow::buildMenus() {
    auto add = [this](QMenu* menu, const QString& text, const QKeySequence& key, auto slot) {
        QAction* a = menu->addAction(text);
        a->setShortcut(key);
        connect(a, &QAction::triggered, this, slot);
        return a;
    };
    QMenu* file = menuBar()->addMenu(tr("&File"));
    for (QAction* a : findChildren<QAction*>())
        if (a->objectName() == u"connectionsAction" || a->objectName() == u"sandboxAction")
            file->addAction(a);
    file->addSeparator();
    add(file, tr("Export locks as CSV…"), {},
        [this] { exportWithDialog(Table::Locks, Format::Csv); });
    add(file, tr("Export locks as JSON…"), {},
        [this] { exportWithDialog(Table::Locks, Format::Json); });
    add(file, tr("Export audit as CSV…"), {},
        [this] { exportWithDialog(Table::Audit, Format::Csv); });
    add(file, tr("Export audit as JSON…"), {},
        [this] { exportWithDialog(Table::Audit, Format::Json); });
    file->addSeparator();
    QAction* quit = add(file, tr("&Quit"), QKeySequence::Quit, [this] { close(); });
    quit->setMenuRole(QAction::QuitRole);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->addAction(m_locks->refreshAction());
    view->addAction(m_locks->findAction());
    view->addAction(m_locks->clearFilterAction());
    view->addSeparator();
    for (int i = 0; i < m_tabs->count(); ++i) {
        QAction* tab = view->addAction(m_tabs->tabText(i));
        // Alt+1 ... Alt+9, then Alt+0 for the tenth page.
        if (i < 10)
            tab->setShortcut(QKeySequence(Qt::ALT | Qt::Key(i < 9 ? Qt::Key_1 + i : Qt::Key_0)));
        connect(tab, &QAction::triggered, this, [this, i] { m_tabs->setCurrentIndex(i); });
    }
    // Find means the Locks page: go there first.
    connect(
        m_locks->findAction(), &QAction::triggered, this,
        [this] { m_tabs->setCurrentWidget(m_locks); }, Qt::DirectConnection);

    QMenu* tools = menuBar()->addMenu(tr("&Tools"));
    tools->addAction(m_locks->releaseAction());
    tools->addAction(m_locks->copyCellAction());
    tools->addAction(m_locks->copyRawAction());
    tools->addAction(m_locks->copyJsonAction());
    tools->addSeparator();
    add(tools, tr("Stale rules…"), {}, [this] { editStaleRules(); });
    add(tools, tr("Alert rules…"), {}, [this] { m_alertsPage->editRules(); });

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    add(help, tr("LockScope help"), QKeySequence::HelpContents, [this] { showHelp(); });
    QAction* about = add(help, tr("About LockScope"), {}, [this] {
        QMessageBox::about(this, tr("About LockScope"),
                           tr("<b>LockScope</b> %1<br>Distributed locks on Redis, ZooKeeper and "
                              "PostgreSQL: watch them, understand them, release them safely.")
                               .arg(QApplication::applicationVersion()));
    });
    about->setMenuRole(QAction::AboutRole);
    m_menus = {file, view, tools, help};
}

QByteArray MainWindow::exportBytes(Table table, Format format) const {
    if (table == Table::Locks)
        return format == Format::Csv ? m_locks->locksCsv().toUtf8() : m_locks->locksJson();
    QJsonArray array;
    for (const AuditRecord& r : m_audit->records())
        array.append(r.toJson());
    if (format == Format::Json)
        return QJsonDocument(array).toJson(QJsonDocument::Indented);
    return tableexport::csvFromJson(
               {QStringLiteral("id"), QStringLiteral("at_ms"), QStringLiteral("operator"),
                QStringLiteral("host"), QStringLiteral("backend"), QStringLiteral("kind"),
                QStringLiteral("resource"), QStringLiteral("observed_owner"),
                QStringLiteral("observed_token"), QStringLiteral("action"),
                QStringLiteral("reason"), QStringLiteral("outcome"), QStringLiteral("detail")},
               array)
        .toUtf8();
}

bool MainWindow::exportTable(Table table, Format format, const QString& path,
                             QString* error) const {
    return tableexport::writeFile(path, exportBytes(table, format), error);
}

void MainWindow::exportWithDialog(Table table, Format format) {
    const QString base = table == Table::Locks ? QStringLiteral("locks") : QStringLiteral("audit");
    const QString suffix = format == Format::Csv ? QStringLiteral("csv") : QStringLiteral("json");
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export"), QDir::home().filePath(base + u'.' + suffix),
        format == Format::Csv ? tr("CSV files (*.csv)") : tr("JSON files (*.json)"));
    if (path.isEmpty())
        return;
    QString error;
    if (exportTable(table, format, path, &error))
        statusBar()->showMessage(tr("Exported to %1").arg(path), 10000);
    else
        QMessageBox::warning(this, tr("Export"), tr("Could not write %1: %2").arg(path, error));
}

void MainWindow::editStaleRules() {
    QSettings settings;
    StaleRulesDialog dialog(StaleRuleSettings::load(settings), this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    dialog.rules().save(settings);
    settings.sync();
    // The monitor reads its config once: start it again with the new rules. Its first refresh
    // reports every lock afresh, so the rows go first.
    stopWorkers(false);
    m_locks->clear();
    startWorkers();
    statusBar()->showMessage(tr("Stale rules saved; the monitor restarted with them."), 10000);
}

void MainWindow::showHelp() {
    const QString readOnly =
        m_options.readOnly
            ? tr("<p><b>Read-only mode</b>: nothing is written anywhere. Force-release, demo "
                 "runs, purchases and stock changes are off; what is said below about them does "
                 "not apply.</p>")
            : QString();
    QMessageBox box(
        QMessageBox::NoIcon, tr("LockScope help"),
        readOnly + tr("<h3>Pages</h3>"
                      "<p><b>Locks</b>: every live lock. Hover a column header, a kind or a flag "
                      "for what it means. Select one or several and press Del to force-release "
                      "them: each is released only if it is still exactly as you saw it, and "
                      "audited.</p>"
                      "<p><b>Leases</b>: lease left over time. <b>Stock</b>: stock per store. "
                      "<b>Demo</b> and <b>Buy</b>: oversell with and without a lock. "
                      "<b>Audit</b>: every force-release attempt. <b>Sessions</b>: every "
                      "PostgreSQL backend, who blocks whom. <b>Timeline</b> and "
                      "<b>Statistics</b>: the recorded history of holds, waits and outages. "
                      "<b>Alerts</b>: what the alert rules found.</p>"
                      "<p>A red banner means a server is down: its rows are last known, greyed "
                      "with their age.</p>"
                      "<h3>Keys</h3>"
                      "<p>F5 refresh · Ctrl+F filter · Esc clear the filter · Del force-release "
                      "· Ctrl+C copy cell · Alt+1…9, Alt+0 pages · F1 this help · Ctrl+Q quit</p>"),
        QMessageBox::Ok, this);
    box.exec();
}

void MainWindow::openConnections() {
    ConnectionDialog dialog(m_options.endpoints, this);
    dialog.setSandbox(m_options.sandboxDir); // kept unless another profile or sandbox is chosen
    if (dialog.exec() == QDialog::Accepted) {
        connectTo(dialog.endpoints(), dialog.sandboxDir());
        m_sandboxBar->watch(dialog.sandboxDir(), dialog.endpoints());
    }
}

void MainWindow::startLocalSandbox() {
    // As root, PostgreSQL runs as `postgres`, which cannot traverse /root: use the temp dir.
    const QString dir =
        ::geteuid() == 0 ? QDir::tempPath() + QStringLiteral("/lockscope-sandbox")
                         : QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) +
                               QStringLiteral("/sandbox");
    if (m_sandboxJob) {
        statusBar()->showMessage(tr("The local sandbox is still starting…"), 5000);
        return;
    }
    // Never take down servers someone else started in that folder (another console, a script,
    // a test run): offer to use them instead.
    bool running = false;
    SandboxInfo existing;
    try {
        existing = SandboxInfo::load(dir);
        running = Sandbox::isRunning(existing);
    } catch (const SandboxError&) {
        running = false; // nothing there, or a leftover: up() replaces it
    }
    if (running) {
        QMessageBox box(QMessageBox::Question, tr("Sandbox"),
                        tr("A sandbox is already running in %1. Connect to it, or restart it? "
                           "Restarting stops its servers for everyone using them.")
                            .arg(dir),
                        QMessageBox::NoButton, this);
        QPushButton* use = box.addButton(tr("Connect to it"), QMessageBox::AcceptRole);
        QPushButton* restart = box.addButton(tr("Restart it"), QMessageBox::DestructiveRole);
        box.addButton(QMessageBox::Cancel);
        box.setDefaultButton(use);
        box.exec();
        if (box.clickedButton() == use) {
            const Endpoints e{existing.redisUri, existing.zookeeperUri, existing.postgresUri,
                              existing.redlockUris.join(u',')};
            connectTo(e, dir); // not ours: it stays up when this window closes
            m_sandboxBar->watch(dir, e);
            return;
        }
        if (box.clickedButton() != restart)
            return;
    }
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
        connectTo({info.redisUri, info.zookeeperUri, info.postgresUri, info.redlockUris.join(u',')},
                  dir);
        m_sandboxBar->watch(
            dir, {info.redisUri, info.zookeeperUri, info.postgresUri, info.redlockUris.join(u',')});
    });
    job->start();
}

} // namespace lockscope
