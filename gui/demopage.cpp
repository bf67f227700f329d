#include "gui/demopage.h"

#include "gui/chartaxis.h"
#include "gui/charttheme.h"

#include "core/demo/faultavailability.h"
#include "core/demo/latencystats.h"
#include "core/locks/lockstrategy.h"
#include "core/shop/racepurchaser.h"
#include "core/shop/stockstore.h"
#include "gui/demoreplaypanel.h"
#include "gui/demoworker.h"
#include "gui/namecombo.h"
#include "gui/strategytext.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSpinBox>
#include <QStackedBarSeries>
#include <QStandardItemModel>
#include <QTabWidget>
#include <QVBoxLayout>
#include <QValueAxis>
#include <cmath>

namespace lockscope {

namespace {

QSpinBox* spin(QWidget* parent, int min, int max, int value, const QString& suffix = {}) {
    auto* s = new QSpinBox(parent);
    s->setRange(min, max);
    s->setValue(value);
    s->setSuffix(suffix);
    return s;
}

/// A colour per strategy (red is the oversell's); a run with fencing off gets a lighter one.
QColor runColour(const DemoScenario& s) {
    static const QColor palette[] = {
        QColor(31, 119, 180),  QColor(255, 127, 14), QColor(44, 160, 44),
        QColor(148, 103, 189), QColor(140, 86, 75),  QColor(227, 119, 194),
        QColor(127, 127, 127), QColor(23, 190, 207), QColor(188, 189, 34)};
    const qsizetype at = std::max<qsizetype>(0, LockStrategy::allNames().indexOf(s.strategy));
    const QColor c = palette[at % qsizetype(std::size(palette))];
    return s.fencing ? c : c.lighter(150);
}
/// The fault selector's item data: the fault, and for a partition what it cuts off.
int faultKey(DemoScenario::Fault fault,
             DemoScenario::PartitionTarget target = DemoScenario::PartitionTarget::Lock) {
    return int(fault) | (int(target) << 8);
}

QString faultLabel(DemoScenario::Fault fault, DemoScenario::PartitionTarget target) {
    using Fault = DemoScenario::Fault;
    switch (fault) {
    case Fault::None:
        return DemoPage::tr("none");
    case Fault::Crash:
        return DemoPage::tr("crash in the critical section");
    case Fault::Pause:
        return DemoPage::tr("pause past the lease");
    case Fault::SlowRelease:
        return DemoPage::tr("slow release");
    case Fault::Partition:
        return target == DemoScenario::PartitionTarget::Store
                   ? DemoPage::tr("partition from the store")
                   : DemoPage::tr("partition from the lock server");
    case Fault::ServerRestart:
        return DemoPage::tr("restart the lock server");
    case Fault::Failover:
        return DemoPage::tr("Sentinel failover (loses the lock)");
    case Fault::LeaderKill:
        return DemoPage::tr("kill the ZooKeeper leader");
    default: // a fault core has and this page does not know yet: by its name
        return DemoScenario::faultName(fault);
    }
}

/// What the fault does, for its entry's tooltip when it can run.
QString faultToolTipText(DemoScenario::Fault fault) {
    using Fault = DemoScenario::Fault;
    switch (fault) {
    case Fault::Partition:
        return DemoPage::tr("The struck holder's connection goes through a fault proxy that "
                            "blackholes it for the fault's duration: its server is silent, "
                            "the others are not.");
    case Fault::ServerRestart:
        return DemoPage::tr("The sandbox's lock server is restarted under the first struck "
                            "holder: Redis without persistence comes back without the lock, "
                            "ZooKeeper and PostgreSQL keep theirs.");
    case Fault::Failover:
        return DemoPage::tr("The Sentinel set's replica is cut off, then the primary killed "
                            "under the first holder: the promoted replica never saw the lock "
                            "and grants it again. Fencing decides whether that oversells.");
    case Fault::LeaderKill:
        return DemoPage::tr("The ensemble's leader is killed under the first holder: a new one "
                            "is elected, the holder's session moves to another member and "
                            "keeps its lock.");
    default:
        return {};
    }
}

/// Why a fault cannot run here, for people.
QString unavailableText(const FaultAvailability& a) {
    using Reason = FaultAvailability::Reason;
    QString text;
    switch (a.reason) {
    case Reason::Available:
        return {};
    case Reason::NoLock:
        text = DemoPage::tr("This strategy takes no lock: there is no holder to strike.");
        break;
    case Reason::SeveralServers:
        text = DemoPage::tr("Redlock's servers are several: there is no one lock server to cut "
                            "off or restart.");
        break;
    case Reason::NotProxiable:
        text = DemoPage::tr("The fault proxy stands in front of one address; this server is "
                            "several.");
        break;
    case Reason::NoSandbox:
        text = DemoPage::tr("Needs the sandbox the console is connected to (Connections… → Use "
                            "sandbox…, --sandbox DIR or LOCKSCOPE_SANDBOX_DIR): LockScope acts "
                            "only on servers it started.");
        break;
    case Reason::SandboxUnreadable:
        text = DemoPage::tr("The sandbox cannot be read.");
        break;
    case Reason::NotHaSandbox:
        text = DemoPage::tr("Needs an ha sandbox (sandbox up --topology ha): this one has no "
                            "Sentinel set.");
        break;
    case Reason::NotSentinel:
        text = DemoPage::tr("Redis must be reached through the sandbox's Sentinel set "
                            "(Connections… → Redis mode Sentinel).");
        break;
    case Reason::StrategyNotRedis:
        text = DemoPage::tr("Fails over the Redis lock server: choose the redis strategy (or "
                            "none, to compare).");
        break;
    case Reason::InjectorRefused:
        text = DemoPage::tr("Not with these servers:");
        return a.detail.isEmpty() ? text : text + u' ' + a.detail;
    }
    return a.detail.isEmpty() ? text : text + QStringLiteral(" (") + a.detail + u')';
}

/// A lease the failover (2-3 s here, once 11 s) leaves running: two holders show.
constexpr std::chrono::milliseconds kFailoverLease{15000};

QString note(const QString& text, const char* colour) {
    return QStringLiteral("<span style='color:%1'>%2</span>")
        .arg(QLatin1String(colour), text.toHtmlEscaped());
}

} // namespace

DemoPage::DemoPage(const NamespaceConfig& config, QWidget* parent)
    : DemoPage(config, QString(), parent) {}

DemoPage::DemoPage(const NamespaceConfig& config, const QString& sandboxDir, QWidget* parent)
    : QWidget(parent)
    , m_config(config)
    , m_sandboxDir(sandboxDir)
    , m_readOnly(config.readOnly) {
    auto* root = new QHBoxLayout(this);
    // Left: the scenario, scrolled when the notes under the strategy and fault and a small
    // window leave it no room.
    auto* scroll = new QScrollArea(this);
    scroll->setWidget(buildScenarioForm());
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setMaximumWidth(400);
    scroll->setMinimumWidth(scroll->widget()->minimumSizeHint().width() +
                            scroll->verticalScrollBar()->sizeHint().width());
    root->addWidget(scroll);
    // Right: the result card over the live and comparison charts or the run's diagram.
    auto* right = new QVBoxLayout;
    right->addWidget(buildResultCard());
    m_views = new QTabWidget(this);
    auto* charts = new QWidget(m_views);
    auto* chartsLayout = new QVBoxLayout(charts);
    chartsLayout->setContentsMargins(0, 0, 0, 0);
    chartsLayout->addWidget(buildLiveChart(), 1);
    chartsLayout->addWidget(buildCompareChart(), 1);
    m_views->addTab(charts, tr("Charts"));
    m_replay = new DemoReplayPanel(m_views);
    m_views->addTab(m_replay, tr("Sequence diagram"));
    right->addWidget(m_views, 1);
    root->addLayout(right, 1);
    startWorker(config);
    connectButtons();
    updateFaults();
}

QGroupBox* DemoPage::buildScenarioForm() {
    auto* formBox = new QGroupBox(tr("Scenario"), this);
    auto* form = new QFormLayout(formBox);
    createScenarioFields(formBox);
    form->addRow(tr("Race:"), m_race);
    form->addRow(tr("Strategy:"), m_strategy);
    form->addRow(QString(), m_strategyNote);
    form->addRow(tr("Stock lives in:"), m_store);
    form->addRow(tr("Buyers:"), m_buyers);
    form->addRow(tr("Items:"), m_items);
    form->addRow(tr("Stock per item:"), m_stock);
    form->addRow(tr("Payment time:"), m_pay);
    form->addRow(tr("Lease:"), m_lease);
    form->addRow(QString(), m_fencing);
    form->addRow(tr("Fault:"), m_fault);
    form->addRow(QString(), m_faultNote);
    form->addRow(tr("Fault rate:"), m_faultRate);
    form->addRow(tr("Fault lasts:"), m_faultMs);
    auto* buttons = new QHBoxLayout;
    m_run = new QPushButton(QIcon(QStringLiteral(":/icons/run.svg")), tr("Run"), formBox);
    m_stop = new QPushButton(QIcon(QStringLiteral(":/icons/stop.svg")), tr("Stop"), formBox);
    m_stop->setEnabled(false);
    buttons->addWidget(m_run);
    buttons->addWidget(m_stop);
    form->addRow(buttons);
    m_compare = new QPushButton(tr("Compare all strategies"), formBox);
    form->addRow(m_compare);
    m_progress = new QProgressBar(formBox);
    m_progress->setFormat(tr("%v of %m sold"));
    form->addRow(m_progress);
    m_live = new QLabel(formBox);
    m_live->setWordWrap(true);
    form->addRow(m_live);
    formBox->setMaximumWidth(380);
    return formBox;
}

void DemoPage::createScenarioFields(QWidget* formBox) {
    m_race = new QComboBox(formBox);
    m_race->addItem(tr("Stock: the last items"), int(DemoScenario::Race::Stock));
    m_race->addItem(tr("Double charge: one order paid twice"),
                    int(DemoScenario::Race::DoubleCharge));
    m_race->addItem(tr("Cart: a one-time discount used twice"), int(DemoScenario::Race::Cart));
    m_strategy = new QComboBox(formBox);
    addNames(m_strategy, RacePurchaser::strategiesFor(DemoScenario::Race::Stock));
    StrategyText::decorate(m_strategy);
    selectName(m_strategy, QStringLiteral("redis"));
    m_store = new QComboBox(formBox);
    addNames(m_store, StockStore::names(), storeLabel);
    selectName(m_store, DemoScenario().store); // the CLI's default store, not the list's first
    m_buyers = spin(formBox, 1, 256, 32);
    m_items = spin(formBox, 1, 50, 1);
    m_stock = spin(formBox, 0, 100000, 10);
    m_pay = spin(formBox, 0, 60000, 5, tr(" ms"));
    m_lease = spin(formBox, 10, 600000, 2000, tr(" ms"));
    m_fencing = new QCheckBox(tr("Fencing tokens checked by the store"), formBox);
    m_fencing->setChecked(true);
    // Every fault core offers, in its order (a fault added to core shows by its name until
    // it is given a label here); a partition twice, one entry per target (faultKey).
    m_fault = new QComboBox(formBox);
    for (const QString& name : DemoScenario::faultNames()) {
        DemoScenario::Fault fault = DemoScenario::Fault::None;
        DemoScenario::parseFault(name, &fault);
        if (fault == DemoScenario::Fault::Partition) {
            for (auto target :
                 {DemoScenario::PartitionTarget::Lock, DemoScenario::PartitionTarget::Store})
                m_fault->addItem(faultLabel(fault, target), faultKey(fault, target));
            continue;
        }
        m_fault->addItem(faultLabel(fault, DemoScenario::PartitionTarget::Lock), faultKey(fault));
    }
    m_faultRate = new QDoubleSpinBox(formBox);
    m_faultRate->setRange(0, 1);
    m_faultRate->setSingleStep(0.05);
    m_faultRate->setValue(0.2);
    m_faultMs = spin(formBox, 0, 600000, 0, tr(" ms"));
    m_faultMs->setSingleStep(500);
    m_faultMs->setSpecialValueText(tr("default"));
    m_faultMs->setToolTip(tr("How long a pause or partition lasts, or a slow release waits. "
                             "Default: 2 × lease (a slow release: lease / 2; a server restart: "
                             "how long the struck holder waits for a second holder)."));
    for (QLabel** label : {&m_strategyNote, &m_faultNote}) {
        *label = new QLabel(formBox);
        (*label)->setWordWrap(true);
        (*label)->setTextFormat(Qt::RichText);
        (*label)->hide();
    }
}

bool DemoPage::selectFault(DemoScenario::Fault fault, DemoScenario::PartitionTarget target) {
    const int at = m_fault->findData(faultKey(fault, target));
    if (at >= 0)
        m_fault->setCurrentIndex(at);
    return at >= 0;
}

bool DemoPage::faultEnabled(DemoScenario::Fault fault, DemoScenario::PartitionTarget target) const {
    const int at = m_fault->findData(faultKey(fault, target));
    const auto* model = qobject_cast<const QStandardItemModel*>(m_fault->model());
    return at >= 0 && model && model->item(at)->isEnabled();
}

QString DemoPage::faultToolTip(DemoScenario::Fault fault,
                               DemoScenario::PartitionTarget target) const {
    const int at = m_fault->findData(faultKey(fault, target));
    return at >= 0 ? m_fault->itemData(at, Qt::ToolTipRole).toString() : QString();
}

QStringList DemoPage::compareStrategies() const {
    QStringList out;
    DemoScenario s = scenario();
    for (const QString& strategy : LockStrategy::allNames()) {
        s.strategy = strategy;
        if (FaultAvailability::check(m_config, m_sandboxDir, s).available())
            out << strategy;
    }
    return out;
}

void DemoPage::updateFaults() {
    const DemoScenario base = scenario();
    auto* model = qobject_cast<QStandardItemModel*>(m_fault->model());
    for (int i = 0; i < m_fault->count() && model; ++i) {
        DemoScenario s = base;
        const int key = m_fault->itemData(i).toInt();
        s.fault = DemoScenario::Fault(key & 0xff);
        s.partition = DemoScenario::PartitionTarget(key >> 8);
        const FaultAvailability a = FaultAvailability::check(m_config, m_sandboxDir, s);
        model->item(i)->setEnabled(a.available());
        model->item(i)->setToolTip(a.available() ? faultToolTipText(s.fault) : unavailableText(a));
    }
    const bool redlock = base.strategy == u"redlock";
    m_strategyNote->setText(
        redlock ? note(tr("Redlock issues no fencing token: the store cannot refuse a late write "
                          "of a holder that paused or was cut off past its lease."),
                       "#c0392b")
                : QString());
    m_strategyNote->setVisible(redlock);
    updateRunButtons();
}

void DemoPage::updateRunButtons() {
    const DemoScenario s = scenario();
    const FaultAvailability a = FaultAvailability::check(m_config, m_sandboxDir, s);
    const QString why = unavailableText(a);
    // The failover takes seconds: a shorter lease runs out before it and shows no two holders.
    const bool shortLease =
        why.isEmpty() && s.fault == DemoScenario::Fault::Failover && s.lease < kFailoverLease;
    m_faultNote->setText(
        !why.isEmpty() ? note(why, "#c0392b")
        : shortLease
            ? note(tr("The failover takes a few seconds: with a lease shorter than %1 ms the "
                      "first holder's lease may run out before it, and no two holders show.")
                       .arg(QLocale().toString(qint64(kFailoverLease.count()))),
                   "#7f8c8d")
            : QString());
    m_faultNote->setVisible(!why.isEmpty() || shortLease);
    m_fault->setToolTip(why.isEmpty() ? faultToolTipText(s.fault) : why);
    const DemoScenario::Fault f = s.fault;
    m_faultMs->setEnabled(f == DemoScenario::Fault::Pause || f == DemoScenario::Fault::Partition ||
                          f == DemoScenario::Fault::SlowRelease ||
                          f == DemoScenario::Fault::ServerRestart);
    const QString readOnly = tr("Read-only mode: a demo run writes stock and takes locks.");
    m_run->setEnabled(!m_running && !m_readOnly && a.available());
    m_run->setToolTip(m_readOnly ? readOnly : why);
    const QStringList compare = compareStrategies();
    m_compare->setEnabled(!m_running && !m_readOnly && !compare.isEmpty());
    m_compare->setToolTip(m_readOnly ? readOnly
                          : compare.size() == LockStrategy::allNames().size()
                              ? QString()
                              : tr("Runs the strategies this fault applies to: %1")
                                    .arg(compare.join(QStringLiteral(", "))));
    m_stop->setEnabled(m_running);
}

QChartView* DemoPage::chartView(QChart* chart, int minimumHeight) {
    auto* view = new QChartView(chart, this);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumHeight(minimumHeight);
    return view;
}

QChartView* DemoPage::buildLiveChart() {
    m_liveChart = new QChart;
    applyChartTheme(m_liveChart);
    m_liveChart->setTitle(tr("While it runs"));
    m_stockSeries = new QLineSeries;
    m_stockSeries->setName(tr("stock left"));
    m_soldSeries = new QLineSeries;
    m_soldSeries->setName(tr("sold"));
    m_oversoldSeries = new QLineSeries;
    m_oversoldSeries->setName(tr("oversold"));
    m_oversoldSeries->setColor(QColor(214, 39, 40));
    for (auto* s : {m_stockSeries, m_soldSeries, m_oversoldSeries})
        m_liveChart->addSeries(s);
    m_liveX = new QValueAxis;
    m_liveX->setTitleText(tr("seconds"));
    m_liveY = new QValueAxis;
    m_liveY->setLabelFormat(QStringLiteral("%.0f"));
    // Legend on the right: on a small window the plot keeps the height.
    m_liveChart->legend()->setAlignment(Qt::AlignRight);
    m_liveChart->addAxis(m_liveX, Qt::AlignBottom);
    m_liveChart->addAxis(m_liveY, Qt::AlignLeft);
    for (auto* s : {m_stockSeries, m_soldSeries, m_oversoldSeries}) {
        s->attachAxis(m_liveX);
        s->attachAxis(m_liveY);
    }
    // Before the first run too: integer ticks only (Qt's default 0..1 in 5 ticks reads "1 1 0 0
    // 0").
    setRoundRange(m_liveX, 1, false);
    setRoundRange(m_liveY, 1, true);
    return chartView(m_liveChart, 220);
}

QLabel* DemoPage::buildResultCard() {
    m_card = new QLabel(tr("Run a scenario to see whether it oversells."), this);
    m_card->setWordWrap(true);
    m_card->setFrameShape(QFrame::StyledPanel);
    m_card->setMargin(10);
    m_card->setTextFormat(Qt::RichText);
    m_card->setMinimumHeight(90);
    return m_card;
}

QChartView* DemoPage::buildCompareChart() {
    m_compareChart = new QChart;
    applyChartTheme(m_compareChart);
    m_compareChart->setTitle(tr("Runs in this session: orders confirmed"));
    // One bar set per run (its own colour, its own legend entry), each with a value only in its
    // own category; the oversold part is stacked on top in red.
    m_compareBars = new QStackedBarSeries;
    m_oversoldSet = new QBarSet(tr("oversold"));
    m_oversoldSet->setColor(QColor(214, 39, 40));
    m_compareBars->append(m_oversoldSet);
    m_compareChart->addSeries(m_compareBars);
    m_compareAxis = new QBarCategoryAxis;
    m_compareY = new QValueAxis;
    m_compareY->setLabelFormat(QStringLiteral("%.0f"));
    m_compareY->setTitleText(tr("orders"));
    m_compareChart->addAxis(m_compareAxis, Qt::AlignBottom);
    m_compareChart->addAxis(m_compareY, Qt::AlignLeft);
    m_compareBars->attachAxis(m_compareAxis);
    m_compareBars->attachAxis(m_compareY);
    setRoundRange(m_compareY, 1, true);
    m_compareChart->legend()->setAlignment(Qt::AlignRight);
    return chartView(m_compareChart, 200);
}

QString DemoPage::runLabel(const DemoScenario& s) {
    return s.fencing ? s.strategy : tr("%1, fencing off").arg(s.strategy);
}

QStringList DemoPage::compareLabels() const {
    QStringList out;
    for (const QBarSet* set : m_runSets)
        out << set->label();
    return out;
}

void DemoPage::addToComparison(const DemoResult& r) {
    const DemoVerdict& v = r.verdict;
    const QString label = runLabel(r.scenario);
    qsizetype at = m_compareAxis->categories().indexOf(label);
    if (at < 0) {
        at = m_runSets.size();
        m_compareAxis->append(label);
        auto* set = new QBarSet(label);
        for (QBarSet* other : std::as_const(m_runSets))
            other->append(0);
        for (qsizetype i = 0; i <= at; ++i)
            set->append(0);
        m_oversoldSet->append(0);
        m_runSets << set;
        // Below the oversold set, which stays on top of the stack.
        m_compareBars->take(m_oversoldSet);
        m_compareBars->append(set);
        m_compareBars->append(m_oversoldSet);
        // After appending: a chart's theme colours the sets it is given.
        set->setColor(runColour(r.scenario));
        m_oversoldSet->setColor(QColor(214, 39, 40));
    }
    // An unknown verdict (-1) draws no bar.
    m_runSets[at]->replace(int(at), std::max(0, v.sold - std::max(0, v.oversold)));
    m_oversoldSet->replace(int(at), std::max(0, v.oversold));
    double maxY = 1;
    for (int i = 0; i < m_oversoldSet->count(); ++i)
        maxY = std::max(maxY, m_runSets[i]->at(i) + m_oversoldSet->at(i));
    setRoundRange(m_compareY, maxY, true);
}

void DemoPage::startWorker(const NamespaceConfig& config) {
    m_worker = new DemoWorker(
        config, QCoreApplication::applicationDirPath() + QStringLiteral("/lockscope-cli"),
        m_sandboxDir);
    m_thread = new QThread;
    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &DemoWorker::progress, this, &DemoPage::onProgress);
    connect(m_worker, &DemoWorker::finished, this, &DemoPage::onFinished);
    connect(m_worker, &DemoWorker::failed, this, [this](const QString& e) {
        m_card->setText(QStringLiteral("<b style='color:#c0392b'>%1</b><br>%2")
                            .arg(tr("The run failed:"), e.toHtmlEscaped()));
    });
    connect(m_worker, &DemoWorker::allDone, this, [this] { setRunning(false); });
    m_thread->setObjectName(QStringLiteral("lockscope-demo"));
    m_thread->start();
}

