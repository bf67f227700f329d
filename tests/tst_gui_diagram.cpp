#include "core/diagram/sequencediagram.h"
#include "gui/buypage.h"
#include "gui/demopage.h"
#include "gui/demoreplaypanel.h"
#include "gui/namecombo.h"
#include "gui/sequencediagramwidget.h"
#include "gui/verdictwhylabel.h"
#include "tests/support/testenv.h"

#include <QComboBox>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSlider>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTest>

using namespace lockscope;

/// Issue 15's console: the Buy page's live sequence diagram and the Demo page's replay, against
/// the sandbox's real servers, offscreen.
class TestGuiDiagram : public QObject {
    Q_OBJECT

    static int count(const SequenceDiagram& d, DiagramEvent::Kind kind) {
        return int(std::count_if(d.events.begin(), d.events.end(),
                                 [kind](const DiagramEvent& e) { return e.kind == kind; }));
    }
    static QList<int> readValues(const SequenceDiagram& d) {
        QList<int> out;
        for (const DiagramEvent& e : d.events)
            if (e.kind == DiagramEvent::Kind::Read)
                out << e.value;
        return out;
    }
    /// Both customers with this strategy buy the last item (stock set to 1 first).
    static void race(BuyPage* buy, const QString& strategy) {
        QVERIFY(selectName(buy->customer(0).strategy, strategy));
        QVERIFY(selectName(buy->customer(1).strategy, strategy));
        buy->resetButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(buy->idle() && buy->lastStock() == 1, 15000);
        buy->buyBothButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(buy->idle() && !buy->customer(0).outcome->text().isEmpty() &&
                                     !buy->customer(1).outcome->text().isEmpty(),
                                 30000);
    }

