#include "gui/demopage.h"

#include "gui/chartaxis.h"
#include "gui/charttheme.h"

#include "core/demo/latencystats.h"
#include "core/locks/lockstrategy.h"
#include "core/shop/stockstore.h"
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
#include <QSpinBox>
#include <QStackedBarSeries>
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

} // namespace

DemoPage::DemoPage(const NamespaceConfig& config, QWidget* parent)
    : QWidget(parent) {
    auto* root = new QHBoxLayout(this);
    // Left: the scenario.
    root->addWidget(buildScenarioForm());
    // Right: live chart, result card, comparison.
    auto* right = new QVBoxLayout;
    right->addWidget(buildLiveChart(), 2);
    right->addWidget(buildResultCard());
    right->addWidget(buildCompareChart(), 2);
    root->addLayout(right, 1);
    startWorker(config);
    connectButtons();
    if (config.readOnly) { // core refuses a run anyway; say why the buttons do nothing
        for (QPushButton* b : {m_run, m_compare}) {
            b->setEnabled(false);
            b->setToolTip(tr("Read-only mode: a demo run writes stock and takes locks."));
        }
    }
}

QGroupBox* DemoPage::buildScenarioForm() {
    auto* formBox = new QGroupBox(tr("Scenario"), this);
    auto* form = new QFormLayout(formBox);
    createScenarioFields(formBox);
    form->addRow(tr("Strategy:"), m_strategy);
    form->addRow(tr("Stock lives in:"), m_store);
    form->addRow(tr("Buyers:"), m_buyers);
    form->addRow(tr("Items:"), m_items);
    form->addRow(tr("Stock per item:"), m_stock);
    form->addRow(tr("Payment time:"), m_pay);
    form->addRow(tr("Lease:"), m_lease);
    form->addRow(QString(), m_fencing);
    form->addRow(tr("Fault:"), m_fault);
    form->addRow(tr("Fault rate:"), m_faultRate);
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
    m_strategy = new QComboBox(formBox);
    addNames(m_strategy, LockStrategy::allNames());
    StrategyText::decorate(m_strategy);
    selectName(m_strategy, QStringLiteral("redis"));
    m_store = new QComboBox(formBox);
    addNames(m_store, StockStore::names(), storeLabel);
    m_buyers = spin(formBox, 1, 256, 32);
    m_items = spin(formBox, 1, 50, 1);
    m_stock = spin(formBox, 0, 100000, 10);
    m_pay = spin(formBox, 0, 60000, 5, tr(" ms"));
    m_lease = spin(formBox, 10, 600000, 2000, tr(" ms"));
    m_fencing = new QCheckBox(tr("Fencing tokens checked by the store"), formBox);
    m_fencing->setChecked(true);
    m_fault = new QComboBox(formBox);
    m_fault->addItem(tr("none"), faultKey(DemoScenario::Fault::None));
    m_fault->addItem(tr("crash in the critical section"), faultKey(DemoScenario::Fault::Crash));
    m_fault->addItem(tr("pause past the lease"), faultKey(DemoScenario::Fault::Pause));
    m_fault->addItem(tr("slow release"), faultKey(DemoScenario::Fault::SlowRelease));
    // A partition's item carries its target too (faultKey).
    m_fault->addItem(tr("partition from the lock server"),
                     faultKey(DemoScenario::Fault::Partition, DemoScenario::PartitionTarget::Lock));
    m_fault->addItem(
        tr("partition from the store"),
        faultKey(DemoScenario::Fault::Partition, DemoScenario::PartitionTarget::Store));
    m_faultRate = new QDoubleSpinBox(formBox);
    m_faultRate->setRange(0, 1);
    m_faultRate->setSingleStep(0.05);
    m_faultRate->setValue(0.2);
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
    m_worker = new DemoWorker(config, QCoreApplication::applicationDirPath() +
                                          QStringLiteral("/lockscope-cli"));
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
    connect(m_compare, &QPushButton::clicked, this, [this] { start(LockStrategy::allNames()); });
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
    return s;
}

void DemoPage::setScenario(const DemoScenario& s) {
    m_scenario = s;
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
}

void DemoPage::setRunning(bool running) {
    m_running = running;
    m_run->setEnabled(!running);
    m_compare->setEnabled(!running);
    m_stop->setEnabled(running);
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
                 tr("stock %1 → %2, sold %3 of %1")
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
    if (r.cancelled)
        card += QStringLiteral("<br><i>%1</i>").arg(tr("Stopped before the end."));
    m_card->setText(infraText + card);
    addToComparison(r);
    emit resultReady(r);
}

} // namespace lockscope
