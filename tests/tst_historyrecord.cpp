// What the history records from real servers (the sandbox): locks taken and released with
// LockScope's own strategies on Redis, ZooKeeper and PostgreSQL appear as holds whose start
// and end are within one refresh of the real times; a lease left to run out is recorded
// Expired; `locks watch --record` records the same headless; `locks history --json` and
// `locks stats --json` have their shapes.
#include "connectors/pgconnection.h"
#include "core/history/historyrecorder.h"
#include "core/history/historystats.h"
#include "core/locks/lockstrategy.h"
#include "core/monitor/lockmonitor.h"
#include "core/shop/shopschema.h"
#include "tests/support/testenv.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <csignal>

using namespace lockscope;
using namespace std::chrono_literals;

namespace {

int64_t nowMs() {
    return QDateTime::currentMSecsSinceEpoch();
}

} // namespace

class TestHistoryRecord : public QObject {
    Q_OBJECT
    NamespaceConfig m_config;
    MonitorConfig m_monitorConfig;
    QTemporaryDir m_dir;
    std::unique_ptr<LockMonitor> m_monitor;
    std::unique_ptr<HistoryRecorder> m_recorder;
    int64_t m_lastRefreshMs = 0;
    int64_t m_longestGapMs = 0; ///< the longest time between two refreshes: "one refresh"

    /// One refresh of the monitor into the recorder, as the console and `watch --record` do.
    void refresh() {
        m_monitor->refreshDiff(nullptr, LockMonitor::Wait::ForAnswers);
        const int64_t now = nowMs();
        if (m_lastRefreshMs != 0)
            m_longestGapMs = std::max(m_longestGapMs, now - m_lastRefreshMs);
        m_lastRefreshMs = now;
        m_recorder->observe(m_monitor->last());
        QString error;
        QVERIFY2(m_recorder->flush(&error), qPrintable(error));
    }
    std::vector<HoldRecord> recorded(const QString& resource) {
        HistoryStore::Query q;
        q.resource = resource;
        return m_recorder->store().holds(q);
    }
    /// Refreshes until the resource's last recorded hold is in state `open` (deadline 15 s).
    bool refreshUntil(const QString& resource, bool open, std::optional<HoldEnd> end = {}) {
        QDeadlineTimer deadline(15s);
        while (!deadline.hasExpired()) {
            refresh();
            const auto holds = recorded(resource);
            if (!holds.empty() && holds.back().isOpen() == open &&
                (!end || holds.back().end == *end))
                return true;
            QTest::qWait(20); // the refresh interval: events processed, the servers not asked
        }
        return false;
    }

private slots:
    void initTestCase() {
        m_config = test::isolatedNamespace(test::uniqueName(QStringLiteral("tst_hist")));
        m_monitorConfig.config = m_config;
        m_monitorConfig.redisPatterns = {QString::fromStdString(m_config.ns) +
                                         QStringLiteral("*[lL][oO][cC][kK]*")};
        PgConnection c(m_config.postgres);
        ShopSchema::migrate(c, m_config.pgSchema());
        m_monitor = std::make_unique<LockMonitor>(m_monitorConfig);
        HistorySettings s;
        s.path = m_dir.filePath(QStringLiteral("history.sqlite"));
        m_recorder = std::make_unique<HistoryRecorder>(s);
        QString error;
        QVERIFY2(m_recorder->open(&error), qPrintable(error));
        refresh();
    }

    void takeAndRelease_data() {
        QTest::addColumn<QString>("strategy");
        for (const char* s : {"redis", "zookeeper", "pg-advisory", "lease"})
            QTest::newRow(s) << QString::fromLatin1(s);
    }

