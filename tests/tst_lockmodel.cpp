#include "core/backends/redis/rediskinds.h"
#include "core/backends/zookeeper/zookeeperkinds.h"
#include "gui/lockfilterproxy.h"
#include "gui/lockmodel.h"
#include "gui/lockspage.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>
#include <memory>

using namespace lockscope;

namespace {

LockEntry entry(Backend b, const QString& resource, const QString& holder,
                std::optional<int64_t> leaseMs = {}) {
    LockEntry e;
    e.backend = b;
    e.kind = b == Backend::Redis ? rediskinds::kKey : zookeeperkinds::kRecipe;
    e.resource = resource;
    e.holder = holder;
    e.leaseMs = leaseMs;
    e.observedAtMs = 1000000;
    return e;
}

Snapshot snapshot(std::vector<LockEntry> locks) {
    Snapshot s;
    s.locks = std::move(locks);
    s.sort();
    return s;
}

} // namespace

/// LockModel merges refreshes row by row; a pure model test with a fake snapshot source.
class TestLockModel : public QObject {
    Q_OBJECT
private slots:
    void refreshMergesRowByRow() {
        LockModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);

        const Snapshot s0;
        const Snapshot s1 =
            snapshot({entry(Backend::Redis, QStringLiteral("a"), QStringLiteral("h1"), 5000),
                      entry(Backend::Redis, QStringLiteral("b"), QStringLiteral("h2"), 5000),
                      entry(Backend::ZooKeeper, QStringLiteral("/c"), QStringLiteral("n1"))});
        model.applyDiff(SnapshotDiff::between(s0, s1));
        QCOMPARE(model.rowCount(), 3);

        // One lock changes holder: dataChanged for exactly that row, no reset, nothing else.
        changed.clear();
        inserted.clear();
        Snapshot s2 = s1;
        for (auto& e : s2.locks)
            if (e.resource == u"b")
                e.holder = QStringLiteral("h3");
        model.applyDiff(SnapshotDiff::between(s1, s2));
        QCOMPARE(changed.count(), 1);
        const QModelIndex top = changed.first().at(0).toModelIndex();
        QCOMPARE(model.entryAt(top.row())->resource, QStringLiteral("b"));
        QCOMPARE(model.entryAt(top.row())->holder, QStringLiteral("h3"));
        QCOMPARE(inserted.count(), 0);
        QCOMPARE(removed.count(), 0);

        // The countdown alone is not a change.
        Snapshot s3 = s2;
        for (auto& e : s3.locks)
            if (e.leaseMs) {
                e.observedAtMs += 1000;
                *e.leaseMs -= 1000;
            }
        changed.clear();
        model.applyDiff(SnapshotDiff::between(s2, s3));
        QCOMPARE(changed.count(), 0);

