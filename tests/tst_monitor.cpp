#include "connectors/connectorerror.h"
#include "connectors/pgconnection.h"
#include "connectors/redisclient.h"
#include "connectors/zksession.h"
#include "core/backends/backendregistry.h"
#include "core/backends/postgres/pgbackendobservation.h"
#include "core/backends/postgres/postgresscanner.h"
#include "core/backends/redis/redisobservation.h"
#include "core/backends/redis/redisscanner.h"
#include "core/backends/zookeeper/zookeeperobservation.h"
#include "core/backends/zookeeper/zookeeperscanner.h"
#include "core/demo/demoengine.h"
#include "core/locks/lockstrategy.h"
#include "core/monitor/auditlog.h"
#include "core/monitor/forcereleaser.h"
#include "core/monitor/lockmonitor.h"
#include "core/shop/purchaser.h"
#include "core/shop/shopschema.h"
#include "tests/support/testenv.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSet>
#include <QSysInfo>
#include <QTest>
#include <atomic>
#include <csignal>
#include <functional>
#include <pqxx/pqxx>
#include <pwd.h>
#include <unistd.h>

using namespace lockscope;
using namespace std::chrono_literals;

/// The monitor against the sandbox: locks of every format it claims to recognise.
class TestMonitor : public QObject {
    Q_OBJECT
    NamespaceConfig m_config;
    MonitorConfig m_monitorConfig;
    std::string m_zkRoot;

    const LockEntry* findEntry(const Snapshot& s, Backend b, const QString& kind,
                               const QString& resourcePart) {
        for (const LockEntry& e : s.locks)
            if (e.backend == b && e.kind.name() == kind && e.resource.contains(resourcePart))
                return &e;
        return nullptr;
    }
    ForceReleaser::Request request(const LockEntry& e) {
        ForceReleaser::Request r;
        r.observed = e;
        r.operatorName = QStringLiteral("tester");
        r.reason = QStringLiteral("stale lock in test");
        return r;
    }
    QJsonObject latestAudit() {
        AuditLog log(m_config);
        const QList<AuditRecord> rows = log.list(1);
        return rows.isEmpty() ? QJsonObject() : rows.first().toJson();
    }
    /// The PostgreSQL entry of that kind whose holder is pid.
    static const LockEntry* heldBy(const Snapshot& s, const QString& kind, int pid) {
        for (const LockEntry& e : s.locks)
            if (e.kind.name() == kind && e.as<PgBackendObservation>() &&
                e.as<PgBackendObservation>()->pid == pid)
                return &e;
        return nullptr;
    }
    /// True when some entry, of any kind, names pid as its holder.
    static bool anyHeldBy(const Snapshot& s, int pid) {
        for (const LockEntry& e : s.locks)
            if (e.as<PgBackendObservation>() && e.as<PgBackendObservation>()->pid == pid)
                return true;
        return false;
    }
    /// True once pid waits for a heavyweight lock.
    bool pgWaiting(int pid) {
        PgConnection c(m_config.postgres);
        return c.run("waiting", [&](pqxx::connection& conn) {
            pqxx::nontransaction tx(conn);
            return tx
                .exec_params1("SELECT count(*) > 0 FROM pg_stat_activity WHERE pid = $1 AND "
                              "wait_event_type = 'Lock'",
                              pid)[0]
                .as<bool>();
        });
    }
    /// A small table of the test's own: ids 1..5.
    std::string truthTable() {
        const std::string table = m_config.pgSchema() + ".truth_items";
        PgConnection setup(m_config.postgres);
        setup.execute("CREATE TABLE IF NOT EXISTS " + table + " (id int PRIMARY KEY, v int)");
        setup.execute("INSERT INTO " + table +
                      " SELECT g, g FROM generate_series(1, 5) g ON CONFLICT DO NOTHING");
        setup.execute("CREATE TABLE IF NOT EXISTS " + table +
                      "_children (id serial PRIMARY KEY, item int REFERENCES " + table + " (id))");
        return table;
    }
    /// Runs sql in a transaction on conn, on a thread (it is expected to block), rolled back.
    static std::thread blockedStatement(PgConnection& conn, const std::string& sql) {
        return std::thread([&conn, sql] {
            try {
                pqxx::work w(conn.raw());
                w.exec("SET LOCAL statement_timeout = '20s'");
                w.exec(sql);
                w.abort();
            } catch (...) {
            }
        });
    }

private slots:
    void initTestCase() {
        m_config = test::isolatedNamespace(QStringLiteral("tst_monitor"));
        m_zkRoot = "/" + m_config.ns + "_foreign";
        m_monitorConfig.config = m_config;
        m_monitorConfig.zkRoots = {QString::fromStdString(m_zkRoot)};
        m_monitorConfig.redisPatterns = {QString::fromStdString(m_config.ns) +
                                         QStringLiteral("*[lL][oO][cC][kK]*")};
        m_monitorConfig.stale.pgIdleInTransaction = 200ms;
        PgConnection c(m_config.postgres);
        ShopSchema::migrate(c, m_config.pgSchema());
    }

    void redisFormatsRecognised() {
        RedisClient r(m_config.redis);
        const std::string p = m_config.ns;
        auto own = LockStrategy::create(QStringLiteral("redis"), m_config);
        auto held = own->acquire("order:7", LockOptions{30s, 1s});
        QVERIFY(held);
        // redis-py Lock: the value is a uuid hex token, with a TTL.
        r.command({"SET", p + ":pylock", "0123456789abcdef0123456789abcdef", "PX", "20000"});
        // Redisson: a hash "<uuid>:<threadId>" -> hold count, with the watchdog's TTL.
        r.command({"HSET", p + ":redissonLock", "8d4b6c1e-2f3a-4b5c-9d8e-7f6a5b4c3d2e:1", "2"});
        r.command({"PEXPIRE", p + ":redissonLock", "30000"});
        // Plain SET NX with no TTL: never expires.
        r.command({"SET", p + ":nightly-job-lock", "1718000000", "NX"});
        // Not a lock although the name matches: a list.
        r.command({"RPUSH", p + ":lockqueue", "x"});

        LockMonitor m(m_monitorConfig);
        const Snapshot s = m.refresh();
        QVERIFY2(s.backendErrors.isEmpty(),
                 qPrintable(QStringList(s.backendErrors.values()).join(u';')));

        const LockEntry* mine =
            findEntry(s, Backend::Redis, QStringLiteral("redis-key"), QStringLiteral("order:7"));
        QVERIFY(mine);
        QCOMPARE(mine->holder, QString::fromStdString(held->owner()));
        QCOMPARE(*mine->token, held->token());
        QVERIFY(mine->leaseMs && *mine->leaseMs > 20000 && *mine->leaseMs <= 30000);
        QVERIFY(!mine->hasFlag(LockFlag::Foreign));

        const LockEntry* py =
            findEntry(s, Backend::Redis, QStringLiteral("redis-key"), QStringLiteral(":pylock"));
        QVERIFY(py);
        QCOMPARE(py->holder, QStringLiteral("0123456789abcdef0123456789abcdef"));
        QCOMPARE(py->details().value(QStringLiteral("format")).toString(),
                 QStringLiteral("redis-py"));
        QVERIFY(py->hasFlag(LockFlag::Foreign));

        const LockEntry* rs = findEntry(s, Backend::Redis, QStringLiteral("redisson-hash"),
                                        QStringLiteral(":redissonLock"));
        QVERIFY(rs);
        QCOMPARE(rs->holder, QStringLiteral("8d4b6c1e-2f3a-4b5c-9d8e-7f6a5b4c3d2e:1"));
        QCOMPARE(rs->details().value(QStringLiteral("hold_count")).toInt(), 2);
        QVERIFY(rs->leaseMs.has_value());

        const LockEntry* plain = findEntry(s, Backend::Redis, QStringLiteral("redis-key"),
                                           QStringLiteral(":nightly-job-lock"));
        QVERIFY(plain);
        QVERIFY(!plain->leaseMs.has_value());
        QVERIFY(plain->hasFlag(LockFlag::NoExpiry));
        QVERIFY(plain->hasFlag(LockFlag::Stale));

        QVERIFY(!findEntry(s, Backend::Redis, QStringLiteral("redis-key"),
                           QStringLiteral(":lockqueue")));
        // LockScope's fence and handoff keys are not locks.
        QVERIFY(
            !findEntry(s, Backend::Redis, QStringLiteral("redis-key"), QStringLiteral(":fence:")));
        own->release(*held);
    }

    void zookeeperRecipesRecognised() {
        ZkSession owner(m_config.zookeeper);
        ZkSession waiter(m_config.zookeeper);
        // kazoo's Lock: <root>/<uuid hex>__lock__<seq>, data = identifier.
        const std::string kazoo = m_zkRoot + "/kazoo-lock";
        owner.ensurePath(kazoo);
        owner.create(kazoo + "/0f1e2d3c4b5a69788796a5b4c3d2e1f0__lock__", "worker-1",
                     ZkSession::CreateMode::EphemeralSequential);
        waiter.create(kazoo + "/aaaaaaaabbbbbbbbccccccccdddddddd__lock__", "worker-2",
                      ZkSession::CreateMode::EphemeralSequential);
        // Curator's InterProcessMutex: <root>/_c_<uuid>-lock-<seq>.
        const std::string curator = m_zkRoot + "/curator-lock";
        owner.ensurePath(curator);
        owner.create(curator + "/_c_3f2504e0-4f89-11d3-9a0c-0305e82c3301-lock-", "",
                     ZkSession::CreateMode::EphemeralSequential);
        // LockScope's own.
        auto own = LockStrategy::create(QStringLiteral("zookeeper"), m_config);
        auto held = own->acquire("batch:9", LockOptions{10s, 1s});
        QVERIFY(held);

        LockMonitor m(m_monitorConfig);
        const Snapshot s = m.refresh();
        QVERIFY2(s.backendErrors.isEmpty(),
                 qPrintable(QStringList(s.backendErrors.values()).join(u';')));
        const LockEntry* k = findEntry(s, Backend::ZooKeeper, QStringLiteral("zk-recipe"),
                                       QStringLiteral("kazoo-lock"));
        QVERIFY(k);
        QCOMPARE(k->details().value(QStringLiteral("recipe")).toString(), QStringLiteral("kazoo"));
        QVERIFY(k->holder.startsWith(QStringLiteral("0f1e2d3c")));
        QCOMPARE(k->waiters.size(), 1);
        QVERIFY(k->waiters.first().startsWith(QStringLiteral("aaaaaaaa")));
        QCOMPARE(k->as<ZooKeeperObservation>()->ephemeralOwner, owner.sessionId());
        QVERIFY(k->hasFlag(LockFlag::Blocking));

        const LockEntry* c = findEntry(s, Backend::ZooKeeper, QStringLiteral("zk-recipe"),
                                       QStringLiteral("curator-lock"));
        QVERIFY(c);
        QCOMPARE(c->details().value(QStringLiteral("recipe")).toString(),
                 QStringLiteral("curator"));
        QVERIFY(c->waiters.isEmpty());

        const LockEntry* o = findEntry(s, Backend::ZooKeeper, QStringLiteral("zk-recipe"),
                                       QStringLiteral("batch:9"));
        QVERIFY(o);
        QCOMPARE(o->holder, QString::fromStdString(held->owner()));
        QCOMPARE(*o->token, held->token());
        QVERIFY(o->acquiredAtMs.has_value());
        own->release(*held);
    }

    void postgresLocksRecognised() {
        // A row lock held by another connection, with a waiter behind it, and an advisory lock.
        PgConnection setup(m_config.postgres);
        const std::string table = m_config.pgSchema() + ".accounts";
        setup.execute("CREATE TABLE IF NOT EXISTS " + table + " (id int PRIMARY KEY, balance int)");
        setup.execute("INSERT INTO " + table + " VALUES (1, 10), (2, 20) ON CONFLICT DO NOTHING");
        PgConnection holder(m_config.postgres);
        holder.execute("SET application_name = 'billing-job'");
        pqxx::work hold(holder.raw());
        hold.exec("SELECT * FROM " + table + " WHERE id = 1 FOR UPDATE");
        PgConnection waiterConn(m_config.postgres);
        std::thread waiter([&] {
            try {
                pqxx::work w(waiterConn.raw());
                w.exec("SET LOCAL lock_timeout = '20s'");
                w.exec("SELECT * FROM " + table + " WHERE id = 1 FOR UPDATE");
                w.commit();
            } catch (...) {
            }
        });
        // Whatever happens below, the waiter is released and joined.
        const auto finally = qScopeGuard([&] {
            try {
                hold.abort();
            } catch (...) {
            }
            waiter.join();
        });
        auto advisory = LockStrategy::create(QStringLiteral("pg-advisory"), m_config);
        auto adv = advisory->acquire("report:daily", LockOptions{10s, 1s});
        QVERIFY(adv);
        // The waiter must be waiting before we look (a condition, not a sleep).
        QTRY_VERIFY_WITH_TIMEOUT(
            setup.run("waiting",
                      [&](pqxx::connection& c) {
                          pqxx::nontransaction tx(c);
                          return tx
                              .exec_params1("SELECT count(*) > 0 FROM pg_stat_activity WHERE pid = "
                                            "$1 AND wait_event_type = 'Lock'",
                                            waiterConn.backendPid())[0]
                              .as<bool>();
                      }),
            10000);

        LockMonitor m(m_monitorConfig);
        Snapshot s;
        QTRY_VERIFY_WITH_TIMEOUT(
            (s = m.refresh(), findEntry(s, Backend::Postgres, QStringLiteral("pg-row"),
                                        QStringLiteral("accounts")) != nullptr),
            5000);
        const LockEntry* row =
            findEntry(s, Backend::Postgres, QStringLiteral("pg-row"), QStringLiteral("accounts"));
        QCOMPARE(row->as<PgBackendObservation>()->pid, holder.backendPid());
        QVERIFY(row->holder.contains(QStringLiteral("billing-job")));
        QCOMPARE(row->waiters.size(), 1);
        QVERIFY(row->waiters.first().contains(QString::number(waiterConn.backendPid())));
        QVERIFY(row->hasFlag(LockFlag::Blocking));
        QCOMPARE(row->details().value(QStringLiteral("rows")).toArray().size(),
                 1); // pgrowlocks: exactly one row
        // The blocking tree names the holder as a root blocking the waiter.
        const QJsonArray roots = s.blockingTree.value(QStringLiteral("roots")).toArray();
        bool found = false;
        for (const auto& r : roots)
            if (r.toObject().value(QStringLiteral("pid")).toInt() == holder.backendPid())
                found = r.toObject()
                            .value(QStringLiteral("blocks"))
                            .toArray()
                            .first()
                            .toObject()
                            .value(QStringLiteral("pid"))
                            .toInt() == waiterConn.backendPid();
        QVERIFY(found);

        const LockEntry* a = findEntry(s, Backend::Postgres, QStringLiteral("pg-advisory"),
                                       QStringLiteral("report:daily"));
        QVERIFY2(a, "advisory key decoded to its resource name");
        QVERIFY(!a->hasFlag(LockFlag::Foreign));

        // Idle in transaction past the threshold: stale.
        QTRY_VERIFY_WITH_TIMEOUT(
            (s = m.refresh(),
             findEntry(s, Backend::Postgres, QStringLiteral("pg-row"), QStringLiteral("accounts"))
                 ->hasFlag(LockFlag::Stale)),
            5000);
        advisory->release(*adv);
    }

