#include "core/demo/chaosmatrix.h"
#include "core/demo/demoengine.h"
#include "tests/support/faultsandbox.h"
#include "tests/support/testenv.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <stdexcept>

using namespace lockscope;
using namespace std::chrono_literals;
using Fault = DemoScenario::Fault;
using Outcome = PurchaseRecord::Outcome;

/// `--fault partition` and `chaos matrix` against the fixture's real servers (issue 12). Every
/// partition scenario here has every attempt struck (fault rate 1), 2 buyers for 1 unit, a lease
/// of 500 ms and a partition of 1 s (2 x lease): the first holder's lease has run out, and the
/// second buyer has taken the lock and read the stock, long before the first one writes; so
/// what follows is decided by the timing margins of the scenario, not by luck.
class TestChaos : public QObject {
    Q_OBJECT

    static DemoScenario partitioned(const QString& strategy, bool fencing) {
        DemoScenario s;
        s.strategy = strategy;
        s.buyers = 2;
        s.stock = 1;
        s.attempts = 2;
        s.pay = 10ms;
        s.lease = 500ms;
        s.fencing = fencing;
        s.fault = Fault::Partition;
        s.faultRate = 1;
        return s;
    }

    static DemoResult run(const DemoScenario& s, const QString& prefix) {
        DemoEngine::Options o;
        o.config = test::isolatedNamespace(prefix);
        DemoEngine engine(o);
        return engine.run(s);
    }

    /// Every buyer survived (issue 11's rule: a failure is a record): each made all its
    /// attempts, or stopped because the item sold out.
    static void everyBuyerFinished(const DemoResult& r) {
        for (int b = 0; b < r.scenario.buyers; ++b) {
            std::vector<PurchaseRecord> own;
            std::copy_if(r.history.begin(), r.history.end(), std::back_inserter(own),
                         [&](const PurchaseRecord& p) { return p.buyer == b; });
            const bool soldOut = !own.empty() && own.back().outcome == Outcome::SoldOut;
            QVERIFY2(
                int(own.size()) == r.scenario.attempts || soldOut,
                qPrintable(QStringLiteral("buyer %1 made %2 attempts").arg(b).arg(own.size())));
        }
    }

    static QString faults(const DemoResult& r) {
        QStringList out;
        for (const FaultEvent& e : r.faults)
            out << QString::fromUtf8(QJsonDocument(e.toJson()).toJson(QJsonDocument::Compact));
        return out.join(u'\n');
    }

private slots:
    void redisPartitionFencingOnRefusesTheLateWrite() {
        const DemoResult r =
            run(partitioned(QStringLiteral("redis"), true), QStringLiteral("chaos"));
        QVERIFY2(r.infraFailure().isEmpty(), qPrintable(r.infraFailure()));
        everyBuyerFinished(r);
        QCOMPARE(r.verdict.oversold, 0);
        QCOMPARE(r.verdict.sold, 1);
        QVERIFY2(r.fenced >= 1, qPrintable(faults(r)));
        QCOMPARE(r.errors, 0);
        QVERIFY(!r.faults.empty());
        // The first holder: cut off for the whole second, its lease gone, the lock taken by the
        // other buyer before it wrote; its write refused.
        const FaultEvent& first = r.faults.front();
        QCOMPARE(first.fault, Fault::Partition);
        QVERIFY2(first.endUs - first.startUs >= 1000000, qPrintable(faults(r)));
        QVERIFY2(first.takenOver(), qPrintable(faults(r)));
        QVERIFY(first.takenOverUs > first.startUs && first.takenOverUs < first.endUs);
        QCOMPARE(first.outcome, Outcome::Fenced);
        QCOMPARE(first.release, PurchaseEvent::Note::NotOwnerAnyMore);
    }