    NamespaceConfig m_ns;

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        m_ns = test::isolatedNamespace(QStringLiteral("gui15"));
    }

    void buyPageDrawsTheOversellAndItsWhy() {
        BuyPage buy(m_ns);
        buy.resize(1024, 640);
        buy.show();
        QVERIFY(selectName(buy.storeBox(), QStringLiteral("postgres")));
        buy.itemBox()->setCurrentIndex(buy.itemBox()->findData(5));
        buy.paySlider()->setValue(400);
        race(&buy, QStringLiteral("none"));
        QVERIFY(buy.oversold());
        const SequenceDiagram& d = buy.diagramWidget()->diagram();
        // Customer A, Customer B, the lock server (empty with none), the store.
        QCOMPARE(int(d.lanes.size()), 4);
        QCOMPARE(d.lanes[0].name, QStringLiteral("Customer A"));
        QCOMPARE(d.lanes[1].name, QStringLiteral("Customer B"));
        const QList<int> reads = readValues(d);
        QCOMPARE(reads.size(), 2);
        QCOMPARE(reads[0], 1); // both read the last item before either wrote
        QCOMPARE(reads[1], 1);
        QVERIFY(count(d, DiagramEvent::Kind::Anomaly) >= 1);
        // One clock: both customers' reads fall within the other's purchase.
        const QString why = buy.whyLabel()->plainText();
        QVERIFY2(why.contains(QStringLiteral("Customer A")) &&
                     why.contains(QStringLiteral("Customer B")),
                 qPrintable(why));
        // The log: a line per step of each customer, "A" and "B" in the second column.
        QVERIFY(buy.logList()->count() >= 8);
        QVERIFY(buy.logList()->item(0)->text().contains(QStringLiteral(" A ")) ||
                buy.logList()->item(0)->text().contains(QStringLiteral(" B ")));
        // A tooltip for a drawn event names it.
        const QString tip = SequenceDiagramWidget::describe(d, d.events.front());
        QVERIFY(!tip.isEmpty());

        race(&buy, QStringLiteral("redis"));
        QVERIFY(!buy.oversold());
        const SequenceDiagram& locked = buy.diagramWidget()->diagram();
        QCOMPARE(int(locked.lanes.size()), 4);
        QCOMPARE(count(locked, DiagramEvent::Kind::Anomaly), 0);
        QCOMPARE(count(locked, DiagramEvent::Kind::LockAcquired), 2);
        QVERIFY(!buy.whyLabel()->plainText().isEmpty());
    }

    void demoPageReplaysAnItem() {
        DemoPage demo(m_ns);
        demo.resize(1280, 800);
        demo.show();
        DemoScenario s = demo.scenario();
        s.strategy = QStringLiteral("none");
        s.store = QStringLiteral("postgres");
        s.buyers = 4;
        s.items = 1;
        s.stock = 2;
        s.pay = std::chrono::milliseconds(20);
        s.fault = DemoScenario::Fault::None;
        demo.setScenario(s);
        demo.runButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(!demo.running() && demo.lastResult(), 120000);
        DemoReplayPanel* replay = demo.replayPanel();
        QVERIFY(replay->itemBox()->count() >= 1);
        QVERIFY(replay->selectItem(s.itemId(0)));
        const SequenceDiagram& d = replay->diagramWidget()->diagram();
        int actors = 0;
        for (const DiagramLane& lane : d.lanes)
            if (lane.role == DiagramLane::Role::Actor) {
                ++actors;
                QVERIFY(lane.buyer >= 0 && lane.buyer < s.buyers);
            }
        QVERIFY(actors >= 2);
        QVERIFY(!d.events.empty());
        QVERIFY(!replay->whyLabel()->plainText().isEmpty());
        // Replay: at 0 nothing has happened yet, at the end everything has.
        replay->slider()->setValue(0);
        QCOMPARE(replay->diagramWidget()->drawnEvents(), 0);
        replay->slider()->setValue(replay->slider()->maximum() / 2);
        const int half = replay->diagramWidget()->drawnEvents();
        QVERIFY(half <= int(d.events.size()));
        replay->slider()->setValue(replay->slider()->maximum());
        QCOMPARE(replay->diagramWidget()->drawnEvents(), int(d.events.size()));
    }

    /// In the double-charge race a worker "charged the card" or found the order "already
    /// paid"; it never sold out, and an order number per worker would suggest two orders.
    void doubleChargeOutcomesInTheRacesWords() {
        PurchaseResult r;
        r.outcome = PurchaseResult::Outcome::SoldOut;
        QCOMPARE(BuyPage::outcomeText(DemoScenario::Race::DoubleCharge, r),
                 QStringLiteral("Already paid: nothing charged"));
        QVERIFY(BuyPage::outcomeText(DemoScenario::Race::Stock, r).startsWith(u"Sold out"));
        r.outcome = PurchaseResult::Outcome::Confirmed;
        r.orderId = 210;
        QVERIFY(!BuyPage::outcomeText(DemoScenario::Race::DoubleCharge, r).contains(u"210"));
        r.duplicate = true;
        QVERIFY(BuyPage::outcomeText(DemoScenario::Race::DoubleCharge, r).contains(u"idempotency"));
    }

    void scenarioSelectorSwitchesTheStrategies() {
        DemoPage demo(m_ns);
        QComboBox* race = demo.raceBox();
        QComboBox* strategy = demo.strategyBox();
        race->setCurrentIndex(race->findData(int(DemoScenario::Race::DoubleCharge)));
        QVERIFY(strategy->findData(QStringLiteral("idempotency")) >= 0);
        QVERIFY(strategy->findData(QStringLiteral("atomic")) < 0);
        QCOMPARE(demo.scenario().race, DemoScenario::Race::DoubleCharge);
        race->setCurrentIndex(race->findData(int(DemoScenario::Race::Cart)));
        QVERIFY(strategy->findData(QStringLiteral("idempotency")) >= 0);
        race->setCurrentIndex(race->findData(int(DemoScenario::Race::Stock)));
        QVERIFY(strategy->findData(QStringLiteral("atomic")) >= 0);
        QVERIFY(strategy->findData(QStringLiteral("idempotency")) < 0);
        QCOMPARE(demo.scenario().race, DemoScenario::Race::Stock);
    }
};

QTEST_MAIN(TestGuiDiagram)
#include "tst_gui_diagram.moc"