void DemoPage::connectButtons() {
    connect(m_run, &QPushButton::clicked, this, [this] { start({currentName(m_strategy)}); });
    connect(m_compare, &QPushButton::clicked, this, [this] { start(compareStrategies()); });
    for (QComboBox* box : {m_strategy, m_store})
        connect(box, &QComboBox::currentIndexChanged, this, &DemoPage::updateFaults);
    connect(m_race, &QComboBox::currentIndexChanged, this, &DemoPage::applyRace);
    connect(m_fault, &QComboBox::currentIndexChanged, this, &DemoPage::updateRunButtons);
    connect(m_lease, &QSpinBox::valueChanged, this, &DemoPage::updateRunButtons);
    connect(m_stop, &QPushButton::clicked, this, [this] { m_worker->cancel(); });
}

DemoPage::~DemoPage() {
    shutdown(true);
}

void DemoPage::shutdown(bool wait) {
    if (!m_thread)
        return;
    QObject::disconnect(m_worker, nullptr, this, nullptr);
    m_worker->cancel();
    m_thread->quit();
    if (wait) {
        m_thread->wait();
        delete m_thread;
    } else {
        connect(m_thread, &QThread::finished, m_thread, &QObject::deleteLater);
    }
    m_thread = nullptr;
}

DemoScenario DemoPage::scenario() const {
    DemoScenario s = m_scenario;
    s.race = DemoScenario::Race(m_race->currentData().toInt());
    s.strategy = currentName(m_strategy);
    s.store = currentName(m_store);
    s.buyers = m_buyers->value();
    s.items = m_items->value();
    s.stock = m_stock->value();
    s.pay = std::chrono::milliseconds(m_pay->value());
    s.lease = std::chrono::milliseconds(m_lease->value());
    s.fencing = m_fencing->isChecked();
    const int key = m_fault->currentData().toInt();
    s.fault = DemoScenario::Fault(key & 0xff);
    s.partition = DemoScenario::PartitionTarget(key >> 8);
    s.faultRate = m_faultRate->value();
    s.faultDuration = std::chrono::milliseconds(m_faultMs->value());
    return s;
}

