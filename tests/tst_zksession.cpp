#include "connectors/connectorerror.h"
#include "connectors/zksession.h"
#include "tests/support/silentserver.h"
#include "tests/support/testenv.h"

#include <QElapsedTimer>
#include <QTest>
#include <atomic>
#include <mutex>
#include <set>

using namespace lockscope;
using namespace std::chrono_literals;

class TestZkSession : public QObject {
    Q_OBJECT
    std::string m_root;

private slots:
    void initTestCase() {
        m_root = "/" + test::uniqueName(QStringLiteral("tst_zk")).toStdString();
        ZkSession s(test::zookeeperUri());
        s.ensurePath(m_root);
    }
    void cleanupTestCase() {
        ZkSession s(test::zookeeperUri());
        s.removeRecursive(m_root);
    }

    void crudWithVersions() {
        ZkSession s(test::zookeeperUri());
        QCOMPARE(s.state(), ZkSession::State::Connected);
        QVERIFY(s.sessionId() != 0);
        const std::string p = m_root + "/node";
        ZkStat st;
        QCOMPARE(s.create(p, "one", ZkSession::CreateMode::Persistent, &st), p);
        QCOMPARE(st.version, 0);
        QVERIFY_THROWS_EXCEPTION(ConnectorError,
                                 s.create(p, "x", ZkSession::CreateMode::Persistent));
        const auto node = s.get(p);
        QVERIFY(node.has_value());
        QCOMPARE(node->data, std::string("one"));
        const ZkStat after = s.set(p, "two", 0);
        QCOMPARE(after.version, 1);
        try {
            s.set(p, "stale", 0);
            QFAIL("a stale version was accepted");
        } catch (const ConnectorError& e) {
            QCOMPARE(e.kind(), ConnectorError::Kind::BadVersion);
        }
        try {
            s.remove(p, 0);
            QFAIL("delete with a stale version succeeded");
        } catch (const ConnectorError& e) {
            QCOMPARE(e.kind(), ConnectorError::Kind::BadVersion);
        }
        s.remove(p, 1);
        QVERIFY(!s.exists(p).has_value());
        QVERIFY(!s.get(p).has_value());
        try {
            s.remove(p);
            QFAIL("deleted a missing node");
        } catch (const ConnectorError& e) {
            QCOMPARE(e.kind(), ConnectorError::Kind::NotFound);
        }
    }

    void ephemeralSequentialAndChildren() {
        const std::string dir = m_root + "/seq";
        ZkSession owner(test::zookeeperUri());
        ZkSession observer(test::zookeeperUri());
        owner.ensurePath(dir);
        ZkStat st;
        const std::string a =
            owner.create(dir + "/lock-", "a", ZkSession::CreateMode::EphemeralSequential, &st);
        const std::string b =
            owner.create(dir + "/lock-", "b", ZkSession::CreateMode::EphemeralSequential);
        QVERIFY(a < b);
        QCOMPARE(st.ephemeralOwner, owner.sessionId());
        QCOMPARE(observer.children(dir).size(), size_t(2));
        owner.close(); // the server deletes ephemeral nodes at once
        QCOMPARE(observer.children(dir).size(), size_t(0));
    }

    void watchesFireOnTheirEvents() {
        ZkSession s(test::zookeeperUri());
        ZkSession other(test::zookeeperUri());
        const std::string p = m_root + "/watched";
        std::mutex m;
        std::vector<ZkEvent> events;
        auto record = [&](const ZkEvent& e) {
            std::lock_guard lock(m);
            events.push_back(e);
        };
        QVERIFY(!s.exists(p, record).has_value()); // watch a node that does not exist yet
        other.create(p, "x", ZkSession::CreateMode::Persistent);
        auto count = [&] {
            std::lock_guard lock(m);
            return events.size();
        };
        QTRY_COMPARE_WITH_TIMEOUT(count(), size_t(1), 5000);
        QCOMPARE(events[0].type, ZkEvent::Type::Created);
        QCOMPARE(events[0].path, p);
        s.get(p, record);
        s.children(m_root, record);
        other.remove(p);
        QTRY_COMPARE_WITH_TIMEOUT(count(), size_t(3), 5000);
        std::set<ZkEvent::Type> types{events[1].type, events[2].type};
        QVERIFY(types.count(ZkEvent::Type::Deleted));
        QVERIFY(types.count(ZkEvent::Type::Child));
    }