    /// In the default namespace the schema is on the search_path (user "lockscope", schema
    /// "lockscope"): the table must still be named with its schema and the rows by resource.
    void pgRowLockNamedInTheDefaultNamespace() {
        NamespaceConfig def = m_config;
        def.ns = "lockscope";
        auto lock = LockStrategy::create(QStringLiteral("pg-row"), def);
        const std::string resource = test::uniqueName(QStringLiteral("row")).toStdString();
        auto h = lock->acquire(resource, LockOptions{10s, 1s});
        QVERIFY(h);
        MonitorConfig mc = m_monitorConfig;
        mc.config = def;
        mc.backends = {Backend::Postgres};
        LockMonitor m(mc);
        const Snapshot s = m.refresh();
        const LockEntry* e = findEntry(s, Backend::Postgres, QStringLiteral("pg-row"),
                                       QStringLiteral("lockscope.row_locks"));
        QVERIFY2(
            e, qPrintable(QJsonDocument(s.locks.empty() ? QJsonObject() : s.locks.front().toJson())
                              .toJson()));
        QCOMPARE(e->resource, QStringLiteral("lockscope.row_locks"));
        QVERIFY(e->details()
                    .value(QStringLiteral("rows"))
                    .toArray()
                    .contains(QString::fromStdString(resource)));
        lock->release(*h);
    }

    /// The same through `locks list --json` (as the `lockscope` role, not a superuser): the
    /// default namespace's pg-row lock has its schema-qualified table as resource and the
    /// locked row's resource name as logical resource, not a row position.
    void pgRowLockNamedInTheDefaultNamespaceByTheCli() {
        NamespaceConfig def = m_config;
        def.ns = "lockscope";
        const std::string resource = test::uniqueName(QStringLiteral("clirow")).toStdString();
        auto lock = LockStrategy::create(QStringLiteral("pg-row"), def);
        auto h = lock->acquire(resource, LockOptions{10s, 1s});
        QVERIFY(h);
        const auto cleanup = qScopeGuard([&] {
            if (h)
                lock->release(*h);
            PgConnection pg(def.postgres);
            pg.run("cleanup", [&](pqxx::connection& c) {
                pqxx::nontransaction tx(c);
                tx.exec_params("DELETE FROM lockscope.row_locks WHERE resource = $1", resource);
            });
        });
        QByteArray out;
        QCOMPARE(test::runCliIn(def,
                                {QStringLiteral("locks"), QStringLiteral("list"),
                                 QStringLiteral("--backend"), QStringLiteral("postgres"),
                                 QStringLiteral("--json")},
                                &out),
                 0);
        const QJsonDocument doc = QJsonDocument::fromJson(out);
        const QJsonArray locks =
            doc.isArray() ? doc.array() : doc.object().value(QStringLiteral("locks")).toArray();
        QJsonObject mine;
        for (const QJsonValue& v : locks)
            if (v.toObject().value(QStringLiteral("logical_resource")).toString() ==
                QString::fromStdString(resource))
                mine = v.toObject();
        QVERIFY2(!mine.isEmpty(), out.constData());
        QCOMPARE(mine.value(QStringLiteral("kind")).toString(), QStringLiteral("pg-row"));
        QCOMPARE(mine.value(QStringLiteral("resource")).toString(),
                 QStringLiteral("lockscope.row_locks"));
    }

    void leaseRowsShown() {
        auto lease = LockStrategy::create(QStringLiteral("lease"), m_config);
        auto h = lease->acquire("invoice:3", LockOptions{20s, 1s});
        QVERIFY(h);
        LockMonitor m(m_monitorConfig);
        const Snapshot s = m.refresh();
        const LockEntry* e =
            findEntry(s, Backend::Postgres, QStringLiteral("lease"), QStringLiteral("invoice:3"));
        QVERIFY(e);
        QCOMPARE(*e->token, h->token());
        QVERIFY(e->leaseMs && *e->leaseMs > 15000);
        lease->release(*h);
    }

    void forceReleaseDeletesObservedLock() {
        RedisClient r(m_config.redis);
        const std::string key = m_config.ns + ":stale-lock";
        r.command({"SET", key, "crashed-worker-42"});
        LockMonitor m(m_monitorConfig);
        const Snapshot s = m.refresh();
        const LockEntry* e = findEntry(s, Backend::Redis, QStringLiteral("redis-key"),
                                       QStringLiteral(":stale-lock"));
        QVERIFY(e);
        QVERIFY(ForceReleaser::describe(*e, false).contains(QStringLiteral("crashed-worker-42")));
        ForceReleaser releaser(m_config);
        const auto out = releaser.release(request(*e));
        QCOMPARE(out.status, ForceReleaser::Outcome::Status::Released);
        QVERIFY(r.command({"GET", key}).isNil());
        const QJsonObject audit = latestAudit();
        QCOMPARE(audit.value(QStringLiteral("id")).toInteger(), out.auditId);
        QCOMPARE(audit.value(QStringLiteral("outcome")).toString(), QStringLiteral("done"));
        QCOMPARE(audit.value(QStringLiteral("observed_owner")).toString(),
                 QStringLiteral("crashed-worker-42"));
        QCOMPARE(audit.value(QStringLiteral("operator")).toString(),
                 AuditAttempt::operatorFor(QStringLiteral("tester")));
        QCOMPARE(audit.value(QStringLiteral("reason")).toString(),
                 QStringLiteral("stale lock in test"));
    }

    /// Key names are bytes: one that is not UTF-8 (shown with a replacement character) is still
    /// released, and only it, not a twin whose name reads the same.
    /// LockScope's own fence and handoff keys are never shown as locks, whatever the resource
    /// name holds (a newline included): releasing a fence would restart the tokens.
    void internalKeysHiddenForAnyResourceName() {
        auto lock = LockStrategy::create(QStringLiteral("redis"), m_config);
        auto h = lock->acquire("nl\nlock", LockOptions{20s, 1s});
        QVERIFY(h);
        LockMonitor m(m_monitorConfig);
        const Snapshot s = m.refresh();
        bool lockSeen = false;
        for (const LockEntry& e : s.locks) {
            QVERIFY2(!e.resource.contains(QStringLiteral(":fence:")), qPrintable(e.resource));
            // The resource names the key escaped (issue 11: a control character as \xNN).
            lockSeen |= e.resource.contains(QStringLiteral(":lock:{nl\\x0alock}"));
        }
        QVERIFY(lockSeen);
        lock->release(*h);
    }

    void forceReleaseOfANonUtf8Key() {
        RedisClient r(m_config.redis);
        const std::string binary = m_config.ns + ":bin\xff-lock";
        const std::string twin = m_config.ns + ":bin\xef\xbf\xbd-lock"; // U+FFFD in UTF-8
        r.command({"SET", binary, "holder-a", "PX", "60000"});
        r.command({"SET", twin, "holder-b", "PX", "60000"});
        LockMonitor m(m_monitorConfig);
        const Snapshot s = m.refresh();
        const LockEntry* e = nullptr;
        for (const LockEntry& l : s.locks)
            if (l.holder == u"holder-a")
                e = &l;
        QVERIFY(e);
        const auto out = ForceReleaser(m_config).release(request(*e));
        QCOMPARE(out.status, ForceReleaser::Outcome::Status::Released);
        QVERIFY(r.command({"GET", binary}).isNil());
        QCOMPARE(r.command({"GET", twin}).str, std::string("holder-b"));
        r.command({"DEL", twin});
    }

    void forceReleaseWakesALockScopeWaiter() {
        // The holder's lease (120 s) outlasts the waiter's wait (60 s): the waiter can only get
        // the lock from the force-release's handoff, never from the lease running out. Without
        // a handoff it would give up empty-handed.
        auto holder = LockStrategy::create(QStringLiteral("redis"), m_config);
        auto held = holder->acquire("wake-me", LockOptions{120s, 1s});
        QVERIFY(held);
        RedisClient admin(m_config.redis);
        auto blockedInBlpop = [&] {
            int n = 0;
            const QString clients = QString::fromStdString(admin.command({"CLIENT", "LIST"}).str);
            for (const QString& line : clients.split(u'\n', Qt::SkipEmptyParts))
                n += line.contains(QStringLiteral(" cmd=blpop")) &&
                     line.contains(QRegularExpression(QStringLiteral(" flags=[A-Za-z]*b")));
            return n;
        };
        const int blockedBefore = blockedInBlpop();
        std::atomic<bool> done{false}, got{false};
        std::thread waiter([&] {
            try {
                auto lock = LockStrategy::create(QStringLiteral("redis"), m_config);
                got = lock->acquire("wake-me", LockOptions{10s, 60s}).has_value();
            } catch (const std::exception& e) {
                qWarning("waiter: %s", e.what());
            }
            done = true;
        });
        // On every way out: the lock is let go (a waiter still blocked is handed it and ends),
        // and the waiter is joined.
        const auto joinWaiter = qScopeGuard([&] {
            try {
                if (!done.load())
                    holder->release(*held);
            } catch (const std::exception& e) {
                qWarning("release: %s", e.what());
            }
            waiter.join();
        });
        // Released only once the waiter is blocked in BLPOP on the handoff list: otherwise it
        // could find the lock free on its first attempt and pass without any handoff.
        QTRY_VERIFY_WITH_TIMEOUT(blockedInBlpop() > blockedBefore, 10000);
        QVERIFY(!done.load());
        LockMonitor m(m_monitorConfig);
        const Snapshot s = m.refresh();
        const LockEntry* e =
            findEntry(s, Backend::Redis, QStringLiteral("redis-key"), QStringLiteral("{wake-me}"));
        QVERIFY(e);
        QCOMPARE(ForceReleaser(m_config).release(request(*e)).status,
                 ForceReleaser::Outcome::Status::Released);
        QTRY_VERIFY_WITH_TIMEOUT(done.load(), 30000);
        QVERIFY2(got.load(), "the waiter gave up: the force-release did not hand the lock off");
    }

    void forceReleaseAfterReacquireDeletesNothing_data() {
        QTest::addColumn<QString>("strategy");
        for (const QString& s : LockStrategy::lockingNames())
            QTest::newRow(qPrintable(s)) << s;
    }
    void forceReleaseAfterReacquireDeletesNothing() {
        QFETCH(QString, strategy);
        const std::string res = "reacquired-" + strategy.toStdString();
        auto first = LockStrategy::create(strategy, m_config);
        auto h1 = first->acquire(res, LockOptions{30s, 1s});
        QVERIFY(h1);
        LockMonitor m(m_monitorConfig);
        Snapshot s = m.refresh();
        const QString kind = strategy == u"redis" || strategy == u"redlock"
                                 ? QStringLiteral("redis-key")
                             : strategy == u"zookeeper" ? QStringLiteral("zk-recipe")
                             : strategy == u"lease"     ? QStringLiteral("lease")
                             : strategy == u"pg-row"    ? QStringLiteral("pg-row")
                                                        : QStringLiteral("pg-advisory");
        const Backend backend = strategy == u"redis" || strategy == u"redlock" ? Backend::Redis
                                : strategy == u"zookeeper"                     ? Backend::ZooKeeper
                                                                               : Backend::Postgres;
        const QString part =
            strategy == u"pg-row" ? QStringLiteral("row_locks") : QString::fromStdString(res);
        const LockEntry* seen = findEntry(s, backend, kind, part);
        QVERIFY2(seen, qPrintable(kind + u' ' + part));
        const LockEntry observed = *seen;
        // The lock changes hands after the operator looked.
        first->release(*h1);
        auto second = LockStrategy::create(strategy, m_config);
        auto h2 = second->acquire(res, LockOptions{30s, 5s});
        QVERIFY(h2);
        ForceReleaser releaser(m_config);
        const auto out = releaser.release(request(observed));
        QCOMPARE(out.status, ForceReleaser::Outcome::Status::Changed);
        QVERIFY(!out.message.isEmpty());
        QCOMPARE(latestAudit().value(QStringLiteral("outcome")).toString(),
                 QStringLiteral("changed"));
        // The new holder still holds it.
        QVERIFY(!h2->mayBeLost());
        auto third = LockStrategy::create(strategy, m_config);
        QVERIFY(!third->tryAcquire(res, 5s).has_value());
        QCOMPARE(second->release(*h2), LockStrategy::ReleaseResult::Released);
    }

    void forceReleaseTerminatesStuckBackend() {
        auto stuck = LockStrategy::create(QStringLiteral("pg-advisory"), m_config);
        auto h = stuck->acquire("stuck-job", LockOptions{30s, 1s});
        QVERIFY(h);
        LockMonitor m(m_monitorConfig);
        const Snapshot s = m.refresh();
        const LockEntry* e = findEntry(s, Backend::Postgres, QStringLiteral("pg-advisory"),
                                       QStringLiteral("stuck-job"));
        QVERIFY(e);
        QVERIFY(ForceReleaser::describe(*e, false).startsWith(QStringLiteral("terminate backend")));
        ForceReleaser releaser(m_config);
        const auto out = releaser.release(request(*e));
        QCOMPARE(out.status, ForceReleaser::Outcome::Status::Released);
        // The terminated backend's lock is free: another client gets it (checked once per try).
        bool acquired = false;
        auto tryOnce = [&] {
            if (!acquired) {
                auto next = LockStrategy::create(QStringLiteral("pg-advisory"), m_config);
                acquired = next->tryAcquire("stuck-job", 1s).has_value();
            }
            return acquired;
        };
        QTRY_VERIFY_WITH_TIMEOUT(tryOnce(), 5000);
        QVERIFY(h->mayBeLost() || !stuck->renew(*h)); // the stuck holder has lost it
    }

