// The Timeline chart's hit-testing, zoom and pan, and the Statistics tables' row-by-row merge,
// offscreen. The data is what the history store returns (tst_historystore tests the store).
#include "core/backends/backendregistry.h"
#include "core/backends/lockbackend.h"
#include "gui/keyedrowsmodel.h"
#include "gui/timelinewidget.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QtTest>

using namespace lockscope;

namespace {

constexpr int64_t kNow = 1'800'000'000'000;

HoldRecord hold(Backend b, const QString& resource, const QString& holder, int64_t start,
                int64_t end, HoldEnd how = HoldEnd::Released) {
    HoldRecord h;
    h.backend = b;
    h.kind = BackendRegistry::of(b).kinds().front();
    h.resource = resource;
    h.lockId = backendName(b) + u':' + resource;
    h.holder = holder;
    h.startMs = start;
    h.endMs = end;
    h.end = end == 0 ? HoldEnd::Open : how;
    return h;
}

/// Three lanes over the last 60 s: a:1 (two holds), b:2 (a 50 ms one, then an open one),
/// and a ZooKeeper lane.
HistoryWindow window() {
    HistoryWindow w;
    w.fromMs = kNow - 60'000;
    w.toMs = kNow;
    w.holds = {
        hold(Backend::Redis, QStringLiteral("a:1"), QStringLiteral("alice"), kNow - 50'000,
             kNow - 40'000),
        hold(Backend::Redis, QStringLiteral("a:1"), QStringLiteral("bob"), kNow - 30'000,
             kNow - 20'000, HoldEnd::Expired),
        hold(Backend::Redis, QStringLiteral("b:2"), QStringLiteral("carol"), kNow - 45'000,
             kNow - 44'950),
        hold(Backend::Redis, QStringLiteral("b:2"), QStringLiteral("dave"), kNow - 10'000, 0),
        hold(Backend::ZooKeeper, QStringLiteral("a:1"), QStringLiteral("zed"), kNow - 25'000,
             kNow - 5'000),
    };
    OutageRecord o;
    o.backend = Backend::Postgres;
    o.startMs = kNow - 15'000;
    o.endMs = kNow - 12'000;
    w.outages.push_back(o);
    return w;
}

} // namespace

class TestHistoryGui : public QObject {
    Q_OBJECT
private slots:
    void clickOnBarSelectsThatHold();
    void narrowBarWithinSlop();
    void wheelZoomKeepsPointerTime();
    void dragPansAndStopsFollowing();
    void followingScrollsWithNow();
    void holderColoursAreStable();
    void keyedRowsMergeRowByRow();
};

void TestHistoryGui::clickOnBarSelectsThatHold() {
    TimelineWidget w;
    w.resize(1000, 300);
    w.setFollowing(false);
    w.setNow(kNow);
    w.setData(window());
    w.setView(kNow - 60'000, kNow);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QCOMPARE(w.laneCount(), 3);
    QSignalSpy clicked(&w, &TimelineWidget::holdClicked);

    // The middle of bob's hold on redis a:1.
    const int y = w.barCentreY(Backend::Redis, QStringLiteral("a:1"));
    QVERIFY(y > 0);
    QTest::mouseClick(&w, Qt::LeftButton, {}, QPoint(w.xOf(kNow - 25'000), y));
    QCOMPARE(clicked.count(), 1);
    QCOMPARE(clicked.at(0).at(0).value<HoldRecord>().holder, QStringLiteral("bob"));
    QVERIFY(w.selected());
    QCOMPARE(w.selected()->holder, QStringLiteral("bob"));

    // Same time, the ZooKeeper lane: zed, not bob.
    const int zy = w.barCentreY(Backend::ZooKeeper, QStringLiteral("a:1"));
    QVERIFY(zy > 0 && zy != y);
    QCOMPARE(w.holdAt(QPoint(w.xOf(kNow - 25'000) + 2, zy))->holder, QStringLiteral("zed"));
    // The open hold runs to now.
    const int by = w.barCentreY(Backend::Redis, QStringLiteral("b:2"));
    QCOMPARE(w.holdAt(QPoint(w.xOf(kNow - 1000), by))->holder, QStringLiteral("dave"));
    // Between alice and bob: nothing; below the bar (the waits' strip): nothing.
    QVERIFY(!w.holdAt(QPoint(w.xOf(kNow - 35'000), y)));
    QVERIFY(!w.holdAt(QPoint(w.xOf(kNow - 25'000), y + TimelineWidget::kLaneHeight / 2 + 4)));
    // The label column and the axis are not bars.
    QVERIFY(!w.holdAt(QPoint(5, y)));
    QVERIFY(!w.holdAt(QPoint(w.xOf(kNow - 25'000), 5)));
    // A click on nothing clears the selection and says nothing.
    QTest::mouseClick(&w, Qt::LeftButton, {}, QPoint(w.xOf(kNow - 35'000), y));
    QCOMPARE(clicked.count(), 1);
    QVERIFY(!w.selected());
}

void TestHistoryGui::narrowBarWithinSlop() {
    TimelineWidget w;
    w.resize(1000, 300);
    w.setFollowing(false);
    w.setNow(kNow);
    w.setData(window());
    w.setView(kNow - 60'000, kNow);
    // carol's 50 ms hold is under a pixel wide (60 s over ~800 px): hit within 3 px of it.
    const int y = w.barCentreY(Backend::Redis, QStringLiteral("b:2"));
    const int x = w.xOf(kNow - 45'000);
    QCOMPARE(w.holdAt(QPoint(x, y))->holder, QStringLiteral("carol"));
    QCOMPARE(w.holdAt(QPoint(x + 2, y))->holder, QStringLiteral("carol"));
    QVERIFY(!w.holdAt(QPoint(x + 8, y)));
}

void TestHistoryGui::wheelZoomKeepsPointerTime() {
    TimelineWidget w;
    w.resize(1000, 300);
    w.setFollowing(false);
    w.setNow(kNow);
    w.setData(window());
    w.setView(kNow - 60'000, kNow);
    QSignalSpy changed(&w, &TimelineWidget::viewChanged);
    const QPoint at(w.xOf(kNow - 30'000), 100);
    QWheelEvent in(at, w.mapToGlobal(at), {}, QPoint(0, 240), Qt::NoButton, Qt::NoModifier,
                   Qt::NoScrollPhase, false);
    QApplication::sendEvent(&w, &in);
    QCOMPARE(changed.count(), 1);
    const int64_t span = w.viewTo() - w.viewFrom();
    QVERIFY2(span < 60'000 * 0.7, qPrintable(QString::number(span))); // 0.8^2 = 0.64
    // The time under the pointer stays under it (within a pixel).
    QVERIFY(std::abs(w.xOf(kNow - 30'000) - at.x()) <= 1);
    // Zoomed in, the 50 ms hold is still found where it is drawn.
    const int y = w.barCentreY(Backend::Redis, QStringLiteral("b:2"));
    QCOMPARE(w.holdAt(QPoint(w.xOf(kNow - 44'975), y))->holder, QStringLiteral("carol"));
}

void TestHistoryGui::dragPansAndStopsFollowing() {
    TimelineWidget w;
    w.resize(1000, 300);
    w.setNow(kNow);
    w.setView(kNow - 60'000, kNow);
    QVERIFY(w.following());
    w.setData(window());
    QSignalSpy following(&w, &TimelineWidget::followingChanged);
    QSignalSpy clicked(&w, &TimelineWidget::holdClicked);
    const int y = w.barCentreY(Backend::Redis, QStringLiteral("a:1"));
    const QPoint from(w.xOf(kNow - 25'000), y);
    QTest::mousePress(&w, Qt::LeftButton, {}, from);
    QTest::mouseMove(&w, from + QPoint(200, 0));
    QTest::mouseRelease(&w, Qt::LeftButton, {}, from + QPoint(200, 0));
    QVERIFY(!w.following());
    QCOMPARE(following.count(), 1);
    QCOMPARE(clicked.count(), 0); // a drag is not a click
    QVERIFY(w.viewTo() < kNow);   // dragged right: earlier times came into view
    // What was under the pointer moved with it.
    QVERIFY(std::abs(w.xOf(kNow - 25'000) - (from.x() + 200)) <= 1);
}

void TestHistoryGui::followingScrollsWithNow() {
    TimelineWidget w;
    w.resize(1000, 300);
    w.setNow(kNow);
    w.setView(kNow - 60'000, kNow);
    w.setNow(kNow + 5000);
    QCOMPARE(w.viewTo(), kNow + 5000);
    QCOMPARE(w.viewTo() - w.viewFrom(), int64_t(60'000));
    w.setFollowing(false);
    w.setNow(kNow + 9000);
    QCOMPARE(w.viewTo(), kNow + 5000);
}

void TestHistoryGui::holderColoursAreStable() {
    QCOMPARE(TimelineWidget::holderColor(QStringLiteral("host-1:42")),
             TimelineWidget::holderColor(QStringLiteral("host-1:42")));
    QVERIFY(TimelineWidget::holderColor(QStringLiteral("host-1:42")) !=
            TimelineWidget::holderColor(QStringLiteral("host-2:42")));
}

void TestHistoryGui::keyedRowsMergeRowByRow() {
    using Cell = KeyedRowsModel::Cell;
    KeyedRowsModel model({QStringLiteral("k"), QStringLiteral("n")});
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    auto row = [](const QString& k, int n) {
        return KeyedRowsModel::Row{k, {Cell{k, {}, false}, Cell{QString::number(n), n, true}}, {}};
    };
    model.setRows({row(QStringLiteral("a"), 1), row(QStringLiteral("b"), 2)});
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(inserted.count(), 1);
    // b changes, a goes, c comes: one removal, one change, one insertion, never a reset.
    model.setRows({row(QStringLiteral("b"), 3), row(QStringLiteral("c"), 4)});
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(removed.count(), 1);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(inserted.count(), 2);
    QCOMPARE(model.rowAt(0)->key, QStringLiteral("b"));
    QCOMPARE(model.data(model.index(0, 1), Qt::UserRole).toInt(), 3);
    // The same rows again: nothing emitted.
    model.setRows({row(QStringLiteral("b"), 3), row(QStringLiteral("c"), 4)});
    QCOMPARE(changed.count(), 1);
    QCOMPARE(resets.count(), 0);
}

QTEST_MAIN(TestHistoryGui)
#include "tst_historygui.moc"