void DemoPage::setScenario(const DemoScenario& s) {
    m_scenario = s;
    m_race->setCurrentIndex(std::max(0, m_race->findData(int(s.race))));
    selectName(m_strategy, s.strategy);
    selectName(m_store, s.store);
    m_buyers->setValue(s.buyers);
    m_items->setValue(s.items);
    m_stock->setValue(s.stock);
    m_pay->setValue(int(s.pay.count()));
    m_lease->setValue(int(s.lease.count()));
    m_fencing->setChecked(s.fencing);
    m_fault->setCurrentIndex(std::max(
        0, m_fault->findData(faultKey(s.fault, s.fault == DemoScenario::Fault::Partition
                                                   ? s.partition
                                                   : DemoScenario::PartitionTarget::Lock))));
    m_faultRate->setValue(s.faultRate);
    m_faultMs->setValue(int(s.faultDuration.count()));
}

void DemoPage::setRunning(bool running) {
    m_running = running;
    updateRunButtons();
}

void DemoPage::start(const QStringList& strategies) {
    const DemoScenario s = scenario();
    m_runScenario = s;
    m_initialStock = s.items * s.stock;
    m_progress->setRange(0, std::max(1, m_initialStock));
    m_progress->setValue(0);
    resetLiveChart(strategies.value(0));
    setRunning(true);
    m_card->setText(tr("Running %1…").arg(strategies.join(QStringLiteral(", "))));
    m_replay->clear(tr("Running %1…").arg(strategies.join(QStringLiteral(", "))));
    DemoWorker* worker = m_worker;
    QMetaObject::invokeMethod(
        worker, [worker, strategies, s] { worker->run(strategies, s); }, Qt::QueuedConnection);
}

