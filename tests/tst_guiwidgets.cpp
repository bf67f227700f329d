#include "connectors/zookeeperuri.h"
#include "core/backends/postgres/pgbackendobservation.h"
#include "core/backends/postgres/postgreskinds.h"
#include "core/backends/redis/rediskinds.h"
#include "core/backends/redis/redisobservation.h"
#include "core/backends/zookeeper/zookeeperkinds.h"
#include "core/monitor/displaytext.h"
#include "core/profilestore.h"
#include "core/sandbox/sandboxinfo.h"
#include "gui/auditpage.h"
#include "gui/buypage.h"
#include "gui/connectiondialog.h"
#include "gui/connectionindicator.h"
#include "gui/customerworker.h"
#include "gui/demopage.h"
#include "gui/demoworker.h"
#include "gui/downbanner.h"
#include "gui/forcereleasedialog.h"
#include "gui/leasebardelegate.h"
#include "gui/lockfilterproxy.h"
#include "gui/lockmodel.h"
#include "gui/lockspage.h"
#include "gui/namecombo.h"
#include "gui/releaseplandialog.h"
#include "gui/sandboxwatchbar.h"
#include "gui/stalerulesdialog.h"
#include "gui/stockpage.h"
#include "gui/strategytext.h"
#include "gui/tableexport.h"
#include "gui/terminationwatcher.h"
#include "gui/transportlabel.h"
#include "tests/support/testenv.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QBarSet>
#include <QChartView>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QGraphicsScene>
#include <QGraphicsTextItem>
#include <QGroupBox>
#include <QHeaderView>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QListWidget>
#include <QPainter>
#include <QPushButton>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QScrollBar>
#include <QSet>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStackedBarSeries>
#include <QStandardItemModel>
#include <QStandardPaths>
#include <QStyleFactory>
#include <QStyleOptionViewItem>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QTimer>
#include <QTranslator>
#include <QValueAxis>
#include <csignal>

using namespace lockscope;

namespace {

LockEntry redisEntry(const QString& resource, const QString& holder) {
    LockEntry e;
    e.backend = Backend::Redis;
    e.kind = rediskinds::kKey;
    e.resource = resource;
    e.holder = holder;
    e.raw = holder;
    e.rawBytes = holder.toUtf8();
    e.observedAtMs = QDateTime::currentMSecsSinceEpoch();
    return e;
}

Snapshot snapshotOf(std::vector<LockEntry> locks) {
    Snapshot s;
    s.locks = std::move(locks);
    s.sort();
    return s;
}

int viewRowOf(LocksPage& page, const QString& resource) {
    for (int r = 0; r < page.proxy()->rowCount(); ++r)
        if (page.proxy()->index(r, LockModel::PhysicalCol).data().toString() == resource)
            return r;
    return -1;
}

} // namespace

class TestGuiWidgets : public QObject {
    Q_OBJECT
private slots:
    void downBannerSaysRefusedWithTheGrantNotDown() {
        DownBanner b(DownBanner::Subject::Locks);
        const QString hint =
            QStringLiteral("Redis: monitoring needs SCAN <keys>: ACL SETUSER m +scan");
        b.setDown({{Backend::Redis, 1000}, {Backend::ZooKeeper, 2000}},
                  {{Backend::Redis, hint},
                   {Backend::ZooKeeper, QStringLiteral("ZooKeeper: connect: refused")}},
                  {Backend::Redis});
        QVERIFY(!b.isHidden());
        QVERIFY2(b.text().contains(QStringLiteral("Redis refused this connection's identity")),
                 qPrintable(b.text()));
        QVERIFY2(b.text().contains(hint.toHtmlEscaped()), qPrintable(b.text()));
        QVERIFY(!b.text().contains(QStringLiteral("Redis is down")));
        QVERIFY(b.text().contains(QStringLiteral("ZooKeeper is down")));
    }

    void releaseDialogShowsObservedValueAndNeedsReason() {
        LockEntry e;
        e.backend = Backend::Redis;
        e.kind = rediskinds::kKey;
        e.resource = QStringLiteral("cart:42:lock");
        e.holder = QStringLiteral("worker-7");
        e.raw = QStringLiteral("worker-7");
        auto obs = std::make_shared<RedisObservation>();
        obs->value = "worker-7";
        e.observation = obs;
        ForceReleaseDialog dialog(e);
        QVERIFY(dialog.actionText().contains(QStringLiteral("cart:42:lock")));
        QVERIFY(
            dialog.actionText().contains(QStringLiteral("only if its value is still `worker-7`")));
        QVERIFY(!dialog.releaseButton()->isEnabled());
        QTest::keyClicks(dialog.reasonEdit(), QStringLiteral("   "));
        QVERIFY(!dialog.releaseButton()->isEnabled()); // blanks are no reason
        dialog.reasonEdit()->clear();
        QTest::keyClicks(dialog.reasonEdit(), QStringLiteral("holder crashed at 03:12"));
        QVERIFY(dialog.releaseButton()->isEnabled());
        QCOMPARE(dialog.reason(), QStringLiteral("holder crashed at 03:12"));
    }

    /// Read-only mode: the buttons that write are disabled and say why (core refuses anyway).
    void readOnlyDisablesWritingButtons() {
        NamespaceConfig ro;
        ro.readOnly = true;
        BuyPage buy(ro);
        QVERIFY(!buy.resetButton()->isEnabled());
        QVERIFY(buy.resetButton()->toolTip().contains(QStringLiteral("Read-only")));
        QVERIFY(!buy.buyBothButton()->isEnabled());
        DemoPage demo(ro);
        QVERIFY(!demo.runButton()->isEnabled());
        QVERIFY(demo.runButton()->toolTip().contains(QStringLiteral("Read-only")));
        QVERIFY(!demo.compareButton()->isEnabled());
        // Not read-only: the same buttons work.
        BuyPage writable{NamespaceConfig{}};
        QVERIFY(writable.resetButton()->isEnabled());
        DemoPage demoWritable{NamespaceConfig{}};
        QVERIFY(demoWritable.runButton()->isEnabled());
    }

    /// The dialog shows the fingerprint of the exact bytes observed, the one `locks list --json`
    /// prints: worker\x01 and worker\x02 read the same on screen, never here.
    void releaseDialogShowsObservedFingerprint() {
        LockEntry e;
        e.backend = Backend::Redis;
        e.kind = rediskinds::kKey;
        e.resource = QStringLiteral("cart:7:lock");
        e.holder = QStringLiteral("worker.");
        e.raw = QStringLiteral("worker.");
        e.rawBytes = QByteArray("worker\x01");
        auto obs = std::make_shared<RedisObservation>();
        obs->value = "worker\x01";
        e.observation = obs;
        ForceReleaseDialog dialog(e);
        auto* label = dialog.findChild<QLabel*>(QStringLiteral("observedSha256"));
        QVERIFY(label);
        QVERIFY(label->text().contains(e.observedSha256()));
        LockEntry other = e;
        other.rawBytes = QByteArray("worker\x02");
        QVERIFY(!label->text().contains(other.observedSha256()));
    }

    /// A row first seen 'pending' gets its real outcome on the next load (it stayed 'pending'
    /// and red before); 'changed' is not coloured like a failure; times carry their zone.
    void auditPageUpdatesOutcomesAndShowsZone() {
        AuditPage page;
        AuditRecord r;
        r.id = 7;
        r.atMs = 1764160000000;
        r.attempt.operatorName = QStringLiteral("alice");
        r.outcome = AuditRecord::Outcome::Pending;
        page.setRows({r});
        QCOMPARE(page.model()->rowCount(), 1);
        const QColor red(192, 57, 43);
        QCOMPARE(page.model()->item(0, 7)->foreground().color(), red);
        r.outcome = AuditRecord::Outcome::Changed;
        r.detail = QStringLiteral("held by someone else now");
        r.dbUser = QStringLiteral("lockscope");
        r.clientAddr = QStringLiteral("127.0.0.1");
        page.setRows({r});
        QCOMPARE(page.model()->rowCount(), 1);
        QCOMPARE(page.model()->item(0, 7)->text(),
                 AuditPage::outcomeText(AuditRecord::Outcome::Changed));
        QVERIFY(page.model()->item(0, 7)->text().startsWith(QStringLiteral("changed")));
        QVERIFY(page.model()->item(0, 7)->foreground().color() != red);
        QVERIFY(page.model()->item(0, 1)->text().contains(QStringLiteral("lockscope")));
        static const QRegularExpression zone(QStringLiteral(" [+-]\\d\\d:\\d\\d"));
        QVERIFY2(zone.match(page.model()->item(0, 0)->text()).hasMatch(),
                 qPrintable(page.model()->item(0, 0)->text()));
        // At a 1024 px window every column is in view: no sideways scrolling to the outcome.
        page.resize(1000, 400);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QTRY_VERIFY(page.view()->horizontalHeader()->length() <= page.view()->viewport()->width());
        QVERIFY(!page.view()->horizontalScrollBar()->isVisible());
    }

    /// The who-blocks-whom tree is shown for the lock it concerns, not for another lock the same
    /// backend holds (an advisory lock of a blocking session).
    void blockingTreeOnlyInTheDetailsOfItsLock() {
        auto lock = [](const LockKind& kind, const QString& resource, bool withTree) {
            LockEntry e;
            e.backend = Backend::Postgres;
            e.kind = kind;
            e.resource = resource;
            e.holder = QStringLiteral("pid 4242 (psql)");
            auto obs = std::make_shared<PgBackendObservation>();
            obs->pid = 4242;
            if (withTree)
                obs->blockingTree = QJsonArray{QJsonObject{
                    {QStringLiteral("pid"), 4242},
                    {QStringLiteral("blocks"),
                     QJsonArray{QJsonObject{{QStringLiteral("pid"), 4343},
                                            {QStringLiteral("blocks"), QJsonArray()}}}}}};
            e.observation = obs;
            return e;
        };
        LocksPage page(false);
        const Snapshot s =
            snapshotOf({lock(postgreskinds::kRow, QStringLiteral("shop.items"), true),
                        lock(postgreskinds::kAdvisory, QStringLiteral("report"), false)});
        page.applySnapshot(s, SnapshotDiff::between({}, s));
        QTRY_COMPARE_WITH_TIMEOUT(page.pendingDiffs(), 0, 5000);
        auto* details = page.findChild<QTextBrowser*>();
        QVERIFY(details);
        page.view()->selectRow(viewRowOf(page, QStringLiteral("shop.items")));
        QVERIFY2(details->toPlainText().contains(QStringLiteral("pid 4343")),
                 qPrintable(details->toPlainText()));
        page.view()->selectRow(viewRowOf(page, QStringLiteral("report")));
        QVERIFY2(!details->toPlainText().contains(QStringLiteral("pid 4343")),
                 qPrintable(details->toPlainText()));
    }