    /// A namespace is spliced into SQL, Redis keys and znode paths: one with a quote, a space and
    /// a semicolon is refused everywhere with a clear message, and nothing reaches any server.
    void hostileNamespaceRefusedEverywhere() {
        const std::string hostile = "x'; DROP SCHEMA public CASCADE; --";
        const QString why = NamespaceConfig::nameError(hostile);
        QVERIFY(why.contains(QStringLiteral("not a lower-case identifier")));
        QVERIFY(!NamespaceConfig::nameError("abc\n").isEmpty()); // "$" would let this through
        QVERIFY(NamespaceConfig::nameError("abc_1").isEmpty());
        auto schemas = [&] {
            PgConnection c(m_config.postgres);
            return c.run("schemas", [](pqxx::connection& raw) {
                pqxx::nontransaction tx(raw);
                return tx.exec1("SELECT count(*) FROM pg_namespace")[0].as<long>();
            });
        };
        const long before = schemas();
        NamespaceConfig bad = m_config;
        bad.ns = hostile;

        MonitorConfig mc = m_monitorConfig;
        mc.config = bad;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, LockMonitor{mc});

        LockEntry e;
        e.backend = Backend::Redis;
        e.resource = QStringLiteral("cart:1");
        ForceReleaser::Request r = request(e);
        const auto out = ForceReleaser(bad).release(r);
        QCOMPARE(out.status, ForceReleaser::Outcome::Status::Refused);
        QVERIFY2(out.message.contains(QStringLiteral("not a lower-case identifier")),
                 qPrintable(out.message));