    void takeAndRelease() {
        QFETCH(QString, strategy);
        const QString resource = QStringLiteral("hist-%1").arg(strategy);
        auto lock = LockStrategy::create(strategy, m_config);
        const int64_t beforeAcquire = nowMs();
        auto handle = lock->acquire(resource.toStdString(), LockOptions{30s, 5s});
        const int64_t acquired = nowMs();
        QVERIFY(handle);
        QVERIFY2(refreshUntil(resource, true), "the hold was never recorded");
        HoldRecord h = recorded(resource).back();
        QVERIFY(!h.holder.isEmpty());
        QCOMPARE(h.end, HoldEnd::Open);
        // Start: no earlier than the acquisition began, no later than one refresh after it.
        QVERIFY2(h.startMs >= beforeAcquire - 20 && h.startMs <= acquired + m_longestGapMs + 20,
                 qPrintable(QStringLiteral("start %1, acquire %2..%3, refresh gap %4")
                                .arg(h.startMs)
                                .arg(beforeAcquire)
                                .arg(acquired)
                                .arg(m_longestGapMs)));

        const int64_t beforeRelease = nowMs();
        QCOMPARE(lock->release(*handle), LockStrategy::ReleaseResult::Released);
        const int64_t released = nowMs();
        QVERIFY2(refreshUntil(resource, false), "the release was never recorded");
        h = recorded(resource).back();
        QCOMPARE(recorded(resource).size(), size_t(1)); // one hold, one row
        QCOMPARE(holdEndName(h.end), holdEndName(HoldEnd::Released));
        QVERIFY2(h.endMs >= beforeRelease - 20 && h.endMs <= released + m_longestGapMs + 20,
                 qPrintable(QStringLiteral("end %1, release %2..%3, refresh gap %4")
                                .arg(h.endMs)
                                .arg(beforeRelease)
                                .arg(released)
                                .arg(m_longestGapMs)));
    }

    void leaseLeftToExpireIsExpired() {
        const QString resource = QStringLiteral("hist-expiring");
        auto lock = LockStrategy::create(QStringLiteral("redis"), m_config);
        auto handle = lock->acquire(resource.toStdString(), LockOptions{1500ms, 5s});
        const int64_t deadline = nowMs() + 1500;
        QVERIFY(handle);
        QVERIFY(refreshUntil(resource, true));
        // Never renewed, never released: Redis deletes the key at its deadline.
        QVERIFY2(refreshUntil(resource, false), "the expiry was never recorded");
        const HoldRecord h = recorded(resource).back();
        QCOMPARE(holdEndName(h.end), holdEndName(HoldEnd::Expired));
        QVERIFY2(h.endMs >= deadline - 100 && h.endMs <= deadline + m_longestGapMs + 100,
                 qPrintable(QStringLiteral("end %1, deadline %2").arg(h.endMs).arg(deadline)));
    }

    void statsOfWhatWasRecorded() {
        qInfo("the longest refresh (what \"one refresh\" allowed): %lld ms",
              qint64(m_longestGapMs));
        const int64_t now = nowMs();
        HistoryStore::Query q;
        q.sinceMs = now - 3'600'000;
        q.untilMs = now;
        const HistoryStatsReport r = HistoryStats::compute(
            m_recorder->store().holds(q), m_recorder->store().waits(q), q.sinceMs, q.untilMs);
        int expiries = 0;
        int acquisitions = 0;
        for (const HoldGroupStats& s : r.resources) {
            if (!s.resource.startsWith(u"hist-"))
                continue;
            acquisitions += s.acquisitions;
            expiries += s.expiries;
            QCOMPARE(s.acquisitions, 1);
            QCOMPARE(s.holdMs.count, 1);
        }
        QCOMPARE(acquisitions, 5);
        QCOMPARE(expiries, 1);
    }