void DemoPage::resetLiveChart(const QString& strategy) {
    m_liveStrategy = strategy;
    for (QLineSeries* segment : std::as_const(m_stockSegments)) {
        m_liveChart->removeSeries(segment);
        delete segment;
    }
    m_stockSegments.clear();
    m_stockGap = false;
    for (auto* series : {m_stockSeries, m_soldSeries, m_oversoldSeries})
        series->clear();
    DemoScenario run = m_runScenario;
    run.strategy = strategy;
    m_liveChart->setTitle(tr("While it runs: %1").arg(runLabel(run)));
    // Each run is a chart of its own from t = 0 (the Stock page's too): no line joins two runs.
    emit started({runLabel(run)}, run);
    emit stockSample(0, m_initialStock, 0);
    m_stockSeries->append(0, m_initialStock);
    m_soldSeries->append(0, 0);
    m_oversoldSeries->append(0, 0);
    m_liveTop = m_initialStock * 1.2;
    m_liveEnd = 1;
    setRoundRange(m_liveX, m_liveEnd, false);
    setRoundRange(m_liveY, m_liveTop, true);
}

void DemoPage::growLiveChart(double t, int value) {
    if (t > m_liveEnd) {
        m_liveEnd = t * 1.3;
        setRoundRange(m_liveX, m_liveEnd, false);
    }
    if (value > m_liveTop) {
        m_liveTop = value * 1.3;
        setRoundRange(m_liveY, m_liveTop, true);
    }
}

