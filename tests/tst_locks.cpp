#include "connectors/connectorerror.h"
#include "connectors/pgconnection.h"
#include "connectors/redisclient.h"
#include "connectors/zksession.h"
#include "core/backends/postgres/pgtransactionlock.h"
#include "core/locks/lockstrategy.h"
#include "core/locks/lockwatchdog.h"
#include "tests/support/testenv.h"

#include <QElapsedTimer>
#include <QScopeGuard>
#include <QTest>
#include <atomic>
#include <pqxx/pqxx>
#include <thread>

using namespace lockscope;
using namespace std::chrono_literals;

/// Every locking strategy against the sandbox's real servers.
class TestLocks : public QObject {
    Q_OBJECT
    NamespaceConfig m_config;

    std::unique_ptr<LockStrategy> make(const QString& name) {
        return LockStrategy::create(name, m_config);
    }
    static void addStrategies() {
        QTest::addColumn<QString>("strategy");
        for (const QString& s : LockStrategy::lockingNames())
            QTest::newRow(qPrintable(s)) << s;
    }
    static bool hasLease(const QString& s) { return s == u"redis" || s == u"lease"; }

    /// 16 threads, each with its own connections, do `cycles` unprotected read-increment-write
    /// cycles on one Redis counter, under the lock (or none). Returns the final counter.
    long long hammer(const QString& strategy, const std::string& counter, int threads, int cycles) {
        std::atomic<int> failures{0};
        std::vector<std::thread> pool;
        for (int t = 0; t < threads; ++t) {
            pool.emplace_back([&, t] {
                try {
                    RedisClient redis(m_config.redis);
                    auto lock = strategy == u"none" ? nullptr : make(strategy);
                    for (int i = 0; i < cycles; ++i) {
                        std::optional<LockHandle> h;
                        if (lock) {
                            h = lock->acquire("counter:" + counter, LockOptions{10s, 60s});
                            if (!h) {
                                ++failures;
                                continue;
                            }
                        }
                        const RedisReply v = redis.command({"GET", counter});
                        const long long n = v.isNil() ? 0 : std::stoll(v.str);
                        if ((i + t) % 7 == 0)
                            std::this_thread::yield(); // widen the race window a little
                        redis.command({"SET", counter, std::to_string(n + 1)});
                        if (lock && lock->release(*h) != LockStrategy::ReleaseResult::Released)
                            ++failures;
                    }
                } catch (const std::exception& e) {
                    qWarning("worker failed: %s", e.what());
                    failures += 1000;
                }
            });
        }
        for (auto& th : pool)
            th.join();
        if (failures != 0)
            return -failures;
        RedisClient redis(m_config.redis);
        return std::stoll(redis.command({"GET", counter}).str);
    }

private slots:
    void initTestCase() { m_config = test::isolatedNamespace(QStringLiteral("tst_locks")); }

    void mutualExclusion_data() { addStrategies(); }
    void mutualExclusion() {
        QFETCH(QString, strategy);
        const int threads = 16, cycles = 200;
        const std::string counter = m_config.ns + ":counter:" + strategy.toStdString();
        QElapsedTimer t;
        t.start();
        const long long total = hammer(strategy, counter, threads, cycles);
        qInfo("%s: %d cycles in %lld ms", qPrintable(strategy), threads * cycles, t.elapsed());
        QCOMPARE(total, static_cast<long long>(threads * cycles));
    }

    void withoutLockUpdatesAreLost() {
        // The same check must be able to fail: without a lock, updates are lost.
        const int threads = 16, cycles = 200;
        const long long total =
            hammer(QStringLiteral("none"), m_config.ns + ":counter:none", threads, cycles);
        QVERIFY(total > 0);
        QVERIFY2(total < threads * cycles,
                 qPrintable(QStringLiteral("no update lost: %1").arg(total)));
    }

    void tokensStrictlyIncrease_data() { addStrategies(); }
    void tokensStrictlyIncrease() {
        QFETCH(QString, strategy);
        auto a = make(strategy);
        auto b = make(strategy);
        int64_t last = 0;
        for (int i = 0; i < 10; ++i) {
            LockStrategy* s = (i % 2) ? a.get() : b.get();
            auto h = s->acquire("tokens", LockOptions{5s, 5s});
            QVERIFY(h.has_value());
            if (!s->issuesFencingTokens()) { // Redlock: no token at all, never a fake one
                QCOMPARE(h->token(), int64_t(0));
                QCOMPARE(s->release(*h), LockStrategy::ReleaseResult::Released);
                continue;
            }
            QVERIFY2(h->token() > last,
                     qPrintable(QStringLiteral("%1 after %2").arg(h->token()).arg(last)));
            last = h->token();
            QCOMPARE(s->release(*h), LockStrategy::ReleaseResult::Released);
        }
    }