    void cliJsonShapes() {
        const QString db = m_dir.filePath(QStringLiteral("history.sqlite"));
        QByteArray out;
        QCOMPARE(test::runCli({QStringLiteral("locks"), QStringLiteral("history"),
                               QStringLiteral("--json"), QStringLiteral("--since"),
                               QStringLiteral("1h"), QStringLiteral("--history-db"), db},
                              &out),
                 0);
        const QJsonObject history = QJsonDocument::fromJson(out).object();
        for (const char* key :
             {"db", "since_ms", "until_ms", "holds", "waits", "outages", "actions"})
            QVERIFY2(history.contains(QLatin1String(key)), key);
        QVERIFY(history.value(QStringLiteral("holds")).toArray().size() >= 5);
        // --resource narrows to one lock's holds.
        QCOMPARE(test::runCli({QStringLiteral("locks"), QStringLiteral("history"),
                               QStringLiteral("--json"), QStringLiteral("--resource"),
                               QStringLiteral("hist-redis"), QStringLiteral("--history-db"), db},
                              &out),
                 0);
        QCOMPARE(
            QJsonDocument::fromJson(out).object().value(QStringLiteral("holds")).toArray().size(),
            1);
        QCOMPARE(test::runCli({QStringLiteral("locks"), QStringLiteral("stats"),
                               QStringLiteral("--json"), QStringLiteral("--history-db"), db},
                              &out),
                 0);
        const QJsonObject stats = QJsonDocument::fromJson(out).object();
        for (const char* key : {"resources", "kinds", "hottest", "longest_held"})
            QVERIFY2(stats.value(QLatin1String(key)).isArray(), key);
        bool seen = false;
        for (const QJsonValue& v : stats.value(QStringLiteral("resources")).toArray()) {
            const QJsonObject o = v.toObject();
            if (o.value(QStringLiteral("resource")).toString() != u"hist-expiring")
                continue;
            seen = true;
            QCOMPARE(o.value(QStringLiteral("backend")).toString(), QStringLiteral("redis"));
            QCOMPARE(o.value(QStringLiteral("acquisitions")).toInt(), 1);
            QCOMPARE(o.value(QStringLiteral("expiries")).toInt(), 1);
            const QJsonObject hold = o.value(QStringLiteral("hold_ms")).toObject();
            QCOMPARE(hold.value(QStringLiteral("count")).toInt(), 1);
            QVERIFY(hold.value(QStringLiteral("p50")).toInteger() >= 1000);
            QCOMPARE(hold.value(QStringLiteral("p95")), hold.value(QStringLiteral("max")));
        }
        QVERIFY(seen);
        // Bad --since: a usage error naming the option.
        QByteArray err;
        QCOMPARE(test::runCli({QStringLiteral("locks"), QStringLiteral("stats"),
                               QStringLiteral("--since"), QStringLiteral("yesterday"),
                               QStringLiteral("--history-db"), db},
                              nullptr, &err),
                 2);
        QVERIFY(err.contains("--since"));
        // No store there: an error, not an empty answer.
        QCOMPARE(test::runCli({QStringLiteral("locks"), QStringLiteral("history"),
                               QStringLiteral("--history-db"),
                               m_dir.filePath(QStringLiteral("missing.sqlite"))},
                              nullptr, &err),
                 1);
    }

    void watchRecordHeadless() {
        const QString db = m_dir.filePath(QStringLiteral("watch.sqlite"));
        QProcess watch;
        watch.setProgram(qEnvironmentVariable("LOCKSCOPE_CLI"));
        watch.setArguments(
            {QStringLiteral("locks"), QStringLiteral("watch"), QStringLiteral("--record"),
             QStringLiteral("--history-db"), db, QStringLiteral("--interval-ms"),
             QStringLiteral("100"), QStringLiteral("--backend"), QStringLiteral("redis"),
             QStringLiteral("--redis-pattern"),
             QString::fromStdString(m_config.ns) + QStringLiteral("*"), QStringLiteral("--sandbox"),
             test::sandbox().dir, QStringLiteral("--ns"), QString::fromStdString(m_config.ns)});
        watch.start();
        QVERIFY(watch.waitForStarted(5000));
        auto lock = LockStrategy::create(QStringLiteral("redis"), m_config);
        // The store exists once the watcher opened it; its first refresh follows.
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(db), 10000);
        auto handle = lock->acquire("hist-watched", LockOptions{30s, 5s});
        QVERIFY(handle);
        // The file exists a moment before its tables: wait until it reads as a history.
        std::unique_ptr<HistoryStore> store;
        QTRY_VERIFY_WITH_TIMEOUT(([&] {
                                     store = std::make_unique<HistoryStore>(db);
                                     QString error;
                                     return store->openForReading(&error);
                                 })(),
                                 10000);
        HistoryStore& reader = *store;
        HistoryStore::Query q;
        q.resource = QStringLiteral("hist-watched");
        QTRY_VERIFY_WITH_TIMEOUT(reader.holds(q).size() == 1 && reader.holds(q).back().isOpen(),
                                 10000);
        QCOMPARE(lock->release(*handle), LockStrategy::ReleaseResult::Released);
        QTRY_VERIFY_WITH_TIMEOUT(reader.holds(q).size() == 1 && !reader.holds(q).back().isOpen(),
                                 10000);
        QCOMPARE(holdEndName(reader.holds(q).back().end), holdEndName(HoldEnd::Released));
        ::kill(pid_t(watch.processId()), SIGINT);
        QVERIFY(watch.waitForFinished(10000));
        QCOMPARE(watch.exitCode(), 0);
    }
};

QTEST_GUILESS_MAIN(TestHistoryRecord)
#include "tst_historyrecord.moc"
