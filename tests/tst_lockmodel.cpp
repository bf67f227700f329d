#include "core/backends/postgres/postgreskinds.h"
#include "core/backends/redis/rediskinds.h"
#include "core/backends/zookeeper/zookeeperkinds.h"
#include "gui/lockfilterproxy.h"
#include "gui/lockflagtext.h"
#include "gui/lockmodel.h"
#include "gui/lockspage.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
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

    /// While a backend cannot be read its locks stay in the snapshot as last known, marked with
    /// when it went down: the diff reports none of them removed (`locks watch` printed a mass
    /// "removed" during an outage, the console showed "0 lock(s)").
    void outageKeepsLastKnownEntries() {
        Snapshot before =
            snapshot({entry(Backend::Redis, QStringLiteral("a"), QStringLiteral("h1"), 5000),
                      entry(Backend::Redis, QStringLiteral("b"), QStringLiteral("h2")),
                      entry(Backend::ZooKeeper, QStringLiteral("/c"), QStringLiteral("n1"))});
        before.takenAtMs = 1000;
        // Redis down: only ZooKeeper was read.
        Snapshot down;
        down.takenAtMs = 2000;
        down.locks = {before.locks.back()};
        down.backendErrors[Backend::Redis] = QStringLiteral("connection refused");
        down.keepLastKnown(before);
        down.sort();
        const SnapshotDiff d1 = SnapshotDiff::between(before, down);
        QVERIFY(d1.removed.empty());
        QVERIFY(d1.empty());
        QCOMPARE(down.locks.size(), size_t(3));
        QCOMPARE(down.unknownSinceMs.value(Backend::Redis), int64_t(2000));
        QVERIFY(down.isLastKnown(*down.find(before.locks[0].id())));
        QVERIFY(!down.isLastKnown(*down.find(before.locks[2].id())));
        // Still down a refresh later: still there, and down since the first failure.
        Snapshot still;
        still.takenAtMs = 3000;
        still.locks = {before.locks.back()};
        still.backendErrors[Backend::Redis] = QStringLiteral("connection refused");
        still.keepLastKnown(down);
        still.sort();
        QVERIFY(SnapshotDiff::between(down, still).empty());
        QCOMPARE(still.unknownSinceMs.value(Backend::Redis), int64_t(2000));
        // Back up: what is really gone is removed now, and nothing is last known any more.
        Snapshot back = snapshot({before.locks[0], before.locks[2]});
        back.keepLastKnown(still);
        QVERIFY(back.unknownSinceMs.isEmpty());
        const SnapshotDiff d3 = SnapshotDiff::between(still, back);
        QCOMPARE(d3.removed.size(), size_t(1));
        QCOMPARE(d3.removed.front(), before.locks[1].id());
    }

    /// The logical resource is a column of its own beside the physical key/node/row and the kind;
    /// a filter on "cart:42" finds every kind of lock on it, and holder and key match too.
    void logicalResourceKindAndFilter() {
        LockModel model;
        LockFilterProxy proxy;
        proxy.setSourceModel(&model);
        auto withLogical = [](LockEntry e, LockKind kind, const QString& logical) {
            e.kind = kind;
            e.logicalResource = logical;
            return e;
        };
        const Snapshot s = snapshot(
            {withLogical(entry(Backend::Redis, QStringLiteral("lockscope:lock:{cart:42}"),
                               QStringLiteral("w1")),
                         rediskinds::kKey, QStringLiteral("cart:42")),
             withLogical(entry(Backend::ZooKeeper, QStringLiteral("/lockscope/locks/cart:42"),
                               QStringLiteral("n1")),
                         zookeeperkinds::kRecipe, QStringLiteral("cart:42")),
             withLogical(entry(Backend::Postgres, QStringLiteral("lockscope.leases"),
                               QStringLiteral("pid 4242 (shop)")),
                         postgreskinds::kLease, QStringLiteral("cart:42")),
             entry(Backend::Redis, QStringLiteral("order:7"), QStringLiteral("cart-service"))});
        model.applyDiff(SnapshotDiff::between({}, s));
        const int pgRow = [&] {
            for (int r = 0; r < model.rowCount(); ++r)
                if (model.entryAt(r)->backend == Backend::Postgres)
                    return r;
            return -1;
        }();
        QCOMPARE(model.index(pgRow, LockModel::ResourceCol).data().toString(),
                 QStringLiteral("cart:42"));
        QCOMPARE(model.index(pgRow, LockModel::PhysicalCol).data().toString(),
                 QStringLiteral("lockscope.leases"));
        QCOMPARE(model.index(pgRow, LockModel::KindCol).data().toString(), QStringLiteral("lease"));
        QVERIFY(model.index(pgRow, LockModel::KindCol)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(postgreskinds::kLease.description()));
        QVERIFY(model.index(pgRow, LockModel::KindCol)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("force-release would")));
        // No layout: the logical resource is the physical one.
        QCOMPARE(
            model.index(model.rowOf(s.locks.back().id()), LockModel::ResourceCol).data().toString(),
            s.locks.back().logical());
        proxy.setText(QStringLiteral("cart:42"));
        QCOMPARE(proxy.rowCount(), 3);
        proxy.setText(QStringLiteral("pid 4242")); // holder
        QCOMPARE(proxy.rowCount(), 1);
        proxy.setText(QStringLiteral("{cart:42}")); // physical key
        QCOMPARE(proxy.rowCount(), 1);
        proxy.setText(QStringLiteral("cart")); // logical, and a holder
        QCOMPARE(proxy.rowCount(), 4);
    }

    /// lock:2 before lock:10.
    void resourcesSortNaturally() {
        LockModel model;
        LockFilterProxy proxy;
        proxy.setSourceModel(&model);
        const Snapshot s =
            snapshot({entry(Backend::Redis, QStringLiteral("lock:10"), QStringLiteral("h")),
                      entry(Backend::Redis, QStringLiteral("lock:2"), QStringLiteral("h")),
                      entry(Backend::Redis, QStringLiteral("lock:1"), QStringLiteral("h")),
                      entry(Backend::Redis, QStringLiteral("Lock:3"), QStringLiteral("h"))});
        model.applyDiff(SnapshotDiff::between({}, s));
        proxy.sort(LockModel::ResourceCol, Qt::AscendingOrder);
        QStringList order;
        for (int r = 0; r < proxy.rowCount(); ++r)
            order << proxy.index(r, LockModel::ResourceCol).data().toString();
        QCOMPARE(order, (QStringList{QStringLiteral("lock:1"), QStringLiteral("lock:2"),
                                     QStringLiteral("Lock:3"), QStringLiteral("lock:10")}));
    }

    /// Time moves: every second, the time columns of every row are announced changed, and
    /// "held for" reads the clock anew.
    void timeColumnsAdvanceForEveryRow() {
        LockModel model;
        qint64 now = 1000000 + 5000;
        model.setClock([&now] { return now; });
        std::vector<LockEntry> v;
        for (int i = 0; i < 5; ++i) {
            LockEntry e =
                entry(Backend::Redis, QStringLiteral("r%1").arg(i), QStringLiteral("h"), 10000);
            e.acquiredAtMs = 1000000;
            v.push_back(e);
        }
        model.applyDiff(SnapshotDiff::between({}, snapshot(v)));
        QCOMPARE(model.index(3, LockModel::HeldForCol).data().toString(), QStringLiteral("5 s"));
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        now += 1000;
        model.tick();
        QCOMPARE(changed.count(), 1);
        const QModelIndex tl = changed.first().at(0).toModelIndex();
        const QModelIndex br = changed.first().at(1).toModelIndex();
        QCOMPARE(tl.row(), 0);
        QCOMPARE(br.row(), model.rowCount() - 1);
        QVERIFY(tl.column() <= int(LockModel::HeldForCol));
        QVERIFY(br.column() >= int(LockModel::LeaseCol));
        QCOMPARE(model.index(3, LockModel::HeldForCol).data().toString(), QStringLiteral("6 s"));
        // And the model's own timer does it, without any refresh.
        changed.clear();
        QTRY_VERIFY_WITH_TIMEOUT(changed.count() >= 1, 3000);
    }

    /// Flags are translated and explained; an orphaned holder is tinted like a stale lock; the
    /// holder's side says "blocking N".
    void flagsMeanWhatTheySay() {
        LockModel model;
        LockEntry orphan = entry(Backend::Redis, QStringLiteral("o"), QStringLiteral("pid 9"));
        orphan.flags = LockFlag::Orphaned;
        LockEntry blocking = entry(Backend::ZooKeeper, QStringLiteral("/b"), QStringLiteral("n"));
        blocking.flags = LockFlag::Blocking;
        blocking.waiters = {QStringLiteral("w1"), QStringLiteral("w2")};
        LockEntry plain = entry(Backend::Redis, QStringLiteral("p"), QStringLiteral("h"));
        const Snapshot s = snapshot({orphan, blocking, plain});
        model.applyDiff(SnapshotDiff::between({}, s));
        const int o = model.rowOf(orphan.id()), b = model.rowOf(blocking.id()),
                  p = model.rowOf(plain.id());
        QVERIFY(model.index(o, 0).data(LockModel::StaleRole).toBool());
        QVERIFY(model.index(o, 0).data(Qt::BackgroundRole).isValid());
        QVERIFY(!model.index(p, 0).data(Qt::BackgroundRole).isValid());
        QCOMPARE(model.index(b, LockModel::FlagsCol).data().toString(),
                 QStringLiteral("blocking 2"));
        QVERIFY(model.index(o, LockModel::FlagsCol)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("process")));
        for (const LockFlag f : allLockFlags()) {
            QVERIFY(!LockFlagText::name(f).isEmpty());
            QVERIFY2(LockFlagText::explanation(f).size() > 20, qPrintable(lockFlagName(f)));
        }
        for (int c = 0; c < LockModel::ColumnCount; ++c)
            QVERIFY2(!model.headerData(c, Qt::Horizontal, Qt::ToolTipRole).toString().isEmpty(),
                     qPrintable(QString::number(c)));
        // JSON keeps the raw names.
        QVERIFY(orphan.toJson()
                    .value(QStringLiteral("flags"))
                    .toArray()
                    .contains(QStringLiteral("orphaned")));
    }

    /// A down backend's rows are shown as last known: grey, with their age, no countdown.
    void lastKnownRowsAreGreyWithTheirAge() {
        LockModel model;
        qint64 now = 1000000 + 12000;
        model.setClock([&now] { return now; });
        const Snapshot s =
            snapshot({entry(Backend::Redis, QStringLiteral("a"), QStringLiteral("h"), 30000),
                      entry(Backend::ZooKeeper, QStringLiteral("/z"), QStringLiteral("n"))});
        model.applyDiff(SnapshotDiff::between({}, s));
        const int r =
            model.rowOf(s.locks[0].backend == Backend::Redis ? s.locks[0].id() : s.locks[1].id());
        QVERIFY(model.index(r, LockModel::LeaseCol).data(LockModel::LeaseDeadlineRole).isValid());
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setUnknownSince({{Backend::Redis, 1005000}});
        QCOMPARE(changed.count(), 1);
        QVERIFY(model.isLastKnown(r));
        QVERIFY(!model.isLastKnown(1 - r));
        QVERIFY(model.index(r, 0).data(LockModel::LastKnownRole).toBool());
        QVERIFY(model.index(r, LockModel::HolderCol).data(Qt::ForegroundRole).isValid());
        QVERIFY(!model.index(1 - r, LockModel::HolderCol).data(Qt::ForegroundRole).isValid());
        QVERIFY(!model.index(r, LockModel::LeaseCol).data(LockModel::LeaseDeadlineRole).isValid());
        QCOMPARE(model.index(r, LockModel::FlagsCol).data().toString(),
                 QStringLiteral("last known, 12 s ago"));
        QVERIFY(model.index(r, LockModel::HolderCol)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("Redis is down since")));
        model.setUnknownSince({});
        QVERIFY(!model.isLastKnown(r));
    }

    /// An expired lease reads "0 ms left" on every poll, its deadline "now": that is no change
    /// (locks watch printed "changed" once a second), while a renewal still is.
    void expiredLeaseIsNotAChangeEveryPoll() {
        LockEntry a = entry(Backend::Postgres, QStringLiteral("lease-x"), QStringLiteral("o"), 0);
        LockEntry b = a;
        b.observedAtMs = a.observedAtMs + 1000;
        QVERIFY(a.sameAs(b));
        b.leaseMs = 30000; // renewed
        QVERIFY(!a.sameAs(b));
    }

    /// The age of a last-known row counts from when it was last *seen* (its backend's last good
    /// refresh), not from when it last changed: an unchanged lock is re-seen on every refresh.
    void lastKnownAgeCountsFromTheLastSighting() {
        LockModel model;
        qint64 now = 1000000 + 12000;
        model.setClock([&now] { return now; });
        const Snapshot s =
            snapshot({entry(Backend::Redis, QStringLiteral("a"), QStringLiteral("h"), 30000)});
        model.applyDiff(SnapshotDiff::between({}, s));
        const int r = model.rowOf(s.locks[0].id());
        // A minute of refreshes that saw it unchanged (no diff carries it).
        model.setObserved({}, 1000000 + 60000);
        const LockEntry seen = model.asLastSeen(*model.entryAt(r));
        QCOMPARE(seen.observedAtMs, qint64(1000000 + 60000));
        QCOMPARE(*seen.expiresAtMs(), *model.entryAt(r)->expiresAtMs()); // same deadline
        // Then Redis goes down; 7 s after the last good refresh:
        model.setObserved({{Backend::Redis, 1000000 + 61000}}, 1000000 + 62000);
        now = 1000000 + 67000;
        QCOMPARE(model.index(r, LockModel::FlagsCol).data().toString(),
                 QStringLiteral("last known, 7 s ago"));
        // A server gone silent: refreshes still come (the others answer) but its rows are from
        // its last answer; when it is declared down 8 s later, the age counts from that answer.
        model.setObserved({}, 1000000 + 70000);
        model.setObserved({}, 1000000 + 78000, {{Backend::Redis, 1000000 + 70000}});
        model.setObserved({{Backend::Redis, 1000000 + 70000}}, 1000000 + 79000,
                          {{Backend::Redis, 1000000 + 70000}});
        now = 1000000 + 80000;
        QCOMPARE(model.index(r, LockModel::FlagsCol).data().toString(),
                 QStringLiteral("last known, 10 s ago"));
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

    /// Issue 11 item 6: server text in the table is shown escaped (a control character as
    /// \xNN, a bidi override as \u{202e}) and bounded, in the cells and their tooltips.
    void controlCharactersShownEscaped() {
        LockModel model;
        LockEntry e = entry(Backend::Postgres, QStringLiteral("tbl\x1b]0;t\x07\nrow"),
                            QStringLiteral("pid 1 (\u202eapp)"));
        e.kind = postgreskinds::kLease;
        e.logicalResource = QStringLiteral("cart:\r42") + QString(5000, u'x');
        e.raw = QStringLiteral("raw\x1b[2J");
        model.applyDiff(SnapshotDiff::between({}, snapshot({e})));
        QCOMPARE(model.rowCount(), 1);
        for (int col : {int(LockModel::ResourceCol), int(LockModel::PhysicalCol),
                        int(LockModel::HolderCol)}) {
            for (int role : {int(Qt::DisplayRole), int(Qt::ToolTipRole)}) {
                const QString text = model.data(model.index(0, col), role).toString();
                for (const QChar c : text)
                    QVERIFY2(c.unicode() >= 0x20 && c.unicode() != 0x7f && c.unicode() != 0x202e,
                             qPrintable(text.left(200)));
            }
        }
        QCOMPARE(model.data(model.index(0, LockModel::PhysicalCol), Qt::DisplayRole).toString(),
                 QStringLiteral("tbl\\x1b]0;t\\x07\\x0arow"));
        QCOMPARE(model.data(model.index(0, LockModel::HolderCol), Qt::DisplayRole).toString(),
                 QStringLiteral("pid 1 (\\u{202e}app)"));
        QVERIFY(
            model.data(model.index(0, LockModel::ResourceCol), Qt::DisplayRole).toString().size() <
            300);
    }
};

QTEST_MAIN(TestLockModel)
#include "tst_lockmodel.moc"