void DemoPage::appendStock(double t, int stock) {
    if (m_stockGap) {
        auto* segment = new QLineSeries;
        segment->setPen(m_stockSeries->pen());
        m_liveChart->addSeries(segment);
        segment->attachAxis(m_liveX);
        segment->attachAxis(m_liveY);
        for (QLegendMarker* marker : m_liveChart->legend()->markers(segment))
            marker->setVisible(false); // the same line as "stock left", continued
        m_stockSegments << segment;
        m_stockGap = false;
    }
    (m_stockSegments.isEmpty() ? m_stockSeries : m_stockSegments.last())->append(t, stock);
}

void DemoPage::onProgress(const QString& strategy, const DemoProgress& p) {
    // "Compare all" runs one strategy after the other, each from t = 0: one chart each.
    if (strategy != m_liveStrategy)
        resetLiveChart(strategy);
    QStringList holders;
    for (const auto& [item, holder] : p.holderByItem)
        if (!holder.empty())
            holders << QStringLiteral("%1: %2").arg(item).arg(QString::fromStdString(holder));
    m_progress->setValue(std::min(p.confirmed, m_progress->maximum()));
    m_live->setText(
        tr("<b>%1</b>: %2 purchases, %3 sold, stock left %4%5<br>%6")
            .arg(strategy)
            .arg(QLocale().toString(p.done))
            .arg(QLocale().toString(p.confirmed))
            .arg(p.stockKnown ? QLocale().toString(p.stockLeft)
                              : tr("unknown (the store does not answer)"))
            .arg(p.oversoldSoFar > 0
                     ? QStringLiteral(", <b style='color:#c0392b'>%1</b>")
                           .arg(tr("oversold %1").arg(QLocale().toString(p.oversoldSoFar)))
                     : QString())
            .arg(holders.isEmpty()
                     ? QString()
                     : tr("holding: %1").arg(holders.join(QStringLiteral(", ")).toHtmlEscaped())));
    const double t = p.elapsedS;
    // Stock the store did not give is no figure: a gap in the line, never a drop to zero.
    if (p.stockKnown)
        appendStock(t, p.stockLeft);
    else
        m_stockGap = true;
    m_soldSeries->append(t, p.confirmed);
    m_oversoldSeries->append(t, p.oversoldSoFar);
    growLiveChart(t, std::max(p.confirmed, p.stockKnown ? p.stockLeft : 0));
    if (p.stockKnown)
        emit stockSample(t, p.stockLeft, p.oversoldSoFar);
}

