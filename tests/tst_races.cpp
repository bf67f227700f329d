#include "core/demo/demoengine.h"
#include "core/demo/demohistory.h"
#include "core/locks/lockstrategy.h"
#include "core/shop/cartstore.h"
#include "core/shop/paymentledger.h"
#include "core/shop/racepurchaser.h"
#include "tests/support/testenv.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>
#include <set>

using namespace lockscope;
using namespace std::chrono_literals;
using Race = DemoScenario::Race;

/// The shop's other two races (issue 15): double charge and cart discount, against the sandbox's
/// real PostgreSQL (the ledger, the carts) and lock servers.
class TestRaces : public QObject {
    Q_OBJECT
    NamespaceConfig m_config;

    DemoResult run(const DemoScenario& s, const QString& history = {}) {
        DemoEngine::Options o;
        o.config = m_config;
        o.workerProgram = qEnvironmentVariable("LOCKSCOPE_CLI");
        o.historyFile = history;
        DemoEngine engine(o);
        return engine.run(s);
    }
    /// Every order (cart) reached by all buyers at about the same time, a wide window.
    static DemoScenario race(Race race, const QString& strategy) {
        DemoScenario s;
        s.race = race;
        s.strategy = strategy;
        s.buyers = 4;
        s.items = 3;
        s.pay = 50ms;
        return s;
    }
    static QString describe(const DemoResult& r) {
        return QString::fromUtf8(QJsonDocument(r.toJson()).toJson(QJsonDocument::Compact));
    }
    int cli(const QStringList& args, QByteArray* out) {
        return test::runCliIn(m_config, args, out);
    }
    /// Sum over the run's orders of max(0, charges - 1), read from the ledger here.
    int extraChargesInDb(const DemoScenario& s) {
        const auto ledger = PaymentLedger::create(m_config);
        int extra = 0;
        for (int i = 0; i < s.items; ++i)
            extra += std::max(0, ledger->charges(s.itemId(i)) - 1);
        return extra;
    }

private slots:
    void initTestCase() { m_config = test::isolatedNamespace(QStringLiteral("tst_races")); }

    void withoutProtectionTheAnomalyHappens_data() {
        QTest::addColumn<int>("race");
        QTest::newRow("double-charge") << int(Race::DoubleCharge);
        QTest::newRow("cart") << int(Race::Cart);
    }
    void withoutProtectionTheAnomalyHappens() {
        QFETCH(int, race);
        const DemoScenario s = this->race(Race(race), QStringLiteral("none"));
        const DemoResult r = run(s);
        QVERIFY2(r.verdictError.isEmpty(), qPrintable(r.verdictError));
        QVERIFY2(!r.verdict.invariantsOk, qPrintable(describe(r)));
        QCOMPARE(r.verdict.oversold, 0);
        QCOMPARE(r.attempted, s.buyers * s.items);
        if (Race(race) == Race::DoubleCharge) {
            QVERIFY2(r.verdict.extraCharges > 0, qPrintable(describe(r)));
            // The verdict is the database's: the ledger read here says the same.
            QCOMPARE(extraChargesInDb(s), r.verdict.extraCharges);
            QCOMPARE(r.verdict.extraDiscountUses, 0);
            QCOMPARE(r.verdict.lostCartUpdates, 0);
        } else {
            QVERIFY2(r.verdict.extraDiscountUses > 0, qPrintable(describe(r)));
            QVERIFY2(r.verdict.lostCartUpdates > 0, qPrintable(describe(r)));
            QCOMPARE(r.verdict.extraCharges, 0);
            const auto carts = CartStore::create(m_config);
            int uses = 0, added = 0;
            for (int i = 0; i < s.items; ++i) {
                const CartStore::Cart c = carts->read(s.itemId(i));
                uses += std::max(0, c.discountUses - 1);
                added += c.qty - RacePurchaser::kInitialCartQty;
            }
            QCOMPARE(uses, r.verdict.extraDiscountUses);
            QCOMPARE(r.succeeded - added, r.verdict.lostCartUpdates);
        }
        const QJsonObject a = r.toJson().value(QStringLiteral("anomalies")).toObject();
        QCOMPARE(a.value(QStringLiteral("extra_charges")).toInt(), r.verdict.extraCharges);
        QCOMPARE(a.value(QStringLiteral("lost_cart_updates")).toInt(), r.verdict.lostCartUpdates);
    }

