// The history store and its statistics on a file of its own, filled with known records: what
// is read back, exact percentiles, retention, the size cap, a restart. No servers: the store
// is SQLite on this machine (what the recorder writes from real servers is tst_historyrecord).
#include "core/backends/backendregistry.h"
#include "core/backends/lockbackend.h"
#include "core/history/historysettings.h"
#include "core/history/historysince.h"
#include "core/history/historystats.h"
#include "core/history/historystore.h"

#include <QDateTime>
#include <QFileInfo>
#include <QSettings>
#include <QSqlDatabase>
#include <QTemporaryDir>
#include <QtTest>

using namespace lockscope;

namespace {

constexpr int64_t kDay = 86'400'000;

LockKind firstKind(Backend b) {
    return BackendRegistry::of(b).kinds().front();
}

HoldRecord hold(const QString& resource, const QString& holder, int64_t startMs, int64_t endMs,
                HoldEnd end, Backend backend = Backend::Redis) {
    HoldRecord h;
    h.backend = backend;
    h.kind = firstKind(backend);
    h.lockId = backendName(backend) + u':' + resource;
    h.resource = resource;
    h.physical = QStringLiteral("lockscope:lock:{%1}").arg(resource);
    h.holder = holder;
    h.startMs = startMs;
    h.endMs = endMs;
    h.end = end;
    return h;
}

WaitRecord wait(const HoldRecord& on, const QString& waiter, int64_t startMs, int64_t endMs) {
    WaitRecord w;
    w.lockId = on.lockId;
    w.backend = on.backend;
    w.resource = on.resource;
    w.waiter = waiter;
    w.startMs = startMs;
    w.endMs = endMs;
    w.acquired = true;
    return w;
}

const HoldGroupStats* find(const std::vector<HoldGroupStats>& rows, const QString& resource) {
    for (const HoldGroupStats& r : rows) {
        if (r.resource == resource)
            return &r;
    }
    return nullptr;
}

} // namespace

class TestHistoryStore : public QObject {
    Q_OBJECT
private slots:
    void driverAvailable();
    void roundTrip();
    void statsFromKnownSequence();
    void retentionDeletesOldRows();
    void sizeCapDeletesOldestFirst();
    void restartReconcilesOpenHolds();
    void since_data();
    void since();
    void environmentNamesTheFile();
};

/// $LOCKSCOPE_HISTORY_DB names the file for the console and the CLI alike, over a saved path.
void TestHistoryStore::environmentNamesTheFile() {
    QTemporaryDir dir;
    QSettings saved(dir.filePath(QStringLiteral("s.ini")), QSettings::IniFormat);
    saved.setValue(QStringLiteral("history/path"), QStringLiteral("/saved/history.sqlite"));
    const QByteArray before = qgetenv("LOCKSCOPE_HISTORY_DB");
    qunsetenv("LOCKSCOPE_HISTORY_DB");
    QCOMPARE(HistorySettings::load(saved).effectivePath(), QStringLiteral("/saved/history.sqlite"));
    QVERIFY(HistorySettings::defaultPath().endsWith(u"LockScope/LockScope/history.sqlite"));
    qputenv("LOCKSCOPE_HISTORY_DB", "/env/h.sqlite");
    QCOMPARE(HistorySettings::defaultPath(), QStringLiteral("/env/h.sqlite"));
    QCOMPARE(HistorySettings::load(saved).effectivePath(), QStringLiteral("/env/h.sqlite"));
    if (before.isEmpty())
        qunsetenv("LOCKSCOPE_HISTORY_DB");
    else
        qputenv("LOCKSCOPE_HISTORY_DB", before);
}

void TestHistoryStore::driverAvailable() {
    QVERIFY2(QSqlDatabase::isDriverAvailable(QStringLiteral("QSQLITE")),
             "libqt6sql6-sqlite is not installed");
}