    /// The details pane shows server text as the table does (DisplayText): a key, holder,
    /// value, waiter, locked row, query or blocking-tree entry with ESC, BEL, CR or a newline
    /// shows them as \xNN; none reaches the pane raw, and a newline forges no line there.
    void detailsPaneShowsServerTextEscaped() {
        const QString esc = QStringLiteral("\x1b]0;pwned\x07");
        LockEntry redis = redisEntry(QStringLiteral("lock:") + esc + QStringLiteral("\nforged-key"),
                                     QStringLiteral("worker\r\nforged-holder") + esc);
        redis.waiters = {QStringLiteral("waiter\nforged-waiter") + esc};
        LockEntry pg;
        pg.backend = Backend::Postgres;
        pg.kind = postgreskinds::kRow;
        pg.resource = QStringLiteral("shop.items");
        pg.holder = QStringLiteral("pid 4242");
        auto obs = std::make_shared<PgBackendObservation>();
        obs->pid = 4242;
        obs->query = QStringLiteral("SELECT 1 /* ") + esc + QStringLiteral(" */\nforged-query");
        obs->rows = {QStringLiteral("(0,1)\nforged-row") + esc};
        obs->blockingTree = QJsonArray{QJsonObject{
            {QStringLiteral("pid"), 4242},
            {QStringLiteral("application"), QStringLiteral("app\nforged-app") + esc},
            {QStringLiteral("state"), QStringLiteral("idle") + esc},
            {QStringLiteral("query"), QStringLiteral("UPDATE /* ") + esc + QStringLiteral(" */")},
            {QStringLiteral("blocks"), QJsonArray()}}};
        pg.observation = obs;
        LocksPage page(false);
        const Snapshot s = snapshotOf({redis, pg});
        page.applySnapshot(s, SnapshotDiff::between({}, s));
        QTRY_COMPARE_WITH_TIMEOUT(page.pendingDiffs(), 0, 5000);
        auto* details = page.findChild<QTextBrowser*>();
        QVERIFY(details);
        for (const QString& physical :
             {DisplayText::forTerminal(redis.resource), QStringLiteral("shop.items")}) {
            const int row = viewRowOf(page, physical);
            QVERIFY2(row >= 0, qPrintable(physical));
            page.view()->selectRow(row);
            const QString text = details->toPlainText();
            for (const QChar c : text)
                QVERIFY2(c == u'\n' || !DisplayText::needsEscape(c.unicode()),
                         qPrintable(QStringLiteral("raw U+%1 in: %2")
                                        .arg(c.unicode(), 4, 16, QLatin1Char('0'))
                                        .arg(DisplayText::forTerminal(text, -1))));
            QVERIFY2(!text.contains(QStringLiteral("\nforged")), qPrintable(text));
            QVERIFY2(text.contains(QStringLiteral("\\x1b]0;pwned\\x07")), qPrintable(text));
        }
        page.view()->selectRow(viewRowOf(page, DisplayText::forTerminal(redis.resource)));
        const QString redisText = details->toPlainText();
        for (const char* shown : {"lock:\\x1b]0;pwned\\x07\\x0aforged-key",
                                  "worker\\x0d\\x0aforged-holder", "waiter\\x0aforged-waiter"})
            QVERIFY2(redisText.contains(QLatin1String(shown)), qPrintable(redisText));
        page.view()->selectRow(viewRowOf(page, QStringLiteral("shop.items")));
        const QString pgText = details->toPlainText();
        for (const char* shown : {"\\x0aforged-query", "(0,1)\\x0aforged-row", "app\\x0aforged-app",
                                  "UPDATE /* \\x1b]0;pwned\\x07 */"})
            QVERIFY2(pgText.contains(QLatin1String(shown)), qPrintable(pgText));
    }

    void postgresDialogSaysWhichBackendIsTerminated() {
        LockEntry e;
        e.backend = Backend::Postgres;
        e.kind = postgreskinds::kRow;
        e.resource = QStringLiteral("shop.items");
        auto obs = std::make_shared<PgBackendObservation>();
        obs->pid = 4242;
        obs->query = QStringLiteral("SELECT * FROM shop.items FOR UPDATE");
        e.observation = obs;
        ForceReleaseDialog dialog(e);
        QVERIFY(dialog.actionText().contains(QStringLiteral("terminate backend 4242")));
        QVERIFY(
            dialog.actionText().contains(QStringLiteral("SELECT * FROM shop.items FOR UPDATE")));
    }

    void readOnlyHidesRelease() {
        LocksPage page(true);
        QVERIFY(!page.releaseAction()->isVisible());
        LocksPage writable(false);
        QVERIFY(writable.releaseAction()->isVisible());
        writable.setReadOnly(true);
        QVERIFY(!writable.releaseAction()->isVisible());
        // Del does nothing in read-only mode: no dialog, no request.
        bool requested = false;
        connect(&page, &LocksPage::releaseRequested, this, [&] { requested = true; });
        page.releaseSelected();
        QVERIFY(!requested);
    }

