#pragma once

#include "core/demo/demoprogress.h"
#include "core/demo/demoresult.h"
#include "core/demo/demoscenario.h"
#include "core/namespaceconfig.h"

#include <QThread>
#include <QWidget>
#include <optional>

class QComboBox;
class QSpinBox;
class QDoubleSpinBox;
class QCheckBox;
class QPushButton;
class QProgressBar;
class QLabel;
class QLineSeries;
class QChart;
class QChartView;
class QGroupBox;
class QBarSet;
class QStackedBarSeries;
class QBarCategoryAxis;
class QValueAxis;
class QTabWidget;

namespace lockscope {

class DemoWorker;
class DemoReplayPanel;

/// A scenario form, Run / Stop / Compare all, live charts while it runs, a result card after,
/// and a comparison chart across the strategies run in this session.
class DemoPage : public QWidget {
    Q_OBJECT
public:
    explicit DemoPage(const NamespaceConfig& config, QWidget* parent = nullptr);
    /// sandboxDir: the sandbox the console is connected to, whose servers the failover and
    /// server-restart faults act on; empty: none known (those faults are then disabled).
    DemoPage(const NamespaceConfig& config, const QString& sandboxDir, QWidget* parent = nullptr);
    ~DemoPage() override;

    /// The form as a scenario. Fields the form does not show (attempts, qty, seed ...) are the
    /// ones last given to setScenario().
    DemoScenario scenario() const;
    void setScenario(const DemoScenario& s);
    QPushButton* runButton() const { return m_run; }
    QPushButton* compareButton() const { return m_compare; }
    /// The fault selector: every fault core offers; one that cannot strike with these servers,
    /// this sandbox and the chosen strategy and store is disabled, its tooltip saying why.
    QComboBox* faultBox() const { return m_fault; }
    /// Selects the fault (and partition target) in the form; false when it is not offered.
    bool selectFault(DemoScenario::Fault fault,
                     DemoScenario::PartitionTarget target = DemoScenario::PartitionTarget::Lock);
    /// Whether the entry for that fault is enabled, and the reason shown when it is not.
    bool
    faultEnabled(DemoScenario::Fault fault,
                 DemoScenario::PartitionTarget target = DemoScenario::PartitionTarget::Lock) const;
    QString
    faultToolTip(DemoScenario::Fault fault,
                 DemoScenario::PartitionTarget target = DemoScenario::PartitionTarget::Lock) const;
    /// Under the strategy: Redlock's missing fencing token, while redlock is chosen.
    QLabel* strategyNote() const { return m_strategyNote; }
    /// Under the fault: why the chosen fault cannot run, when it cannot.
    QLabel* faultNote() const { return m_faultNote; }
    /// The strategies "Compare all" runs: those the chosen fault applies to.
    QStringList compareStrategies() const;
    /// The last result card's data; empty until a run finished.
    const std::optional<DemoResult>& lastResult() const { return m_last; }
    bool running() const { return m_running; }
    /// The result card (verdict, figures, an infrastructure failure first when there was one).
    QLabel* resultCard() const { return m_card; }
    DemoWorker* worker() const { return m_worker; }
    QChart* liveChart() const { return m_liveChart; }
    /// The race selector (stock, double-charge, cart); item data: the race (int). The strategy
    /// list follows it (RacePurchaser::strategiesFor).
    QComboBox* raceBox() const { return m_race; }
    QComboBox* strategyBox() const { return m_strategy; }
    QComboBox* storeBox() const { return m_store; }
    /// The finished run's sequence diagram, one item at a time, with its replay slider.
    DemoReplayPanel* replayPanel() const { return m_replay; }
    /// Charts or the sequence diagram, on the right.
    QTabWidget* viewTabs() const { return m_views; }
    QChart* compareChart() const { return m_compareChart; }
    /// The line under the progress bar: live figures while it runs, the final ones after.
    QLabel* liveLabel() const { return m_live; }
    /// How a run is named in the comparison: the strategy, and ", fencing off" when the store did
    /// not check fencing tokens (a different scenario, never a replacement of the fenced run).
    static QString runLabel(const DemoScenario& s);
    /// The comparison's runs, in the order they first finished: one bar set (colour) each.
    QStringList compareLabels() const;
    /// Cancels a run and stops the worker thread: wait = true joins it (application exit);
    /// false detaches it, so a connection switch never blocks the GUI.
    void shutdown(bool wait);

signals:
    void resultReady(const lockscope::DemoResult& result);
    void stockSample(double elapsedS, int stockLeft, int oversold);
    void started(const QStringList& strategies, const lockscope::DemoScenario& scenario);

private:
    QGroupBox* buildScenarioForm();
    void createScenarioFields(QWidget* formBox);
    QChartView* chartView(QChart* chart, int minimumHeight);
    QChartView* buildLiveChart();
    QLabel* buildResultCard();
    QChartView* buildCompareChart();
    void startWorker(const NamespaceConfig& config);
    void connectButtons();
    void start(const QStringList& strategies);
    void onProgress(const QString& strategy, const DemoProgress& p);
    void onFinished(const DemoResult& r);
    void setRunning(bool running);
    /// Enables each fault entry by FaultAvailability for the form's strategy and store, then
    /// Run and Compare by the chosen one.
    void updateFaults();
    void updateRunButtons();
    /// What the run's fault did (fault_report and the struck faults), for the result card.
    QString faultReportHtml(const DemoResult& r) const;
    /// The live chart for one strategy's run: from the initial stock at t = 0.
    void resetLiveChart(const QString& strategy);
    /// Widens the live chart's axes to show a sample at t with this value.
    void growLiveChart(double t, int value);
    /// The stock line of the live chart: a new segment after a gap (the store did not answer), so
    /// no line is drawn through the time nothing was known.
    void appendStock(double t, int stock);
    void addToComparison(const DemoResult& r);