void TestHistoryStore::roundTrip() {
    QTemporaryDir dir;
    HistoryStore store(dir.filePath(QStringLiteral("sub/h.sqlite")));
    QString error;
    QVERIFY2(store.open(&error), qPrintable(error));
    HoldRecord a = hold(QStringLiteral("cart:1"), QStringLiteral("alice"), 1000, 0, HoldEnd::Open);
    a.token = 42;
    a.leaseMs = 30000;
    a.foreign = true;
    HistoryChanges started;
    started.holdsStarted.push_back(a);
    started.waitsStarted.push_back(wait(a, QStringLiteral("bob"), 1100, 0));
    OutageRecord o;
    o.backend = Backend::Postgres;
    o.startMs = 1200;
    o.error = QStringLiteral("connection refused");
    started.outagesStarted.push_back(o);
    QVERIFY2(store.write(started, 1300, &error), qPrintable(error));

    std::vector<HoldRecord> open = store.holds({});
    QCOMPARE(open.size(), size_t(1));
    QVERIFY(open[0].isOpen());
    QCOMPARE(open[0].token, std::optional<int64_t>(42));
    QCOMPARE(open[0].leaseMs, std::optional<int64_t>(30000));
    QVERIFY(open[0].kind == a.kind);
    QVERIFY(open[0].foreign);
    QCOMPARE(store.lastSeenMs(), int64_t(1300));

    HistoryChanges ended;
    HoldRecord e = a;
    e.endMs = 5000;
    e.end = HoldEnd::Expired;
    e.maxWaiters = 1;
    ended.holdsEnded.push_back(e);
    WaitRecord w = wait(a, QStringLiteral("bob"), 1100, 5000);
    ended.waitsEnded.push_back(w);
    o.endMs = 4000;
    ended.outagesEnded.push_back(o);
    QVERIFY2(store.write(ended, 5000, &error), qPrintable(error));

    const std::vector<HoldRecord> holds = store.holds({});
    QCOMPARE(holds.size(), size_t(1)); // the same row, ended
    QCOMPARE(holds[0].endMs, int64_t(5000));
    QCOMPARE(holds[0].end, HoldEnd::Expired);
    QCOMPARE(holds[0].maxWaiters, 1);
    const auto waits = store.waits({});
    QCOMPARE(waits.size(), size_t(1));
    QCOMPARE(waits[0].endMs, int64_t(5000));
    QVERIFY(waits[0].acquired);
    const auto outages = store.outages({});
    QCOMPARE(outages.size(), size_t(1));
    QCOMPARE(outages[0].endMs, int64_t(4000));
    QCOMPARE(outages[0].error, o.error);

    // Window and resource filters.
    HistoryStore::Query before;
    before.untilMs = 999;
    QCOMPARE(store.holds(before).size(), size_t(0));
    HistoryStore::Query after;
    after.sinceMs = 5001;
    QCOMPARE(store.holds(after).size(), size_t(0));
    HistoryStore::Query other;
    other.resource = QStringLiteral("cart:2");
    QCOMPARE(store.holds(other).size(), size_t(0));

    OperatorAction act;
    act.atMs = 4500;
    act.operatorName = QStringLiteral("ops");
    act.action = QStringLiteral("force-release");
    act.lockId = a.lockId;
    act.resource = a.resource;
    act.holder = a.holder;
    act.reason = QStringLiteral("stuck");
    act.outcome = ReleaseOutcome::Status::Released;
    QVERIFY2(store.recordAction(act, &error), qPrintable(error));
    const auto actions = store.actions({});
    QCOMPARE(actions.size(), size_t(1));
    QCOMPARE(actions[0].outcome, ReleaseOutcome::Status::Released);
    QCOMPARE(actions[0].reason, QStringLiteral("stuck"));
}

