#include "connectors/pgconnection.h"
#include "core/locks/lockstrategy.h"
#include "core/readonlyrefusal.h"
#include "core/shop/inventory.h"
#include "core/shop/purchaser.h"
#include "core/shop/shopschema.h"
#include "tests/support/testenv.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QScopeGuard>
#include <QTest>
#include <condition_variable>
#include <mutex>
#include <pqxx/pqxx>
#include <thread>

using namespace lockscope;
using namespace std::chrono_literals;

/// A one-shot gate: the paused holder blocks in hold() until the test opens it.
struct Gate {
    std::mutex m;
    std::condition_variable cv;
    bool open = false;
    bool entered = false;
    void enterAndWait() {
        std::unique_lock lock(m);
        entered = true;
        cv.notify_all();
        cv.wait(lock, [this] { return open; });
    }
    bool waitEntered(std::chrono::milliseconds timeout) {
        std::unique_lock lock(m);
        return cv.wait_for(lock, timeout, [this] { return entered; });
    }
    void release() {
        std::lock_guard lock(m);
        open = true;
        cv.notify_all();
    }
};

class TestShop : public QObject {
    Q_OBJECT
    NamespaceConfig m_config;

private slots:
    void initTestCase() {
        m_config = test::isolatedNamespace(QStringLiteral("tst_shop"));
        Inventory::load(m_config, Inventory::demoItems(), StockStore::names());
    }

    void schemaMigrationIsIdempotent() {
        PgConnection c(m_config.postgres);
        ShopSchema::migrate(c, m_config.pgSchema());
        ShopSchema::migrate(c, m_config.pgSchema());
        QCOMPARE(ShopSchema::version(c, m_config.pgSchema()), ShopSchema::latestVersion());
        QVERIFY(ShopSchema::latestVersion() >= 1);
        QVERIFY(!ShopSchema::isValidName("x; DROP TABLE y"));
    }

    /// Read-only: core refuses every write before it happens (stock, purchases), whoever calls,
    /// and the CLI exits 4 with the data unchanged.
    void readOnlyChangesNoStock() {
        Inventory::load(m_config, {{11, "ro item", 5}}, StockStore::names());
        NamespaceConfig ro = m_config;
        ro.readOnly = true;
        QVERIFY_THROWS_EXCEPTION(ReadOnlyRefusal,
                                 Inventory::load(ro, {{11, "ro item", 99}}, StockStore::names()));
        QVERIFY_THROWS_EXCEPTION(
            ReadOnlyRefusal, Purchaser(ro, QStringLiteral("atomic"), QStringLiteral("postgres")));
        QVERIFY_THROWS_EXCEPTION(ReadOnlyRefusal,
                                 LockStrategy::create(QStringLiteral("redis"), ro));
        auto stockOf = [&](const QString& store) {
            for (const auto& r : Inventory::list(m_config, {store}))
                if (r.id == 11)
                    return r.stock.value_or(-1);
            return -2;
        };
        for (const QString& s : StockStore::names())
            QCOMPARE(stockOf(s), 5);

        const QStringList setStock{QStringLiteral("shop"),    QStringLiteral("set-stock"),
                                   QStringLiteral("--item"),  QStringLiteral("11"),
                                   QStringLiteral("--stock"), QStringLiteral("42")};
        QByteArray out, err;
        QCOMPARE(
            test::runCliIn(m_config, setStock + QStringList{QStringLiteral("--read-only")}, &out),
            4);
        for (const QString& s : StockStore::names())
            QCOMPARE(stockOf(s), 5);
        // The global form, before the command.
        QCOMPARE(test::runCli(QStringList{QStringLiteral("--read-only")} + setStock +
                                  QStringList{QStringLiteral("--sandbox"),
                                              qEnvironmentVariable("LOCKSCOPE_SANDBOX_DIR"),
                                              QStringLiteral("--ns"),
                                              QString::fromStdString(m_config.ns)},
                              &out, &err),
                 4);
        QVERIFY2(err.contains("read-only"), err.constData());
        QCOMPARE(test::runCliIn(m_config, {QStringLiteral("shop"), QStringLiteral("load-demo"),
                                           QStringLiteral("--read-only")}),
                 4);
        QCOMPARE(test::runCliIn(m_config, {QStringLiteral("demo"), QStringLiteral("--strategy"),
                                           QStringLiteral("redis"), QStringLiteral("--read-only")}),
                 4);
        for (const QString& s : StockStore::names())
            QCOMPARE(stockOf(s), 5);
        // And without read-only the same command writes.
        QCOMPARE(test::runCliIn(m_config, setStock), 0);
        for (const QString& s : StockStore::names())
            QCOMPARE(stockOf(s), 42);
    }