void DemoPage::onFinished(const DemoResult& r) {
    m_last = r;
    const DemoVerdict& v = r.verdict;
    if (r.scenario.strategy != m_liveStrategy) // over before its first progress report
        resetLiveChart(r.scenario.strategy);
    // The final state, from the servers' verdict (a fast run may end between two samples).
    const double end = r.wallS;
    if (r.verdictError.isEmpty()) { // an unknown verdict has no final point to draw
        appendStock(end, v.finalStock);
        m_soldSeries->append(end, v.sold);
        m_oversoldSeries->append(end, v.oversold);
    }
    // The whole run fills the chart.
    double last = end;
    for (const QLineSeries* series : {m_stockSeries, m_soldSeries})
        for (const QPointF& point : series->points())
            last = std::max(last, point.x());
    for (const QLineSeries* segment : std::as_const(m_stockSegments))
        for (const QPointF& point : segment->points())
            last = std::max(last, point.x());
    m_liveEnd = last * 1.05;
    setRoundRange(m_liveX, m_liveEnd, false);
    growLiveChart(0, std::max(v.sold, v.initialStock));
    if (v.soldKnown)
        m_progress->setValue(std::min(v.sold, m_progress->maximum()));
    // The final figures from the verdict, not the last sample (no one holds a lock any more);
    // unknown when the servers could not give them.
    auto figure = [](bool known, int n) { return known ? QLocale().toString(n) : tr("unknown"); };
    m_live->setText(tr("<b>%1</b> finished: %2 purchases, %3 sold, stock left %4%5")
                        .arg(runLabel(r.scenario).toHtmlEscaped())
                        .arg(QLocale().toString(r.attempted))
                        .arg(figure(v.soldKnown, v.sold))
                        .arg(figure(v.finalKnown, v.finalStock))
                        .arg(v.oversold > 0
                                 ? QStringLiteral(", <b style='color:#c0392b'>%1</b>")
                                       .arg(tr("oversold %1").arg(QLocale().toString(v.oversold)))
                                 : QString()));
    LatencyStats latencyMs;
    for (const PurchaseRecord& p : r.history)
        latencyMs.add(double(p.endUs - p.startUs) / 1000.0);
    // A run that failed on infrastructure says so first: its numbers are not a verdict on the
    // strategy (the rule: DemoResult::infraFailureReason, README "demo").
    const bool infraFailure = !r.infraFailure().isEmpty();
    QString infraText;
    if (infraFailure) {
        QStringList why;
        if (!r.verdictError.isEmpty())
            why << tr("the servers could not be read for the verdict (%1)")
                       .arg(r.verdictError.toHtmlEscaped());
        if (r.crashedWorkers > 0)
            why << tr("%1 worker process(es) crashed").arg(QLocale().toString(r.crashedWorkers));
        if (r.buyersGaveUp > 0)
            why << tr("%1 buyer(s) gave up on the servers").arg(QLocale().toString(r.buyersGaveUp));
        if (r.infraErrors() > 0)
            why << tr("%1 of %2 attempts failed on the servers")
                       .arg(QLocale().toString(r.infraErrors()))
                       .arg(QLocale().toString(r.attempted));
        infraText =
            QStringLiteral("<span style='font-size:18pt;color:#c0392b'><b>%1</b></span><br>%2<br>")
                .arg(tr("Infrastructure failure"), why.join(QStringLiteral("; ")));
    }
    const QString verdict =
        !r.verdictError.isEmpty() ? QStringLiteral("<span style='color:#c0392b'><b>%1</b></span>")
                                        .arg(tr("Verdict unknown"))
        : r.scenario.race != DemoScenario::Race::Stock ? anomalyHtml(r)
        : v.oversold > 0
            ? QStringLiteral("<span style='font-size:18pt;color:#c0392b'><b>%1</b></span>")
                  .arg(tr("OVERSOLD by %1").arg(QLocale().toString(v.oversold)))
        : v.invariantsOk && infraFailure
            ? QStringLiteral("<span style='color:#7f8c8d'>%1</span>")
                  .arg(tr("No oversell among the purchases that went through"))
        : v.invariantsOk
            ? QStringLiteral("<span style='font-size:18pt;color:#27ae60'><b>%1</b></span>")
                  .arg(tr("No oversell"))
            : QStringLiteral("<span style='font-size:18pt;color:#c0392b'><b>%1</b></span>")
                  .arg(tr("Stock and orders disagree (%1 lost updates)")
                           .arg(QLocale().toString(v.lostUpdates)));
    QString card =
        QStringLiteral("%1<br><b>%2</b> · %3<br>%4<br>%5")
            .arg(verdict, runLabel(r.scenario).toHtmlEscaped(),
                 r.scenario.race == DemoScenario::Race::DoubleCharge
                     ? tr("%1 payment confirmations charged, %2 charges recorded")
                           .arg(QLocale().toString(v.sold), QLocale().toString(v.finalStock))
                 : r.scenario.race == DemoScenario::Race::Cart
                     ? tr("cart quantity %1 → %2, %3 adds confirmed")
                           .arg(QLocale().toString(v.initialStock))
                           .arg(QLocale().toString(v.finalStock))
                           .arg(QLocale().toString(v.sold))
                     : tr("stock %1 → %2, sold %3 of %1")
                           .arg(QLocale().toString(v.initialStock))
                           .arg(QLocale().toString(v.finalStock))
                           .arg(QLocale().toString(v.sold)),
                 tr("%1 purchases in %2 s; failed: %3 lock timeout, %4 fenced off, %5 crashed, "
                    "%6 server errors")
                     .arg(QLocale().toString(r.attempted))
                     .arg(QLocale().toString(r.wallS, 'f', 2))
                     .arg(QLocale().toString(r.lockTimeouts))
                     .arg(QLocale().toString(r.fenced))
                     .arg(QLocale().toString(r.crashed))
                     .arg(QLocale().toString(r.infraErrors())),
                 tr("latency p50 %1 ms, p99 %2 ms")
                     .arg(QLocale().toString(latencyMs.percentile(50), 'f', 1))
                     .arg(QLocale().toString(latencyMs.percentile(99), 'f', 1)));
    card += faultReportHtml(r);
    if (r.cancelled)
        card += QStringLiteral("<br><i>%1</i>").arg(tr("Stopped before the end."));
    m_card->setText(infraText + card);
    m_replay->setResult(r);
    addToComparison(r);
    emit resultReady(r);
}

} // namespace lockscope