        // One goes, one comes: one removal, one insertion, in sorted place.
        Snapshot s4 = snapshot({s3.locks[0], s3.locks[2],
                                entry(Backend::Redis, QStringLiteral("aa"), QStringLiteral("h9"))});
        model.applyDiff(SnapshotDiff::between(s3, s4));
        QCOMPARE(removed.count(), 1);
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(model.rowCount(), 3);
        for (int r = 1; r < model.rowCount(); ++r)
            QVERIFY(model.entryAt(r - 1)->id() < model.entryAt(r)->id());
        QCOMPARE(reset.count(), 0);
    }

    /// A switch to other servers clears the Locks page in one reset (or one removal range), not
    /// one removal per row: 10,000 of those froze the GUI thread for seconds. Diffs of the old
    /// servers still queued are dropped with it.
    void switchClearsInOneStep() {
        LocksPage page(false);
        auto tester = std::make_unique<QAbstractItemModelTester>(
            page.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        // The tester checks the whole model on every signal: with a removal per row a clear
        // would take it hours. At the first removal of less than everything it is let go, and
        // the counts below fail in seconds.
        bool rowByRow = false;
        connect(page.model(), &QAbstractItemModel::rowsAboutToBeRemoved, this,
                [&](const QModelIndex&, int first, int last) {
                    if (last - first + 1 < page.model()->rowCount() && !rowByRow) {
                        rowByRow = true;
                        tester.reset();
                    }
                });
        auto many = [](const QString& prefix, int n) {
            std::vector<LockEntry> v;
            for (int i = 0; i < n; ++i)
                v.push_back(entry(i % 2 ? Backend::Redis : Backend::ZooKeeper,
                                  QStringLiteral("%1:%2").arg(prefix).arg(i), QStringLiteral("h"),
                                  5000));
            return snapshot(std::move(v));
        };
        const Snapshot old = many(QStringLiteral("old"), 10000);
        page.applySnapshot(old, SnapshotDiff::between({}, old)); // merged in slices
        QTRY_COMPARE_WITH_TIMEOUT(page.pendingDiffs(), 0, 10000);
        QCOMPARE(page.model()->rowCount(), 10000);

        QSignalSpy reset(page.model(), &QAbstractItemModel::modelReset);
        QSignalSpy removed(page.model(), &QAbstractItemModel::rowsRemoved);
        page.clear();
        QCOMPARE(page.model()->rowCount(), 0);
        QVERIFY(!rowByRow);
        QCOMPARE(reset.count() + removed.count(), 1);

        // A large snapshot of the old servers half merged when the switch comes: its remaining
        // slices go too, nothing of it turns up afterwards.
        const Snapshot late = many(QStringLiteral("late"), 6000);
        page.applySnapshot(late, SnapshotDiff::between({}, late));
        QVERIFY(page.pendingDiffs() > 0);
        reset.clear();
        removed.clear();
        page.clear();
        QCOMPARE(page.pendingDiffs(), 0);
        QCOMPARE(reset.count() + removed.count(), 1);
        QCoreApplication::processEvents(); // a merge already scheduled finds nothing to merge
        QCOMPARE(page.model()->rowCount(), 0);
    }

    void removalsOfNeighbouringRowsAreOneRange() {
        LockModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        std::vector<LockEntry> v;
        for (int i = 0; i < 100; ++i)
            v.push_back(entry(Backend::Redis, QStringLiteral("r%1").arg(i, 3, 10, QLatin1Char('0')),
                              QStringLiteral("h")));
        v.push_back(entry(Backend::ZooKeeper, QStringLiteral("/z"), QStringLiteral("n")));
        const Snapshot both = snapshot(v);
        model.applyDiff(SnapshotDiff::between({}, both));
        // Redis goes away: its 100 rows are neighbours (ids sort by backend first).
        const Snapshot zkOnly = snapshot({v.back()});
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        model.applyDiff(SnapshotDiff::between(both, zkOnly));
        QCOMPARE(removed.count(), 1);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.entryAt(0)->backend, Backend::ZooKeeper);
    }

    void leaseRolesFromDeadline() {
        LockModel model;
        const Snapshot s =
            snapshot({entry(Backend::Redis, QStringLiteral("a"), QStringLiteral("h"), 8000),
                      entry(Backend::ZooKeeper, QStringLiteral("/z"), QStringLiteral("n"))});
        model.applyDiff(SnapshotDiff::between({}, s));
        const int redisRow = model.entryAt(0)->backend == Backend::Redis ? 0 : 1;
        QCOMPARE(model.index(redisRow, LockModel::LeaseCol)
                     .data(LockModel::LeaseDeadlineRole)
                     .toLongLong(),
                 qint64(1000000 + 8000));
        QCOMPARE(
            model.index(redisRow, LockModel::LeaseCol).data(LockModel::LeaseTotalRole).toLongLong(),
            qint64(8000));
        QVERIFY(!model.index(1 - redisRow, LockModel::LeaseCol)
                     .data(LockModel::LeaseDeadlineRole)
                     .isValid());
    }

    void proxyFiltersByTextAndBackend() {
        LockModel model;
        LockFilterProxy proxy;
        proxy.setSourceModel(&model);
        QAbstractItemModelTester tester(&proxy,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        const Snapshot s = snapshot(
            {entry(Backend::Redis, QStringLiteral("cart:1:lock"), QStringLiteral("w1")),
             entry(Backend::Redis, QStringLiteral("order:2"), QStringLiteral("w2")),
             entry(Backend::ZooKeeper, QStringLiteral("/locks/cart"), QStringLiteral("n"))});
        model.applyDiff(SnapshotDiff::between({}, s));
        QCOMPARE(proxy.rowCount(), 3);
        proxy.setText(QStringLiteral("CART"));
        QCOMPARE(proxy.rowCount(), 2);
        proxy.setBackend(QStringLiteral("zookeeper"));
        QCOMPARE(proxy.rowCount(), 1);
        proxy.setText(QString());
        QCOMPARE(proxy.rowCount(), 1);
        proxy.setBackend(QString());
        QCOMPARE(proxy.rowCount(), 3);
    }

    /// A renewal changes only the lease column; a proxy sorted by resource and filtered by text
    /// then keeps its rows, and a change of holder or flags still reaches the text filter.
    void refreshSignalsOnlyTheChangedColumns() {
        LockModel model;
        LockFilterProxy proxy;
        proxy.setSourceModel(&model);
        proxy.sort(LockModel::ResourceCol);
        QAbstractItemModelTester tester(&proxy,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        const Snapshot s1 =
            snapshot({entry(Backend::Redis, QStringLiteral("a"), QStringLiteral("h1"), 5000),
                      entry(Backend::Redis, QStringLiteral("b"), QStringLiteral("h2"), 5000)});
        model.applyDiff(SnapshotDiff::between({}, s1));
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

        Snapshot renewed = s1;
        *renewed.locks[0].leaseMs += 5000; // the deadline moved: a renewal
        model.applyDiff(SnapshotDiff::between(s1, renewed));
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.first().at(0).toModelIndex().column(), int(LockModel::LeaseCol));
        QCOMPARE(changed.first().at(1).toModelIndex().column(), int(LockModel::LeaseCol));

        proxy.setText(QStringLiteral("stale"));
        QCOMPARE(proxy.rowCount(), 0);
        Snapshot stale = renewed;
        stale.locks[1].flags |= LockFlag::Stale;
        changed.clear();
        model.applyDiff(SnapshotDiff::between(renewed, stale));
        QCOMPARE(changed.count(), 1);
        QVERIFY(changed.first().at(0).toModelIndex().column() <= int(LockModel::HolderCol));
        QCOMPARE(proxy.rowCount(), 1); // the filter saw the new flag
        Snapshot newHolder = stale;
        newHolder.locks[0].holder = QStringLiteral("stale-worker");
        model.applyDiff(SnapshotDiff::between(stale, newHolder));
        QCOMPARE(proxy.rowCount(), 2); // and the new holder
    }
};

QTEST_MAIN(TestLockModel)
#include "tst_lockmodel.moc"