    void largeFirstLoadIsSlicedAndKeepsOrder() {
        LocksPage page(false);
        QAbstractItemModelTester tester(page.model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        Snapshot big;
        for (int i = 0; i < 5000; ++i) {
            LockEntry e;
            e.backend = Backend::Redis;
            e.kind = rediskinds::kKey;
            e.resource = QStringLiteral("k%1").arg(i, 5, 10, QLatin1Char('0'));
            e.holder = QStringLiteral("h");
            big.locks.push_back(e);
        }
        big.sort();
        page.applySnapshot(big, SnapshotDiff::between({}, big));
        QVERIFY(page.pendingDiffs() > 0); // not all merged in one go
        QVERIFY(page.model()->rowCount() < 5000);
        // A refresh arrives before the slices are done: it is applied after them.
        Snapshot next = big;
        next.locks.erase(next.locks.begin() + 10);
        page.applySnapshot(next, SnapshotDiff::between(big, next));
        QTRY_COMPARE_WITH_TIMEOUT(page.pendingDiffs(), 0, 5000);
        QCOMPARE(page.model()->rowCount(), 4999);
        QCOMPARE(page.model()->rowOf(big.locks[10].id()), -1);
        for (int r = 1; r < page.model()->rowCount(); ++r)
            QVERIFY(page.model()->entryAt(r - 1)->id() < page.model()->entryAt(r)->id());
    }

    /// The selection never jumps to another lock: when a refresh or the filter removes the
    /// selected row, nothing is selected and Force-release disables.
    void selectionNeverJumpsToAnotherLock() {
        LocksPage page(false);
        const Snapshot s1 = snapshotOf({redisEntry(QStringLiteral("lock:1"), QStringLiteral("a")),
                                        redisEntry(QStringLiteral("lock:2"), QStringLiteral("b")),
                                        redisEntry(QStringLiteral("lock:3"), QStringLiteral("c"))});
        page.applySnapshot(s1, SnapshotDiff::between({}, s1));
        QTRY_COMPARE_WITH_TIMEOUT(page.pendingDiffs(), 0, 5000);
        page.view()->selectRow(viewRowOf(page, QStringLiteral("lock:2")));
        QCOMPARE(page.selectedEntries().size(), 1);
        QVERIFY(page.releaseAction()->isEnabled());
        // A refresh: lock:2 is gone.
        const Snapshot s2 = snapshotOf({s1.locks[0], s1.locks[2]});
        page.applySnapshot(s2, SnapshotDiff::between(s1, s2));
        QTRY_COMPARE_WITH_TIMEOUT(page.pendingDiffs(), 0, 5000);
        QVERIFY(page.selectedEntries().isEmpty());
        QVERIFY(!page.releaseAction()->isEnabled());
        // The filter hides the selected row.
        page.view()->selectRow(viewRowOf(page, QStringLiteral("lock:3")));
        QCOMPARE(page.selectedEntries().size(), 1);
        page.filterEdit()->setText(QStringLiteral("lock:1"));
        QVERIFY(page.selectedEntries().isEmpty());
        QVERIFY(!page.releaseAction()->isEnabled());
        page.filterEdit()->clear();
        QVERIFY(page.selectedEntries().isEmpty());
    }

    /// "N of M locks" follows the filter; Esc clears it; Ctrl+F and F5 exist.
    void countsFollowTheFilterAndShortcuts() {
        LocksPage page(false);
        const Snapshot s = snapshotOf({redisEntry(QStringLiteral("cart:1"), QStringLiteral("a")),
                                       redisEntry(QStringLiteral("cart:2"), QStringLiteral("b")),
                                       redisEntry(QStringLiteral("order:3"), QStringLiteral("c"))});
        page.applySnapshot(s, SnapshotDiff::between({}, s));
        QTRY_COMPARE_WITH_TIMEOUT(page.pendingDiffs(), 0, 5000);
        QCOMPARE(page.summaryLabel()->text(), QStringLiteral("3 lock(s)"));
        page.filterEdit()->setText(QStringLiteral("cart"));
        QCOMPARE(page.summaryLabel()->text(), QStringLiteral("2 of 3 lock(s)"));
        QCOMPARE(page.findAction()->shortcut(), QKeySequence(QKeySequence::Find));
        QCOMPARE(page.refreshAction()->shortcut(), QKeySequence(Qt::Key_F5));
        QCOMPARE(page.clearFilterAction()->shortcut(), QKeySequence(Qt::Key_Escape));
        page.clearFilterAction()->trigger();
        QVERIFY(page.filterEdit()->text().isEmpty());
        QCOMPARE(page.summaryLabel()->text(), QStringLiteral("3 lock(s)"));
        // The keys themselves.
        page.show();
        QVERIFY(QTest::qWaitForWindowActive(&page));
        page.view()->setFocus();
        QTest::keyClick(page.view(), Qt::Key_F, Qt::ControlModifier);
        QTRY_VERIFY_WITH_TIMEOUT(page.filterEdit()->hasFocus(), 2000);
        QTest::keyClicks(page.filterEdit(), QStringLiteral("order"));
        QCOMPARE(page.summaryLabel()->text(), QStringLiteral("1 of 3 lock(s)"));
        QTest::keyClick(page.filterEdit(), Qt::Key_Escape);
        QVERIFY(page.filterEdit()->text().isEmpty());
        QCOMPARE(page.summaryLabel()->text(), QStringLiteral("3 lock(s)"));
    }

    /// The context menu's copies: the cell, the raw value, the row as the CLI's JSON.
    void copyCellRawAndJson() {
        LocksPage page(false);
        LockEntry e = redisEntry(QStringLiteral("cart:7"), QStringLiteral("svc-1"));
        e.raw = QStringLiteral("token-abc");
        e.flags = LockFlag::Foreign;
        const Snapshot s =
            snapshotOf({e, redisEntry(QStringLiteral("cart:8"), QStringLiteral("b"))});
        page.applySnapshot(s, SnapshotDiff::between({}, s));
        QTRY_COMPARE_WITH_TIMEOUT(page.pendingDiffs(), 0, 5000);
        QVERIFY(!page.copyJsonAction()->isEnabled());
        const int row = viewRowOf(page, QStringLiteral("cart:7"));
        page.view()->setCurrentIndex(page.proxy()->index(row, LockModel::HolderCol));
        page.view()->selectRow(row);
        page.view()->setCurrentIndex(page.proxy()->index(row, LockModel::HolderCol));
        QVERIFY(page.copyJsonAction()->isEnabled());
        page.copyCellAction()->trigger();
        QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("svc-1"));
        page.copyRawAction()->trigger();
        QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("token-abc"));
        page.copyJsonAction()->trigger();
        const QJsonObject json =
            QJsonDocument::fromJson(QApplication::clipboard()->text().toUtf8()).object();
        QCOMPARE(json.value(QStringLiteral("resource")).toString(), QStringLiteral("cart:7"));
        QCOMPARE(json.value(QStringLiteral("holder")).toString(), QStringLiteral("svc-1"));
        QCOMPARE(json.value(QStringLiteral("flags")).toArray(),
                 QJsonArray{QStringLiteral("foreign")});
    }

    /// A snapshot with Redis down: a banner on the Locks page says since when, the Redis rows are
    /// last known (greyed, with their age), the others are current; the Stock page says so too
    /// and greys the Redis column.
    void downServerBannerAndLastKnownRows() {
        LocksPage page(false);
        LockEntry zk;
        zk.backend = Backend::ZooKeeper;
        zk.kind = zookeeperkinds::kRecipe;
        zk.resource = QStringLiteral("/lockscope/locks/order:1");
        zk.holder = QStringLiteral("n1");
        const Snapshot up =
            snapshotOf({redisEntry(QStringLiteral("cart:1"), QStringLiteral("a")),
                        redisEntry(QStringLiteral("cart:2"), QStringLiteral("b")), zk});
        page.applySnapshot(up, SnapshotDiff::between({}, up));
        QTRY_COMPARE_WITH_TIMEOUT(page.pendingDiffs(), 0, 5000);
        QVERIFY(page.banner()->isHidden());
        Snapshot down;
        down.takenAtMs = QDateTime::currentMSecsSinceEpoch();
        down.locks = {zk};
        down.backendErrors[Backend::Redis] = QStringLiteral("Connection refused");
        down.keepLastKnown(up);
        down.sort();
        const SnapshotDiff d = SnapshotDiff::between(up, down);
        QVERIFY(d.removed.empty());
        page.applySnapshot(down, d);
        QTRY_COMPARE_WITH_TIMEOUT(page.pendingDiffs(), 0, 5000);
        QVERIFY(!page.banner()->isHidden());
        const QString since =
            QDateTime::fromMSecsSinceEpoch(down.takenAtMs).toString(QStringLiteral("HH:mm:ss"));
        QVERIFY2(
            page.banner()->text().contains(QStringLiteral("Redis is down since %1").arg(since)),
            qPrintable(page.banner()->text()));
        QCOMPARE(page.model()->rowCount(), 3);
        for (int r = 0; r < page.model()->rowCount(); ++r) {
            const bool redis = page.model()->entryAt(r)->backend == Backend::Redis;
            QCOMPARE(page.model()->index(r, 0).data(LockModel::LastKnownRole).toBool(), redis);
            QCOMPARE(page.model()
                         ->index(r, LockModel::FlagsCol)
                         .data()
                         .toString()
                         .startsWith(QStringLiteral("last known")),
                     redis);
        }
        QVERIFY(page.summaryLabel()->text().contains(QStringLiteral("2 last known")));
        // A last-known row cannot be force-released: it is not what the server holds now.
        page.view()->selectRow(viewRowOf(page, QStringLiteral("cart:1")));
        QCOMPARE(page.selectedEntries().size(), 1);
        QVERIFY(!page.releaseAction()->isEnabled());
        page.view()->selectRow(viewRowOf(page, zk.resource));
        QCOMPARE(page.selectedEntries().size(), 1);
        QVERIFY(page.releaseAction()->isEnabled());

        StockPage stock;
        Inventory::StockRow row{1, "Widget", "redis", 10};
        Inventory::StockRow pgRow{1, "Widget", "postgres", 7};
        stock.setStock({row, pgRow});
        const int redisCol = stock.columnOf(Backend::Redis);
        QVERIFY(redisCol >= 2);
        QVERIFY(stock.banner()->isHidden());
        stock.setBackendsDown(down.unknownSinceMs, down.backendErrors);
        QVERIFY(!stock.banner()->isHidden());
        QVERIFY(
            stock.banner()->text().contains(QStringLiteral("Redis is down since %1").arg(since)));
        QVERIFY(stock.banner()->text().contains(QStringLiteral("stock")));
        QStandardItem* cell = stock.model()->item(0, redisCol);
        QVERIFY(cell->toolTip().contains(QStringLiteral("Last known")));
        QVERIFY(cell->foreground().color() != QColor());
        QVERIFY(stock.model()->item(0, stock.columnOf(Backend::Postgres))->toolTip().isEmpty());
        stock.setBackendsDown({}, {});
        QVERIFY(stock.banner()->isHidden());
        QVERIFY(cell->toolTip().isEmpty());
    }

    /// CSV fields are quoted where they must be; the export has every lock in view, raw flag
    /// names in JSON.
    void exportsQuoteCsvAndKeepRawNames() {
        using namespace tableexport;
        QCOMPARE(csvField(QStringLiteral("plain")), QStringLiteral("plain"));
        QCOMPARE(csvField(QStringLiteral("a,b")), QStringLiteral("\"a,b\""));
        QCOMPARE(csvField(QStringLiteral("say \"hi\"")), QStringLiteral("\"say \"\"hi\"\"\""));
        QCOMPARE(csvField(QStringLiteral("two\nlines")), QStringLiteral("\"two\nlines\""));
        QCOMPARE(csvField(QStringLiteral(" padded")), QStringLiteral("\" padded\""));
        QCOMPARE(csvField(QStringLiteral("=cmd()")), QStringLiteral("'=cmd()"));
        QCOMPARE(csvField(QStringLiteral("-5")), QStringLiteral("-5"));
        QCOMPARE(csv({QStringLiteral("a"), QStringLiteral("b")},
                     {{QStringLiteral("1"), QStringLiteral("x,y")}}),
                 QStringLiteral("a,b\r\n1,\"x,y\"\r\n"));

        LocksPage page(false);
        LockEntry tricky = redisEntry(QStringLiteral("cart:9"), QStringLiteral("svc \"a\", pid 7"));
        tricky.flags = LockFlag::Orphaned | LockFlag::NoExpiry;
        const Snapshot s =
            snapshotOf({tricky, redisEntry(QStringLiteral("order:1"), QStringLiteral("b"))});
        page.applySnapshot(s, SnapshotDiff::between({}, s));
        QTRY_COMPARE_WITH_TIMEOUT(page.pendingDiffs(), 0, 5000);
        const QStringList lines = page.locksCsv().split(QStringLiteral("\r\n"), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 3);
        QVERIFY(
            lines[0].startsWith(QStringLiteral("backend,kind,logical_resource,resource,holder")));
        QVERIFY2(lines.join(u'|').contains(QStringLiteral("\"svc \"\"a\"\", pid 7\"")),
                 qPrintable(lines.join(u'|')));
        QVERIFY(lines.join(u'|').contains(QStringLiteral("orphaned; no-expiry")));
        page.filterEdit()->setText(QStringLiteral("order"));
        QCOMPARE(page.locksCsv().count(QStringLiteral("\r\n")), 2); // header + the one in view
        page.filterEdit()->clear();
        const QJsonArray json = QJsonDocument::fromJson(page.locksJson()).array();
        QCOMPARE(json.size(), 2);
        bool found = false;
        for (const QJsonValue& v : json)
            if (v.toObject().value(QStringLiteral("resource")).toString() == u"cart:9") {
                found = true;
                QCOMPARE(v.toObject().value(QStringLiteral("flags")).toArray(),
                         (QJsonArray{QStringLiteral("orphaned"), QStringLiteral("no-expiry")}));
                QCOMPARE(v.toObject().value(QStringLiteral("last_known")).toBool(), false);
            }
        QVERIFY(found);
    }

    /// Several locks selected: one plan lists every lock and what will be done, asks once, and
    /// the page hands every lock on for its own release.
    void releasePlanListsEveryLock() {
        std::vector<LockEntry> v;
        for (int i = 1; i <= 4; ++i)
            v.push_back(redisEntry(QStringLiteral("cart:%1").arg(i), QStringLiteral("h%1").arg(i)));
        ReleasePlanDialog plan(QList<LockEntry>(v.begin(), v.end()));
        QCOMPARE(plan.planTable()->rowCount(), 4);
        for (int r = 0; r < 4; ++r) {
            QCOMPARE(plan.planTable()->item(r, 2)->text(), v[size_t(r)].logical());
            QVERIFY(!plan.planTable()->item(r, 4)->text().isEmpty());
        }
        QVERIFY(!plan.releaseButton()->isEnabled());
        plan.reasonEdit()->setText(QStringLiteral("cleanup"));
        QVERIFY(plan.releaseButton()->isEnabled());

        LocksPage page(false);
        const Snapshot s = snapshotOf(v);
        page.applySnapshot(s, SnapshotDiff::between({}, s));
        QTRY_COMPARE_WITH_TIMEOUT(page.pendingDiffs(), 0, 5000);
        page.view()->selectAll();
        QCOMPARE(page.selectedEntries().size(), 4);
        QList<LockEntry> requested;
        QString reason;
        connect(&page, &LocksPage::releasePlanRequested, this,
                [&](const QList<LockEntry>& e, const QString& r, const QList<bool>&) {
                    requested = e;
                    reason = r;
                });
        bool singleRequested = false;
        connect(&page, &LocksPage::releaseRequested, this, [&] { singleRequested = true; });
        int listed = -1;
        QTimer::singleShot(0, this, [&] {
            auto* dialog = qobject_cast<ReleasePlanDialog*>(QApplication::activeModalWidget());
            QVERIFY(dialog);
            listed = dialog->planTable()->rowCount();
            dialog->reasonEdit()->setText(QStringLiteral("stuck cart service"));
            dialog->releaseButton()->click();
        });
        page.releaseSelected();
        QCOMPARE(listed, 4);
        QCOMPARE(requested.size(), 4);
        QCOMPARE(reason, QStringLiteral("stuck cart service"));
        QVERIFY(!singleRequested);
    }

    /// The stale rules round-trip through QSettings and reach the monitor's config.
    void staleRulesPersist() {
        QSettings settings(QDir::temp().filePath(QStringLiteral("lockscope-tst-stale.ini")),
                           QSettings::IniFormat);
        settings.clear();
        StaleRuleSettings rules;
        rules.rules.pgIdleInTransaction = std::chrono::milliseconds(45000);
        rules.rules.redisNoTtl = false;
        rules.save(settings);
        const StaleRuleSettings back = StaleRuleSettings::load(settings);
        QCOMPARE(back.rules.pgIdleInTransaction.count(), 45000);
        QVERIFY(!back.rules.redisNoTtl);
        QVERIFY(back.rules.zkPersistent); // not changed: the default
        MonitorConfig mc;
        back.applyTo(mc);
        QCOMPARE(mc.stale.pgIdleInTransaction.count(), 45000);
        QVERIFY(!mc.stale.redisNoTtl);
        StaleRulesDialog dialog(back);
        auto* idle =
            qobject_cast<QSpinBox*>(dialog.editorFor(QStringLiteral("pg_idle_in_transaction_ms")));
        QVERIFY(idle);
        QCOMPARE(idle->value(), 45);
        QVERIFY(!idle->toolTip().isEmpty());
        auto* zk = qobject_cast<QCheckBox*>(dialog.editorFor(QStringLiteral("zk_persistent")));
        QVERIFY(zk);
        zk->setChecked(false);
        idle->setValue(600);
        QCOMPARE(dialog.rules().rules.pgIdleInTransaction.count(), 600000);
        QVERIFY(!dialog.rules().rules.zkPersistent);
        // A value someone broke by hand falls back to the default, not to nonsense.
        settings.setValue(QStringLiteral("staleRules/lease_expired_grace_ms"), -5);
        QCOMPARE(StaleRuleSettings::load(settings).rules, StaleRules());
        settings.clear();
    }

    void profilesNeverStorePasswords() {
        QCoreApplication::setOrganizationName(QStringLiteral("LockScopeTest"));
        QCoreApplication::setApplicationName(test::uniqueName(QStringLiteral("profiles")));
        const Endpoints e{QStringLiteral("redis://ops:redis-secret@cache:6380/2"),
                          QStringLiteral("zookeeper://ops:zk-secret@z1:2181,z2:2181/shop"),
                          QStringLiteral("postgresql://shop:pg-secret@db:5433/orders")};
        ProfileStore::save(QStringLiteral("staging"), e);
        QSettings settings;
        settings.sync();
        QFile file(settings.fileName());
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray stored = file.readAll();
        QVERIFY(stored.contains("cache:6380"));
        for (const char* secret : {"redis-secret", "zk-secret", "pg-secret"})
            QVERIFY2(!stored.contains(secret), secret);
        // What was stored still connects to the same places once the password is supplied again.
        const Endpoints back = ProfileStore::load(QStringLiteral("staging"));
        QCOMPARE(ProfileStore::withPassword(QStringLiteral("redis"), back.redis,
                                            QStringLiteral("redis-secret")),
                 QStringLiteral("redis://ops:redis-secret@cache:6380/2"));
        QVERIFY(ProfileStore::withPassword(QStringLiteral("zookeeper"), back.zookeeper,
                                           QStringLiteral("zk-secret"))
                    .startsWith(QStringLiteral("zookeeper://ops:zk-secret@z1:2181")));
        QVERIFY(ProfileStore::withPassword(QStringLiteral("postgres"), back.postgres,
                                           QStringLiteral("pg-secret"))
                    .contains(QStringLiteral("password='pg-secret'")));
        file.close();
        QFile::remove(settings.fileName());
    }

    // Strategy and store combos carry the name in their data: whatever a label says (translated,
    // decorated, "PostgreSQL" for "postgres"), the scenario gets the name.
    void demoPageReadsNamesNotLabels() {
        DemoPage page(NamespaceConfig{});
        QComboBox* strategy = page.strategyBox();
        QComboBox* store = page.storeBox();
        QVERIFY(strategy && store);
        QVERIFY(selectName(strategy, QStringLiteral("redis")));
        strategy->setItemText(strategy->currentIndex(), QStringLiteral("Redis (SET NX, fenced)"));
        QVERIFY(selectName(store, QStringLiteral("postgres")));
        QCOMPARE(store->currentText(), QStringLiteral("PostgreSQL"));
        const DemoScenario read = page.scenario();
        QCOMPARE(read.strategy, QStringLiteral("redis"));
        QCOMPARE(read.store, QStringLiteral("postgres"));

        // A typed scenario goes through the form unchanged, fields the form does not show too.
        DemoScenario s;
        s.strategy = QStringLiteral("pg-advisory");
        s.store = QStringLiteral("zookeeper");
        s.buyers = 12;
        s.items = 3;
        s.stock = 7;
        s.pay = std::chrono::milliseconds(40);
        s.lease = std::chrono::milliseconds(900);
        s.fencing = false;
        s.fault = DemoScenario::Fault::SlowRelease;
        s.faultRate = 0.35;
        s.attempts = 5;
        s.seed = 99;
        page.setScenario(s);
        QCOMPARE(strategy->currentData().toString(), QStringLiteral("pg-advisory"));
        QCOMPARE(page.scenario().toJson(), s.toJson());
        // The values that cross to the worker thread are registered metatypes.
        for (const char* type :
             {"lockscope::DemoScenario", "lockscope::DemoProgress", "lockscope::DemoResult"})
            QVERIFY2(QMetaType::fromName(type).isValid(), type);
    }

    // "Compare all" runs the strategies one after the other, each from t = 0: the live chart
    // shows one run at a time instead of drawing the next run back over the previous one.
    void liveChartShowsOneStrategyAtATime() {
        DemoPage page(NamespaceConfig{});
        auto* view = page.findChildren<QChartView*>().value(0);
        QVERIFY(view);
        auto* stock = qobject_cast<QLineSeries*>(view->chart()->series().value(0));
        QVERIFY(stock);
        DemoProgress p;
        p.stockLeft = 10;
        p.stockKnown = true;
        for (const QString& strategy : {QStringLiteral("none"), QStringLiteral("atomic")})
            for (double t : {0.25, 0.5, 0.75}) {
                p.elapsedS = t;
                emit page.worker()->progress(strategy, p);
            }
        const QList<QPointF> points = stock->points();
        QVERIFY(!points.isEmpty());
        for (qsizetype i = 1; i < points.size(); ++i)
            QVERIFY2(points[i].x() >= points[i - 1].x(), qPrintable(QString::number(i)));
        QCOMPARE(points.last().x(), 0.75);
    }

    // The Buy page decides on typed steps and outcomes and translates only what it shows: with
    // the German translation, a stock reset is still a success that restarts the count, two
    // confirmed orders for one item are still an oversell, and every text reads German.
    void buyPageDecidesOnTypesAndShowsGerman() {
        QTranslator de;
        QVERIFY(de.load(QStringLiteral(":/i18n/lockscope_de.qm")));
        QApplication::installTranslator(&de);
        auto removeTranslator = qScopeGuard([&] { QApplication::removeTranslator(&de); });
        BuyPage page(NamespaceConfig{});
        QVERIFY(page.customer(0).strategy->currentData().isValid());
        // What the customers' threads report, delivered as their signals deliver it.
        CustomerWorker* a = page.customer(0).worker;
        CustomerWorker* b = page.customer(1).worker;
        emit a->stockReset(1);
        QCOMPARE(page.lastStock(), 1);
        QCOMPARE(page.soldSinceSet(), 0);
        QVERIFY2(
            page.customer(0).outcome->text().contains(QStringLiteral("#27ae60")) &&
                page.customer(0).outcome->text().contains(QStringLiteral("Bestand auf 1 gesetzt")),
            qPrintable(page.customer(0).outcome->text()));

        using Step = PurchaseEvent::Step;
        const Step steps[] = {Step::ReadStock, Step::Paying, Step::WroteStock, Step::Done};
        for (CustomerWorker* w : {a, b})
            for (Step step : steps) {
                PurchaseEvent e;
                e.step = step;
                e.stock = step == Step::ReadStock ? 1 : -1;
                e.detail = step == Step::Done ? "confirmed" : "";
                emit w->step(e);
            }
        for (int i = 0; i < 2; ++i) {
            const QList<QListWidgetItem*> list = page.logOf(i);
            QCOMPARE(list.size(), 4);
            for (int r = 0; r < 4; ++r) {
                QCOMPARE(list[r]->data(Qt::UserRole).toInt(), int(steps[r]));
                QVERIFY2(list[r]->text().contains(BuyPage::stepText(steps[r])),
                         qPrintable(list[r]->text()));
                QVERIFY2(!list[r]->text().contains(QStringLiteral("confirmed")),
                         qPrintable(list[r]->text()));
            }
            QVERIFY2(list[0]->text().contains(QStringLiteral("Bestand 1")),
                     qPrintable(list[0]->text()));
        }
        PurchaseResult confirmed;
        confirmed.outcome = PurchaseResult::Outcome::Confirmed;
        confirmed.orderId = 7;
        emit a->done(confirmed, 0);
        confirmed.orderId = 8;
        emit b->done(confirmed, 0);
        QCOMPARE(page.soldSinceSet(), 2);
        QCOMPARE(page.lastStock(), 0);
        QVERIFY2(page.customer(1).outcome->text().contains(QStringLiteral("Bestätigt")),
                 qPrintable(page.customer(1).outcome->text()));
        QVERIFY(page.oversold());
        QVERIFY(!page.verdictLabel()->text().isEmpty());

        // A second reset restarts the count: the oversell warning goes.
        emit a->stockReset(1);
        QCOMPARE(page.soldSinceSet(), 0);
        QVERIFY(!page.oversold());
        QVERIFY(page.verdictLabel()->text().isEmpty());

        // Every step and outcome has its German text (none falls back to English).
        QStringList german;
        const Step all[] = {Step::WaitingForLock, Step::Acquired,    Step::ReadStock,
                            Step::Paying,         Step::WroteStock,  Step::Fenced,
                            Step::SoldOut,        Step::LockTimeout, Step::Released,
                            Step::Failed,         Step::Done};
        const PurchaseResult::Outcome outcomes[] = {
            PurchaseResult::Outcome::Confirmed, PurchaseResult::Outcome::SoldOut,
            PurchaseResult::Outcome::LockTimeout, PurchaseResult::Outcome::Fenced,
            PurchaseResult::Outcome::Error};
        auto texts = [&] {
            QStringList out;
            for (Step step : all)
                out << BuyPage::stepText(step);
            for (auto o : outcomes) {
                PurchaseResult r;
                r.outcome = o;
                out << BuyPage::outcomeText(r);
            }
            return out;
        };
        german = texts();
        QApplication::removeTranslator(&de);
        const QStringList english = texts();
        QCOMPARE(german.size(), english.size());
        for (int i = 0; i < german.size(); ++i) {
            QVERIFY2(!english[i].isEmpty(), qPrintable(QString::number(i)));
            QVERIFY2(german[i] != english[i], qPrintable(english[i]));
        }
    }

    void germanTranslationLoads() {
        QTranslator t;
        QVERIFY(t.load(QStringLiteral(":/i18n/lockscope_de.qm")));
        QApplication::installTranslator(&t);
        LocksPage page(false);
        QCOMPARE(page.refreshAction()->text(), QStringLiteral("Aktualisieren"));
        QCOMPARE(t.translate("lockscope::LockModel", "Holder"), QStringLiteral("Inhaber"));
        QApplication::removeTranslator(&t);
    }

    /// The charts' axes are labelled in the locale's number format: integers on the count
    /// axis (1.000 in German), a decimal comma on the seconds axis, and no axis left blank.
    void chartAxesLabelledInLocaleFormat() {
        auto restoreLocale = qScopeGuard([old = QLocale()] { QLocale::setDefault(old); });
        QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
        DemoPage page(NamespaceConfig{});
        page.resize(1200, 800);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        const QList<QChartView*> views = page.findChildren<QChartView*>();
        QVERIFY(!views.isEmpty());
        for (QChartView* view : views) {
            QStringList labels;
            const QRegularExpression integer(QStringLiteral("^\\d+$"));
            QTRY_VERIFY_WITH_TIMEOUT(
                [&] {
                    labels.clear();
                    for (QGraphicsItem* item : view->scene()->items())
                        if (const auto* text = dynamic_cast<QGraphicsTextItem*>(item))
                            labels << text->toPlainText();
                    return !labels.filter(integer).isEmpty();
                }(),
                5000);
        }
        // The live chart's seconds axis: German decimals.
        QStringList live;
        for (QGraphicsItem* item : views.first()->scene()->items())
            if (const auto* text = dynamic_cast<QGraphicsTextItem*>(item))
                live << text->toPlainText();
        QVERIFY2(!live.filter(QRegularExpression(QStringLiteral("^\\d+,\\d+$"))).isEmpty(),
                 qPrintable(live.join(u'|')));
    }

    /// German is complete where an operator looks first: the Locks page's column headers and
    /// their tooltips, a flag's name, a kind's tooltip (its description and release plan, from
    /// core), the multi-lock force-release plan, and numbers in the German format.
    void germanLocksPageFlagsAndReleasePlan() {
        QTranslator de;
        QVERIFY(de.load(QStringLiteral(":/i18n/lockscope_de.qm")));
        auto restoreLocale = qScopeGuard([old = QLocale()] { QLocale::setDefault(old); });
        auto removeTranslator = qScopeGuard([&] { QApplication::removeTranslator(&de); });

        LockEntry e = redisEntry(QStringLiteral("cart:9"), QStringLiteral("worker-3"));
        e.flags = LockFlags(LockFlag::Orphaned) | LockFlag::NoExpiry;
        auto obs = std::make_shared<RedisObservation>();
        obs->value = "worker-3";
        e.observation = obs;
        const QList<LockEntry> two{e, redisEntry(QStringLiteral("cart:10"), QStringLiteral("w4"))};

        struct Texts {
            QStringList headers, headerTips;
            QString flags, kindTip, title, heading, planHeaders, plan, button, cancel, placeholder,
                rtt, auditOutcome;
            int rows = 0;
            QStringList cutHeaders; // narrower than their text
        };
        auto texts = [&] {
            Texts t;
            LocksPage page(false);
            const Snapshot s = snapshotOf({e});
            page.applySnapshot(s, SnapshotDiff::between({}, s));
            t.rows = QTest::qWaitFor([&] { return page.model()->rowCount() == 1; }, 5000)
                         ? page.model()->rowCount()
                         : -1;
            for (int c = 0; c < LockModel::ColumnCount; ++c) {
                t.headers
                    << page.model()->headerData(c, Qt::Horizontal, Qt::DisplayRole).toString();
                t.headerTips
                    << page.model()->headerData(c, Qt::Horizontal, Qt::ToolTipRole).toString();
                const QHeaderView* header = page.view()->horizontalHeader();
                if (header->sectionResizeMode(c) != QHeaderView::Stretch &&
                    !page.view()->isColumnHidden(c) &&
                    page.view()->columnWidth(c) < header->sectionSizeHint(c))
                    t.cutHeaders << t.headers.last();
            }
            t.flags = page.model()->index(0, LockModel::FlagsCol).data().toString();
            t.kindTip = page.model()->index(0, LockModel::KindCol).data(Qt::ToolTipRole).toString();
            ReleasePlanDialog plan(two);
            t.title = plan.windowTitle();
            for (const QLabel* l : plan.findChildren<QLabel*>())
                t.heading += l->text();
            for (int c = 0; c < plan.planTable()->columnCount(); ++c)
                t.planHeaders += plan.planTable()->horizontalHeaderItem(c)->text() + u'|';
            t.plan = plan.planTable()->item(0, 4)->text();
            t.button = plan.releaseButton()->text();
            if (const auto* box = plan.findChild<QDialogButtonBox*>())
                t.cancel = box->button(QDialogButtonBox::Cancel)->text();
            t.placeholder = plan.reasonEdit()->placeholderText();
            AuditPage audit;
            AuditRecord record;
            record.id = 1;
            record.outcome = AuditRecord::Outcome::NothingReleased;
            audit.setRows({record});
            if (audit.model()->rowCount() == 1)
                t.auditOutcome = audit.model()->item(0, 7)->text();
            ConnectionIndicator rtt(Backend::Redis);
            rtt.setStatus(ConnectionProbe::State::Connected, 1234.5, {}, {});
            t.rtt = rtt.text();
            return t;
        };

        QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
        QApplication::installTranslator(&de);
        const Texts german = texts();
        QApplication::removeTranslator(&de);
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
        const Texts english = texts();
        QCOMPARE(german.rows, 1);
        QCOMPARE(english.rows, 1);
        // No fixed-width header is cut (the text columns share the window's width).
        QCOMPARE(german.cutHeaders.join(u'|'), QString());
        QCOMPARE(english.cutHeaders.join(u'|'), QString());

        // Headers: the German words (Backend and Token are German too), every tooltip differs.
        QCOMPARE(german.headers.value(LockModel::KindCol), QStringLiteral("Art"));
        QCOMPARE(german.headers.value(LockModel::ResourceCol), QStringLiteral("Ressource"));
        QCOMPARE(german.headers.value(LockModel::PhysicalCol), QStringLiteral("Gelesen aus"));
        QCOMPARE(german.headers.value(LockModel::HolderCol), QStringLiteral("Inhaber"));
        QCOMPARE(german.headers.value(LockModel::WaitersCol), QStringLiteral("Wartende"));
        QCOMPARE(german.headers.value(LockModel::FlagsCol), QStringLiteral("Merkmale"));
        for (int c = 0; c < LockModel::ColumnCount; ++c) {
            QVERIFY2(!english.headerTips[c].isEmpty(), qPrintable(english.headers[c]));
            QVERIFY2(german.headerTips[c] != english.headerTips[c],
                     qPrintable(english.headerTips[c]));
        }
        QCOMPARE(english.flags, QStringLiteral("orphaned, no expiry"));
        QCOMPARE(german.flags, QStringLiteral("verwaist, ohne Ablauf"));
        // The kind's tooltip: core's description and release plan come out German as well.
        QVERIFY2(german.kindTip.contains(QStringLiteral("Ein Redis-String-Schlüssel")),
                 qPrintable(german.kindTip));
        QVERIFY2(german.kindTip.contains(
                     QStringLiteral("Redis-Schlüssel `cart:9` löschen, nur wenn sein Wert noch "
                                    "`worker-3` ist")),
                 qPrintable(german.kindTip));
        QVERIFY2(english.kindTip.contains(QStringLiteral("only if its value is still `worker-3`")),
                 qPrintable(english.kindTip));
        // The plan dialog: title, heading, columns, what will be done, button, reason.
        QCOMPARE(german.title, QStringLiteral("2 Sperren zwangsweise freigeben"));
        QCOMPARE(german.button, QStringLiteral("2 Sperren freigeben"));
        QCOMPARE(german.cancel, QStringLiteral("Abbrechen")); // with or without Qt's translations
        QCOMPARE(german.planHeaders,
                 QStringLiteral("Backend|Art|Ressource|Inhaber|Was getan wird|"));
        QVERIFY2(german.plan.startsWith(QStringLiteral("Redis-Schlüssel `cart:9` löschen")),
                 qPrintable(german.plan));
        QVERIFY2(german.heading.contains(QStringLiteral("Diese 2 Sperren werden")),
                 qPrintable(german.heading));
        const QList<std::pair<QString, QString>> pairs{{german.title, english.title},
                                                       {german.heading, english.heading},
                                                       {german.planHeaders, english.planHeaders},
                                                       {german.plan, english.plan},
                                                       {german.button, english.button},
                                                       {german.placeholder, english.placeholder}};
        for (const auto& [g, en] : pairs)
            QVERIFY2(!en.isEmpty() && g != en, qPrintable(en));
        // The audit's outcome column reads German; its stable name stays for exports.
        QCOMPARE(english.auditOutcome, QStringLiteral("nothing released"));
        QCOMPARE(german.auditOutcome, QStringLiteral("nichts freigegeben"));
        // Numbers in the locale's format.
        QVERIFY2(german.rtt.contains(QStringLiteral("1.234,5 ms")), qPrintable(german.rtt));
        QVERIFY2(english.rtt.contains(QStringLiteral("1,234.5 ms")), qPrintable(english.rtt));
    }

    // The Buy page states the verdict itself from the stock the customers' workers read as they
    // start (no "Set stock"), at the second confirmation, and the customers' panels stay put.
    void buyPageStatesOversellWithoutSetStockAndKeepsItsLayout() {
        BuyPage page(NamespaceConfig{});
        page.resize(1024, 640);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QWidget* panel = page.customer(0).box;
        QWidget* panelB = page.customer(1).box;
        QTRY_VERIFY(panel->height() > 0);
        const QRect before = panel->geometry(), beforeB = panelB->geometry();
        QVERIFY(page.verdictLabel()->text().isEmpty());
        CustomerWorker* a = page.customer(0).worker;
        CustomerWorker* b = page.customer(1).worker;
        emit a->started(1, 0);
        emit b->started(1, 0);
        QCOMPARE(page.roundStartStock(), 1);
        PurchaseResult confirmed;
        confirmed.outcome = PurchaseResult::Outcome::Confirmed;
        confirmed.orderId = 1;
        emit a->done(confirmed, 0);
        QVERIFY(!page.oversold());
        QVERIFY(!page.verdictLabel()->text().contains(QStringLiteral("OVERSOLD")));
        confirmed.orderId = 2;
        emit b->done(confirmed, 0);
        QVERIFY(page.oversold());
        QVERIFY2(
            page.verdictLabel()->text().contains(QStringLiteral("OVERSOLD: 2 orders for 1 item")),
            qPrintable(page.verdictLabel()->text()));
        QApplication::processEvents();
        QCOMPARE(panel->geometry(), before);
        QCOMPARE(panelB->geometry(), beforeB);

        // One customer starting after the other has written reads 0: the round started with 1.
        emit a->stockReset(2);
        QVERIFY(!page.oversold());
        emit a->started(2, 0);
        emit a->done(confirmed, 1);
        emit b->started(1, 0);
        emit b->done(confirmed, 0);
        QCOMPARE(page.roundStartStock(), 2);
        QVERIFY(!page.oversold());
        QVERIFY2(page.verdictLabel()->text().contains(
                     QStringLiteral("No oversell: 2 orders for 2 items")),
                 qPrintable(page.verdictLabel()->text()));
    }

    // Step details are typed notes, worded by the page; data (a lock's value) shows as it came.
    /// SIGTERM reaches the GUI thread as a signal (the window then closes the orderly way)
    /// instead of killing the process; once the watcher is gone the default action is back.
    void sigtermBecomesAnOrderlyClose() {
        {
            TerminationWatcher watcher;
            QSignalSpy spy(&watcher, &TerminationWatcher::terminationRequested);
            ::raise(SIGTERM);
            QTRY_COMPARE_WITH_TIMEOUT(spy.count(), 1, 5000);
            QCOMPARE(spy.first().first().toInt(), SIGTERM);
        }
        struct sigaction now {};
        ::sigaction(SIGTERM, nullptr, &now);
        QVERIFY(now.sa_handler == SIG_DFL);
    }

    /// Every strategy the Demo and Buy pages offer says what it does, in its own words.
    void everyStrategyHasItsOwnToolTip() {
        DemoPage demo(NamespaceConfig{});
        BuyPage buy(NamespaceConfig{});
        int boxes = 0;
        for (QWidget* page : {static_cast<QWidget*>(&demo), static_cast<QWidget*>(&buy)}) {
            for (QComboBox* box : page->findChildren<QComboBox*>()) {
                if (box->findData(QStringLiteral("none")) < 0)
                    continue; // not a strategy box
                ++boxes;
                QSet<QString> tips;
                for (int i = 0; i < box->count(); ++i) {
                    const QString tip = box->itemData(i, Qt::ToolTipRole).toString();
                    const QString name = box->itemData(i).toString();
                    QVERIFY2(!tip.isEmpty() && !tip.contains(name + u'.'),
                             qPrintable(box->itemData(i).toString()));
                    tips.insert(tip);
                }
                QCOMPARE(tips.size(), box->count());
                QCOMPARE(box->toolTip(), box->itemData(box->currentIndex(), Qt::ToolTipRole));
            }
        }
        QCOMPARE(boxes, 3); // Demo's, and customer A's and B's on the Buy page
    }

    void buyPageWordsTypedNotes() {
        BuyPage page(NamespaceConfig{});
        using Note = PurchaseEvent::Note;
        const Note notes[] = {
            Note::ConditionalDecrement, Note::ReadRefused,   Note::WriteRefused, Note::ReleasedOwn,
            Note::NotOwnerAnyMore,      Note::ReleaseFailed, Note::Crashed};
        QSet<QString> texts;
        for (Note n : notes) {
            const QString t = BuyPage::noteText(n);
            QVERIFY2(!t.isEmpty() && t != QLatin1String(PurchaseEvent::noteName(n)),
                     PurchaseEvent::noteName(n));
            texts.insert(t);
        }
        QCOMPARE(texts.size(), int(std::size(notes)));
        QVERIFY(BuyPage::noteText(Note::None).isEmpty());
        PurchaseEvent e;
        e.step = PurchaseEvent::Step::Fenced;
        e.note = Note::WriteRefused;
        e.token = 12;
        emit page.customer(0).worker->step(e);
        e = PurchaseEvent{};
        e.step = PurchaseEvent::Step::Acquired;
        e.detail = "b7:0042";
        emit page.customer(0).worker->step(e);
        const QList<QListWidgetItem*> list = page.logOf(0);
        QCOMPARE(list.size(), 2);
        QVERIFY2(list[0]->text().contains(BuyPage::noteText(Note::WriteRefused)),
                 qPrintable(list[0]->text()));
        QVERIFY2(list[1]->text().contains(QStringLiteral("b7:0042")), qPrintable(list[1]->text()));
    }

    // "Use sandbox…" takes all three URIs and the password from a sandbox's stack.json.
    void connectionDialogUsesSandbox() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        SandboxInfo info;
        info.dir = dir.path();
        info.redisUri = QStringLiteral("redis://127.0.0.1:16379/0");
        info.zookeeperUri = QStringLiteral("zookeeper://127.0.0.1:12181");
        info.postgresUri = QStringLiteral("postgresql://lockscope:sb-secret@127.0.0.1:15432/shop");
        info.save();
        ConnectionDialog dialog(Endpoints{QStringLiteral("redis://other:1"),
                                          QStringLiteral("zookeeper://other:2"),
                                          QStringLiteral("postgresql://u@other:3/db")});
        QVERIFY(!dialog.useSandbox(dir.path() + QStringLiteral("/nowhere")));
        QVERIFY(dialog.sandboxDir().isEmpty());
        QVERIFY(dialog.useSandbox(dir.path()));
        QCOMPARE(dialog.sandboxDir(), dir.path());
        const Endpoints e = dialog.endpoints();
        QCOMPARE(e.redis, info.redisUri);
        QCOMPARE(e.zookeeper, info.zookeeperUri);
        QVERIFY2(e.postgres.contains(QStringLiteral("15432")) &&
                     e.postgres.contains(QStringLiteral("sb-secret")),
                 "postgres URI or password not loaded");
        // The password sits in its password field, not in the URI field.
        bool inPasswordField = false;
        for (QLineEdit* edit : dialog.findChildren<QLineEdit*>()) {
            if (edit->echoMode() == QLineEdit::Password)
                inPasswordField |= edit->text() == u"sb-secret";
            else
                QVERIFY2(!edit->text().contains(QStringLiteral("sb-secret")),
                         "the password shows in clear");
        }
        QVERIFY(inPasswordField);
    }

    // The bar offers to reconnect when the watched sandbox's stack.json changes its URIs - and
    // only then; Reconnect hands the new URIs on, nothing reconnects by itself.
    void sandboxRestartOnNewPortsIsOffered() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        SandboxInfo info;
        info.dir = dir.path();
        info.redisUri = QStringLiteral("redis://127.0.0.1:16379");
        info.zookeeperUri = QStringLiteral("zookeeper://127.0.0.1:12181");
        info.postgresUri = QStringLiteral("postgresql://lockscope:pw@127.0.0.1:15432/shop");
        info.save();
        SandboxWatchBar bar;
        bar.show();
        QList<Endpoints> requested;
        connect(&bar, &SandboxWatchBar::reconnectRequested, this,
                [&](const Endpoints& e) { requested << e; });
        bar.watch(dir.path(), {info.redisUri, info.zookeeperUri, info.postgresUri});
        QVERIFY(!bar.offering());
        // Rewritten with the same URIs (the sandbox saved it again): no offer.
        info.startedAtMs = 42;
        info.save();
        QTest::qWait(300); // nothing may appear: give the watcher its chance first
        QVERIFY(!bar.offering());
        // A restart on new ports: down removes the file, up writes it with other URIs.
        QVERIFY(QFile::remove(SandboxInfo::stackFile(dir.path())));
        info.redisUri = QStringLiteral("redis://127.0.0.1:26379");
        info.zookeeperUri = QStringLiteral("zookeeper://127.0.0.1:22181");
        info.postgresUri = QStringLiteral("postgresql://lockscope:pw2@127.0.0.1:25432/shop");
        info.save();
        QTRY_VERIFY_WITH_TIMEOUT(bar.offering(), 5000);
        QCOMPARE(bar.offered().redis, info.redisUri);
        QVERIFY(requested.isEmpty()); // offered, not done
        bar.reconnectButton()->click();
        QCOMPARE(requested.size(), 1);
        QCOMPARE(requested[0].zookeeper, info.zookeeperUri);
        QCOMPARE(requested[0].postgres, info.postgresUri);
        QVERIFY(!bar.offering());
    }

    // The keychain message says what is true: before saving it claims nothing it does not know;
    // after saving it reports what the keychain did with the password; the settings file never
    // holds it.
    void connectionDialogKeychainMessageIsTrue() {
        QCoreApplication::setOrganizationName(QStringLiteral("LockScopeTest"));
        QCoreApplication::setApplicationName(test::uniqueName(QStringLiteral("keychain")));
        ConnectionDialog dialog(Endpoints{QStringLiteral("redis://ops:kc-secret@cache:6380/2"),
                                          QStringLiteral("zookeeper://z1:2181"),
                                          QStringLiteral("postgresql://u@db:5433/orders")});
        QCOMPARE(dialog.keychain(), ConnectionDialog::Keychain::Unknown);
        QVERIFY2(!dialog.keychainLabel()->text().contains(QStringLiteral("are kept in")),
                 qPrintable(dialog.keychainLabel()->text()));
        dialog.profileBox()->setCurrentText(QStringLiteral("kc-test"));
        dialog.saveProfile();
        QTRY_VERIFY_WITH_TIMEOUT(!dialog.saving(), 120000);
        const QString status = dialog.statusLabel()->text();
        QVERIFY2(dialog.keychain() != ConnectionDialog::Keychain::Unknown, qPrintable(status));
        QCOMPARE(dialog.savedPasswordsStored(),
                 dialog.keychain() == ConnectionDialog::Keychain::Available);
        if (dialog.savedPasswordsStored())
            QVERIFY2(status.contains(QStringLiteral("passwords are in the system keychain")),
                     qPrintable(status));
        else
            QVERIFY2(
                status.contains(QStringLiteral("without its passwords")) &&
                    dialog.keychainLabel()->text().contains(QStringLiteral("No system keychain")),
                qPrintable(status));
        QSettings settings;
        settings.sync();
        QFile file(settings.fileName());
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray stored = file.readAll();
        QVERIFY(stored.contains("cache:6380"));
        QVERIFY(!stored.contains("kc-secret"));
        file.close();
        QFile::remove(settings.fileName());
    }

    // The comparison keeps one bar set (colour) per strategy and fencing: a run with fencing off
    // does not replace the fenced run; a rerun of the same label replaces its own bar. The value
    // axis counts orders in whole numbers.
    void compareChartHasOneSetPerStrategyAndFencing() {
        DemoPage page(NamespaceConfig{});
        auto result = [](const QString& strategy, bool fencing, int sold, int oversold) {
            DemoResult r;
            r.scenario.strategy = strategy;
            r.scenario.fencing = fencing;
            r.verdict.initialStock = 10;
            r.verdict.sold = sold;
            r.verdict.oversold = oversold;
            r.verdict.finalStock = 10 - sold + oversold;
            return r;
        };
        emit page.worker()->finished(result(QStringLiteral("redis"), true, 10, 0));
        emit page.worker()->finished(result(QStringLiteral("redis"), false, 13, 3));
        emit page.worker()->finished(result(QStringLiteral("none"), true, 17, 7));
        emit page.worker()->finished(result(QStringLiteral("redis"), true, 10, 0)); // rerun
        QCOMPARE(page.compareLabels(),
                 (QStringList{QStringLiteral("redis"), QStringLiteral("redis, fencing off"),
                              QStringLiteral("none")}));
        auto* bars = qobject_cast<QStackedBarSeries*>(page.compareChart()->series().value(0));
        QVERIFY(bars);
        QCOMPARE(bars->count(), 4); // three runs and the oversold part
        QSet<QRgb> colours;
        for (QBarSet* set : bars->barSets())
            colours.insert(set->color().rgb());
        QCOMPARE(colours.size(), 4);
        // Each run's bar: sold within the stock in its colour, the oversold part on top.
        const QList<QBarSet*> sets = bars->barSets();
        QCOMPARE(sets.last()->label(), QStringLiteral("oversold"));
        QCOMPARE(sets[1]->at(1), 10.0);
        QCOMPARE(sets.last()->at(1), 3.0);
        QCOMPARE(sets[2]->at(2), 10.0);
        QCOMPARE(sets.last()->at(2), 7.0);
        QCOMPARE(sets[0]->at(1), 0.0); // a run's set is empty in the others' categories
        auto* y = qobject_cast<QValueAxis*>(page.compareChart()->axes(Qt::Vertical).value(0));
        QVERIFY(y);
        QVERIFY(y->tickInterval() >= 1);
        QCOMPARE(y->tickInterval(), std::round(y->tickInterval()));
        QVERIFY(y->max() >= 17);
        QCOMPARE(y->min(), 0.0);
    }

    // When the store stops answering, the live stock line has a gap, it does not drop to zero,
    // and the Stock page gets no made-up sample; each run starts the Stock page's chart afresh.
    void liveStockLineHasAGapWhileTheStoreIsDown() {
        DemoPage page(NamespaceConfig{});
        QList<QPointF> samples;
        int runsStarted = 0;
        connect(&page, &DemoPage::stockSample, this,
                [&](double t, int stock, int) { samples << QPointF(t, stock); });
        connect(&page, &DemoPage::started, this, [&] { ++runsStarted; });
        DemoProgress p;
        p.stockKnown = true;
        p.stockLeft = 8;
        p.elapsedS = 0.5;
        emit page.worker()->progress(QStringLiteral("redis"), p);
        p.stockKnown = false;
        p.stockLeft = 0;
        p.elapsedS = 1.0;
        emit page.worker()->progress(QStringLiteral("redis"), p);
        p.stockKnown = true;
        p.stockLeft = 6;
        p.elapsedS = 1.5;
        emit page.worker()->progress(QStringLiteral("redis"), p);
        QCOMPARE(runsStarted, 1);
        for (const QPointF& s : std::as_const(samples))
            QVERIFY2(s.x() != 1.0, "a sample without stock reached the Stock page");
        QList<QPointF> plotted;
        int stockLines = 0;
        for (QAbstractSeries* series : page.liveChart()->series()) {
            auto* line = qobject_cast<QLineSeries*>(series);
            if (!line ||
                line->pen().color() !=
                    qobject_cast<QLineSeries*>(page.liveChart()->series().value(0))->pen().color())
                continue;
            ++stockLines;
            plotted += line->points();
        }
        QCOMPARE(stockLines, 2); // the line and its continuation after the gap
        for (const QPointF& point : std::as_const(plotted))
            QVERIFY2(point.x() != 1.0, "the unknown stock was plotted");
        QVERIFY(plotted.contains(QPointF(0.5, 8)) && plotted.contains(QPointF(1.5, 6)));
        // The next strategy of "Compare all" is a run of its own.
        emit page.worker()->progress(QStringLiteral("atomic"), p);
        QCOMPARE(runsStarted, 2);
    }
    // After a run the line under the progress bar shows the final figures, not the last sample,
    // and no lock holder (no one holds a lock once the run is over).
    void demoProgressTextShowsFinalFigures() {
        DemoPage page(NamespaceConfig{});
        DemoProgress p;
        p.done = 1;
        p.confirmed = 1;
        p.stockLeft = 9;
        p.stockKnown = true;
        p.elapsedS = 0.1;
        p.holderByItem[1] = "b7";
        emit page.worker()->progress(QStringLiteral("redis"), p);
        QVERIFY2(page.liveLabel()->text().contains(QStringLiteral("holding")),
                 qPrintable(page.liveLabel()->text()));
        DemoResult r;
        r.scenario.strategy = QStringLiteral("redis");
        r.attempted = 12;
        r.wallS = 1.5;
        r.verdict.initialStock = 10;
        r.verdict.sold = 10;
        r.verdict.finalStock = 0;
        emit page.worker()->finished(r);
        const QString text = page.liveLabel()->text();
        QVERIFY2(!text.contains(QStringLiteral("holding")), qPrintable(text));
        QVERIFY2(!text.contains(QStringLiteral("stock left 9")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("finished")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("10 sold")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("stock left 0")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("12 purchases")), qPrintable(text));
    }

    // The summary's stale count counts the rows in view, like the lock count beside it.
    void staleCountFollowsTheFilter() {
        LocksPage page(false);
        auto stale = [](const QString& resource) {
            LockEntry e = redisEntry(resource, QStringLiteral("h"));
            e.flags |= LockFlag::Stale;
            return e;
        };
        const Snapshot s =
            snapshotOf({stale(QStringLiteral("cart:1")), stale(QStringLiteral("order:2")),
                        redisEntry(QStringLiteral("cart:3"), QStringLiteral("c"))});
        page.applySnapshot(s, SnapshotDiff::between({}, s));
        QTRY_COMPARE_WITH_TIMEOUT(page.pendingDiffs(), 0, 5000);
        QVERIFY2(page.summaryLabel()->text().contains(QStringLiteral("2 stale")),
                 qPrintable(page.summaryLabel()->text()));
        page.filterEdit()->setText(QStringLiteral("cart"));
        QVERIFY2(page.summaryLabel()->text().contains(QStringLiteral("2 of 3 lock(s)")),
                 qPrintable(page.summaryLabel()->text()));
        QVERIFY2(page.summaryLabel()->text().contains(QStringLiteral("1 stale")),
                 qPrintable(page.summaryLabel()->text()));
        page.filterEdit()->setText(QStringLiteral("cart:3"));
        QVERIFY2(!page.summaryLabel()->text().contains(QStringLiteral("stale")),
                 qPrintable(page.summaryLabel()->text()));
    }

    // Count axes have integer ticks only, before the first run too (Qt's default 0..1 in five
    // ticks, labelled "%.0f", read "1 1 0 0 0").
    void countAxesHaveIntegerTicksBeforeTheFirstRun() {
        DemoPage demo(NamespaceConfig{});
        StockPage stock;
        QList<QChartView*> views = demo.findChildren<QChartView*>();
        views += stock.findChildren<QChartView*>();
        QCOMPARE(views.size(), 3);
        for (QChartView* view : std::as_const(views)) {
            auto* y = qobject_cast<QValueAxis*>(view->chart()->axes(Qt::Vertical).value(0));
            QVERIFY(y);
            const QString what = view->chart()->title() + QStringLiteral(": ") +
                                 QString::number(y->min()) + QStringLiteral("..") +
                                 QString::number(y->max()) + QStringLiteral(" every ") +
                                 QString::number(y->tickInterval());
            QVERIFY2(y->tickType() == QValueAxis::TicksDynamic, qPrintable(what));
            QVERIFY2(y->tickInterval() >= 1, qPrintable(what));
            QVERIFY2(y->tickInterval() == std::round(y->tickInterval()), qPrintable(what));
            QVERIFY2(y->min() == std::round(y->min()) && y->max() == std::round(y->max()),
                     qPrintable(what));
            QVERIFY2(y->max() > y->min(), qPrintable(what));
        }
    }

    // The lease bar's text is readable on both parts, in every style: light over the fill, dark
    // over the rest (a style draws it in one colour, or beside the bar).
    void leaseBarTextReadableOnBothParts() {
        const QString oldStyle = QApplication::style()->name();
        auto restoreStyle = qScopeGuard([&] { QApplication::setStyle(oldStyle); });
        QStandardItemModel model(1, 1);
        LeaseBarDelegate delegate;
        auto render = [&](qint64 remainingMs) {
            const qint64 now = QDateTime::currentMSecsSinceEpoch();
            model.setData(model.index(0, 0), now + remainingMs, LockModel::LeaseDeadlineRole);
            model.setData(model.index(0, 0), qint64(10000), LockModel::LeaseTotalRole);
            QStyleOptionViewItem option;
            option.rect = QRect(0, 0, 240, 26);
            option.palette = QApplication::palette();
            option.font = QApplication::font();
            option.state = QStyle::State_Enabled;
            QImage image(option.rect.size(), QImage::Format_ARGB32_Premultiplied);
            image.fill(Qt::white);
            QPainter painter(&image);
            delegate.paint(&painter, option, model.index(0, 0));
            painter.end();
            return image;
        };
        // Pixels of the text's band between x0 and x1 that pass test.
        auto count = [](const QImage& image, int x0, int x1, auto&& test) {
            int n = 0;
            for (int y = 8; y < image.height() - 8; ++y)
                for (int x = x0; x < x1; ++x)
                    n += test(qGray(image.pixel(x, y))) ? 1 : 0;
            return n;
        };
        const QStringList styles = QStyleFactory::keys();
        QVERIFY(!styles.isEmpty());
        for (const QString& style : styles) {
            QApplication::setStyle(style);
            // 30 % left: the fill ends near x = 75, the centred text is over the unfilled part.
            const QImage unfilled = render(3000);
            const int restGray = qGray(unfilled.pixel(200, unfilled.height() / 2));
            QVERIFY2(restGray > 150, qPrintable(style));
            QVERIFY2(count(unfilled, 90, 150, [&](int g) { return g < restGray - 100; }) >= 5,
                     qPrintable(style + QStringLiteral(": no dark text over the unfilled part")));
            // 90 % left: the text is over the fill, which is dark: light text.
            const QImage filled = render(9000);
            const int fillGray = qGray(filled.pixel(20, filled.height() / 2));
            QVERIFY2(count(filled, 90, 150, [&](int g) { return g > fillGray + 60; }) >= 5,
                     qPrintable(style + QStringLiteral(": no light text over the fill")));
        }
    }

    // Each Redis topology, Redlock's servers and an ensemble go through a saved profile and come
    // back as they were, the mode selector following; no password reaches the settings file.
    void connectionDialogRoundTripsEachTopology() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("LockScopeTest"));
        QCoreApplication::setApplicationName(test::uniqueName(QStringLiteral("topologies")));
        using Field = ConnectionDialog::Field;
        struct Case {
            QString profile;
            Endpoints endpoints;
            ConnectionDialog::RedisMode mode;
            QString redisSummary, redlockSummary, zkSummary;
        };
        const QString pg = QStringLiteral("postgresql://shop:pg-secret@db:5433/orders");
        const QList<Case> cases = {
            {QStringLiteral("single"),
             {QStringLiteral("redis://ops:r-secret@cache:6380/2"),
              QStringLiteral("zookeeper://z1:2181"),
              pg,
              {}},
             ConnectionDialog::RedisMode::Single,
             QStringLiteral("Single server cache:6380, database 2"),
             QStringLiteral("None: the redlock strategy"),
             QStringLiteral("Single server z1:2181")},
            {QStringLiteral("cluster"),
             {QStringLiteral("redis-cluster://ops:c-secret@n1:7000,n2:7001,n3:7002"),
              QStringLiteral("zookeeper://ops:zk-secret@z1:2181,z2:2182,z3:2183/shop"), pg,
              QStringLiteral("redis://:rl-secret@r1:6379,redis://:rl-secret@r2:6379,"
                             "redis://:rl-secret@r3:6379")},
             ConnectionDialog::RedisMode::Cluster,
             QStringLiteral("Cluster, 3 seed node(s)"),
             QStringLiteral("Redlock over 3 independent server(s), quorum 2"),
             QStringLiteral("Ensemble of 3 member(s), under /shop")},
            {QStringLiteral("sentinel"),
             {QStringLiteral("redis-sentinel://:s-secret@s1:26379,s2:26380,s3:26381#mymaster"),
              QStringLiteral("zookeeper://z1:2181,z2:2182"),
              pg,
              {}},
             ConnectionDialog::RedisMode::Sentinel,
             QStringLiteral("Sentinel 'mymaster' via 3 sentinel(s)"),
             QStringLiteral("None"),
             QStringLiteral("Ensemble of 2 member(s)")},
        };
        for (const Case& c : cases) {
            ConnectionDialog dialog(c.endpoints);
            QCOMPARE(ConnectionDialog::RedisMode(dialog.redisModeBox()->currentData().toInt()),
                     c.mode);
            const auto summary = [&](Field f) { return dialog.summaryLabel(f)->text(); };
            QVERIFY2(summary(Field::Redis).contains(c.redisSummary),
                     qPrintable(summary(Field::Redis)));
            QVERIFY2(summary(Field::Redlock).contains(c.redlockSummary),
                     qPrintable(summary(Field::Redlock)));
            QVERIFY2(summary(Field::ZooKeeper).contains(c.zkSummary),
                     qPrintable(summary(Field::ZooKeeper)));
            QVERIFY(dialog.validationError().isEmpty());
            // Passwords sit in their fields, not in the URIs.
            for (int i = 0; i < ConnectionDialog::kFields; ++i)
                QVERIFY2(!dialog.uriEdit(Field(i))->text().contains(QStringLiteral("secret")),
                         qPrintable(dialog.uriEdit(Field(i))->text()));
            QCOMPARE(RedisUri::parse(dialog.endpoints().redis).toString(true),
                     RedisUri::parse(c.endpoints.redis).toString(true));
            dialog.profileBox()->setCurrentText(c.profile);
            dialog.saveProfile();
            QTRY_VERIFY_WITH_TIMEOUT(!dialog.saving(), 30000);
        }
        QSettings settings;
        settings.sync();
        QFile file(settings.fileName());
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray stored = file.readAll();
        QVERIFY2(stored.contains("n2:7001") && stored.contains("r3:6379"), stored.constData());
        QVERIFY2(!stored.contains("secret"), stored.constData());
        file.close();
        // Loaded into a dialog showing other servers: each URI (without its password) and mode.
        for (const Case& c : cases) {
            ConnectionDialog dialog(Endpoints{QStringLiteral("redis://other:1"),
                                              QStringLiteral("zookeeper://other:2"),
                                              QStringLiteral("postgresql://u@other:3/db")});
            dialog.loadProfile(c.profile);
            const Endpoints without{
                ProfileStore::stripPassword(QStringLiteral("redis"), c.endpoints.redis),
                ProfileStore::stripPassword(QStringLiteral("zookeeper"), c.endpoints.zookeeper),
                ProfileStore::stripPassword(QStringLiteral("postgres"), c.endpoints.postgres),
                ProfileStore::stripRedlockPassword(c.endpoints.redlock)};
            QCOMPARE(dialog.uriEdit(Field::Redis)->text(), without.redis);
            QCOMPARE(dialog.uriEdit(Field::Redlock)->text(), without.redlock);
            QCOMPARE(dialog.uriEdit(Field::ZooKeeper)->text(), without.zookeeper);
            QCOMPARE(dialog.uriEdit(Field::Postgres)->text(), without.postgres);
            QCOMPARE(ConnectionDialog::RedisMode(dialog.redisModeBox()->currentData().toInt()),
                     c.mode);
            QVERIFY2(dialog.summaryLabel(Field::Redis)->text().contains(c.redisSummary),
                     qPrintable(dialog.summaryLabel(Field::Redis)->text()));
            // The password the keychain would give goes back into every Redlock server.
            if (!c.endpoints.redlock.isEmpty()) {
                dialog.passwordEdit(Field::Redlock)->setText(QStringLiteral("rl-secret"));
                QCOMPARE(
                    RedisUri::listToString(RedisUri::parseList(dialog.endpoints().redlock), true),
                    RedisUri::listToString(RedisUri::parseList(c.endpoints.redlock), true));
            }
        }
        QFile::remove(settings.fileName());
    }

    // A bad Cluster URI is refused where it is typed, with the parser's reason; the mode
    // selector rewrites the scheme and says what the new form lacks.
    /// TLS in the URIs and the SSH tunnel field (issue 13): what the parser made of them, the
    /// tunnel in endpoints(), a bad tunnel URI refused inline; and the status bar's label.
    void connectionDialogTakesTlsAndSshTunnel() {
        using Field = ConnectionDialog::Field;
        ConnectionDialog dialog(Endpoints{
            QStringLiteral("rediss://127.0.0.1:6380/0?ssl_ca=/etc/ca.pem"),
            QStringLiteral(
                "zookeeper+tls://ops:s3cret@z1:2281?ssl_ca=/etc/ca.pem&ssl_cert_reqs=none"),
            QStringLiteral("postgresql://u@db:5433/orders?sslmode=verify-full")});
        // The digest password goes to its own field; the user and the TLS scheme stay.
        QCOMPARE(
            dialog.uriEdit(Field::ZooKeeper)->text(),
            QStringLiteral("zookeeper+tls://ops:@z1:2281?ssl_ca=/etc/ca.pem&ssl_cert_reqs=none"));
        QCOMPARE(dialog.passwordEdit(Field::ZooKeeper)->text(), QStringLiteral("s3cret"));
        QVERIFY2(dialog.summaryLabel(Field::Redis)
                     ->text()
                     .contains(QStringLiteral("TLS, certificate verified")),
                 qPrintable(dialog.summaryLabel(Field::Redis)->text()));
        QVERIFY2(dialog.summaryLabel(Field::ZooKeeper)
                     ->text()
                     .contains(QStringLiteral("certificate NOT verified")),
                 qPrintable(dialog.summaryLabel(Field::ZooKeeper)->text()));
        QVERIFY(dialog.summaryLabel(Field::Postgres)->text().contains(QStringLiteral("TLS")));
        // The mode selector follows rediss:// as redis:// and keeps TLS when switched.
        QCOMPARE(ConnectionDialog::RedisMode(dialog.redisModeBox()->currentData().toInt()),
                 ConnectionDialog::RedisMode::Single);
        const int cluster =
            dialog.redisModeBox()->findData(int(ConnectionDialog::RedisMode::Cluster));
        dialog.redisModeBox()->setCurrentIndex(cluster);
        emit dialog.redisModeBox()->activated(cluster);
        QVERIFY2(
            dialog.uriEdit(Field::Redis)->text().startsWith(QStringLiteral("rediss-cluster://")),
            qPrintable(dialog.uriEdit(Field::Redis)->text()));
        QVERIFY(dialog.sshSummaryLabel()->text().contains(QStringLiteral("None")));
        dialog.sshEdit()->setText(QStringLiteral("ssh://ops:secret@bastion:2222"));
        QVERIFY2(dialog.sshSummaryLabel()->text().contains(QStringLiteral("c0392b")),
                 qPrintable(dialog.sshSummaryLabel()->text()));
        QVERIFY(dialog.validationError().startsWith(QStringLiteral("SSH tunnel:")));
        auto* box = dialog.findChild<QDialogButtonBox*>();
        QVERIFY(!box->button(QDialogButtonBox::Ok)->isEnabled());
        dialog.sshEdit()->setText(
            QStringLiteral("ssh://ops@bastion:2222?identity=/home/ops/.ssh/id_ed25519"));
        QVERIFY2(dialog.sshSummaryLabel()->text().contains(QStringLiteral("ops@bastion:2222")),
                 qPrintable(dialog.sshSummaryLabel()->text()));
        QVERIFY(box->button(QDialogButtonBox::Ok)->isEnabled());
        const Endpoints e = dialog.endpoints();
        QCOMPARE(e.ssh,
                 QStringLiteral("ssh://ops@bastion:2222?identity=/home/ops/.ssh/id_ed25519"));

        TransportLabel label;
        label.setEndpoints(e);
        QVERIFY(label.warns()); // ZooKeeper's ssl_cert_reqs=none
        QVERIFY2(label.text().contains(QStringLiteral("TLS verification OFF: ZooKeeper")) &&
                     label.text().contains(QStringLiteral("via ssh ops@bastion:2222")),
                 qPrintable(label.text()));
        Endpoints verified = e;
        verified.zookeeper = QStringLiteral("zookeeper+tls://z1:2281?ssl_ca=/etc/ca.pem");
        verified.ssh.clear();
        label.setEndpoints(verified);
        QVERIFY(!label.warns());
        QVERIFY2(label.text().contains(QStringLiteral("TLS: Redis, ZooKeeper, PostgreSQL")),
                 qPrintable(label.text()));
        label.setEndpoints(Endpoints{QStringLiteral("redis://h:1"),
                                     QStringLiteral("zookeeper://h:2"),
                                     QStringLiteral("postgresql://h/db")});
        QVERIFY(label.text().isEmpty() && label.isHidden());
    }

    void connectionDialogRejectsBadClusterUriInline() {
        using Field = ConnectionDialog::Field;
        ConnectionDialog dialog(Endpoints{QStringLiteral("redis://127.0.0.1:6379"),
                                          QStringLiteral("zookeeper://z1:2181"),
                                          QStringLiteral("postgresql://u@db:5433/orders")});
        QVERIFY(dialog.findChild<QPushButton*>(QString())); // built
        QLineEdit* redis = dialog.uriEdit(Field::Redis);
        redis->setText(QStringLiteral("redis-cluster://n1:7000,,n3:7002"));
        const QString error = dialog.summaryLabel(Field::Redis)->text();
        QVERIFY2(error.contains(QStringLiteral("color:#c0392b")) &&
                     error.contains(QStringLiteral("empty host")),
                 qPrintable(error));
        QVERIFY(dialog.validationError().startsWith(QStringLiteral("Redis:")));
        auto* box = dialog.findChild<QDialogButtonBox*>();
        QVERIFY(box && !box->button(QDialogButtonBox::Ok)->isEnabled());
        QVERIFY(!dialog.testButton()->isEnabled());
        // Other fields are not blamed.
        QVERIFY(!dialog.summaryLabel(Field::ZooKeeper)->text().contains(QStringLiteral("c0392b")));
        redis->setText(QStringLiteral("redis-cluster://n1:7000,n2:7001,n3:7002"));
        QVERIFY(
            dialog.summaryLabel(Field::Redis)->text().contains(QStringLiteral("3 seed node(s)")));
        QVERIFY(box->button(QDialogButtonBox::Ok)->isEnabled());
        QCOMPARE(ConnectionDialog::RedisMode(dialog.redisModeBox()->currentData().toInt()),
                 ConnectionDialog::RedisMode::Cluster);
        // Sentinel chosen: same hosts, new scheme; the primary's name is missing and said so.
        const int sentinel =
            dialog.redisModeBox()->findData(int(ConnectionDialog::RedisMode::Sentinel));
        dialog.redisModeBox()->setCurrentIndex(sentinel);
        emit dialog.redisModeBox()->activated(sentinel);
        QCOMPARE(redis->text(), QStringLiteral("redis-sentinel://n1:7000,n2:7001,n3:7002"));
        QVERIFY2(dialog.summaryLabel(Field::Redis)->text().contains(QStringLiteral("c0392b")),
                 qPrintable(dialog.summaryLabel(Field::Redis)->text()));
        redis->setText(redis->text() + QStringLiteral("#shop"));
        QVERIFY2(dialog.summaryLabel(Field::Redis)
                     ->text()
                     .contains(QStringLiteral("Sentinel 'shop' via 3 sentinel(s)")),
                 qPrintable(dialog.summaryLabel(Field::Redis)->text()));
        // A Redlock list with a Cluster in it is refused too.
        dialog.uriEdit(Field::Redlock)
            ->setText(QStringLiteral("redis://r1:6379,redis-cluster://r2:1"));
        QVERIFY(dialog.summaryLabel(Field::Redlock)->text().contains(QStringLiteral("c0392b")));
        QVERIFY(!box->button(QDialogButtonBox::Ok)->isEnabled());
    }

    // Without an ha sandbox the failover fault is offered but disabled, saying why, and Run is
    // off while it is chosen; Redlock's missing fencing token is said under the strategy.
    void demoPageDisablesFailoverWithoutHaSandbox() {
        NamespaceConfig config; // single servers, PostgreSQL over TCP: each can be proxied
        config.postgres = PostgresUri::parse(QStringLiteral("postgresql://u@127.0.0.1:5432/db"));
        DemoPage page(config);
        QVERIFY(!page.faultEnabled(DemoScenario::Fault::Failover));
        QVERIFY2(
            page.faultToolTip(DemoScenario::Fault::Failover).contains(QStringLiteral("sandbox")),
            qPrintable(page.faultToolTip(DemoScenario::Fault::Failover)));
        QVERIFY(!page.faultEnabled(DemoScenario::Fault::ServerRestart));
        // A single server can be partitioned: offered.
        QVERIFY(page.faultEnabled(DemoScenario::Fault::Partition));
        QVERIFY(page.faultEnabled(DemoScenario::Fault::Partition,
                                  DemoScenario::PartitionTarget::Store));
        QVERIFY(page.runButton()->isEnabled());
        QVERIFY(page.selectFault(DemoScenario::Fault::Failover));
        QVERIFY(!page.runButton()->isEnabled());
        QVERIFY(page.faultNote()->isVisibleTo(&page));
        QVERIFY(page.runButton()->toolTip().contains(QStringLiteral("sandbox")));
        // A single-topology sandbox: failover still off, now for having no Sentinel set.
        QTemporaryDir dir;
        SandboxInfo info;
        info.dir = dir.path();
        info.redisUri = QStringLiteral("redis://127.0.0.1:16379/0");
        info.zookeeperUri = QStringLiteral("zookeeper://127.0.0.1:12181");
        info.postgresUri = QStringLiteral("postgresql://lockscope:pw@127.0.0.1:15432/shop");
        info.save();
        DemoPage single(config, dir.path());
        QVERIFY(!single.faultEnabled(DemoScenario::Fault::Failover));
        QVERIFY2(single.faultToolTip(DemoScenario::Fault::Failover)
                     .contains(QStringLiteral("ha sandbox")),
                 qPrintable(single.faultToolTip(DemoScenario::Fault::Failover)));
        // The lock-free strategy: nothing to strike with a partition from the lock server, and
        // "Compare all" runs the strategies the fault applies to.
        DemoScenario s = page.scenario();
        s.strategy = QStringLiteral("none");
        s.fault = DemoScenario::Fault::None;
        page.setScenario(s);
        QVERIFY(!page.faultEnabled(DemoScenario::Fault::Partition));
        QVERIFY(page.faultEnabled(DemoScenario::Fault::Partition,
                                  DemoScenario::PartitionTarget::Store));
        QVERIFY(page.selectFault(DemoScenario::Fault::Pause));
        QVERIFY(!page.compareStrategies().contains(QStringLiteral("none")));
        QVERIFY(page.compareStrategies().contains(QStringLiteral("redis")));
        // Redlock: the warning is on the page, not only in a tooltip.
        QVERIFY(!page.strategyNote()->isVisibleTo(&page));
        s.strategy = QStringLiteral("redlock");
        page.setScenario(s);
        QVERIFY(page.strategyNote()->isVisibleTo(&page));
        QVERIFY(page.strategyNote()->text().contains(QStringLiteral("no fencing token")));
        QVERIFY(!page.faultEnabled(DemoScenario::Fault::Partition));
        QVERIFY(
            page.faultToolTip(DemoScenario::Fault::Partition).contains(QStringLiteral("Redlock")));
    }

    // Read-only: the details pane says force-release is off instead of describing one.
    void readOnlyDetailsSayForceReleaseIsOff() {
        for (const bool readOnly : {true, false}) {
            LocksPage page(readOnly);
            const Snapshot s =
                snapshotOf({redisEntry(QStringLiteral("cart:1"), QStringLiteral("a"))});
            page.applySnapshot(s, SnapshotDiff::between({}, s));
            QTRY_COMPARE_WITH_TIMEOUT(page.pendingDiffs(), 0, 5000);
            page.view()->selectRow(0);
            auto* details = page.findChild<QTextBrowser*>();
            QVERIFY(details);
            const QString text = details->toPlainText();
            QVERIFY2(text.contains(QStringLiteral("cart:1")), qPrintable(text));
            QCOMPARE(text.contains(QStringLiteral("A force-release would")), !readOnly);
            QCOMPARE(text.contains(QStringLiteral("Force-release is off in read-only mode")),
                     readOnly);
            // The Kind column's tooltip says the same.
            const QString tip =
                page.model()->index(0, LockModel::KindCol).data(Qt::ToolTipRole).toString();
            QCOMPARE(tip.contains(QStringLiteral("A force-release would")), !readOnly);
        }
    }
};

QTEST_MAIN(TestGuiWidgets)
#include "tst_guiwidgets.moc"
