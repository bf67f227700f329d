#include "connectors/connectorerror.h"
#include "connectors/zksession.h"
#include "core/backends/zookeeper/zkstockstore.h"
#include "core/backends/zookeeper/zookeeperlock.h"
#include "tests/support/testenv.h"

#include <QTest>
#include <mutex>
#include <thread>

using namespace lockscope;
using namespace std::chrono_literals;

class TestZooKeeperLock : public QObject {
    Q_OBJECT
    NamespaceConfig m_config;

    /// How many contenders the lock root has now (-1 while it does not exist). Tests wait on it
    /// with QTRY_COMPARE_WITH_TIMEOUT: a condition with a deadline.
    static int contenders(ZkSession& s, const std::string& root) {
        try {
            return int(s.children(root).size());
        } catch (const ConnectorError&) {
            return -1;
        }
    }

private slots:
    void initTestCase() { m_config = test::isolatedNamespace(QStringLiteral("tst_zklock")); }

    void sequenceParsing() {
        QCOMPARE(ZooKeeperLock::sequenceOf("_c_0f3a-lock-0000000042"), 42LL);
        QCOMPARE(ZooKeeperLock::sequenceOf("1b2c__lock__0000000007"), 7LL); // kazoo's naming
        QCOMPARE(ZooKeeperLock::sequenceOf("not-sequential"), -1LL);
    }

    void nodeLayoutIsCuratorCompatible() {
        ZooKeeperLock lock(m_config);
        auto h = lock.acquire("layout", LockOptions{10s, 2s});
        QVERIFY(h.has_value());
        const std::string root = lock.lockRoot("layout");
        QVERIFY(h->raw().rfind(root + "/_c_", 0) == 0);
        QVERIFY(h->raw().find("-lock-") != std::string::npos);
        ZkSession observer(m_config.zookeeper);
        const auto node = observer.get(h->raw());
        QVERIFY(node.has_value());
        QCOMPARE(node->data, h->owner()); // node data says who holds it
        QCOMPARE(node->stat.ephemeralOwner, lock.session().sessionId());
        QCOMPARE(h->token(), node->stat.czxid);
        lock.release(*h);
        QVERIFY(!observer.exists(h->raw()).has_value());
    }

    void waitersServedInOrder() {
        const std::string res = "fifo";
        ZooKeeperLock holder(m_config);
        auto held = holder.acquire(res, LockOptions{10s, 2s});
        QVERIFY(held.has_value());
        ZkSession observer(m_config.zookeeper);
        const std::string root = holder.lockRoot(res);

        std::mutex m;
        std::vector<int> order;
        std::vector<std::jthread> waiters; // joined on every path, a failed check included
        const int n = 5;
        for (int i = 0; i < n; ++i) {
            // Start each waiter only once the previous one has queued: their order is known.
            waiters.emplace_back([&, i] {
                ZooKeeperLock lock(m_config);
                auto h = lock.acquire(res, LockOptions{10s, 20s});
                if (!h)
                    return;
                {
                    std::lock_guard g(m);
                    order.push_back(i);
                }
                lock.release(*h);
            });
            QTRY_COMPARE_WITH_TIMEOUT(contenders(observer, root), i + 2, 10000);
        }
        holder.release(*held);
        for (auto& t : waiters)
            t.join();
        QCOMPARE(order, (std::vector<int>{0, 1, 2, 3, 4}));
    }