void TestHistoryStore::statsFromKnownSequence() {
    QTemporaryDir dir;
    HistoryStore store(dir.filePath(QStringLiteral("h.sqlite")));
    QString error;
    QVERIFY2(store.open(&error), qPrintable(error));
    const int64_t t0 = 1'700'000'000'000;
    HistoryChanges c;
    // cart:A on Redis: 100 holds of 10, 20, ..., 1000 ms.
    for (int i = 1; i <= 100; ++i) {
        HoldEnd end = HoldEnd::Released;
        if (i % 10 == 0)
            end = HoldEnd::Expired; // 10
        else if (i == 7)
            end = HoldEnd::ForceReleased;
        else if (i == 8 || i == 9)
            end = HoldEnd::HolderDied;
        HoldRecord h = hold(QStringLiteral("cart:A"), QStringLiteral("h%1").arg(i % 3),
                            t0 + i * 10'000, t0 + i * 10'000 + i * 10, end);
        h.maxWaiters = i % 4 == 0 ? 2 : 0; // 25 contended
        c.holdsEnded.push_back(h);
    }
    // 20 waits on it of 1..20 ms.
    for (int i = 1; i <= 20; ++i)
        c.waitsEnded.push_back(wait(c.holdsEnded.front(), QStringLiteral("w%1").arg(i),
                                    t0 + i * 1000, t0 + i * 1000 + i));
    // cart:B on ZooKeeper: 5 ms, 7 ms, 100 s, and one still open since t0 + 500 s.
    const QList<int64_t> bDurations{5, 7, 100'000};
    for (int i = 0; i < 3; ++i)
        c.holdsEnded.push_back(hold(
            QStringLiteral("cart:B"), QStringLiteral("z"), t0 + 2'000'000 + i * 200'000,
            t0 + 2'000'000 + i * 200'000 + bDurations[i], HoldEnd::Released, Backend::ZooKeeper));
    c.holdsStarted.push_back(hold(QStringLiteral("cart:B"), QStringLiteral("z2"), t0 + 3'000'000, 0,
                                  HoldEnd::Open, Backend::ZooKeeper));
    // Before the window: not an acquisition, not read.
    c.holdsEnded.push_back(hold(QStringLiteral("cart:A"), QStringLiteral("old"), t0 - 100'000,
                                t0 - 90'000, HoldEnd::Released));
    QVERIFY2(store.write(c, t0 + 3'000'000, &error), qPrintable(error));

    HistoryStore::Query q;
    q.sinceMs = t0;
    q.untilMs = t0 + 4'000'000;
    const HistoryStatsReport r =
        HistoryStats::compute(store.holds(q), store.waits(q), q.sinceMs, q.untilMs, 10);
    QCOMPARE(r.resources.size(), size_t(2));
    const HoldGroupStats* a = find(r.resources, QStringLiteral("cart:A"));
    QVERIFY(a);
    QCOMPARE(a->acquisitions, 100);
    QCOMPARE(a->holdMs.count, 100);
    QCOMPARE(a->holdMs.p50, std::optional<int64_t>(500));
    QCOMPARE(a->holdMs.p95, std::optional<int64_t>(950));
    QCOMPARE(a->holdMs.max, std::optional<int64_t>(1000));
    QCOMPARE(a->waitMs.count, 20);
    QCOMPARE(a->waitMs.p50, std::optional<int64_t>(10));
    QCOMPARE(a->waitMs.p95, std::optional<int64_t>(19));
    QCOMPARE(a->waitMs.max, std::optional<int64_t>(20));
    QCOMPARE(a->contended, 25);
    QCOMPARE(a->expiries, 10);
    QCOMPARE(a->forceReleases, 1);
    QCOMPARE(a->holderDeaths, 2);
    QCOMPARE(a->open, 0);
    const HoldGroupStats* b = find(r.resources, QStringLiteral("cart:B"));
    QVERIFY(b);
    QCOMPARE(b->backend, Backend::ZooKeeper);
    QCOMPARE(b->acquisitions, 4);
    QCOMPARE(b->open, 1);
    QCOMPARE(b->holdMs.p50, std::optional<int64_t>(7));
    QCOMPARE(b->holdMs.p95, std::optional<int64_t>(100'000));
    QVERIFY(!b->waitMs.p50);
    // Per kind: one Redis kind, one ZooKeeper kind, the same counts.
    QCOMPARE(r.kinds.size(), size_t(2));
    QCOMPARE(r.kinds[0].kind, firstKind(Backend::Redis).name());
    QCOMPARE(r.kinds[0].acquisitions, 100);
    QCOMPARE(r.kinds[0].holdMs.p95, std::optional<int64_t>(950));
    // Hottest: cart:A first; longest held: the open hold (1,000 s to untilMs), then 100 s.
    QCOMPARE(r.hottest.front().resource, QStringLiteral("cart:A"));
    QCOMPARE(r.longestHeld.size(), size_t(10));
    QVERIFY(r.longestHeld[0].isOpen());
    QCOMPARE(r.longestHeld[0].durationMs(r.untilMs), int64_t(1'000'000));
    QCOMPARE(r.longestHeld[1].durationMs(r.untilMs), int64_t(100'000));
    QCOMPARE(r.longestHeld[2].durationMs(r.untilMs), int64_t(1000));
    // Nearest rank on small sets.
    QCOMPARE(Percentiles::of({3}).p95, std::optional<int64_t>(3));
    QCOMPARE(Percentiles::of({1, 2}).p50, std::optional<int64_t>(1));
    QVERIFY(!Percentiles::of({}).max);
}

void TestHistoryStore::retentionDeletesOldRows() {
    QTemporaryDir dir;
    HistoryStore store(dir.filePath(QStringLiteral("h.sqlite")));
    QString error;
    QVERIFY2(store.open(&error), qPrintable(error));
    const int64_t now = QDateTime::currentMSecsSinceEpoch();
    HistoryChanges c;
    for (int i = 0; i < 50; ++i) // 40 days ago
        c.holdsEnded.push_back(hold(QStringLiteral("old:%1").arg(i), QStringLiteral("x"),
                                    now - 40 * kDay, now - 40 * kDay + 1000, HoldEnd::Released));
    for (int i = 0; i < 5; ++i) // yesterday
        c.holdsEnded.push_back(hold(QStringLiteral("new:%1").arg(i), QStringLiteral("x"),
                                    now - kDay, now - kDay + 1000, HoldEnd::Released));
    // Open since 40 days: still held, never deleted.
    c.holdsStarted.push_back(
        hold(QStringLiteral("stuck"), QStringLiteral("x"), now - 40 * kDay, 0, HoldEnd::Open));
    HoldRecord oldHold = c.holdsEnded.front();
    c.waitsEnded.push_back(
        wait(oldHold, QStringLiteral("w"), now - 40 * kDay, now - 40 * kDay + 10));
    OutageRecord o;
    o.startMs = now - 35 * kDay;
    o.endMs = now - 35 * kDay + 1000;
    c.outagesEnded.push_back(o);
    QVERIFY2(store.write(c, now, &error), qPrintable(error));
    OperatorAction act;
    act.atMs = now - 31 * kDay;
    QVERIFY(store.recordAction(act, &error));
    act.atMs = now - 1000;
    QVERIFY(store.recordAction(act, &error));

    const auto pruned = store.prune(now - 30 * kDay, 0, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(pruned.rows, 50 + 1 + 1 + 1);
    const auto holds = store.holds({});
    QCOMPARE(holds.size(), size_t(6));
    QCOMPARE(holds.front().resource, QStringLiteral("stuck"));
    QVERIFY(holds.front().isOpen());
    QCOMPARE(store.waits({}).size(), size_t(0));
    QCOMPARE(store.outages({}).size(), size_t(0));
    QCOMPARE(store.actions({}).size(), size_t(1));
}

void TestHistoryStore::sizeCapDeletesOldestFirst() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("h.sqlite"));
    HistoryStore store(path);
    QString error;
    QVERIFY2(store.open(&error), qPrintable(error));
    const int64_t t0 = 1'700'000'000'000;
    const QString padding(200, u'p'); // ~20,000 rows of ~300 bytes: several MB
    std::vector<HistoryChanges> batch(1);
    for (int i = 0; i < 20000; ++i)
        batch[0].holdsEnded.push_back(hold(QStringLiteral("r%1").arg(i),
                                           padding + QString::number(i), t0 + i * 1000,
                                           t0 + i * 1000 + 500, HoldEnd::Released));
    QVERIFY2(store.write(batch, t0 + 20'000'000, &error), qPrintable(error));
    const int64_t before = store.sizeBytes();
    const int64_t cap = 1 << 20;
    QVERIFY2(before > 3 * cap, qPrintable(QString::number(before)));

    const auto pruned = store.prune(0, cap, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY2(store.sizeBytes() <= cap, qPrintable(QString::number(store.sizeBytes())));
    QVERIFY(pruned.rows > 0);
    QCOMPARE(pruned.bytesBefore, before);
    // The file itself shrank (the free pages were given back), and what is left is the newest.
    QVERIFY2(QFileInfo(path).size() <= cap + 64 * 1024,
             qPrintable(QString::number(QFileInfo(path).size())));
    const auto holds = store.holds({});
    QCOMPARE(int(holds.size()), 20000 - pruned.rows);
    QCOMPARE(holds.back().resource, QStringLiteral("r19999"));
    QVERIFY(holds.front().startMs > t0 + 1000 * int64_t(pruned.rows) - 1000);
}

void TestHistoryStore::restartReconcilesOpenHolds() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("h.sqlite"));
    const HoldRecord a = hold(QStringLiteral("a"), QStringLiteral("alice"), 1000, 0, HoldEnd::Open);
    const HoldRecord b = hold(QStringLiteral("b"), QStringLiteral("bob"), 2000, 0, HoldEnd::Open);
    const HoldRecord z = hold(QStringLiteral("z"), QStringLiteral("zed"), 2500, 0, HoldEnd::Open,
                              Backend::ZooKeeper);
    QString error;
    {
        HistoryStore first(path);
        QVERIFY2(first.open(&error), qPrintable(error));
        HistoryChanges c;
        c.holdsStarted = {a, b, z};
        c.waitsStarted.push_back(wait(a, QStringLiteral("w"), 3000, 0));
        QVERIFY2(first.write(c, 9000, &error), qPrintable(error));
    } // the console stops with three holds and a wait open
    HistoryStore second(path);
    QVERIFY2(second.open(&error), qPrintable(error));
    QCOMPARE(second.carriedHolds(), 3);
    QCOMPARE(second.waits({}).front().endMs, int64_t(9000)); // closed at the last refresh
    // The next session's first refresh: Redis answers and still shows alice's hold (started
    // again by its fresh tracker, from the server's acquisition time); ZooKeeper is down.
    HistoryChanges c;
    HoldRecord again = a;
    again.startMs = 1200;
    c.holdsStarted.push_back(again);
    QVERIFY2(second.write(c, 20000, &error), qPrintable(error));
    QVERIFY2(second.settleCarried({Backend::Redis}, &error), qPrintable(error));
    QCOMPARE(second.carriedHolds(), 1); // z waits for ZooKeeper to answer
    auto holds = second.holds({});
    QCOMPARE(holds.size(), size_t(3)); // alice's hold goes on in its row
    QCOMPARE(holds[0].resource, QStringLiteral("a"));
    QVERIFY(holds[0].isOpen());
    QCOMPARE(holds[0].startMs, int64_t(1000));
    QCOMPARE(holds[1].resource, QStringLiteral("b"));
    QCOMPARE(holds[1].end, HoldEnd::Unobserved);
    QCOMPARE(holds[1].endMs, int64_t(9000));
    QVERIFY(holds[2].isOpen());
    // Alice's release, seen by the second session, ends the carried row.
    HistoryChanges ended;
    HoldRecord e = again;
    e.endMs = 25000;
    e.end = HoldEnd::Released;
    ended.holdsEnded.push_back(e);
    QVERIFY2(second.write(ended, 25000, &error), qPrintable(error));
    QVERIFY2(second.settleCarried({Backend::Redis, Backend::ZooKeeper}, &error), qPrintable(error));
    holds = second.holds({});
    QCOMPARE(holds.size(), size_t(3));
    QCOMPARE(holds[0].endMs, int64_t(25000));
    QCOMPARE(holds[0].end, HoldEnd::Released);
    QCOMPARE(holds[2].end, HoldEnd::Unobserved);
}

void TestHistoryStore::since_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("expected"); // -1: invalid
    const qint64 now = 1'700'000'000'000;
    QTest::newRow("90s") << "90s" << now - 90'000;
    QTest::newRow("10m") << "10m" << now - 600'000;
    QTest::newRow("2h") << "2h" << now - 7'200'000;
    QTest::newRow("7d") << "7d" << now - 7 * kDay;
    QTest::newRow("iso utc") << "2023-11-14T22:13:20Z" << qint64(1'700'000'000'000);
    QTest::newRow("iso ms") << "2023-11-14T22:13:20.500Z" << qint64(1'700'000'000'500);
    QTest::newRow("date local") << "2023-11-14"
                                << QDate(2023, 11, 14).startOfDay().toMSecsSinceEpoch();
    QTest::newRow("unit missing") << "10" << qint64(-1);
    QTest::newRow("bad unit") << "10y" << qint64(-1);
    QTest::newRow("words") << "yesterday" << qint64(-1);
}

void TestHistoryStore::since() {
    QFETCH(QString, text);
    QFETCH(qint64, expected);
    const auto got = HistorySince::parse(text, 1'700'000'000'000);
    if (expected < 0)
        QVERIFY(!got);
    else
        QCOMPARE(got, std::optional<int64_t>(expected));
}

QTEST_GUILESS_MAIN(TestHistoryStore)
#include "tst_historystore.moc"