    void nonOwnerCannotReleaseOrRenew_data() { addStrategies(); }
    void nonOwnerCannotReleaseOrRenew() {
        QFETCH(QString, strategy);
        const std::string res = "owned-" + strategy.toStdString();
        auto owner = make(strategy);
        auto intruder = make(strategy);
        auto held = owner->acquire(res, LockOptions{10s, 2s});
        QVERIFY(held.has_value());
        if (strategy == u"redis" || strategy == u"lease" || strategy == u"redlock") {
            // Ownership is the secret value: anyone without it is refused, by any connection.
            LockHandle forged(held->strategy(), held->resource(), "someone-else:1:0", held->token(),
                              "lockscope:v1:" + std::to_string(held->token()) +
                                  ":someone-else:1:0");
            QCOMPARE(intruder->release(forged), LockStrategy::ReleaseResult::NotOwner);
            QVERIFY(!intruder->renew(forged));
            QCOMPARE(owner->release(forged), LockStrategy::ReleaseResult::NotOwner);
        } else {
            // Ownership is the transaction / session: the same handle on another connection is
            // refused.
            LockHandle copy(held->strategy(), held->resource(), held->owner(), held->token(),
                            held->raw());
            QCOMPARE(intruder->release(copy), LockStrategy::ReleaseResult::NotOwner);
            QVERIFY(!intruder->renew(copy));
        }
        // Still locked: a third party cannot get in.
        auto third = make(strategy);
        QVERIFY(!third->tryAcquire(res, 5s).has_value());
        QVERIFY(!held->mayBeLost());
        QCOMPARE(owner->release(*held), LockStrategy::ReleaseResult::Released);
        auto after = third->tryAcquire(res, 5s);
        QVERIFY(after.has_value());
        third->release(*after);
    }

    void releaseAfterExpiryKeepsNewHolder_data() {
        QTest::addColumn<QString>("strategy");
        QTest::newRow("redis") << QStringLiteral("redis");
        QTest::newRow("lease") << QStringLiteral("lease");
    }
    void releaseAfterExpiryKeepsNewHolder() {
        QFETCH(QString, strategy);
        const std::string res = "expiring-" + strategy.toStdString();
        auto first = make(strategy);
        auto second = make(strategy);
        auto old = first->acquire(res, LockOptions{300ms, 1s});
        QVERIFY(old.has_value());
        // The second client gets in once the lease has run out (it waits; no polling here).
        auto fresh = second->acquire(res, LockOptions{10s, 5s});
        QVERIFY(fresh.has_value());
        QVERIFY(old->mayBeLost());
        QVERIFY(!second->issuesFencingTokens() || fresh->token() > old->token());
        // The late release must not delete the new holder's lock.
        QCOMPARE(first->release(*old), LockStrategy::ReleaseResult::NotOwner);
        QVERIFY(!first->renew(*old));
        auto third = make(strategy);
        QVERIFY(!third->tryAcquire(res, 5s).has_value());
        QCOMPARE(second->release(*fresh), LockStrategy::ReleaseResult::Released);
    }

    void deadHolderFreesLock_data() { addStrategies(); }
    void deadHolderFreesLock() {
        QFETCH(QString, strategy);
        const std::string res = "dead-" + strategy.toStdString();
        const auto lease = 2s;
        auto holder = make(strategy);
        auto held = holder->acquire(res, LockOptions{lease, 2s});
        QVERIFY(held.has_value());
        auto waiter = make(strategy);
        QVERIFY(!waiter->tryAcquire(res, 0ms).has_value());
        holder.reset(); // connection / session closed without releasing
        std::optional<LockHandle> next;
        if (hasLease(strategy)) {
            // Only the lease frees it: not the holder's death. Taken right after that death only
            // if the lease has run out by then (the holder's lease clock starts before the
            // server's, so it has run out for the handle too).
            next = waiter->tryAcquire(res, 0ms);
            QVERIFY2(!next || held->mayBeLost(), "freed by the holder's death, inside its lease");
        } else if (strategy == u"zookeeper") {
            // Closing the session deleted its node before close() returned: freed by the close,
            // not later by the session's expiry.
            ZkSession observer(m_config.zookeeper);
            QVERIFY(!observer.exists(held->raw()).has_value());
        }
        // (PostgreSQL has no lease and no expiry: only the closed connection can free it.)
        if (!next)
            next = waiter->acquire(res, LockOptions{lease, 30s});
        QVERIFY(next.has_value());
        QVERIFY(!waiter->issuesFencingTokens() || next->token() > held->token());
        if (hasLease(strategy))
            QVERIFY(held->mayBeLost()); // the waiter got it after the lease had run out
        waiter->release(*next);
    }