    void killedWaiterDoesNotStallQueue() {
        const std::string res = "stall";
        ZooKeeperLock holder(m_config);
        auto held = holder.acquire(res, LockOptions{10s, 2s});
        QVERIFY(held.has_value());
        ZkSession observer(m_config.zookeeper);
        const std::string root = holder.lockRoot(res);

        auto middle = std::make_unique<ZooKeeperLock>(m_config);
        std::atomic<bool> middleFailed{false};
        std::jthread middleThread([&] {
            try {
                middle->acquire(res, LockOptions{10s, 30s});
            } catch (const ConnectorError&) {
                middleFailed = true; // its session was killed under it
            }
        });
        QTRY_COMPARE_WITH_TIMEOUT(contenders(observer, root), 2, 10000);
        std::atomic<bool> lastGotIt{false};
        std::jthread lastThread([&] {
            ZooKeeperLock lock(m_config);
            auto h = lock.acquire(res, LockOptions{10s, 30s});
            if (h) {
                lastGotIt = true;
                lock.release(*h);
            }
        });
        QTRY_COMPARE_WITH_TIMEOUT(contenders(observer, root), 3, 10000);
        middle->session().close(); // the waiter in the middle dies
        QTRY_VERIFY_WITH_TIMEOUT(middleFailed.load(), 5000);
        QTRY_COMPARE_WITH_TIMEOUT(contenders(observer, root), 2, 10000); // its node is gone
        QVERIFY(!lastGotIt.load());
        holder.release(*held);
        QTRY_VERIFY_WITH_TIMEOUT(lastGotIt.load(), 5000); // the last one was not stranded
        middleThread.join();
        lastThread.join();
    }

    void sessionExpiryMarksLockLost() {
        ZooKeeperLock lock(m_config);
        auto h = lock.acquire("expiry", LockOptions{10s, 2s});
        QVERIFY(h.has_value());
        QVERIFY(!h->mayBeLost());
        const auto creds = lock.session().credentials();
        QVERIFY(test::expireZkSession(m_config.zookeeper, creds.id, creds.password,
                                      [&] { return h->mayBeLost(); }));
        ZooKeeperLock other(m_config);
        QVERIFY(other.tryAcquire("expiry", 1s).has_value());
    }

    /// Issue 11: the ZooKeeper stock store, too, replaces a session the server expired.
    void stockStoreReplacesExpiredSession() {
        ZkStockStore store(m_config);
        store.reset(4242, 7);
        QCOMPARE(store.read(4242), 7);
        const auto creds = store.session().credentials();
        QVERIFY(test::expireZkSession(m_config.zookeeper, creds.id, creds.password, [&] {
            return store.session().state() == ZkSession::State::Expired;
        }));
        QCOMPARE(store.read(4242), 7); // a new session, not SessionExpired forever
        QVERIFY(store.session().sessionId() != creds.id);
        QVERIFY(store.decrementIfAvailable(4242, 2));
        QCOMPARE(store.read(4242), 5);
    }

    /// Issue 11: a lock whose session the server expired (it was down longer than the session
    /// timeout) starts a new session on its next acquire instead of failing forever.
    void expiredSessionIsReplacedOnNextAcquire() {
        ZooKeeperLock lock(m_config);
        auto h = lock.acquire("renewed-session", LockOptions{10s, 2s});
        QVERIFY(h.has_value());
        const auto creds = lock.session().credentials();
        QVERIFY(test::expireZkSession(m_config.zookeeper, creds.id, creds.password,
                                      [&] { return h->mayBeLost(); }));
        QCOMPARE(lock.session().state(), ZkSession::State::Expired);
        QCOMPARE(lock.release(*h), LockStrategy::ReleaseResult::NotOwner); // gone with its session
        auto again = lock.acquire("renewed-session", LockOptions{10s, 5s});
        QVERIFY(again.has_value());
        QVERIFY(!again->mayBeLost());
        QVERIFY(lock.session().sessionId() != creds.id);
        const auto node = lock.session().get(again->raw());
        QVERIFY(node.has_value());
        QCOMPARE(node->stat.ephemeralOwner, lock.session().sessionId());
        QCOMPARE(lock.release(*again), LockStrategy::ReleaseResult::Released);
    }
};

QTEST_GUILESS_MAIN(TestZooKeeperLock)
#include "tst_zookeeperlock.moc"