    void purchaseReportsEachStep() {
        Inventory::load(m_config, {{10, "step item", 2}}, {QStringLiteral("redis")});
        Purchaser p(m_config, QStringLiteral("redis"), QStringLiteral("redis"));
        std::vector<PurchaseEvent::Step> steps;
        PurchaseRequest r;
        r.item = 10;
        r.runId = "steps";
        r.pay = 20ms;
        const PurchaseResult res =
            p.purchase(r, [&](const PurchaseEvent& e) { steps.push_back(e.step); });
        using S = PurchaseEvent::Step;
        QCOMPARE(res.outcome, PurchaseResult::Outcome::Confirmed);
        QCOMPARE(steps, (std::vector<S>{S::WaitingForLock, S::Acquired, S::ReadStock, S::Paying,
                                        S::WroteStock, S::Released, S::Done}));
        QVERIFY(res.token > 0);
        QCOMPARE(p.store().read(10), 1);
        QCOMPARE(p.orders().confirmedQuantity("steps", 10), 1);
    }

    void soldOutIsRejected() {
        Inventory::load(m_config, {{11, "one left", 1}}, {QStringLiteral("postgres")});
        Purchaser p(m_config, QStringLiteral("pg-row"), QStringLiteral("postgres"));
        PurchaseRequest r;
        r.item = 11;
        r.runId = "soldout";
        QCOMPARE(p.purchase(r).outcome, PurchaseResult::Outcome::Confirmed);
        QCOMPARE(p.purchase(r).outcome, PurchaseResult::Outcome::SoldOut);
        const auto orders = p.orders().orders("soldout");
        QCOMPARE(orders.size(), size_t(2));
        QCOMPARE(orders[1].status, std::string("rejected"));
        QCOMPARE(orders[1].reason, std::string("sold out"));
        QCOMPARE(p.store().read(11), 0);
    }

    /// The classic: A takes the lock, reads stock 1, stalls past its lease; B takes the lock,
    /// buys the last item; A wakes and writes. With fencing A's write is refused.
    void pausedHolderIsFencedOff_data() {
        QTest::addColumn<QString>("strategy");
        QTest::addColumn<QString>("store");
        QTest::addColumn<bool>("fencing");
        for (const QString& strategy : {QStringLiteral("redis"), QStringLiteral("lease")})
            for (const QString& store : StockStore::names())
                for (bool fencing : {true, false})
                    QTest::newRow(qPrintable(
                        QStringLiteral("%1/%2/%3")
                            .arg(strategy, store,
                                 fencing ? QStringLiteral("fenced") : QStringLiteral("unfenced"))))
                        << strategy << store << fencing;
    }
    void pausedHolderIsFencedOff() {
        QFETCH(QString, strategy);
        QFETCH(QString, store);
        QFETCH(bool, fencing);
        static int nextItem = 100;
        const int item = nextItem++;
        const std::string run = "pause-" + std::to_string(item);
        Inventory::load(m_config, {{item, "last one", 1}}, {store});

        Gate gate;
        PurchaseResult resultA;
        std::thread a([&] {
            Purchaser pa(m_config, strategy, store);
            PurchaseRequest r;
            r.item = item;
            r.runId = run;
            r.buyer = "A";
            r.lease = 300ms;
            r.fencing = fencing;
            r.hold = [&] { gate.enterAndWait(); }; // A's "GC pause"
            resultA = pa.purchase(r);
        });
        QVERIFY(gate.waitEntered(10s));

        Purchaser pb(m_config, strategy, store);
        PurchaseRequest r;
        r.item = item;
        r.runId = run;
        r.buyer = "B";
        r.lease = 5s;
        r.wait = 10s; // B gets in once A's lease has run out
        r.fencing = fencing;
        const PurchaseResult resultB = pb.purchase(r);
        QCOMPARE(resultB.outcome, PurchaseResult::Outcome::Confirmed);
        gate.release();
        a.join();

        QVERIFY(resultA.lockLostInCriticalSection);
        QVERIFY(resultB.token > resultA.token);
        const int sold = pb.orders().confirmedQuantity(run, item);
        if (fencing) {
            QCOMPARE(resultA.outcome, PurchaseResult::Outcome::Fenced);
            QCOMPARE(sold, 1); // exactly the one item there was
            QCOMPARE(pb.store().read(item), 0);
            QCOMPARE(pb.store().fence(item), resultB.token);
        } else {
            QCOMPARE(resultA.outcome, PurchaseResult::Outcome::Confirmed);
            QCOMPARE(sold, 2); // oversold: two orders for one item
        }
    }