        DemoEngine::Options o;
        o.config = bad;
        DemoScenario sc;
        sc.strategy = QStringLiteral("redis");
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, DemoEngine(o).run(sc));

        // The CLI refuses it before connecting, exit code 2, for every command that takes --ns.
        for (const QStringList& args :
             {QStringList{QStringLiteral("locks"), QStringLiteral("list")},
              QStringList{QStringLiteral("demo"), QStringLiteral("--strategy"),
                          QStringLiteral("redis")},
              QStringList{
                  QStringLiteral("locks"), QStringLiteral("release"), QStringLiteral("--backend"),
                  QStringLiteral("redis"), QStringLiteral("--resource"), QStringLiteral("k"),
                  QStringLiteral("--reason"), QStringLiteral("r"), QStringLiteral("--yes")}}) {
            QByteArray out;
            QCOMPARE(test::runCli(args + QStringList{QStringLiteral("--ns"),
                                                     QString::fromStdString(hostile)},
                                  &out),
                     2);
        }
        QCOMPARE(schemas(), before);
        RedisClient redis(m_config.redis);
        QCOMPARE(redis.command({"EXISTS", hostile + ":lock:{cart:1}"}).integer, 0LL);
        ZkSession zk(m_config.zookeeper);
        QVERIFY(!zk.exists("/x'; DROP SCHEMA public CASCADE; --"));
    }

    void readOnlyRefuses() {
        RedisClient r(m_config.redis);
        const std::string key = m_config.ns + ":ro-lock";
        r.command({"SET", key, "v"});
        LockMonitor m(m_monitorConfig);
        const Snapshot s = m.refresh();
        const LockEntry* e =
            findEntry(s, Backend::Redis, QStringLiteral("redis-key"), QStringLiteral(":ro-lock"));
        QVERIFY(e);
        auto req = request(*e);
        req.readOnly = true;
        const auto out = ForceReleaser(m_config).release(req);
        QCOMPARE(out.status, ForceReleaser::Outcome::Status::ReadOnly);
        QCOMPARE(r.command({"GET", key}).str, std::string("v"));
        QCOMPARE(latestAudit().value(QStringLiteral("outcome")).toString(),
                 QStringLiteral("refused"));
        // An empty reason is refused before anything happens.
        req.readOnly = false;
        req.reason = QStringLiteral("   ");
        QCOMPARE(ForceReleaser(m_config).release(req).status,
                 ForceReleaser::Outcome::Status::Refused);
        QCOMPARE(r.command({"GET", key}).str, std::string("v"));
    }

    void failedAuditPreventsRelease() {
        RedisClient r(m_config.redis);
        const std::string key = m_config.ns + ":audited-lock";
        r.command({"SET", key, "holder-x"});
        LockMonitor m(m_monitorConfig);
        const Snapshot s = m.refresh();
        const LockEntry* e = findEntry(s, Backend::Redis, QStringLiteral("redis-key"),
                                       QStringLiteral(":audited-lock"));
        QVERIFY(e);
        // The audit log is in PostgreSQL: point the releaser at a PostgreSQL that refuses us.
        NamespaceConfig broken = m_config;
        broken.postgres.params.insert(QStringLiteral("password"),
                                      QStringLiteral("not-the-password"));
        const auto out = ForceReleaser(broken).release(request(*e));
        QCOMPARE(out.status, ForceReleaser::Outcome::Status::Failed);
        QVERIFY(out.message.contains(QStringLiteral("audit")));
        QCOMPARE(r.command({"GET", key}).str, std::string("holder-x")); // untouched
    }

    void diffReportsExactlyTheChangedRows() {
        RedisClient r(m_config.redis);
        const std::string a = m_config.ns + ":diff-a-lock", b = m_config.ns + ":diff-b-lock",
                          c = m_config.ns + ":diff-c-lock";
        r.command({"SET", a, "1", "PX", "60000"});
        r.command({"SET", b, "1", "PX", "60000"});
        MonitorConfig only = m_monitorConfig;
        only.backends = {Backend::Redis};
        only.redisPatterns = {QString::fromStdString(m_config.ns) + QStringLiteral(":diff-*")};
        LockMonitor m(only);
        const SnapshotDiff first = m.refreshDiff();
        QCOMPARE(first.added.size(), size_t(2));
        QVERIFY(m.refreshDiff().empty()); // nothing changed: countdown alone is not a change
        r.command({"SET", b, "2", "PX", "60000"}); // b changes holder
        r.command({"DEL", a});                     // a goes
        r.command({"SET", c, "1", "PX", "60000"}); // c comes
        const SnapshotDiff d = m.refreshDiff();
        QCOMPARE(d.added.size(), size_t(1));
        QVERIFY(d.added[0].resource.endsWith(QStringLiteral("diff-c-lock")));
        QCOMPARE(d.changed.size(), size_t(1));
        QVERIFY(d.changed[0].resource.endsWith(QStringLiteral("diff-b-lock")));
        QCOMPARE(d.removed.size(), size_t(1));
        QVERIFY(d.removed[0].endsWith(QStringLiteral("diff-a-lock")));
        // A renewal (deadline moved) is a change too.
        r.command({"PEXPIRE", c, "120000"});
        const SnapshotDiff renewed = m.refreshDiff();
        QCOMPARE(renewed.changed.size(), size_t(1));
    }

    void cliContract() {
        RedisClient r(m_config.redis);
        const std::string key = m_config.ns + ":cli-lock";
        r.command({"SET", key, "worker-9", "PX", "60000"});
        auto cli = [&](const QStringList& args, QByteArray* out) {
            return test::runCliIn(m_config, args, out);
        };
        QByteArray out;
        QCOMPARE(cli({QStringLiteral("locks"), QStringLiteral("list"), QStringLiteral("--backend"),
                      QStringLiteral("redis"), QStringLiteral("--redis-pattern"),
                      QString::fromStdString(m_config.ns) + QStringLiteral(":cli-*"),
                      QStringLiteral("--json")},
                     &out),
                 0);
        const QJsonArray arr = QJsonDocument::fromJson(out).array();
        QCOMPARE(arr.size(), 1);
        const QJsonObject e = arr.first().toObject();
        for (const char* k : {"backend", "kind", "resource", "holder", "token", "lease_ms",
                              "waiters", "flags", "raw"})
            QVERIFY2(e.contains(QLatin1String(k)), k);
        QCOMPARE(e.value(QStringLiteral("backend")).toString(), QStringLiteral("redis"));
        QCOMPARE(e.value(QStringLiteral("holder")).toString(), QStringLiteral("worker-9"));
        QVERIFY(e.value(QStringLiteral("token")).isNull());
        QVERIFY(e.value(QStringLiteral("lease_ms")).toInteger() > 0);

        const QStringList release{QStringLiteral("locks"),
                                  QStringLiteral("release"),
                                  QStringLiteral("--backend"),
                                  QStringLiteral("redis"),
                                  QStringLiteral("--resource"),
                                  QString::fromStdString(key),
                                  QStringLiteral("--reason"),
                                  QStringLiteral("cli test"),
                                  QStringLiteral("--yes"),
                                  QStringLiteral("--redis-pattern"),
                                  QString::fromStdString(m_config.ns) + QStringLiteral(":cli-*")};
        // Someone else holds it now: exit 3, nothing deleted.
        QCOMPARE(cli(release + QStringList{QStringLiteral("--expect"), QStringLiteral("worker-1")},
                     &out),
                 3);
        QCOMPARE(r.command({"GET", key}).str, std::string("worker-9"));
        // Without a reason: exit 2.
        QCOMPARE(
            cli({QStringLiteral("locks"), QStringLiteral("release"), QStringLiteral("--backend"),
                 QStringLiteral("redis"), QStringLiteral("--resource"), QString::fromStdString(key),
                 QStringLiteral("--yes")},
                &out),
            2);
        QCOMPARE(cli(release + QStringList{QStringLiteral("--expect"), QStringLiteral("worker-9"),
                                           QStringLiteral("--read-only")},
                     &out),
                 4);
        QCOMPARE(r.command({"GET", key}).str, std::string("worker-9"));
        QCOMPARE(cli(release + QStringList{QStringLiteral("--expect"), QStringLiteral("worker-9")},
                     &out),
                 0);
        QVERIFY(r.command({"GET", key}).isNil());
        QCOMPARE(
            cli({QStringLiteral("audit"), QStringLiteral("list"), QStringLiteral("--json")}, &out),
            0);
        const QJsonArray audit = QJsonDocument::fromJson(out).array();
        QVERIFY(audit.size() >= 2);
        QCOMPARE(audit[0].toObject().value(QStringLiteral("outcome")).toString(),
                 QStringLiteral("done"));
        QCOMPARE(audit[1].toObject().value(QStringLiteral("outcome")).toString(),
                 QStringLiteral("refused"));
    }

    /// A Redlock lock is one lock with a copy on each server: `locks release --expect VALUE`
    /// releases every copy (each checked on its own server); --node picks one copy.
    void redlockReleaseTakesEveryCopy() {
        if (m_config.redlock.size() < 3)
            QSKIP("the sandbox has no Redlock servers");
        auto lock =
            BackendRegistry::of(Backend::Redis).createStrategy(QStringLiteral("redlock"), m_config);
        auto h = lock->tryAcquire("rl-release", std::chrono::seconds(60));
        QVERIFY(h.has_value());
        const std::string key = m_config.redisPrefix() + "lock:{rl-release}";
        auto copies = [&] {
            int n = 0;
            for (const RedisUri& u : m_config.redlock)
                n += RedisClient(u).command({"GET", key}).str == h->raw() ? 1 : 0;
            return n;
        };
        QCOMPARE(copies(), 3);
        auto cli = [&](const QStringList& extra, QByteArray* out) {
            return test::runCliIn(
                m_config,
                QStringList{QStringLiteral("locks"), QStringLiteral("release"),
                            QStringLiteral("--backend"), QStringLiteral("redis"),
                            QStringLiteral("--resource"), QString::fromStdString(key),
                            QStringLiteral("--expect"), QString::fromStdString(h->raw()),
                            QStringLiteral("--reason"), QStringLiteral("test"),
                            QStringLiteral("--yes"), QStringLiteral("--json")} +
                    extra,
                out);
        };
        QByteArray out;
        // One copy, named by its server.
        const RedisUri first = m_config.redlock.first();
        QCOMPARE(
            cli({QStringLiteral("--node"), QStringLiteral("%1:%2").arg(first.host).arg(first.port)},
                &out),
            0);
        QCOMPARE(copies(), 2);
        QVERIFY(RedisClient(first).command({"GET", key}).isNil());
        // A server nothing is held on: exit 1, nothing released.
        QCOMPARE(
            cli({QStringLiteral("--node"), QStringLiteral("%1:%2").arg(first.host).arg(first.port)},
                &out),
            1);
        QCOMPARE(copies(), 2);
        // The rest at once, one outcome per copy.
        QCOMPARE(cli({}, &out), 0);
        const QJsonObject o = QJsonDocument::fromJson(out).object();
        QCOMPARE(o.value(QStringLiteral("outcome")).toString(), QStringLiteral("released"));
        QCOMPARE(o.value(QStringLiteral("copies")).toArray().size(), 2);
        QCOMPARE(copies(), 0);
    }

    /// Item 8: pg_cancel_backend on an idle-in-transaction holder cancels nothing. The outcome
    /// says so after re-observing, the lock is still there, and the audit row says so too.
    void cancelOnlyOnIdleHolderReleasesNothing() {
        pqxx::connection holder(m_config.postgres.toConninfo(true).toStdString());
        pqxx::work tx(holder);
        tx.exec("SELECT pg_advisory_xact_lock(774411)");
        const int pid = holder.backendpid();
        auto findHeld = [&](const Snapshot& s) -> const LockEntry* {
            for (const LockEntry& e : s.locks)
                if (const auto* obs = e.as<PgBackendObservation>(); obs && obs->pid == pid)
                    return &e;
            return nullptr;
        };
        LockMonitor m(m_monitorConfig);
        const Snapshot s = m.refresh();
        const LockEntry* e = findHeld(s);
        QVERIFY(e);
        auto req = request(*e);
        req.cancelOnly = true;
        const auto out = ForceReleaser(m_config).release(req);
        QCOMPARE(out.status, ForceReleaser::Outcome::Status::NothingReleased);
        QVERIFY2(out.message.contains(QStringLiteral("idle in transaction")),
                 qPrintable(out.message));
        QVERIFY(out.message.contains(QStringLiteral("terminate instead")));
        QVERIFY(findHeld(m.refresh())); // still held by the same backend
        const QJsonObject audit = latestAudit();
        QCOMPARE(audit.value(QStringLiteral("id")).toInteger(), out.auditId);
        QCOMPARE(audit.value(QStringLiteral("outcome")).toString(),
                 QStringLiteral("nothing-released"));
        QCOMPARE(audit.value(QStringLiteral("action")).toString(),
                 QStringLiteral("cancel-backend"));
        // Terminating does release it, and says so.
        const Snapshot again = m.refresh();
        const LockEntry* still = findHeld(again);
        QVERIFY(still);
        QCOMPARE(ForceReleaser(m_config).release(request(*still)).status,
                 ForceReleaser::Outcome::Status::Released);
        QVERIFY(!findHeld(m.refresh()));
    }

    /// Item 8b: --expect and --expect-sha256 compare the exact observed bytes, never the
    /// shortened, sanitized text: a value replaced by one with the same first 80 characters, or
    /// worker\x02 where worker\x01 was seen, is not released (exit 3), and the attempt is
    /// audited.
    void cliExpectComparesExactBytes() {
        RedisClient r(m_config.redis);
        const std::string key = m_config.ns + ":exact-lock";
        const QString pattern = QString::fromStdString(m_config.ns) + QStringLiteral(":exact-*");
        auto cli = [&](const QStringList& args, QByteArray* out = nullptr) {
            return test::runCliIn(m_config, args, out);
        };
        auto listedSha = [&]() {
            QByteArray out;
            if (cli({QStringLiteral("locks"), QStringLiteral("list"), QStringLiteral("--backend"),
                     QStringLiteral("redis"), QStringLiteral("--redis-pattern"), pattern,
                     QStringLiteral("--json")},
                    &out) != 0)
                return QString();
            const QJsonArray arr = QJsonDocument::fromJson(out).array();
            return arr.size() == 1
                       ? arr.first().toObject().value(QStringLiteral("observed_sha256")).toString()
                       : QString();
        };
        const QStringList release{QStringLiteral("locks"),
                                  QStringLiteral("release"),
                                  QStringLiteral("--backend"),
                                  QStringLiteral("redis"),
                                  QStringLiteral("--resource"),
                                  QString::fromStdString(key),
                                  QStringLiteral("--reason"),
                                  QStringLiteral("exact test"),
                                  QStringLiteral("--yes"),
                                  QStringLiteral("--redis-pattern"),
                                  pattern};
        auto auditCount = [&] { return AuditLog(m_config).list(100000).size(); };

        // Same first 80 characters.
        const std::string prefix(80, 'w');
        r.command({"SET", key, prefix + "-first"});
        const QString firstSha = listedSha();
        QCOMPARE(firstSha,
                 QString::fromLatin1(QCryptographicHash::hash(
                                         QByteArray::fromStdString(key + '\0' + prefix + "-first"),
                                         QCryptographicHash::Sha256)
                                         .toHex()));
        r.command({"SET", key, prefix + "-second"});
        const auto before = auditCount();
        QCOMPARE(cli(release + QStringList{QStringLiteral("--expect-sha256"), firstSha}), 3);
        QCOMPARE(r.command({"GET", key}).str, prefix + "-second");
        QCOMPARE(auditCount(), before + 1); // the mismatch is audited
        const QJsonObject row = latestAudit();
        QCOMPARE(row.value(QStringLiteral("outcome")).toString(), QStringLiteral("changed"));
        QVERIFY(row.value(QStringLiteral("detail")).toString().contains(firstSha));
        QCOMPARE(cli(release + QStringList{QStringLiteral("--expect"),
                                           QString::fromStdString(prefix + "-first")}),
                 3);
        QCOMPARE(
            cli(release + QStringList{QStringLiteral("--expect"), QString::fromStdString(prefix)}),
            3); // the display form is not the value
        QCOMPARE(r.command({"GET", key}).str, prefix + "-second");

        // worker\x01 seen, worker\x02 there now: both display as "worker.".
        r.command({"SET", key, std::string("worker\x01")});
        const QString sha01 = listedSha();
        QVERIFY(!sha01.isEmpty());
        r.command({"SET", key, std::string("worker\x02")});
        QVERIFY(listedSha() != sha01);
        QCOMPARE(cli(release + QStringList{QStringLiteral("--expect-sha256"), sha01}), 3);
        QCOMPARE(cli(release +
                     QStringList{QStringLiteral("--expect"), QString::fromLatin1("worker\x01")}),
                 3);
        QCOMPARE(r.command({"GET", key}).str, std::string("worker\x02"));
        // No expectation at all: refused before anything is read.
        QCOMPARE(cli(release), 2);
        QCOMPARE(r.command({"GET", key}).str, std::string("worker\x02"));
        // The right fingerprint releases it.
        QCOMPARE(cli(release + QStringList{QStringLiteral("--expect-sha256"), listedSha()}), 0);
        QVERIFY(r.command({"GET", key}).isNil());
    }

    /// Item 9: read-only CLI writes nothing: locks hold and locks release exit 4 (also with
    /// LOCKSCOPE_READ_ONLY=1), the server data unchanged.
    /// A key or holder written by someone else is printed as it is: a "%1" stays "%1" and a
    /// newline is escaped, so `locks list` text output can never show a forged row.
    void cliTextNeverForgesLines() {
        RedisClient r(m_config.redis);
        const std::string key = m_config.ns + ":%1\nredis      redis-key      forged";
        r.command({"SET", key, "v%2\nforged-holder", "PX", "60000"});
        QByteArray out;
        QCOMPARE(test::runCliIn(m_config,
                                {QStringLiteral("locks"), QStringLiteral("list"),
                                 QStringLiteral("--backend"), QStringLiteral("redis"),
                                 QStringLiteral("--redis-pattern"),
                                 QString::fromStdString(m_config.ns) + QStringLiteral(":%1*")},
                                &out),
                 0);
        const QStringList lines = QString::fromUtf8(out).split(u'\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 2); // the header and one row
        QVERIFY2(
            lines[1].contains(QString::fromStdString(m_config.ns) + QStringLiteral(":%1\\x0a")),
            qPrintable(lines[1]));
        QVERIFY2(lines[1].contains(QStringLiteral("v%2")), qPrintable(lines[1]));
        r.command({"DEL", key});
    }

    void cliReadOnlyRefusesLocks() {
        RedisClient r(m_config.redis);
        const std::string key = m_config.ns + ":ro2-lock";
        r.command({"SET", key, "keeper"});
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("LOCKSCOPE_READ_ONLY"), QStringLiteral("1"));
        p.setProcessEnvironment(env);
        p.start(qEnvironmentVariable("LOCKSCOPE_CLI"),
                {QStringLiteral("locks"), QStringLiteral("release"), QStringLiteral("--backend"),
                 QStringLiteral("redis"), QStringLiteral("--resource"), QString::fromStdString(key),
                 QStringLiteral("--reason"), QStringLiteral("ro"), QStringLiteral("--expect"),
                 QStringLiteral("keeper"), QStringLiteral("--yes"),
                 QStringLiteral("--redis-pattern"),
                 QString::fromStdString(m_config.ns) + QStringLiteral(":ro2-*"),
                 QStringLiteral("--sandbox"), qEnvironmentVariable("LOCKSCOPE_SANDBOX_DIR"),
                 QStringLiteral("--ns"), QString::fromStdString(m_config.ns)});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 4);
        QCOMPARE(r.command({"GET", key}).str, std::string("keeper"));
        QCOMPARE(latestAudit().value(QStringLiteral("outcome")).toString(),
                 QStringLiteral("refused"));
        // The variable fails closed: any value but an explicit no means read-only.
        for (const char* value : {"true", "yes", " 1", "ON"}) {
            env.insert(QStringLiteral("LOCKSCOPE_READ_ONLY"), QString::fromLatin1(value));
            p.setProcessEnvironment(env);
            p.start(qEnvironmentVariable("LOCKSCOPE_CLI"), p.arguments());
            QVERIFY(p.waitForFinished(60000));
            QVERIFY2(p.exitCode() == 4, value);
            QCOMPARE(r.command({"GET", key}).str, std::string("keeper"));
        }
        // locks hold: no lock taken.
        const QString resource = QStringLiteral("ro-hold");
        QCOMPARE(test::runCliIn(m_config, {QStringLiteral("locks"), QStringLiteral("hold"),
                                           QStringLiteral("--strategy"), QStringLiteral("redis"),
                                           QStringLiteral("--resource"), resource,
                                           QStringLiteral("--seconds"), QStringLiteral("1"),
                                           QStringLiteral("--read-only")}),
                 4);
        QCOMPARE(r.command({"EXISTS", m_config.redisPrefix() + "lock:{ro-hold}"}).integer, 0LL);
        // The same refusal in core, whoever calls.
        NamespaceConfig ro = m_config;
        ro.readOnly = true;
        LockMonitor m(m_monitorConfig);
        const Snapshot s = m.refresh();
        const LockEntry* e =
            findEntry(s, Backend::Redis, QStringLiteral("redis-key"), QStringLiteral(":ro2-lock"));
        QVERIFY(e);
        QCOMPARE(ForceReleaser(ro).release(request(*e)).status,
                 ForceReleaser::Outcome::Status::ReadOnly);
        QCOMPARE(r.command({"GET", key}).str, std::string("keeper"));
    }

    /// Item 10: the operator is the OS user of the process even when $USER and $LOGNAME are
    /// unset (sudo, cron), and the server records the database user and client address.
    void auditNamesTheRealOperator() {
        RedisClient r(m_config.redis);
        const std::string key = m_config.ns + ":who-lock";
        r.command({"SET", key, "someone"});
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("USER"));
        env.remove(QStringLiteral("LOGNAME"));
        p.setProcessEnvironment(env);
        p.start(qEnvironmentVariable("LOCKSCOPE_CLI"),
                {QStringLiteral("locks"), QStringLiteral("release"), QStringLiteral("--backend"),
                 QStringLiteral("redis"), QStringLiteral("--resource"), QString::fromStdString(key),
                 QStringLiteral("--reason"), QStringLiteral("who"), QStringLiteral("--expect"),
                 QStringLiteral("someone"), QStringLiteral("--yes"),
                 QStringLiteral("--redis-pattern"),
                 QString::fromStdString(m_config.ns) + QStringLiteral(":who-*"),
                 QStringLiteral("--sandbox"), qEnvironmentVariable("LOCKSCOPE_SANDBOX_DIR"),
                 QStringLiteral("--ns"), QString::fromStdString(m_config.ns)});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 0);
        const passwd* pw = ::getpwuid(::getuid());
        QVERIFY(pw);
        const QJsonObject row = latestAudit();
        QCOMPARE(row.value(QStringLiteral("operator")).toString(),
                 QString::fromLocal8Bit(pw->pw_name));
        QCOMPARE(row.value(QStringLiteral("db_user")).toString(),
                 m_config.postgres.value(QStringLiteral("user")));
        // Whatever the client sends, the server's trigger writes who it really is.
        PgConnection c(m_config.postgres);
        c.run("fake", [&](pqxx::connection& raw) {
            pqxx::nontransaction tx(raw);
            tx.exec("INSERT INTO " + m_config.pgSchema() +
                    ".audit_log (operator, host, backend, kind, resource, observed_owner, action, "
                    "reason, outcome, db_user, client_addr) VALUES ('x', 'h', 'redis', 'k', 'r', "
                    "'o', 'delete', 'why', 'refused', 'postgres', '10.9.8.7')");
        });
        const QJsonObject faked = latestAudit();
        QCOMPARE(faked.value(QStringLiteral("db_user")).toString(),
                 m_config.postgres.value(QStringLiteral("user")));
        QVERIFY(faked.value(QStringLiteral("client_addr")).toString() != u"10.9.8.7");
    }

    void orphanedWhenTheOwnerProcessIsGone() {
        // A pid that surely existed and is gone now: a child's, read while it runs (processId()
        // is 0 once it has finished), then killed and reaped.
        QProcess gone;
        gone.start(QStringLiteral("sleep"), {QStringLiteral("60")});
        QVERIFY(gone.waitForStarted(5000));
        const qint64 pid = gone.processId();
        QVERIFY(pid > 0);
        gone.kill();
        QVERIFY(gone.waitForFinished(5000));
        QVERIFY(::kill(pid_t(pid), 0) != 0); // no such process any more
        const QString host = QSysInfo::machineHostName();
        RedisClient r(m_config.redis);
        const std::string dead = m_config.ns + ":orphan-lock", alive = m_config.ns + ":alive-lock";
        r.command({"SET", dead,
                   QStringLiteral("lockscope:v1:7:%1:%2:abc").arg(host).arg(pid).toStdString(),
                   "PX", "60000"});
        r.command({"SET", alive,
                   QStringLiteral("lockscope:v1:8:%1:%2:abc")
                       .arg(host)
                       .arg(QCoreApplication::applicationPid())
                       .toStdString(),
                   "PX", "60000"});
        LockMonitor m(m_monitorConfig);
        const Snapshot s = m.refresh();
        const LockEntry* d = findEntry(s, Backend::Redis, QStringLiteral("redis-key"),
                                       QStringLiteral(":orphan-lock"));
        const LockEntry* a = findEntry(s, Backend::Redis, QStringLiteral("redis-key"),
                                       QStringLiteral(":alive-lock"));
        QVERIFY(d && a);
        QVERIFY(d->hasFlag(LockFlag::Orphaned));
        QVERIFY(!a->hasFlag(LockFlag::Orphaned));
    }

    void zookeeperWatchWakesMonitor() {
        std::atomic<int> pokes{0};
        MonitorConfig cfg = m_monitorConfig;
        cfg.backends = {Backend::ZooKeeper};
        LockMonitor m(cfg, [&] { ++pokes; });
        m.refresh(); // arms the watches
        const int before = pokes.load();
        auto lock = LockStrategy::create(QStringLiteral("zookeeper"), m_config);
        // A new lock directory under the watched root: the root's child watch fires.
        auto h = lock->acquire("watched-" + std::to_string(before), LockOptions{10s, 1s});
        QVERIFY(h);
        QTRY_VERIFY_WITH_TIMEOUT(pokes.load() > before, 5000);
        lock->release(*h);
    }

    void keyspaceNotificationsUsedOnlyWhenEnabled() {
        RedisClient admin(m_config.redis);
        const RedisReply was = admin.command({"CONFIG", "GET", "notify-keyspace-events"});
        const std::string previous = was.elements.size() == 2 ? was.elements[1].str : "";
        MonitorConfig cfg = m_monitorConfig;
        cfg.backends = {Backend::Redis};
        cfg.redisTracking =
            MonitorConfig::RedisTracking::Off; // notifications alone (tst_visibility)
        std::atomic<int> pokes{0};
        {
            // Off (the default): the monitor polls and does not switch them on.
            admin.command({"CONFIG", "SET", "notify-keyspace-events", ""});
            LockMonitor m(cfg, [&] { ++pokes; });
            QTRY_VERIFY_WITH_TIMEOUT(!m.changeListenerActive(), 2000);
            QCOMPARE(admin.command({"CONFIG", "GET", "notify-keyspace-events"}).elements[1].str,
                     std::string(""));
        }
        // The operator enabled them: a lock key change wakes the monitor without a poll.
        admin.command({"CONFIG", "SET", "notify-keyspace-events", "KA"});
        {
            LockMonitor m(cfg, [&] { ++pokes; });
            QTRY_VERIFY_WITH_TIMEOUT(m.changeListenerActive(), 5000);
            const int before = pokes.load();
            admin.command({"SET", m_config.ns + ":notified-lock", "x", "PX", "10000"});
            QTRY_VERIFY_WITH_TIMEOUT(pokes.load() > before, 5000);
        }
        admin.command({"CONFIG", "SET", "notify-keyspace-events", previous});
    }

    /// Issue 10: every row lock that blocks someone is an entry of its own, whatever statement
    /// took it; the waiter is never shown as a holder.
    void pgRowHolderOfAnyStatementListed_data() {
        QTest::addColumn<QString>("statement");
        QTest::newRow("update") << QStringLiteral("UPDATE %1 SET v = v + 1 WHERE id = 3");
        QTest::newRow("delete") << QStringLiteral("DELETE FROM %1 WHERE id = 3");
        QTest::newRow("for no key update")
            << QStringLiteral("SELECT * FROM %1 WHERE id = 3 FOR NO KEY UPDATE");
        QTest::newRow("for share") << QStringLiteral("SELECT * FROM %1 WHERE id = 3 FOR SHARE");
        // The foreign-key check locks the parent row FOR KEY SHARE.
        QTest::newRow("foreign-key check")
            << QStringLiteral("INSERT INTO %1_children (item) VALUES (3)");
    }
    void pgRowHolderOfAnyStatementListed() {
        QFETCH(QString, statement);
        const std::string table = truthTable();
        PgConnection holder(m_config.postgres);
        holder.execute("SET application_name = 'session-1'");
        pqxx::work hold(holder.raw());
        hold.exec(statement.arg(QString::fromStdString(table)).toStdString());
        PgConnection waiterConn(m_config.postgres);
        waiterConn.execute("SET application_name = 'session-2'");
        std::thread waiter =
            blockedStatement(waiterConn, "SELECT * FROM " + table + " WHERE id = 3 FOR UPDATE");
        const auto finally = qScopeGuard([&] {
            try {
                hold.abort();
            } catch (...) {
            }
            waiter.join();
        });
        QTRY_VERIFY_WITH_TIMEOUT(pgWaiting(waiterConn.backendPid()), 10000);

        MonitorConfig cfg = m_monitorConfig;
        cfg.backends = {Backend::Postgres};
        LockMonitor m(cfg);
        Snapshot s;
        QTRY_VERIFY_WITH_TIMEOUT(
            (s = m.refresh(), heldBy(s, QStringLiteral("pg-row"), holder.backendPid()) != nullptr),
            5000);
        const LockEntry* e = heldBy(s, QStringLiteral("pg-row"), holder.backendPid());
        QCOMPARE(e->resource, QString::fromStdString(table));
        QVERIFY(e->hasFlag(LockFlag::Blocking));
        QVERIFY(!e->hasFlag(LockFlag::Waiting));
        QVERIFY(e->hasFlag(LockFlag::IdleInTransaction));
        QCOMPARE(e->waiters.size(), 1);
        QVERIFY(e->waiters.first().contains(QString::number(waiterConn.backendPid())));
        QVERIFY(e->holder.contains(QStringLiteral("session-1")));
        const QJsonObject d = e->details();
        for (const char* k : {"pid", "user", "application", "client_addr", "state",
                              "state_since_ms", "query", "modes", "blocking_tree"})
            QVERIFY2(d.contains(QLatin1String(k)), k);
        // pgrowlocks: row 3, named by its primary key.
        QCOMPARE(d.value(QStringLiteral("rows")).toArray(), QJsonArray{QStringLiteral("id=3")});
        QVERIFY(!e->rawBytes.isEmpty());
        QVERIFY(e->rawBytes.contains(QByteArray::number(holder.backendPid())));
        // The waiter holds nothing: no entry names it as a holder.
        QVERIFY(!anyHeldBy(s, waiterConn.backendPid()));

        // The CLI prints the same.
        QByteArray out;
        QCOMPARE(test::runCliIn(m_config,
                                {QStringLiteral("locks"), QStringLiteral("list"),
                                 QStringLiteral("--backend"), QStringLiteral("postgres"),
                                 QStringLiteral("--json")},
                                &out),
                 0);
        bool found = false;
        for (const auto& v : QJsonDocument::fromJson(out).array()) {
            const QJsonObject o = v.toObject();
            const int pid =
                o.value(QStringLiteral("details")).toObject().value(QStringLiteral("pid")).toInt();
            QVERIFY2(pid != waiterConn.backendPid(), "the waiter is listed as a holder");
            if (pid != holder.backendPid())
                continue;
            found = true;
            QCOMPARE(o.value(QStringLiteral("kind")).toString(), QStringLiteral("pg-row"));
            QVERIFY(o.contains(QStringLiteral("logical_resource")));
            QVERIFY(o.value(QStringLiteral("waiters")).toArray().size() >= 1);
            QVERIFY(o.value(QStringLiteral("flags"))
                        .toArray()
                        .contains(QJsonValue(QStringLiteral("blocking"))));
        }
        QVERIFY(found);
    }

    /// A table lock (LOCK TABLE) that blocks someone is a pg-relation entry.
    void pgRelationLockThatBlocksListed() {
        const std::string table = truthTable();
        PgConnection holder(m_config.postgres);
        holder.execute("SET application_name = 'ddl-job'");
        pqxx::work hold(holder.raw());
        hold.exec("LOCK TABLE " + table + " IN ACCESS EXCLUSIVE MODE");
        PgConnection waiterConn(m_config.postgres);
        std::thread waiter = blockedStatement(waiterConn, "SELECT count(*) FROM " + table);
        const auto finally = qScopeGuard([&] {
            try {
                hold.abort();
            } catch (...) {
            }
            waiter.join();
        });
        QTRY_VERIFY_WITH_TIMEOUT(pgWaiting(waiterConn.backendPid()), 10000);
        MonitorConfig cfg = m_monitorConfig;
        cfg.backends = {Backend::Postgres};
        LockMonitor m(cfg);
        const Snapshot s = m.refresh();
        const LockEntry* e = heldBy(s, QStringLiteral("pg-relation"), holder.backendPid());
        QVERIFY(e);
        QCOMPARE(e->resource, QString::fromStdString(table));
        QCOMPARE(e->waiters.size(), 1);
        QVERIFY(e->waiters.first().contains(QString::number(waiterConn.backendPid())));
        QVERIFY(e->hasFlag(LockFlag::Blocking));
        QVERIFY(e->details()
                    .value(QStringLiteral("modes"))
                    .toArray()
                    .contains(QJsonValue(QStringLiteral("AccessExclusiveLock"))));
        QVERIFY(!anyHeldBy(s, waiterConn.backendPid()));
        // Force-release re-checks exactly this target.
        QCOMPARE(e->as<PgBackendObservation>()->target.type, PgLockTarget::Type::Table);
    }

    /// A DDL queued for AccessExclusiveLock behind an idle reader holds up every reader behind
    /// it: they are all waiters of the reader's table lock; the queued ones hold nothing.
    void pgQueuedDdlWaitersCountForTheHolder() {
        const std::string table = truthTable();
        PgConnection holder(m_config.postgres);
        pqxx::work hold(holder.raw());
        hold.exec("SELECT count(*) FROM " + table);
        PgConnection ddl(m_config.postgres);
        PgConnection reader(m_config.postgres);
        std::thread ddlThread =
            blockedStatement(ddl, "ALTER TABLE " + table + " ADD COLUMN IF NOT EXISTS extra int");
        std::thread readerThread;
        const auto finally = qScopeGuard([&] {
            try {
                hold.abort();
            } catch (...) {
            }
            ddlThread.join();
            if (readerThread.joinable())
                readerThread.join();
        });
        QTRY_VERIFY_WITH_TIMEOUT(pgWaiting(ddl.backendPid()), 10000);
        readerThread = blockedStatement(reader, "SELECT count(*) FROM " + table);
        QTRY_VERIFY_WITH_TIMEOUT(pgWaiting(reader.backendPid()), 10000);
        MonitorConfig cfg = m_monitorConfig;
        cfg.backends = {Backend::Postgres};
        LockMonitor m(cfg);
        const Snapshot s = m.refresh();
        const LockEntry* e = heldBy(s, QStringLiteral("pg-relation"), holder.backendPid());
        QVERIFY(e);
        QCOMPARE(e->waiters.size(), 2);
        QVERIFY(e->waiters.at(0).contains(QString::number(ddl.backendPid())));
        QVERIFY(e->waiters.at(1).contains(QString::number(reader.backendPid())));
        QVERIFY(e->details()
                    .value(QStringLiteral("modes"))
                    .toArray()
                    .contains(QJsonValue(QStringLiteral("AccessShareLock"))));
        QVERIFY(!anyHeldBy(s, ddl.backendPid()));
        QVERIFY(!anyHeldBy(s, reader.backendPid()));
    }

    /// Force-release from the UPDATE holder's entry terminates the blocker, not its victim.
    void forceReleaseOfAnUpdateHolderFreesItsWaiter() {
        const std::string table = truthTable();
        PgConnection holder(m_config.postgres);
        pqxx::work hold(holder.raw());
        hold.exec("UPDATE " + table + " SET v = v + 1 WHERE id = 2");
        PgConnection waiterConn(m_config.postgres);
        std::atomic<bool> waiterGotIt{false};
        std::thread waiter([&] {
            try {
                pqxx::work w(waiterConn.raw());
                w.exec("SET LOCAL statement_timeout = '20s'");
                w.exec("SELECT * FROM " + table + " WHERE id = 2 FOR UPDATE");
                waiterGotIt = true;
                w.abort();
            } catch (...) {
            }
        });
        const auto finally = qScopeGuard([&] {
            try {
                hold.abort();
            } catch (...) {
            }
            waiter.join();
        });
        QTRY_VERIFY_WITH_TIMEOUT(pgWaiting(waiterConn.backendPid()), 10000);
        MonitorConfig cfg = m_monitorConfig;
        cfg.backends = {Backend::Postgres};
        LockMonitor m(cfg);
        const Snapshot s = m.refresh();
        const LockEntry* e = heldBy(s, QStringLiteral("pg-row"), holder.backendPid());
        QVERIFY(e);
        ForceReleaser releaser(m_config);
        const auto out = releaser.release(request(*e));
        QCOMPARE(out.status, ForceReleaser::Outcome::Status::Released);
        QTRY_VERIFY_WITH_TIMEOUT(waiterGotIt.load(), 10000);
        QVERIFY(waiterConn.isOpen());
    }

    /// A holder that itself waits for another lock is flagged waiting, and still blocking.
    void pgHolderThatWaitsIsFlaggedWaiting() {
        const std::string table = truthTable();
        PgConnection first(m_config.postgres);
        pqxx::work firstTx(first.raw());
        firstTx.exec("SELECT * FROM " + table + " WHERE id = 2 FOR UPDATE");
        PgConnection middle(m_config.postgres);
        PgConnection last(m_config.postgres);
        // middle locks row 1, then waits for row 2; last waits for row 1.
        std::thread middleThread([&] {
            try {
                pqxx::work w(middle.raw());
                w.exec("SET LOCAL statement_timeout = '20s'");
                w.exec("SELECT * FROM " + table + " WHERE id = 1 FOR UPDATE");
                w.exec("SELECT * FROM " + table + " WHERE id = 2 FOR UPDATE");
                w.abort();
            } catch (...) {
            }
        });
        std::thread lastThread;
        const auto finally = qScopeGuard([&] {
            try {
                firstTx.abort();
            } catch (...) {
            }
            middleThread.join();
            if (lastThread.joinable())
                lastThread.join();
        });
        QTRY_VERIFY_WITH_TIMEOUT(pgWaiting(middle.backendPid()), 10000);
        lastThread = blockedStatement(last, "SELECT * FROM " + table + " WHERE id = 1 FOR UPDATE");
        QTRY_VERIFY_WITH_TIMEOUT(pgWaiting(last.backendPid()), 10000);
        MonitorConfig cfg = m_monitorConfig;
        cfg.backends = {Backend::Postgres};
        LockMonitor m(cfg);
        const Snapshot s = m.refresh();
        const LockEntry* top = heldBy(s, QStringLiteral("pg-row"), first.backendPid());
        const LockEntry* mid = heldBy(s, QStringLiteral("pg-row"), middle.backendPid());
        QVERIFY(top && mid);
        QVERIFY(top->hasFlag(LockFlag::Blocking) && !top->hasFlag(LockFlag::Waiting));
        QVERIFY(mid->hasFlag(LockFlag::Blocking) && mid->hasFlag(LockFlag::Waiting));
        QCOMPARE(mid->waiters.size(), 1);
        QVERIFY(mid->waiters.first().contains(QString::number(last.backendPid())));
        QVERIFY(!anyHeldBy(s, last.backendPid()));
    }

    /// LockScope's own purchase lock idle in transaction is not stale unless it blocks someone;
    /// a foreign one is, past the (configured) threshold.
    void pgStaleOnlyWhenBlockingOrForeign() {
        const std::string table = truthTable();
        MonitorConfig cfg = m_monitorConfig;
        cfg.backends = {Backend::Postgres};
        cfg.stale.pgIdleInTransaction = 300ms;
        const std::string resource = test::uniqueName(QStringLiteral("stale")).toStdString();
        auto own = LockStrategy::create(QStringLiteral("pg-row"), m_config);
        auto h = own->acquire(resource, LockOptions{30s, 1s});
        QVERIFY(h);
        const int ownPid = std::stoi(h->raw().substr(h->raw().find(':') + 1));
        PgConnection foreign(m_config.postgres);
        foreign.execute("SET application_name = 'foreign-job'");
        pqxx::work fw(foreign.raw());
        fw.exec("SELECT * FROM " + table + " WHERE id = 5 FOR UPDATE");
        LockMonitor m(cfg);
        Snapshot s;
        QTRY_VERIFY_WITH_TIMEOUT(
            (s = m.refresh(), heldBy(s, QStringLiteral("pg-row"), foreign.backendPid()) &&
                                  heldBy(s, QStringLiteral("pg-row"), foreign.backendPid())
                                      ->hasFlag(LockFlag::Stale)),
            5000);
        const LockEntry* mine = heldBy(s, QStringLiteral("pg-row"), ownPid);
        QVERIFY(mine);
        QCOMPARE(mine->logical(), QString::fromStdString(resource));
        QVERIFY(mine->hasFlag(LockFlag::IdleInTransaction));
        QVERIFY(!mine->hasFlag(LockFlag::Foreign));
        QVERIFY2(!mine->hasFlag(LockFlag::Stale), "own holder blocking nobody flagged stale");
        QVERIFY(
            heldBy(s, QStringLiteral("pg-row"), foreign.backendPid())->hasFlag(LockFlag::Foreign));
        fw.abort();
        // A second purchase waits for it: now it blocks someone, and is stale.
        auto second = LockStrategy::create(QStringLiteral("pg-row"), m_config);
        std::optional<LockHandle> h2;
        std::thread t([&] { h2 = second->acquire(resource, LockOptions{30s, 15s}); });
        const auto finally = qScopeGuard([&] {
            own->release(*h);
            t.join();
            if (h2)
                second->release(*h2);
        });
        QTRY_VERIFY_WITH_TIMEOUT(
            (s = m.refresh(),
             heldBy(s, QStringLiteral("pg-row"), ownPid) &&
                 heldBy(s, QStringLiteral("pg-row"), ownPid)->hasFlag(LockFlag::Blocking)),
            10000);
        QTRY_VERIFY_WITH_TIMEOUT(
            (s = m.refresh(),
             heldBy(s, QStringLiteral("pg-row"), ownPid) &&
                 heldBy(s, QStringLiteral("pg-row"), ownPid)->hasFlag(LockFlag::Stale)),
            5000);
    }

    /// Redis keys without TTL and persistent ZooKeeper nodes are stale only while their rule is on;
    /// an expired lease only after its grace.
    void staleRulesConfigurable() {
        RedisClient r(m_config.redis);
        const std::string key = m_config.ns + ":no-ttl-rule-lock";
        r.command({"SET", key, "batch-7"});
        ZkSession zk(m_config.zookeeper);
        const std::string dir = m_zkRoot + "/persistent-rule";
        zk.ensurePath(dir);
        zk.create(dir + "/aaaaaaaabbbbbbbbccccccccdddddddd__lock__", "left-behind",
                  ZkSession::CreateMode::PersistentSequential);
        auto lease = LockStrategy::create(QStringLiteral("lease"), m_config);
        const std::string leased = test::uniqueName(QStringLiteral("lapsed")).toStdString();
        QVERIFY(lease->acquire(leased, LockOptions{50ms, 1s}));
        MonitorConfig on = m_monitorConfig;
        on.stale.leaseExpiredGrace = 0ms;
        MonitorConfig off = m_monitorConfig;
        off.stale.redisNoTtl = false;
        off.stale.zkPersistent = false;
        off.stale.leaseExpiredGrace = 3600s;
        LockMonitor mOn(on);
        LockMonitor mOff(off);
        Snapshot s;
        QTRY_VERIFY_WITH_TIMEOUT(
            (s = mOn.refresh(), findEntry(s, Backend::Postgres, QStringLiteral("lease"),
                                          QString::fromStdString(leased)) &&
                                    findEntry(s, Backend::Postgres, QStringLiteral("lease"),
                                              QString::fromStdString(leased))
                                        ->hasFlag(LockFlag::Stale)),
            5000);
        QVERIFY(
            findEntry(s, Backend::Redis, QStringLiteral("redis-key"), QStringLiteral("no-ttl-rule"))
                ->hasFlag(LockFlag::Stale));
        QVERIFY(findEntry(s, Backend::ZooKeeper, QStringLiteral("zk-recipe"),
                          QStringLiteral("persistent-rule"))
                    ->hasFlag(LockFlag::Stale));
        s = mOff.refresh();
        const LockEntry* k = findEntry(s, Backend::Redis, QStringLiteral("redis-key"),
                                       QStringLiteral("no-ttl-rule"));
        QVERIFY(k && k->hasFlag(LockFlag::NoExpiry) && !k->hasFlag(LockFlag::Stale));
        QCOMPARE(k->rawBytes, QByteArray::fromStdString(k->as<RedisObservation>()->key) +
                                  QByteArray("\0batch-7", 8));
        const LockEntry* z = findEntry(s, Backend::ZooKeeper, QStringLiteral("zk-recipe"),
                                       QStringLiteral("persistent-rule"));
        QVERIFY(z && z->hasFlag(LockFlag::NoExpiry) && !z->hasFlag(LockFlag::Stale));
        QVERIFY(z->rawBytes.endsWith(QByteArray("left-behind")));
        const LockEntry* l = findEntry(s, Backend::Postgres, QStringLiteral("lease"),
                                       QString::fromStdString(leased));
        QVERIFY(l && l->leaseMs == 0 && !l->hasFlag(LockFlag::Stale));
        r.command({"DEL", key});
        for (const std::string& c : zk.children(dir))
            zk.remove(dir + "/" + c);
    }

    /// The defaults documented in docs/LOCKS.md, and the settings/CLI round trip.
    void staleRulesDefaultsAndJson() {
        const StaleRules d;
        QCOMPARE(d.pgIdleInTransaction.count(), 300000);
        QVERIFY(d.redisNoTtl);
        QVERIFY(d.zkPersistent);
        QCOMPARE(d.leaseExpiredGrace.count(), 5000);
        QVERIFY(!d.pgStale(400000, false, true)); // own, blocking nobody
        QVERIFY(d.pgStale(400000, true, true));   // own, blocking someone
        QVERIFY(d.pgStale(400000, false, false)); // foreign
        QVERIFY(!d.pgStale(200000, true, false)); // under the threshold
        QVERIFY(!d.leaseStale(-1));
        QVERIFY(!d.leaseStale(5000));
        QVERIFY(d.leaseStale(5001));
        StaleRules c;
        c.pgIdleInTransaction = 1500ms;
        c.redisNoTtl = false;
        c.leaseExpiredGrace = 0ms;
        QVERIFY(StaleRules::fromJson(c.toJson()) == std::optional<StaleRules>(c));
        QVERIFY(StaleRules::fromJson(QJsonObject{}) == std::optional<StaleRules>(d));
        QString error;
        QVERIFY(!StaleRules::fromJson(
            QJsonObject{{QStringLiteral("pg_idle_in_transaction_ms"), -1}}, &error));
        QVERIFY(error.contains(QStringLiteral("pg_idle_in_transaction_ms")));
        QVERIFY(!StaleRules::fromJson(QJsonObject{{QStringLiteral("redis_no_ttl"), 1}}));
        QVERIFY(StaleRules::parseDuration(QStringLiteral("300s")) ==
                std::optional<std::chrono::milliseconds>(300000));
        QVERIFY(StaleRules::parseDuration(QStringLiteral("5m")) ==
                std::optional<std::chrono::milliseconds>(300000));
        QVERIFY(StaleRules::parseDuration(QStringLiteral("250ms")) ==
                std::optional<std::chrono::milliseconds>(250));
        QVERIFY(StaleRules::parseDuration(QStringLiteral("30")) ==
                std::optional<std::chrono::milliseconds>(30000));
        QVERIFY(!StaleRules::parseDuration(QStringLiteral("-5s")));
        QVERIFY(!StaleRules::parseDuration(QStringLiteral("5 minutes")));
        // The CLI refuses what it cannot read.
        QCOMPARE(
            test::runCliIn(m_config, {QStringLiteral("locks"), QStringLiteral("list"),
                                      QStringLiteral("--stale-pg-idle"), QStringLiteral("soon")}),
            2);
        QCOMPARE(test::runCliIn(m_config,
                                {QStringLiteral("locks"), QStringLiteral("list"),
                                 QStringLiteral("--stale-redis-no-ttl"), QStringLiteral("maybe")}),
                 2);
    }

    /// Decoding what was locked from the layouts LockScope writes (pure functions).
    void logicalResourceDecoded() {
        NamespaceConfig ns = m_config;
        ns.ns = "shop_a";
        QCOMPARE(RedisScanner::logicalResourceOf(ns, "shop_a:lock:{cart:42}", false),
                 QStringLiteral("cart:42"));
        QCOMPARE(RedisScanner::logicalResourceOf(ns, "other_ns:lock:{cart:42}", true),
                 QStringLiteral("cart:42"));
        QCOMPARE(RedisScanner::logicalResourceOf(ns, "other_ns:lock:{cart:42}", false),
                 QStringLiteral("other_ns:lock:{cart:42}"));
        QCOMPARE(RedisScanner::logicalResourceOf(ns, "cart:42:lock", false),
                 QStringLiteral("cart:42:lock"));
        QCOMPARE(ZooKeeperScanner::logicalResourceOf(ns, "/shop_a/locks/cart:42", false),
                 QStringLiteral("cart:42"));
        QCOMPARE(ZooKeeperScanner::logicalResourceOf(ns, "/shop_a/locks/a%2Fb%25c", false),
                 QStringLiteral("a/b%c"));
        QCOMPARE(ZooKeeperScanner::logicalResourceOf(ns, "/other/locks/cart:42", true),
                 QStringLiteral("cart:42"));
        QCOMPARE(ZooKeeperScanner::logicalResourceOf(ns, "/other/locks/cart:42", false),
                 QStringLiteral("/other/locks/cart:42"));
        QCOMPARE(ZooKeeperScanner::logicalResourceOf(ns, "/locks/cart:42", true),
                 QStringLiteral("/locks/cart:42"));
        QCOMPARE(PostgresScanner::itemResource(42),
                 QString::fromStdString(Purchaser::resourceFor(42)));
        QVERIFY(PostgresScanner::isOwnRowTable(ns, QStringLiteral("shop_a.row_locks")));
        QVERIFY(PostgresScanner::isOwnRowTable(ns, QStringLiteral("shop_a.items")));
        QVERIFY(!PostgresScanner::isOwnRowTable(ns, QStringLiteral("shop_b.row_locks")));
        bool itemIds = false;
        PostgresScanner::rowLockSql(ns, QStringLiteral("shop_a.items"), {}, &itemIds);
        QVERIFY(itemIds);
        PostgresScanner::rowLockSql(ns, QStringLiteral("shop_a.row_locks"), {}, &itemIds);
        QVERIFY(!itemIds);
        // Another table's rows by primary key, with the column names quoted.
        const std::string sql = PostgresScanner::rowLockSql(ns, QStringLiteral("public.t"),
                                                            {"id", "we\"ird'col"}, &itemIds);
        QVERIFY(!itemIds);
        QVERIFY(sql.find("'id=' || coalesce(t.\"id\"::text, 'NULL')") != std::string::npos);
        QVERIFY(sql.find("'we\"ird''col=' || coalesce(t.\"we\"\"ird'col\"::text") !=
                std::string::npos);
    }

    /// One purchase, one name: the same resource locked through every strategy shows one
    /// logical resource, and a stock row locked by the shop's own UPDATE too.
    void oneResourceOneLogicalName() {
        const QString resource = QString::fromStdString(Purchaser::resourceFor(7));
        std::vector<std::pair<std::unique_ptr<LockStrategy>, std::optional<LockHandle>>> held;
        for (const QString& name :
             {QStringLiteral("redis"), QStringLiteral("zookeeper"), QStringLiteral("pg-row"),
              QStringLiteral("pg-advisory"), QStringLiteral("lease")}) {
            auto strat = LockStrategy::create(name, m_config);
            auto h = strat->acquire(resource.toStdString(), LockOptions{30s, 1s});
            QVERIFY2(h, qPrintable(name));
            held.emplace_back(std::move(strat), std::move(h));
        }
        PgConnection setup(m_config.postgres);
        setup.execute("INSERT INTO " + m_config.pgSchema() +
                      ".items (id, name, stock) VALUES (7, 'seven', 3) ON CONFLICT DO NOTHING");
        PgConnection stock(m_config.postgres);
        pqxx::work stockTx(stock.raw());
        stockTx.exec("SELECT * FROM " + m_config.pgSchema() + ".items WHERE id = 7 FOR UPDATE");
        const auto finally = qScopeGuard([&] {
            stockTx.abort();
            for (auto& [strat, h] : held)
                strat->release(*h);
        });
        LockMonitor m(m_monitorConfig);
        const Snapshot s = m.refresh();
        QSet<QString> kinds;
        for (const LockEntry& e : s.locks)
            if (e.logical() == resource)
                kinds.insert(e.kind.name());
        const QSet<QString> expected{QStringLiteral("redis-key"), QStringLiteral("zk-recipe"),
                                     QStringLiteral("pg-row"), QStringLiteral("pg-advisory"),
                                     QStringLiteral("lease")};
        QCOMPARE(kinds, expected);
        const LockEntry* item = heldBy(s, QStringLiteral("pg-row"), stock.backendPid());
        QVERIFY(item);
        QCOMPARE(item->logical(), resource);
        QCOMPARE(item->resource, QString::fromStdString(m_config.pgSchema() + ".items"));
        // Every entry carries the bytes it was read from.
        for (const LockEntry& e : s.locks)
            QVERIFY2(!e.rawBytes.isEmpty(), qPrintable(e.id()));
    }

    /// The who-blocks-whom tree is attached only to the locks it concerns.
    void blockingTreeOnlyOnItsLocks() {
        const std::string table = truthTable();
        PgConnection holder(m_config.postgres);
        pqxx::work hold(holder.raw());
        hold.exec("UPDATE " + table + " SET v = v WHERE id = 4");
        PgConnection waiterConn(m_config.postgres);
        std::thread waiter =
            blockedStatement(waiterConn, "SELECT * FROM " + table + " WHERE id = 4 FOR UPDATE");
        auto advisory = LockStrategy::create(QStringLiteral("pg-advisory"), m_config);
        auto adv = advisory->acquire(test::uniqueName(QStringLiteral("tree")).toStdString(),
                                     LockOptions{10s, 1s});
        const auto finally = qScopeGuard([&] {
            try {
                hold.abort();
            } catch (...) {
            }
            waiter.join();
            if (adv)
                advisory->release(*adv);
        });
        QVERIFY(adv);
        QTRY_VERIFY_WITH_TIMEOUT(pgWaiting(waiterConn.backendPid()), 10000);
        MonitorConfig cfg = m_monitorConfig;
        cfg.backends = {Backend::Postgres};
        LockMonitor m(cfg);
        const Snapshot s = m.refresh();
        const LockEntry* row = heldBy(s, QStringLiteral("pg-row"), holder.backendPid());
        QVERIFY(row);
        const QJsonArray tree = row->details().value(QStringLiteral("blocking_tree")).toArray();
        QCOMPARE(tree.size(), 1);
        QCOMPARE(tree.first().toObject().value(QStringLiteral("pid")).toInt(), holder.backendPid());
        for (const LockEntry& e : s.locks)
            if (e.kind.name() == u"pg-advisory" || e.kind.name() == u"lease")
                QVERIFY2(!e.details().contains(QStringLiteral("blocking_tree")),
                         qPrintable(e.id()));
    }

    void downBackendReportedOthersStillRead() {
        RedisClient r(m_config.redis);
        r.command({"SET", m_config.ns + ":still-there-lock", "x", "PX", "60000"});
        MonitorConfig cfg = m_monitorConfig;
        cfg.config.zookeeper.hosts = {HostPort{QStringLiteral("127.0.0.1"), 1}};
        LockMonitor m(cfg);
        const Snapshot s = m.refresh();
        QVERIFY(s.backendErrors.contains(Backend::ZooKeeper));
        QVERIFY(!s.backendErrors.contains(Backend::Redis));
        QVERIFY(findEntry(s, Backend::Redis, QStringLiteral("redis-key"),
                          QStringLiteral("still-there-lock")));
    }
    /// A PostgreSQL lock whose transaction changed is not released: the observed bytes name
    /// the transaction and the rows, and the signal is one statement that re-checks them.
    void pgReleaseRefusedWhenTheTransactionChanged() {
        const std::string table = truthTable();
        PgConnection holder(m_config.postgres);
        holder.execute("SET application_name = 'session-k'");
        auto hold = std::make_unique<pqxx::work>(holder.raw());
        hold->exec("SELECT * FROM " + table + " WHERE id = 1 FOR UPDATE");
        PgConnection waiterConn(m_config.postgres);
        std::thread waiter =
            blockedStatement(waiterConn, "SELECT * FROM " + table + " WHERE id = 1 FOR UPDATE");
        const auto finally = qScopeGuard([&] {
            try {
                if (hold)
                    hold->abort();
            } catch (...) {
            }
            if (waiter.joinable())
                waiter.join();
        });
        QTRY_VERIFY_WITH_TIMEOUT(pgWaiting(waiterConn.backendPid()), 10000);
        const int k = holder.backendPid();
        auto listed = [&](QString* sha) {
            QByteArray out;
            if (test::runCliIn(m_config,
                               {QStringLiteral("locks"), QStringLiteral("list"),
                                QStringLiteral("--backend"), QStringLiteral("postgres"),
                                QStringLiteral("--json")},
                               &out) != 0)
                return false;
            for (const auto& v : QJsonDocument::fromJson(out).array()) {
                const QJsonObject o = v.toObject();
                if (o.value(QStringLiteral("kind")).toString() == u"pg-row" &&
                    o.value(QStringLiteral("details")).toObject().value(QStringLiteral("pid")) ==
                        k) {
                    *sha = o.value(QStringLiteral("observed_sha256")).toString();
                    return true;
                }
            }
            return false;
        };
        QString first;
        QVERIFY(listed(&first));
        QVERIFY(!first.isEmpty());
        MonitorConfig cfg = m_monitorConfig;
        cfg.backends = {Backend::Postgres};
        LockMonitor m(cfg);
        Snapshot s = m.refresh();
        QVERIFY(heldBy(s, QStringLiteral("pg-row"), k));
        const LockEntry old = *heldBy(s, QStringLiteral("pg-row"), k);

        // K commits (the waiter gets row 1 and ends), begins again and locks another row.
        hold->commit();
        hold.reset();
        waiter.join();
        hold = std::make_unique<pqxx::work>(holder.raw());
        hold->exec("SELECT * FROM " + table + " WHERE id = 4 FOR UPDATE");
        QString second;
        QVERIFY(listed(&second));
        QVERIFY2(second != first, "a new transaction on other rows has the same fingerprint");

        const auto before = AuditLog(m_config).list(100000).size();
        QCOMPARE(test::runCliIn(
                     m_config, {QStringLiteral("locks"), QStringLiteral("release"),
                                QStringLiteral("--backend"), QStringLiteral("postgres"),
                                QStringLiteral("--resource"), QString::fromStdString(table),
                                QStringLiteral("--reason"), QStringLiteral("changed test"),
                                QStringLiteral("--yes"), QStringLiteral("--expect-sha256"), first}),
                 3);
        QCOMPARE(AuditLog(m_config).list(100000).size(), before + 1);
        // The old observation, released directly: the server-side check refuses it too.
        ForceReleaser releaser(m_config);
        const auto out = releaser.release(request(old));
        QCOMPARE(out.status, ForceReleaser::Outcome::Status::Changed);
        // K is alive, still in its transaction.
        QCOMPARE(hold->exec1("SELECT 1")[0].as<int>(), 1);
        QVERIFY(holder.isOpen());
    }

    /// A DDL queued behind a row holder does not blind the monitor (no relation lock that
    /// queues: size from the catalog, pgrowlocks under a short lock_timeout), and the holder can
    /// be force-released, after which the DDL completes.
    void pgMonitorSeesThroughAQueuedDdl() {
        const std::string table = truthTable();
        PgConnection holder(m_config.postgres);
        holder.execute("SET application_name = 'session-p'");
        pqxx::work hold(holder.raw());
        hold.exec("SELECT * FROM " + table + " WHERE id = 1 FOR UPDATE");
        PgConnection ddl(m_config.postgres);
        std::atomic<bool> ddlDone{false};
        std::thread ddlThread([&] {
            try {
                pqxx::work w(ddl.raw());
                w.exec("SET LOCAL statement_timeout = '30s'");
                w.exec("ALTER TABLE " + table + " ADD COLUMN IF NOT EXISTS c int");
                ddlDone = true;
                w.abort();
            } catch (...) {
            }
        });
        const auto finally = qScopeGuard([&] {
            try {
                hold.abort();
            } catch (...) {
            }
            ddlThread.join();
        });
        QTRY_VERIFY_WITH_TIMEOUT(pgWaiting(ddl.backendPid()), 10000);
        MonitorConfig cfg = m_monitorConfig;
        cfg.backends = {Backend::Postgres};
        LockMonitor m(cfg);
        QElapsedTimer timer;
        timer.start();
        const Snapshot s = m.refresh();
        QVERIFY2(timer.elapsed() < 5000, qPrintable(QString::number(timer.elapsed())));
        QVERIFY(!s.backendErrors.contains(Backend::Postgres));
        const LockEntry* blocking = nullptr;
        for (const LockEntry& e : s.locks)
            if (e.as<PgBackendObservation>() &&
                e.as<PgBackendObservation>()->pid == holder.backendPid() &&
                e.hasFlag(LockFlag::Blocking))
                blocking = &e;
        QVERIFY(blocking);
        QVERIFY(
            blocking->waiters.join(QLatin1Char(' ')).contains(QString::number(ddl.backendPid())));
        const LockEntry* row = heldBy(s, QStringLiteral("pg-row"), holder.backendPid());
        QVERIFY(row);
        QVERIFY2(row->raw.contains(QStringLiteral("lock queue")), qPrintable(row->raw));
        QVERIFY(!anyHeldBy(s, ddl.backendPid()));

        // The CLI lists it (within seconds) and releases it by its fingerprint.
        QByteArray out;
        timer.restart();
        QCOMPARE(test::runCliIn(m_config,
                                {QStringLiteral("locks"), QStringLiteral("list"),
                                 QStringLiteral("--backend"), QStringLiteral("postgres"),
                                 QStringLiteral("--json")},
                                &out),
                 0);
        QVERIFY2(timer.elapsed() < 8000, qPrintable(QString::number(timer.elapsed())));
        QString sha;
        for (const auto& v : QJsonDocument::fromJson(out).array()) {
            const QJsonObject o = v.toObject();
            if (o.value(QStringLiteral("details")).toObject().value(QStringLiteral("pid")) ==
                    holder.backendPid() &&
                o.value(QStringLiteral("kind")).toString() == blocking->kind.name() &&
                o.value(QStringLiteral("flags"))
                    .toArray()
                    .contains(QJsonValue(QStringLiteral("blocking"))))
                sha = o.value(QStringLiteral("observed_sha256")).toString();
        }
        QVERIFY(!sha.isEmpty());
        QCOMPARE(test::runCliIn(m_config,
                                {QStringLiteral("locks"), QStringLiteral("release"),
                                 QStringLiteral("--backend"), QStringLiteral("postgres"),
                                 QStringLiteral("--resource"), blocking->resource,
                                 QStringLiteral("--reason"), QStringLiteral("ddl queue test"),
                                 QStringLiteral("--yes"), QStringLiteral("--expect-sha256"), sha}),
                 0);
        QTRY_VERIFY_WITH_TIMEOUT(ddlDone.load(), 10000);
    }

    /// Holders of locks on a sequence or a view that block someone are listed.
    void pgRelationLockOnSequenceAndViewListed_data() {
        QTest::addColumn<QString>("setup");
        QTest::addColumn<QString>("relation");
        QTest::addColumn<QString>("holding");
        QTest::addColumn<QString>("waiting");
        QTest::newRow("sequence") << QStringLiteral("CREATE SEQUENCE IF NOT EXISTS %1")
                                  << QStringLiteral("truth_seq")
                                  << QStringLiteral("ALTER SEQUENCE %1 RESTART WITH 5")
                                  << QStringLiteral("SELECT nextval('%1')");
        QTest::newRow("view") << QStringLiteral("CREATE OR REPLACE VIEW %1 AS SELECT 1 AS x")
                              << QStringLiteral("truth_view")
                              << QStringLiteral("LOCK TABLE %1 IN ACCESS EXCLUSIVE MODE")
                              << QStringLiteral("SELECT * FROM %1");
    }
    void pgRelationLockOnSequenceAndViewListed() {
        QFETCH(QString, setup);
        QFETCH(QString, relation);
        QFETCH(QString, holding);
        QFETCH(QString, waiting);
        const QString name = QString::fromStdString(m_config.pgSchema()) + u'.' + relation;
        PgConnection holder(m_config.postgres);
        holder.execute(setup.arg(name).toStdString());
        pqxx::work hold(holder.raw());
        hold.exec(holding.arg(name).toStdString());
        PgConnection waiterConn(m_config.postgres);
        std::thread waiter = blockedStatement(waiterConn, waiting.arg(name).toStdString());
        const auto finally = qScopeGuard([&] {
            try {
                hold.abort();
            } catch (...) {
            }
            waiter.join();
        });
        QTRY_VERIFY_WITH_TIMEOUT(pgWaiting(waiterConn.backendPid()), 10000);
        MonitorConfig cfg = m_monitorConfig;
        cfg.backends = {Backend::Postgres};
        LockMonitor m(cfg);
        const Snapshot s = m.refresh();
        const LockEntry* e = nullptr;
        for (const LockEntry& x : s.locks)
            if (x.kind.name() == u"pg-relation" && x.resource == name &&
                x.as<PgBackendObservation>() &&
                x.as<PgBackendObservation>()->pid == holder.backendPid())
                e = &x;
        QVERIFY(e);
        QVERIFY(e->hasFlag(LockFlag::Blocking));
        QCOMPARE(e->waiters.size(), 1);
        QVERIFY(e->waiters.first().contains(QString::number(waiterConn.backendPid())));
        QVERIFY(!anyHeldBy(s, waiterConn.backendPid()));
    }

    /// Two backends holding a shared advisory lock an exclusive request waits for: both are
    /// listed, each blocking, each with the waiter.
    void pgSharedAdvisoryHoldersEachListed() {
        const std::string key = "4242" + std::to_string(::getpid() % 100000);
        PgConnection x1(m_config.postgres), x2(m_config.postgres), xw(m_config.postgres);
        pqxx::work h1(x1.raw());
        h1.exec("SELECT pg_advisory_xact_lock_shared(" + key + ")");
        pqxx::work h2(x2.raw());
        h2.exec("SELECT pg_advisory_xact_lock_shared(" + key + ")");
        std::thread waiter = blockedStatement(xw, "SELECT pg_advisory_xact_lock(" + key + ")");
        const auto finally = qScopeGuard([&] {
            try {
                h1.abort();
                h2.abort();
            } catch (...) {
            }
            waiter.join();
        });
        QTRY_VERIFY_WITH_TIMEOUT(pgWaiting(xw.backendPid()), 10000);
        MonitorConfig cfg = m_monitorConfig;
        cfg.backends = {Backend::Postgres};
        LockMonitor m(cfg);
        const Snapshot s = m.refresh();
        for (int pid : {x1.backendPid(), x2.backendPid()}) {
            const LockEntry* e = heldBy(s, QStringLiteral("pg-advisory"), pid);
            QVERIFY2(e, qPrintable(QString::number(pid)));
            QVERIFY(e->resource.contains(QString::fromStdString(key)));
            QVERIFY(e->hasFlag(LockFlag::Blocking));
            QCOMPARE(e->waiters.size(), 1);
            QVERIFY(e->waiters.first().contains(QString::number(xw.backendPid())));
        }
        QVERIFY(!anyHeldBy(s, xw.backendPid()));
    }
    /// Two FOR SHARE holders of a row an UPDATE waits for: pg_blocking_pids() names one, both
    /// are flagged blocking with the waiter (the waiter's tuple lock and pgrowlocks name them).
    void pgSharedRowHoldersEachBlocking() {
        const std::string table = truthTable();
        PgConnection s1(m_config.postgres), s2(m_config.postgres), w(m_config.postgres);
        pqxx::work h1(s1.raw());
        h1.exec("SELECT * FROM " + table + " WHERE id = 5 FOR SHARE");
        pqxx::work h2(s2.raw());
        h2.exec("SELECT * FROM " + table + " WHERE id = 5 FOR SHARE");
        std::thread waiter = blockedStatement(w, "UPDATE " + table + " SET v = v + 1 WHERE id = 5");
        const auto finally = qScopeGuard([&] {
            try {
                h1.abort();
                h2.abort();
            } catch (...) {
            }
            waiter.join();
        });
        QTRY_VERIFY_WITH_TIMEOUT(pgWaiting(w.backendPid()), 10000);
        MonitorConfig cfg = m_monitorConfig;
        cfg.backends = {Backend::Postgres};
        LockMonitor m(cfg);
        const Snapshot s = m.refresh();
        for (int pid : {s1.backendPid(), s2.backendPid()}) {
            const LockEntry* e = heldBy(s, QStringLiteral("pg-row"), pid);
            QVERIFY2(e, qPrintable(QString::number(pid)));
            QVERIFY2(e->hasFlag(LockFlag::Blocking), qPrintable(QString::number(pid)));
            QCOMPARE(e->waiters.size(), 1);
            QVERIFY(e->waiters.first().contains(QString::number(w.backendPid())));
        }
        QVERIFY(!anyHeldBy(s, w.backendPid()));
    }
    /// A session-level advisory lock outlives the holder's transactions: it is the session's,
    /// and force-release still finds it after the holder began another transaction.
    void pgSessionAdvisoryLockReleasedAcrossTransactions() {
        const std::string key = "4343" + std::to_string(::getpid() % 100000);
        PgConnection k(m_config.postgres);
        k.execute("SELECT pg_advisory_lock(" + key + ")");
        auto tx = std::make_unique<pqxx::work>(k.raw());
        tx->exec("SELECT 1");
        MonitorConfig cfg = m_monitorConfig;
        cfg.backends = {Backend::Postgres};
        LockMonitor m(cfg);
        const Snapshot s = m.refresh();
        const LockEntry* e = heldBy(s, QStringLiteral("pg-advisory"), k.backendPid());
        QVERIFY(e);
        const LockEntry observed = *e;
        tx->commit();
        tx = std::make_unique<pqxx::work>(k.raw());
        tx->exec("SELECT 2");
        const Snapshot later = m.refresh();
        const LockEntry* again = heldBy(later, QStringLiteral("pg-advisory"), k.backendPid());
        QVERIFY(again);
        QCOMPARE(again->observedSha256(), observed.observedSha256());
        ForceReleaser releaser(m_config);
        const auto out = releaser.release(request(observed));
        QCOMPARE(out.status, ForceReleaser::Outcome::Status::Released);
        try {
            tx->abort(); // its backend is gone
        } catch (...) {
        }
    }

    /// Issue 10 f2 item 1: read-only creates nothing. `bench lock` (pg-row, lease, zookeeper)
    /// exits 4 before any setup; `audit list` reads an empty log without a schema; `locks
    /// release` is refused (exit 4) or not the lock expected (exit 3) without creating an audit
    /// table. In a fresh namespace no schema and no znode is left behind.
    void readOnlyCreatesNothingInAFreshNamespace() {
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
        ZkSession zk(m_config.zookeeper);
        const std::string zkRoot = "/" + fresh.ns;
        auto cleanup = qScopeGuard([&] {
            PgConnection c(m_config.postgres);
            c.execute("DROP SCHEMA IF EXISTS " + fresh.ns + " CASCADE");
        });
        for (const QString& strategy :
             {QStringLiteral("pg-row"), QStringLiteral("lease"), QStringLiteral("zookeeper")}) {
            QCOMPARE(test::runCliIn(fresh, {QStringLiteral("bench"), QStringLiteral("lock"),
                                            QStringLiteral("--strategy"), strategy,
                                            QStringLiteral("--duration"), QStringLiteral("1"),
                                            QStringLiteral("--clients"), QStringLiteral("1"),
                                            QStringLiteral("--read-only")}),
                     4);
            QVERIFY2(!schemaExists(), qPrintable(strategy));
            QVERIFY2(!zk.exists(zkRoot), qPrintable(strategy));
        }
        // audit list: an empty log, said so, nothing created.
        QByteArray out, err;
        QCOMPARE(
            test::runCli({QStringLiteral("audit"), QStringLiteral("list"), QStringLiteral("--json"),
                          QStringLiteral("--read-only"), QStringLiteral("--sandbox"),
                          qEnvironmentVariable("LOCKSCOPE_SANDBOX_DIR"), QStringLiteral("--ns"),
                          QString::fromStdString(fresh.ns)},
                         &out, &err),
            0);
        QCOMPARE(QJsonDocument::fromJson(out).array().size(), 0);
        QVERIFY2(err.contains("no audit table yet"), err.constData());
        QVERIFY(!schemaExists());
        // locks release of a lock that exists: refused, and with no audit table not audited.
        RedisClient r(m_config.redis);
        const std::string key = fresh.ns + ":ro-fresh-lock";
        r.command({"SET", key, "keeper", "PX", "60000"});
        const QStringList release{QStringLiteral("locks"),
                                  QStringLiteral("release"),
                                  QStringLiteral("--backend"),
                                  QStringLiteral("redis"),
                                  QStringLiteral("--resource"),
                                  QString::fromStdString(key),
                                  QStringLiteral("--reason"),
                                  QStringLiteral("ro fresh"),
                                  QStringLiteral("--yes"),
                                  QStringLiteral("--redis-pattern"),
                                  QString::fromStdString(fresh.ns) + QStringLiteral(":ro-*"),
                                  QStringLiteral("--read-only")};
        QCOMPARE(test::runCliIn(fresh, release + QStringList{QStringLiteral("--expect"),
                                                             QStringLiteral("keeper")}),
                 4);
        QCOMPARE(test::runCliIn(fresh, release + QStringList{QStringLiteral("--expect"),
                                                             QStringLiteral("someone-else")}),
                 3);
        QCOMPARE(r.command({"GET", key}).str, std::string("keeper"));
        QVERIFY(!schemaExists());
        // In core too: the refusal of a read-only release writes nowhere without a table.
        NamespaceConfig ro = fresh;
        ro.readOnly = true;
        MonitorConfig mc = m_monitorConfig;
        mc.config = fresh;
        mc.backends = {Backend::Redis};
        mc.redisPatterns = {QString::fromStdString(fresh.ns) + QStringLiteral(":ro-*")};
        LockMonitor m(mc);
        const Snapshot s = m.refresh();
        QCOMPARE(s.locks.size(), size_t(1));
        const auto refused = ForceReleaser(ro).release(request(s.locks.front()));
        QCOMPARE(refused.status, ForceReleaser::Outcome::Status::ReadOnly);
        QCOMPARE(refused.auditId, int64_t(0));
        QVERIFY(AuditLog(ro).list().isEmpty());
        QVERIFY(!schemaExists());
        r.command({"DEL", key});
    }

    /// Issue 10 f2 item 2: two Redis keys that differ only in bytes that are not UTF-8 are two
    /// entries with distinct resources (shown with \xNN), ids and fingerprints, and releasing
    /// one's sha deletes exactly that key.
    void redisKeysDifferingInInvalidBytesAreDistinct() {
        RedisClient r(m_config.redis);
        const std::string ff = m_config.ns + ":twin-lock\xff", fe = m_config.ns + ":twin-lock\xfe";
        r.command({"SET", ff, "v", "PX", "60000"});
        r.command({"SET", fe, "v", "PX", "60000"});
        const QString pattern = QString::fromStdString(m_config.ns) + QStringLiteral(":twin-*");
        MonitorConfig mc = m_monitorConfig;
        mc.backends = {Backend::Redis};
        mc.redisPatterns = {pattern};
        LockMonitor m(mc);
        const Snapshot s = m.refresh();
        QCOMPARE(s.locks.size(), size_t(2));
        const LockEntry* a = nullptr;
        const LockEntry* b = nullptr;
        for (const LockEntry& e : s.locks)
            (e.as<RedisObservation>()->key == ff ? a : b) = &e;
        QVERIFY(a && b);
        QCOMPARE(b->as<RedisObservation>()->key, fe);
        QCOMPARE(a->resource,
                 QString::fromStdString(m_config.ns) + QStringLiteral(":twin-lock\\xff"));
        QCOMPARE(b->resource,
                 QString::fromStdString(m_config.ns) + QStringLiteral(":twin-lock\\xfe"));
        QVERIFY(a->id() != b->id());
        QVERIFY(a->observedSha256() != b->observedSha256());
        // A literal backslash never displays like an escaped byte.
        QCOMPARE(RedisScanner::displayKey("k\\xff"), QStringLiteral("k\\\\xff"));
        QCOMPARE(RedisScanner::displayKey("caf\xc3\xa9\xc3"), QStringLiteral("caf\u00e9\\xc3"));
        // Each fingerprint releases exactly its key, whichever way round the scan found them.
        QCOMPARE(test::runCliIn(m_config, {QStringLiteral("locks"), QStringLiteral("release"),
                                           QStringLiteral("--backend"), QStringLiteral("redis"),
                                           QStringLiteral("--resource"), a->resource,
                                           QStringLiteral("--expect-sha256"), a->observedSha256(),
                                           QStringLiteral("--reason"), QStringLiteral("twin"),
                                           QStringLiteral("--yes"),
                                           QStringLiteral("--redis-pattern"), pattern}),
                 0);
        QVERIFY(r.command({"GET", ff}).isNil());
        QCOMPARE(r.command({"GET", fe}).str, std::string("v"));
        // The other key's fingerprint does not name the released key's resource.
        r.command({"SET", ff, "v", "PX", "60000"});
        QCOMPARE(test::runCliIn(m_config, {QStringLiteral("locks"), QStringLiteral("release"),
                                           QStringLiteral("--backend"), QStringLiteral("redis"),
                                           QStringLiteral("--resource"), a->resource,
                                           QStringLiteral("--expect-sha256"), b->observedSha256(),
                                           QStringLiteral("--reason"), QStringLiteral("twin"),
                                           QStringLiteral("--yes"),
                                           QStringLiteral("--redis-pattern"), pattern}),
                 3);
        QCOMPARE(r.command({"GET", ff}).str, std::string("v"));
        QCOMPARE(r.command({"GET", fe}).str, std::string("v"));
        r.command({"DEL", ff});
        r.command({"DEL", fe});
    }

    /// Issue 10 f2 item 3: --expect compares an exact observed value of the lock's kind:
    /// ZooKeeper the node's data or its name, a lease its owner. The right one releases, a
    /// wrong one is refused (exit 3) and audited as changed, nothing released.
    void cliExpectForZooKeeperAndLease() {
        auto auditRow = [&] { return latestAudit(); };
        // ZooKeeper: a foreign recipe's node lock-0000000001 holding "worker-9".
        ZkSession zk(m_config.zookeeper);
        const std::string dir = m_zkRoot + "/expect-dir";
        const std::string node = dir + "/lock-0000000001";
        zk.ensurePath(dir);
        const QStringList zkRelease{QStringLiteral("locks"),         QStringLiteral("release"),
                                    QStringLiteral("--backend"),     QStringLiteral("zookeeper"),
                                    QStringLiteral("--resource"),    QString::fromStdString(dir),
                                    QStringLiteral("--reason"),      QStringLiteral("expect zk"),
                                    QStringLiteral("--yes"),         QStringLiteral("--zk-root"),
                                    QString::fromStdString(m_zkRoot)};
        for (const QString& expect :
             {QStringLiteral("worker-9"), QStringLiteral("lock-0000000001")}) {
            zk.create(node, "worker-9", ZkSession::CreateMode::Persistent);
            for (const QString& wrong : {QStringLiteral("worker-"), QStringLiteral("worker-9 "),
                                         QStringLiteral("lock-0000000002")}) {
                QCOMPARE(test::runCliIn(m_config,
                                        zkRelease + QStringList{QStringLiteral("--expect"), wrong}),
                         3);
                QVERIFY(zk.exists(node));
                const QJsonObject row = auditRow();
                QCOMPARE(row.value(QStringLiteral("outcome")).toString(),
                         QStringLiteral("changed"));
                QCOMPARE(row.value(QStringLiteral("resource")).toString(),
                         QString::fromStdString(dir));
            }
            QCOMPARE(test::runCliIn(m_config,
                                    zkRelease + QStringList{QStringLiteral("--expect"), expect}),
                     0);
            QVERIFY2(!zk.exists(node), qPrintable(expect));
            QCOMPARE(auditRow().value(QStringLiteral("outcome")).toString(),
                     QStringLiteral("done"));
        }
        // Lease: the owner, exactly.
        const QString resource = test::uniqueName(QStringLiteral("expect-lease"));
        auto lease = LockStrategy::create(QStringLiteral("lease"), m_config);
        auto h = lease->acquire(resource.toStdString(), LockOptions{60s, 10s});
        QVERIFY(h);
        const QString owner = QString::fromStdString(h->owner());
        const QStringList leaseRelease{
            QStringLiteral("locks"),    QStringLiteral("release"),      QStringLiteral("--backend"),
            QStringLiteral("postgres"), QStringLiteral("--resource"),   resource,
            QStringLiteral("--reason"), QStringLiteral("expect lease"), QStringLiteral("--yes")};
        QCOMPARE(test::runCliIn(m_config, leaseRelease + QStringList{QStringLiteral("--expect"),
                                                                     owner.chopped(1)}),
                 3);
        QCOMPARE(auditRow().value(QStringLiteral("outcome")).toString(), QStringLiteral("changed"));
        QCOMPARE(
            test::runCliIn(m_config, leaseRelease + QStringList{QStringLiteral("--expect"), owner}),
            0);
        QCOMPARE(auditRow().value(QStringLiteral("outcome")).toString(), QStringLiteral("done"));
        MonitorConfig mc = m_monitorConfig;
        mc.backends = {Backend::Postgres};
        LockMonitor m(mc);
        for (const LockEntry& e : m.refresh().locks)
            QVERIFY2(e.resource != resource, qPrintable(e.id()));
    }
};

QTEST_GUILESS_MAIN(TestMonitor)
#include "tst_monitor.moc"