    void everyProtectionPreventsIt_data() {
        QTest::addColumn<int>("race");
        QTest::addColumn<QString>("strategy");
        for (const Race race : {Race::DoubleCharge, Race::Cart})
            for (const QString& s :
                 QStringList{QStringLiteral("idempotency")} + LockStrategy::lockingNames())
                QTest::newRow(qPrintable(DemoScenario::raceName(race) + u'/' + s))
                    << int(race) << s;
    }
    void everyProtectionPreventsIt() {
        QFETCH(int, race);
        QFETCH(QString, strategy);
        DemoScenario s = this->race(Race(race), strategy);
        s.pay = 10ms;
        const DemoResult r = run(s);
        QVERIFY2(r.verdict.invariantsOk, qPrintable(describe(r)));
        QVERIFY2(r.infraFailure().isEmpty(), qPrintable(r.infraFailure()));
        QCOMPARE(r.verdict.extraCharges, 0);
        QCOMPARE(r.verdict.extraDiscountUses, 0);
        QCOMPARE(r.verdict.lostCartUpdates, 0);
        QCOMPARE(r.errors, 0);
        if (Race(race) == Race::DoubleCharge) {
            // Every order charged exactly once; the other confirmations found it paid (or,
            // with the idempotency key, were refused).
            const auto ledger = PaymentLedger::create(m_config);
            for (int i = 0; i < s.items; ++i)
                QCOMPARE(ledger->charges(s.itemId(i)), 1);
            QCOMPARE(r.succeeded, s.items);
            QCOMPARE(r.rejected, s.items * (s.buyers - 1));
            if (strategy == u"idempotency") {
                // Without a lock, the race is refused by the UNIQUE key at least once.
                const bool refused =
                    std::any_of(r.history.begin(), r.history.end(), [](const PurchaseRecord& p) {
                        return p.write == PurchaseRecord::StockWrite::Duplicate;
                    });
                QVERIFY2(refused, qPrintable(describe(r)));
            }
        } else {
            // Every tab's add is in the cart, the code used once.
            const auto carts = CartStore::create(m_config);
            for (int i = 0; i < s.items; ++i) {
                const CartStore::Cart c = carts->read(s.itemId(i));
                QCOMPARE(c.qty, RacePurchaser::kInitialCartQty + s.buyers);
                QCOMPARE(c.discountUses, 1);
            }
            QCOMPARE(r.succeeded, s.items * s.buyers);
        }
    }

    void fencingRefusesAPausedHoldersLateCharge() {
        // Two payment workers, each paused past its lease after reading "unpaid": the second
        // takes the lock while the first sleeps. Without fencing both charge; with it the first
        // one's late charge is refused by the ledger.
        DemoScenario s = race(Race::DoubleCharge, QStringLiteral("redis"));
        s.buyers = 2;
        s.items = 1;
        s.pay = 0ms;
        s.lease = 150ms;
        s.fault = DemoScenario::Fault::Pause;
        s.faultRate = 1.0;
        s.faultDuration = 600ms;
        s.fencing = false;
        const DemoResult off = run(s);
        QVERIFY2(off.verdict.extraCharges > 0, qPrintable(describe(off)));
        s.fencing = true;
        const DemoResult on = run(s);
        QVERIFY2(on.verdict.invariantsOk, qPrintable(describe(on)));
        QCOMPARE(on.verdict.extraCharges, 0);
        QVERIFY2(on.fenced > 0, qPrintable(describe(on)));
        QCOMPARE(extraChargesInDb(s), 0);
    }

    void workerProcessesPlayTheRace() {
        // Worker processes get the race from DemoScenario::toCliArgs.
        DemoScenario s = race(Race::Cart, QStringLiteral("pg-row"));
        s.processes = 2;
        s.pay = 10ms;
        const DemoResult r = run(s);
        QVERIFY2(r.verdict.invariantsOk, qPrintable(describe(r)));
        QCOMPARE(r.crashedWorkers, 0);
        QCOMPARE(r.succeeded, s.items * s.buyers);
        std::set<int> buyers;
        for (const PurchaseRecord& p : r.history)
            buyers.insert(p.buyer);
        QCOMPARE(int(buyers.size()), s.buyers);
    }