    void applyRace();
    QString anomalyHtml(const DemoResult& r) const;

    QComboBox* m_race;
    DemoReplayPanel* m_replay;
    QTabWidget* m_views;
    QThread* m_thread = nullptr;
    DemoWorker* m_worker = nullptr;
    QComboBox* m_strategy;
    QComboBox* m_store;
    QSpinBox* m_buyers;
    QSpinBox* m_items;
    QSpinBox* m_stock;
    QSpinBox* m_pay;
    QSpinBox* m_lease;
    QCheckBox* m_fencing;
    QComboBox* m_fault;
    QDoubleSpinBox* m_faultRate;
    QSpinBox* m_faultMs;
    QLabel* m_strategyNote;
    QLabel* m_faultNote;
    NamespaceConfig m_config;
    QString m_sandboxDir;
    bool m_readOnly = false;
    QPushButton* m_run;
    QPushButton* m_stop;
    QPushButton* m_compare;
    QProgressBar* m_progress;
    QLabel* m_live;
    QLabel* m_card;
    QChart* m_liveChart;
    QLineSeries* m_stockSeries;
    QList<QLineSeries*> m_stockSegments; ///< after gaps; m_stockSeries is the first
    bool m_stockGap = false;
    QLineSeries* m_soldSeries;
    QLineSeries* m_oversoldSeries;
    QValueAxis* m_liveX;
    QValueAxis* m_liveY;
    QChart* m_compareChart;
    QStackedBarSeries* m_compareBars;
    QList<QBarSet*> m_runSets; ///< one per run label: sold within the stock
    QBarSet* m_oversoldSet;    ///< stacked on top: sold beyond the stock
    QBarCategoryAxis* m_compareAxis;
    QValueAxis* m_compareY;
    DemoScenario m_scenario;    ///< the fields the form does not show
    DemoScenario m_runScenario; ///< what the run going on (or the last) was started with
    std::optional<DemoResult> m_last;
    int m_initialStock = 0;
    QString m_liveStrategy; ///< whose run the live chart shows
    double m_liveEnd = 1;   ///< the live chart's x range in seconds
    double m_liveTop = 1;   ///< and its y range
    bool m_running = false;
};

} // namespace lockscope