    /// The interleaving a write-only fence misses: A wakes and writes before B has written, so the
    /// store has not yet seen B's token at write time. B's fenced *read* registered it, so A is
    /// refused all the same.
    void holderWakingBeforeNewHolderWritesIsFenced_data() {
        QTest::addColumn<QString>("store");
        for (const QString& store : StockStore::names())
            QTest::newRow(qPrintable(store)) << store;
    }
    void holderWakingBeforeNewHolderWritesIsFenced() {
        QFETCH(QString, store);
        static int nextItem = 300;
        const int item = nextItem++;
        const std::string run = "early-" + std::to_string(item);
        Inventory::load(m_config, {{item, "last one", 1}}, {store});
        Gate gateA, gateB;
        PurchaseResult resultA, resultB;
        auto buyer = [&](const char* name, std::chrono::milliseconds lease, Gate& gate,
                         PurchaseResult& out) {
            Purchaser p(m_config, QStringLiteral("redis"), store);
            PurchaseRequest r;
            r.item = item;
            r.runId = run;
            r.buyer = name;
            r.lease = lease;
            r.wait = 10s;
            r.hold = [&] { gate.enterAndWait(); };
            out = p.purchase(r);
        };
        std::thread a(buyer, "A", 200ms, std::ref(gateA), std::ref(resultA));
        QVERIFY(gateA.waitEntered(10s)); // A has read stock 1 and stalls
        std::thread b(buyer, "B", 10000ms, std::ref(gateB), std::ref(resultB));
        QVERIFY(gateB.waitEntered(10s)); // B got the expired lock, read stock 1
        gateA.release();                 // A wakes first and writes
        a.join();
        gateB.release();
        b.join();
        QCOMPARE(resultA.outcome, PurchaseResult::Outcome::Fenced);
        QCOMPARE(resultB.outcome, PurchaseResult::Outcome::Confirmed);
        Purchaser check(m_config, QStringLiteral("redis"), store);
        QCOMPARE(check.orders().confirmedQuantity(run, item), 1);
        QCOMPARE(check.store().read(item), 0);
    }

    void noneOversellsAtomicDoesNot_data() {
        QTest::addColumn<QString>("store");
        for (const QString& store : StockStore::names())
            QTest::newRow(qPrintable(store)) << store;
    }
    void noneOversellsAtomicDoesNot() {
        QFETCH(QString, store);
        static int nextItem = 200;
        for (const QString& strategy : {QStringLiteral("none"), QStringLiteral("atomic")}) {
            const int item = nextItem++;
            const std::string run = "race-" + std::to_string(item);
            Inventory::load(m_config, {{item, "hot item", 1}}, {store});
            // Two buyers who both read stock 1 before either writes (a barrier makes it certain).
            std::mutex m;
            std::condition_variable cv;
            int arrived = 0;
            auto meet = [&] {
                std::unique_lock lock(m);
                ++arrived;
                cv.notify_all();
                cv.wait_for(lock, 2s, [&] { return arrived >= 2; });
            };
            std::vector<std::thread> buyers;
            for (int b = 0; b < 2; ++b)
                buyers.emplace_back([&, b] {
                    Purchaser p(m_config, strategy, store);
                    PurchaseRequest r;
                    r.item = item;
                    r.runId = run;
                    r.buyer = "buyer" + std::to_string(b);
                    r.hold = meet;
                    p.purchase(r);
                });
            for (auto& t : buyers)
                t.join();
            Purchaser check(m_config, strategy, store);
            const int sold = check.orders().confirmedQuantity(run, item);
            if (strategy == u"none")
                QVERIFY2(sold == 2, "both buyers of the last item were confirmed without a lock");
            else {
                QCOMPARE(sold, 1);
                QCOMPARE(check.store().read(item), 0);
            }
        }
    }
    /// Issue 10 f2 item 1: reading stock creates nothing. `stock list` in a fresh namespace under
    /// read-only exits 0 with an empty list and leaves no schema behind (nor does Inventory::list
    /// without read-only: a reader reads what exists).
    void stockListCreatesNoSchema() {
        NamespaceConfig fresh = m_config;
        fresh.ns = test::uniqueName(QStringLiteral("fresh")).toStdString();
        auto schemaExists = [&] {
            PgConnection c(m_config.postgres);
            return c.run("schema exists", [&](pqxx::connection& raw) {
                pqxx::nontransaction tx(raw);
                return tx.exec_params1("SELECT count(*) FROM information_schema.schemata WHERE "
                                       "schema_name = $1",
                                       fresh.ns)[0]
                           .as<int>() > 0;
            });
        };
        auto cleanup = qScopeGuard([&] {
            PgConnection c(m_config.postgres);
            c.execute("DROP SCHEMA IF EXISTS " + fresh.ns + " CASCADE");
        });
        QByteArray out;
        QCOMPARE(test::runCliIn(fresh,
                                {QStringLiteral("stock"), QStringLiteral("list"),
                                 QStringLiteral("--json"), QStringLiteral("--read-only")},
                                &out),
                 0);
        QCOMPARE(QJsonDocument::fromJson(out).array().size(), 0);
        QVERIFY(!schemaExists());
        QVERIFY(Inventory::list(fresh, StockStore::names()).empty());
        QVERIFY(!schemaExists());
        // Where items exist, they are listed as before.
        QVERIFY(!Inventory::list(m_config, {QStringLiteral("postgres")}).empty());
    }
};

QTEST_GUILESS_MAIN(TestShop)
#include "tst_shop.moc"