    void cliJsonAndVerify_data() {
        QTest::addColumn<QString>("race");
        QTest::addColumn<QString>("strategy");
        QTest::addColumn<bool>("ok");
        QTest::newRow("double-charge/none") << "double-charge"
                                            << "none" << false;
        QTest::newRow("double-charge/pg-advisory") << "double-charge"
                                                   << "pg-advisory" << true;
        QTest::newRow("cart/none") << "cart"
                                   << "none" << false;
        QTest::newRow("cart/idempotency") << "cart"
                                          << "idempotency" << true;
    }
    void cliJsonAndVerify() {
        QFETCH(QString, race);
        QFETCH(QString, strategy);
        QFETCH(bool, ok);
        QTemporaryDir dir;
        const QString history = dir.filePath(QStringLiteral("run.jsonl"));
        QByteArray out;
        QCOMPARE(cli({QStringLiteral("demo"), QStringLiteral("--scenario"), race,
                      QStringLiteral("--strategy"), strategy, QStringLiteral("--buyers"),
                      QStringLiteral("4"), QStringLiteral("--items"), QStringLiteral("3"),
                      QStringLiteral("--pay-ms"), QStringLiteral("50"), QStringLiteral("--history"),
                      history, QStringLiteral("--json")},
                     &out),
                 0);
        const QJsonObject o = QJsonDocument::fromJson(out).object();
        QCOMPARE(o.value(QStringLiteral("scenario")).toString(), race);
        QCOMPARE(o.value(QStringLiteral("invariants_ok")).toBool(), ok);
        const QJsonObject a = o.value(QStringLiteral("anomalies")).toObject();
        for (const char* key :
             {"oversold", "extra_charges", "extra_discount_uses", "lost_cart_updates"})
            QVERIFY2(a.value(QLatin1String(key)).isDouble(), key);
        QCOMPARE(a.value(QStringLiteral("oversold")).toInt(), 0);
        int total = 0;
        for (auto it = a.begin(); it != a.end(); ++it)
            total += it.value().toInt();
        QCOMPARE(total > 0, !ok);
        // The history's header says the race; verify recomputes the anomalies from the records
        // and finds the servers' figures.
        const DemoHistory::Loaded h = DemoHistory::load(history);
        QCOMPARE(DemoScenario::raceName(h.race()), race);
        QCOMPARE(int(h.records.size()), 12);
        // (verify reads the file only: no --sandbox, --ns)
        QCOMPARE(test::runCli({QStringLiteral("demo"), QStringLiteral("verify"),
                               QStringLiteral("--history"), history, QStringLiteral("--json")},
                              &out),
                 0);
        const QJsonObject v = QJsonDocument::fromJson(out).object();
        QCOMPARE(v.value(QStringLiteral("agrees_with_servers")).toBool(), true);
        QCOMPARE(v.value(QStringLiteral("anomalies")).toObject(), a);
        QCOMPARE(v.value(QStringLiteral("invariants_ok")).toBool(), ok);
        // Text output names the anomaly.
        QCOMPARE(cli({QStringLiteral("demo"), QStringLiteral("--scenario"), race,
                      QStringLiteral("--strategy"), strategy, QStringLiteral("--buyers"),
                      QStringLiteral("4"), QStringLiteral("--items"), QStringLiteral("3"),
                      QStringLiteral("--pay-ms"), QStringLiteral("50")},
                     &out),
                 0);
        const QString text = QString::fromUtf8(out);
        if (!ok && race == u"double-charge")
            QVERIFY2(text.contains(QStringLiteral("CHARGED TWICE")), qPrintable(text));
        if (!ok && race == u"cart")
            QVERIFY2(text.contains(QStringLiteral("DISCOUNT USED AGAIN")) ||
                         text.contains(QStringLiteral("CART UPDATES LOST")),
                     qPrintable(text)); // a run of its own: either anomaly may show
        if (ok)
            QVERIFY2(text.contains(QStringLiteral("invariants hold")), qPrintable(text));
    }

    void compareRunsTheRacesStrategies() {
        QByteArray out;
        QCOMPARE(
            cli({QStringLiteral("demo"), QStringLiteral("compare"), QStringLiteral("--scenario"),
                 QStringLiteral("double-charge"), QStringLiteral("--strategies"),
                 QStringLiteral("none,idempotency,zookeeper"), QStringLiteral("--buyers"),
                 QStringLiteral("3"), QStringLiteral("--items"), QStringLiteral("2"),
                 QStringLiteral("--pay-ms"), QStringLiteral("50"), QStringLiteral("--json")},
                &out),
            0);
        const QJsonArray arr = QJsonDocument::fromJson(out).array();
        QCOMPARE(arr.size(), 3);
        QVERIFY(arr[0]
                    .toObject()
                    .value(QStringLiteral("anomalies"))
                    .toObject()
                    .value(QStringLiteral("extra_charges"))
                    .toInt() > 0);
        QCOMPARE(arr[1].toObject().value(QStringLiteral("invariants_ok")).toBool(), true);
        QCOMPARE(arr[2].toObject().value(QStringLiteral("invariants_ok")).toBool(), true);
    }

    void badArguments_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("says");
        QTest::newRow("redis store")
            << QStringList{"--scenario", "cart", "--strategy", "redis", "--store", "redis"}
            << "--store postgres";
        QTest::newRow("zookeeper store") << QStringList{"--scenario", "double-charge", "--strategy",
                                                        "none",       "--store",       "zookeeper"}
                                         << "--store postgres";
        QTest::newRow("atomic") << QStringList{"--scenario", "double-charge", "--strategy",
                                               "atomic"}
                                << "idempotency";
        QTest::newRow("idempotency for stock")
            << QStringList{"--scenario", "stock", "--strategy", "idempotency"} << "atomic";
        QTest::newRow("unknown race")
            << QStringList{"--scenario", "refund", "--strategy", "none"} << "double-charge";
        QTest::newRow("compare atomic")
            << QStringList{"compare", "--scenario", "cart", "--strategies", "none,atomic"}
            << "idempotency";
    }
    void badArguments() {
        QFETCH(QStringList, args);
        QFETCH(QString, says);
        QTemporaryDir dir;
        const QString history = dir.filePath(QStringLiteral("run.jsonl"));
        QByteArray out, err;
        QCOMPARE(test::runCli(QStringList{QStringLiteral("demo")} + args +
                                  QStringList{QStringLiteral("--history"), history},
                              &out, &err),
                 2);
        QVERIFY2(QString::fromUtf8(err).contains(says), err.constData());
        QVERIFY(!QFile::exists(history)); // nothing run, nothing written
    }
};

QTEST_GUILESS_MAIN(TestRaces)
#include "tst_races.moc"