namespace lockscope {

QString DemoPage::faultReportHtml(const DemoResult& r) const {
    using Fault = DemoScenario::Fault;
    const DemoScenario& sc = r.scenario;
    if (sc.fault == Fault::None)
        return {};
    const QJsonObject& fr = r.faultReport;
    auto ms = [&](const char* key) {
        return QLocale().toString(fr.value(QLatin1String(key)).toInteger());
    };
    auto has = [&](const char* key) { return fr.contains(QLatin1String(key)); };
    QStringList parts;
    if (sc.fault == Fault::Failover && has("new_primary"))
        parts << tr("primary %1 failed over to %2 in %3 ms")
                     .arg(fr.value(QStringLiteral("old_primary")).toString(),
                          fr.value(QStringLiteral("new_primary")).toString(), ms("failover_ms"));
    if (sc.fault == Fault::LeaderKill && has("new_leader"))
        parts << tr("leader %1 killed, %2 elected in %3 ms")
                     .arg(fr.value(QStringLiteral("old_leader")).toString(),
                          fr.value(QStringLiteral("new_leader")).toString(), ms("election_ms"));
    if (has("holder_kept_lock"))
        parts << (fr.value(QStringLiteral("holder_kept_lock")).toBool()
                      ? tr("the holder kept its lock")
                      : tr("the holder lost its lock"));
    if (sc.fault == Fault::ServerRestart && has("restart_ms"))
        parts << tr("%1 restarted (pid %2 → %3) in %4 ms")
                     .arg(fr.value(QStringLiteral("server")).toString(), ms("old_pid"),
                          ms("new_pid"), ms("restart_ms"));
    if (has("second_holder_wrote")) {
        const qint64 left = fr.value(QStringLiteral("victim_lease_left_ms")).toInteger();
        parts << (!fr.value(QStringLiteral("second_holder_wrote")).toBool()
                      ? tr("no second holder wrote")
                  : !has("victim_lease_left_ms")
                      ? tr("a second holder wrote while the first one held the lock")
                  : left >= 0
                      ? tr("a second holder wrote while the first one's lease still had %1 ms "
                           "left")
                            .arg(ms("victim_lease_left_ms"))
                      : tr("a second holder wrote %1 ms after the first one's lease had run out: "
                           "not two holders (a longer lease shows them)")
                            .arg(QLocale().toString(-left)));
    }
    if (sc.fault != Fault::Failover && !r.faults.empty()) {
        QString struck = tr("struck %n time(s)", nullptr, int(r.faults.size()));
        if (r.takenOver() > 0)
            struck += QStringLiteral(", ") +
                      tr("%n taken over by another buyer meanwhile", nullptr, r.takenOver());
        parts << struck;
        if (const double recover = r.timeToRecoverMs(); recover >= 0)
            parts << tr("next purchase %1 ms after the fault ended")
                         .arg(QLocale().toString(recover, 'f', 0));
    }
    parts << tr("%n write(s) fenced off", nullptr, r.fenced);
    if (r.injectedOutageErrors > 0)
        parts << tr("%n attempt(s) failed during the injected outage", nullptr,
                    r.injectedOutageErrors);
    QString html = QStringLiteral("<br><b>%1</b> %2")
                       .arg(tr("Fault %1:").arg(faultLabel(sc.fault, sc.partition)).toHtmlEscaped(),
                            parts.join(QStringLiteral("; ")).toHtmlEscaped());
    for (const char* key : {"error", "restore_error"})
        if (has(key))
            html += QStringLiteral("<br><span style='color:#c0392b'>%1</span>")
                        .arg(fr.value(QLatin1String(key)).toString().toHtmlEscaped());
    return html;
}

QString DemoPage::anomalyHtml(const DemoResult& r) const {
    const DemoVerdict& v = r.verdict;
    auto big = [](const QString& text, const char* colour) {
        return QStringLiteral("<span style='font-size:18pt;color:%1'><b>%2</b></span>")
            .arg(QLatin1String(colour), text.toHtmlEscaped());
    };
    if (r.scenario.race == DemoScenario::Race::DoubleCharge)
        return v.extraCharges > 0
                   ? big(tr("CHARGED TWICE: %n extra charge(s)", nullptr, v.extraCharges),
                         "#c0392b")
                   : big(tr("Every order charged once"), "#27ae60");
    if (v.extraDiscountUses > 0 || v.lostCartUpdates > 0)
        return big(v.extraDiscountUses > 0 ? tr("DISCOUNT USED TWICE") : tr("CART UPDATE LOST"),
                   "#c0392b") +
               QStringLiteral("<br>") +
               tr("%n extra discount use(s)", nullptr, v.extraDiscountUses).toHtmlEscaped() +
               QStringLiteral(", ") +
               tr("%n lost cart update(s)", nullptr, v.lostCartUpdates).toHtmlEscaped();
    return big(tr("Discount used once, no cart update lost"), "#27ae60");
}

void DemoPage::applyRace() {
    const auto race = DemoScenario::Race(m_race->currentData().toInt());
    const QString chosen = currentName(m_strategy);
    {
        const QSignalBlocker block(m_strategy);
        m_strategy->clear();
        addNames(m_strategy, RacePurchaser::strategiesFor(race));
        StrategyText::decorate(m_strategy);
        if (!selectName(m_strategy, chosen))
            selectName(m_strategy, race == DemoScenario::Race::Stock
                                       ? QStringLiteral("atomic")
                                       : QStringLiteral("idempotency"));
    }
    // The double charge's ledger and the carts live in PostgreSQL: no store to choose.
    if (race != DemoScenario::Race::Stock)
        selectName(m_store, QStringLiteral("postgres"));
    m_store->setEnabled(race == DemoScenario::Race::Stock);
    updateFaults();
}

} // namespace lockscope