    void redisPartitionFencingOffOversells() {
        const DemoResult r =
            run(partitioned(QStringLiteral("redis"), false), QStringLiteral("chaos"));
        QVERIFY2(r.infraFailure().isEmpty(), qPrintable(r.infraFailure()));
        everyBuyerFinished(r);
        // Both holders read the one unit before either wrote: both confirmed.
        QCOMPARE(r.verdict.sold, 2);
        QCOMPARE(r.verdict.oversold, 1);
        QCOMPARE(r.fenced, 0);
        const FaultEvent& first = r.faults.front();
        QVERIFY2(first.takenOver(), qPrintable(faults(r)));
        QCOMPARE(first.outcome, Outcome::Confirmed);
        QVERIFY(first.recoveryMs() >= 0);
    }

    void pgRowPartitionKeepsTheLockOnTheBlockedBackend() {
        const DemoResult r =
            run(partitioned(QStringLiteral("pg-row"), false), QStringLiteral("chaos"));
        QVERIFY2(r.infraFailure().isEmpty(), qPrintable(r.infraFailure()));
        everyBuyerFinished(r);
        // The row stays locked by the cut-off holder's backend: nobody else gets in, even
        // without fencing, and the late write is the only one.
        QCOMPARE(r.verdict.oversold, 0);
        QCOMPARE(r.verdict.sold, 1);
        QCOMPARE(r.faults.size(), size_t(1));
        QVERIFY2(!r.faults.front().takenOver(), qPrintable(faults(r)));
        QCOMPARE(r.faults.front().outcome, Outcome::Confirmed);
        QCOMPARE(r.faults.front().release, PurchaseEvent::Note::ReleasedOwn);
    }

    void zookeeperPartitionExpiresTheSession() {
        // Longer than the session timeout (10 s): the server expires the session and deletes
        // the holder's node; the other buyer gets the lock meanwhile.
        DemoScenario s = partitioned(QStringLiteral("zookeeper"), true);
        s.attempts = 1;
        s.faultDuration = 15000ms;
        s.wait = 30000ms;
        const DemoResult r = run(s, QStringLiteral("chaos"));
        QVERIFY2(r.infraFailure().isEmpty(), qPrintable(r.infraFailure()));
        everyBuyerFinished(r);
        QCOMPARE(r.verdict.oversold, 0);
        QVERIFY2(!r.faults.empty(), "no fault struck");
        const FaultEvent& first = r.faults.front();
        QVERIFY2(first.takenOver(), qPrintable(faults(r)));
        // Not before the session could have expired (the client pings every third of it).
        QVERIFY2(first.takenOverUs - first.startUs >= 3000000, qPrintable(faults(r)));
        QCOMPARE(first.outcome, Outcome::Fenced);
        // Its release finds its node gone: the session expired (or it cannot even ask).
        QVERIFY2(first.release != PurchaseEvent::Note::ReleasedOwn, qPrintable(faults(r)));
    }

    void storePartitionFailsTheWrite() {
        DemoScenario s = partitioned(QStringLiteral("redis"), true);
        s.partition = DemoScenario::PartitionTarget::Store;
        s.store = QStringLiteral("redis");
        s.stock = 2;
        s.attempts = 1;
        const DemoResult r = run(s, QStringLiteral("chaos"));
        everyBuyerFinished(r);
        QCOMPARE(r.verdict.oversold, 0);
        QVERIFY2(!r.faults.empty(), "no fault struck");
        for (const FaultEvent& e : r.faults) {
            QCOMPARE(e.outcome, Outcome::Error); // the write ran into the partition
            QVERIFY(!e.error.isEmpty());
        }
        QCOMPARE(r.errors, int(r.faults.size()));
        QCOMPARE(r.verdict.sold, 0); // nothing was written
    }