    void stateTransitionsReachedListener() {
        std::mutex m;
        std::vector<ZkSession::State> seen;
        {
            ZkSession s(test::zookeeperUri());
            s.setStateListener([&](ZkSession::State st) {
                std::lock_guard lock(m);
                seen.push_back(st);
            });
            QCOMPARE(s.state(), ZkSession::State::Connected);
            s.close();
            QCOMPARE(s.state(), ZkSession::State::Closed);
            QVERIFY_THROWS_EXCEPTION(ConnectorError, s.exists("/"));
        }
        std::lock_guard lock(m);
        QVERIFY(!seen.empty());
        QCOMPARE(seen.back(), ZkSession::State::Closed);
    }

    void sessionExpiryIsReported() {
        // The server expires a session when another client resumes it (same id and password)
        // and closes it: the first client then learns on reconnect that its session is gone.
        std::mutex m;
        std::vector<ZkSession::State> seen;
        ZkSession::Options o;
        o.sessionTimeout = 4000ms;
        ZkSession victim(test::zookeeperUri(), o);
        victim.setStateListener([&](ZkSession::State st) {
            std::lock_guard lock(m);
            seen.push_back(st);
        });
        const std::string node =
            victim.create(m_root + "/mine-", "", ZkSession::CreateMode::EphemeralSequential);
        const auto creds = victim.credentials();
        QVERIFY(test::expireZkSession(test::zookeeperUri(), creds.id, creds.password,
                                      [&] { return victim.state() == ZkSession::State::Expired; }));
        {
            std::lock_guard lock(m);
            QVERIFY(std::find(seen.begin(), seen.end(), ZkSession::State::Expired) != seen.end());
        }
        try {
            victim.exists("/");
            QFAIL("an expired session kept working");
        } catch (const ConnectorError& e) {
            QCOMPARE(e.kind(), ConnectorError::Kind::SessionExpired);
        }
        ZkSession observer(test::zookeeperUri());
        QVERIFY(!observer.exists(node).has_value()); // its ephemeral node went with it
    }

    void digestAuthAndAcl() {
        ZooKeeperUri authed = test::zookeeperUri();
        authed.user = QStringLiteral("ops");
        authed.password = QStringLiteral("right");
        ZkSession owner(authed);
        const std::string p = m_root + "/secret";
        owner.create(p, "s", ZkSession::CreateMode::Persistent, nullptr,
                     ZkSession::Acl::CreatorAll);
        QCOMPARE(owner.get(p)->data, std::string("s"));

        ZooKeeperUri wrong = authed;
        wrong.password = QStringLiteral("wrong");
        ZkSession intruder(wrong);
        try {
            intruder.get(p);
            QFAIL("wrong digest credentials could read an ACL-protected node");
        } catch (const ConnectorError& e) {
            QCOMPARE(e.kind(), ConnectorError::Kind::NoAuth);
        }
        ZkSession anonymous(test::zookeeperUri());
        QVERIFY_THROWS_EXCEPTION(ConnectorError, anonymous.set(p, "x"));
        owner.remove(p);
    }

    void chrootConfinesPaths() {
        ZooKeeperUri chrooted = test::zookeeperUri();
        chrooted.chroot = QString::fromStdString(m_root + "/jail");
        {
            ZkSession s(test::zookeeperUri());
            s.ensurePath(m_root + "/jail");
        }
        ZkSession inside(chrooted);
        inside.create("/inner", "i", ZkSession::CreateMode::Persistent);
        ZkSession outside(test::zookeeperUri());
        QVERIFY(outside.exists(m_root + "/jail/inner").has_value());
    }

    void unreachableAndSilentServersTimeOut() {
        ZooKeeperUri uri = test::zookeeperUri();
        uri.hosts = {HostPort{QStringLiteral("127.0.0.1"), test::closedPort()}};
        ZkSession::Options o;
        o.connectTimeout = 800ms;
        QElapsedTimer t;
        t.start();
        try {
            ZkSession s(uri, o);
            QFAIL("connected to a closed port");
        } catch (const ConnectorError& e) {
            QCOMPARE(e.kind(), ConnectorError::Kind::Timeout);
            QCOMPARE(e.backend(), Backend::ZooKeeper);
        }
        QVERIFY2(t.elapsed() < 4000, qPrintable(QString::number(t.elapsed())));

        test::SilentServer silent;
        uri.hosts = {HostPort{QStringLiteral("127.0.0.1"), silent.port()}};
        t.restart();
        QVERIFY_THROWS_EXCEPTION(ConnectorError, ZkSession(uri, o));
        QVERIFY2(t.elapsed() < 4000, qPrintable(QString::number(t.elapsed())));
    }
};

QTEST_GUILESS_MAIN(TestZkSession)
#include "tst_zksession.moc"