    void waitDeadlineHonoured_data() { addStrategies(); }
    void waitDeadlineHonoured() {
        QFETCH(QString, strategy);
        const std::string res = "deadline-" + strategy.toStdString();
        auto holder = make(strategy);
        auto held = holder->acquire(res, LockOptions{30s, 2s});
        QVERIFY(held.has_value());
        auto waiter = make(strategy);
        for (auto wait : {0ms, 300ms, 1000ms}) {
            // The waiter gives up, and not before its deadline has passed...
            const auto deadline = std::chrono::steady_clock::now() + wait;
            QVERIFY(!waiter->acquire(res, LockOptions{30s, wait}).has_value());
            QVERIFY2(std::chrono::steady_clock::now() >= deadline - 20ms,
                     qPrintable(QStringLiteral("gave up before its %1 ms").arg(wait.count())));
            // ...while the lock was still held: it went by its own deadline, it did not wait for
            // the holder (which holds it for 30 s; a waiter that waited for it would have got it).
            QVERIFY(!held->mayBeLost());
        }
        QCOMPARE(holder->release(*held), LockStrategy::ReleaseResult::Released);
        QVERIFY(waiter->acquire(res, LockOptions{30s, 2s}).has_value());
    }

    void watchdogKeepsLeaseAlive_data() {
        QTest::addColumn<QString>("strategy");
        QTest::newRow("redis") << QStringLiteral("redis");
        QTest::newRow("lease") << QStringLiteral("lease");
    }
    void watchdogKeepsLeaseAlive() {
        QFETCH(QString, strategy);
        const std::string res = "watchdog-" + strategy.toStdString();
        auto holder = make(strategy);
        auto held = holder->acquire(res, LockOptions{300ms, 1s});
        QVERIFY(held.has_value());
        auto other = make(strategy);
        {
            LockWatchdog dog(make(strategy), *held);
            // Four leases long, the lock stays ours while the watchdog renews it.
            QVERIFY(!other->acquire(res, LockOptions{300ms, 1200ms}).has_value());
            QVERIFY(!held->mayBeLost());
            QVERIFY2(dog.renewals() >= 2, qPrintable(QString::number(dog.renewals())));
        }
        QCOMPARE(holder->release(*held), LockStrategy::ReleaseResult::Released);
    }

    /// The fencing token is drawn once the lock is granted: a session still waiting for the lock
    /// takes no token (it did when nextval ran in the scan below FOR UPDATE's row lock, and the
    /// real holder was then fenced out by a waiter's larger token).
    void blockedSessionTakesNoToken_data() {
        QTest::addColumn<QString>("strategy");
        QTest::newRow("pg-row") << QStringLiteral("pg-row");
        QTest::newRow("pg-advisory") << QStringLiteral("pg-advisory");
    }
    void blockedSessionTakesNoToken() {
        QFETCH(QString, strategy);
        const std::string res =
            test::uniqueName(QStringLiteral("blocked-") + strategy).toStdString();
        auto holder = make(strategy);
        auto held = holder->acquire(res, LockOptions{60s, 2s});
        QVERIFY(held.has_value());
        auto waiter = make(strategy);
        auto* pgWaiter = dynamic_cast<PgTransactionLock*>(waiter.get());
        QVERIFY(pgWaiter);
        const int waiterPid = pgWaiter->backendPid();

        PgConnection observer(m_config.postgres);
        const std::string seq = m_config.pgSchema() + ".fencing_seq";
        auto lastValue = [&] {
            pqxx::nontransaction tx(observer.raw());
            return tx.exec("SELECT last_value FROM " + seq)[0][0].as<int64_t>();
        };
        QCOMPARE(lastValue(), held->token());

        std::optional<LockHandle> got;
        std::thread waiting([&] { got = waiter->acquire(res, LockOptions{60s, 60s}); });
        auto cleanup = qScopeGuard([&] {
            if (held)
                holder->release(*held);
            waiting.join();
        });
        auto isWaitingOnLock = [&] {
            pqxx::nontransaction tx(observer.raw());
            return !tx.exec_params("SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND "
                                   "wait_event_type = 'Lock'",
                                   waiterPid)
                        .empty();
        };
        QTRY_VERIFY_WITH_TIMEOUT(isWaitingOnLock(), 20000);
        // Blocked on the lock, and the sequence has not moved past the holder's token.
        QCOMPARE(lastValue(), held->token());

        const int64_t heldToken = held->token();
        QCOMPARE(holder->release(*held), LockStrategy::ReleaseResult::Released);
        held.reset();
        waiting.join();
        cleanup.dismiss();
        QVERIFY(got.has_value());
        QVERIFY2(got->token() > heldToken,
                 qPrintable(QStringLiteral("%1 after %2").arg(got->token()).arg(heldToken)));
        QCOMPARE(lastValue(), got->token()); // exactly one token drawn, by the session granted
        QCOMPARE(waiter->release(*got), LockStrategy::ReleaseResult::Released);
    }

    void unknownStrategyRejected() {
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 LockStrategy::create(QStringLiteral("mutex"), m_config));
        QVERIFY(LockStrategy::create(QStringLiteral("none"), m_config) == nullptr);
    }
};

QTEST_GUILESS_MAIN(TestLocks)
#include "tst_locks.moc"