    void partitionRefusals() {
        DemoScenario none = partitioned(QStringLiteral("none"), false);
        QVERIFY(none.validate().contains(QStringLiteral("takes no lock")));
        DemoScenario processes = partitioned(QStringLiteral("redis"), true);
        processes.processes = 2;
        QVERIFY(processes.validate().contains(QStringLiteral("--processes")));
        NamespaceConfig cluster = test::isolatedNamespace(QStringLiteral("chaos"));
        cluster.redis = RedisUri::parse(QStringLiteral("redis-cluster://127.0.0.1:1,127.0.0.1:2"));
        const auto cells = ChaosMatrix::plan(cluster, partitioned(QStringLiteral("redis"), true),
                                             {QStringLiteral("redis"), QStringLiteral("none")},
                                             {Fault::Crash, Fault::Partition}, {true, false});
        QCOMPARE(cells.size(), size_t(8));
        for (const ChaosMatrix::Cell& c : cells) {
            const bool runs = c.strategy == u"redis" && c.fault == Fault::Crash;
            QVERIFY2(runs == c.skipped.isEmpty(), qPrintable(c.strategy + u' ' + c.skipped));
        }
        QVERIFY(cells[2].skipped.contains(QStringLiteral("redis-cluster")));
        DemoEngine::Options o;
        o.config = cluster;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 DemoEngine(o).run(partitioned(QStringLiteral("redis"), true)));
    }

    void serverRestart() {
        // Refused without a sandbox: LockScope restarts only servers it started.
        DemoScenario s = partitioned(QStringLiteral("redis"), true);
        s.fault = Fault::ServerRestart;
        s.buyers = 3;
        s.stock = 2;
        s.attempts = 0;
        s.lease = 1000ms;
        DemoEngine::Options o;
        o.config = test::isolatedNamespace(QStringLiteral("chaos"));
        try {
            DemoEngine(o).run(s);
            QFAIL("server-restart ran without a sandbox");
        } catch (const std::invalid_argument& e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("needs --sandbox")),
                     e.what());
        }
        // A private sandbox: its servers are restarted under the run.
        test::FaultSandbox box;
        QVERIFY2(box.ok(), qPrintable(box.error()));
        o.config = box.ns(QStringLiteral("chaos"));
        o.sandboxDir = box.dir();
        for (const bool fencing : {true, false}) {
            s.fencing = fencing;
            const DemoResult r = DemoEngine(o).run(s);
            const QString report = QString::fromUtf8(QJsonDocument(r.faultReport).toJson());
            QVERIFY2(!r.faultReport.contains(QStringLiteral("error")), qPrintable(report));
            // Redis without persistence comes back without the lock: a second holder wrote.
            QVERIFY2(r.faultReport.value(QStringLiteral("second_holder_wrote")).toBool(),
                     qPrintable(report));
            QCOMPARE(r.faults.size(), size_t(1));
            QVERIFY2(r.faults.front().takenOver(), qPrintable(faults(r)));
            if (fencing) {
                QCOMPARE(r.verdict.oversold, 0);
                QVERIFY2(r.fenced >= 1, qPrintable(faults(r)));
                QCOMPARE(r.faults.front().outcome, Outcome::Fenced);
            } else {
                QVERIFY2(r.verdict.oversold >= 1, qPrintable(faults(r)));
            }
        }
        // ZooKeeper comes back with its sessions: the holder keeps its lock.
        s.strategy = QStringLiteral("zookeeper");
        s.fencing = false;
        const DemoResult z = DemoEngine(o).run(s);
        QVERIFY2(!z.faultReport.contains(QStringLiteral("error")),
                 qPrintable(QJsonDocument(z.faultReport).toJson()));
        QVERIFY(!z.faultReport.value(QStringLiteral("second_holder_wrote")).toBool());
        QCOMPARE(z.verdict.oversold, 0);
        QCOMPARE(z.faults.size(), size_t(1));
        QVERIFY2(!z.faults.front().takenOver(), qPrintable(faults(z)));
    }

    void matrixJsonAgreesWithSingleRuns() {
        const NamespaceConfig ns = test::isolatedNamespace(QStringLiteral("chaos"));
        const QStringList scenario{QStringLiteral("--buyers"),     QStringLiteral("2"),
                                   QStringLiteral("--stock"),      QStringLiteral("1"),
                                   QStringLiteral("--attempts"),   QStringLiteral("2"),
                                   QStringLiteral("--pay-ms"),     QStringLiteral("10"),
                                   QStringLiteral("--lease-ms"),   QStringLiteral("500"),
                                   QStringLiteral("--fault-rate"), QStringLiteral("1")};
        QByteArray out;
        QCOMPARE(
            test::runCliIn(ns,
                           QStringList{QStringLiteral("chaos"), QStringLiteral("matrix"),
                                       QStringLiteral("--json"), QStringLiteral("--strategies"),
                                       QStringLiteral("redis,none"), QStringLiteral("--faults"),
                                       QStringLiteral("partition")} +
                               scenario,
                           &out),
            0);
        QJsonParseError err;
        const QJsonArray rows = QJsonDocument::fromJson(out, &err).array();
        QVERIFY2(err.error == QJsonParseError::NoError, qPrintable(err.errorString()));
        QCOMPARE(rows.size(), 4); // redis on/off run; none is skipped twice, saying why
        int ran = 0;
        for (const QJsonValue& v : rows) {
            const QJsonObject row = v.toObject();
            for (const char* key :
                 {"strategy", "fault", "fencing", "oversold", "overlapping_holds", "fenced_writes",
                  "failed_purchases", "time_to_recover_ms", "skipped"})
                QVERIFY2(row.contains(QLatin1String(key)), key);
            QCOMPARE(row.value(QStringLiteral("fault")).toString(), QStringLiteral("partition"));
            if (row.value(QStringLiteral("strategy")).toString() == u"none") {
                QVERIFY(row.value(QStringLiteral("skipped"))
                            .toString()
                            .contains(QStringLiteral("takes no lock")));
                QVERIFY(row.value(QStringLiteral("oversold")).isNull());
                continue;
            }
            ++ran;
            QVERIFY(row.value(QStringLiteral("skipped")).isNull());
            const bool fencing = row.value(QStringLiteral("fencing")).toBool();
            // The same scenario through `demo`: the same figures.
            QByteArray single;
            QCOMPARE(
                test::runCliIn(ns,
                               QStringList{QStringLiteral("demo"), QStringLiteral("--json"),
                                           QStringLiteral("--strategy"), QStringLiteral("redis"),
                                           QStringLiteral("--fault"), QStringLiteral("partition"),
                                           QStringLiteral("--fencing"),
                                           fencing ? QStringLiteral("on") : QStringLiteral("off")} +
                                   scenario,
                               &single),
                0);
            const QJsonObject d = QJsonDocument::fromJson(single).object();
            QCOMPARE(row.value(QStringLiteral("oversold")).toInt(),
                     d.value(QStringLiteral("oversold")).toInt());
            QCOMPARE(row.value(QStringLiteral("fenced_writes")).toInt(),
                     d.value(QStringLiteral("failures")).toObject().value("fenced").toInt());
            QCOMPARE(row.value(QStringLiteral("failed_purchases")).toInt(),
                     d.value(QStringLiteral("failed")).toInt());
            QCOMPARE(row.value(QStringLiteral("faults_taken_over")).toInt(),
                     d.value(QStringLiteral("faults_taken_over")).toInt());
            QCOMPARE(row.value(QStringLiteral("oversold")).toInt(), fencing ? 0 : 1);
            QVERIFY(row.value(QStringLiteral("overlapping_holds")).toInt() >= 1);
            if (fencing)
                QVERIFY(row.value(QStringLiteral("fenced_writes")).toInt() >= 1);
        }
        QCOMPARE(ran, 2);
    }
};

QTEST_GUILESS_MAIN(TestChaos)
#include "tst_chaos.moc"
