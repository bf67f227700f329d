#include "connectors/connectorerror.h"
#include "connectors/pgconnection.h"
#include "connectors/redisclient.h"
#include "connectors/zksession.h"
#include "core/fault/faultproxy.h"
#include "core/fault/faultproxyerror.h"
#include "tests/support/silentserver.h"
#include "tests/support/testenv.h"

#include <QElapsedTimer>
#include <QTest>
#include <algorithm>
#include <arpa/inet.h>
#include <atomic>
#include <netinet/in.h>
#include <optional>
#include <poll.h>
#include <pqxx/nontransaction>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

using namespace lockscope;
using namespace std::chrono_literals;
using Mode = FaultProxy::Mode;
using Kind = ConnectorError::Kind;

namespace {

RedisUri redisVia(const FaultProxy& proxy) {
    RedisUri uri = test::redisUri();
    uri.host = proxy.host();
    uri.port = proxy.port();
    return uri;
}

PostgresUri postgresVia(const FaultProxy& proxy) {
    PostgresUri uri = test::postgresUri();
    uri.params.insert(QStringLiteral("host"), proxy.host());
    uri.params.insert(QStringLiteral("hostaddr"), proxy.host());
    uri.params.insert(QStringLiteral("port"), QString::number(proxy.port()));
    return uri;
}

ZooKeeperUri zookeeperVia(const FaultProxy& proxy) {
    ZooKeeperUri uri = test::zookeeperUri();
    uri.hosts = {HostPort{proxy.host(), proxy.port()}};
    return uri;
}

FaultProxy proxyFor(const RedisUri& uri) {
    return FaultProxy(uri.host, uri.port);
}

RedisClient::Options redisOptions(std::chrono::milliseconds commandTimeout) {
    RedisClient::Options o;
    o.connectTimeout = 3000ms;
    o.commandTimeout = commandTimeout;
    return o;
}

/// Runs f, which must throw ConnectorError; returns its kind and how long it took.
template <class F> std::optional<std::pair<Kind, qint64>> failure(F&& f) {
    QElapsedTimer t;
    t.start();
    try {
        f();
    } catch (const ConnectorError& e) {
        qInfo("  failed after %lld ms: %s", t.elapsed(), qPrintable(e.message()));
        return std::make_pair(e.kind(), t.elapsed());
    }
    return std::nullopt;
}

int selectOne(PgConnection& c) {
    return c.run("select", [](pqxx::connection& raw) {
        pqxx::nontransaction tx(raw);
        return tx.exec1("SELECT 1")[0].as<int>();
    });
}

qint64 pingMicros(RedisClient& c) {
    QElapsedTimer t;
    t.start();
    const RedisReply r = c.command({"PING"});
    const qint64 us = t.nsecsElapsed() / 1000;
    if (r.type != RedisReply::Type::Status || r.str != "PONG")
        qFatal("PING answered something else");
    return us;
}

qint64 median(std::vector<qint64> v) {
    std::nth_element(v.begin(), v.begin() + v.size() / 2, v.end());
    return v[v.size() / 2];
}

/// A raw loopback client socket (blocking) connected to port, -1 when refused.
int connectRaw(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(quint16(port));
    if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

/// Waits up to timeout for fd to be closed by its peer: true on EOF or reset.
bool closedByPeer(int fd, std::chrono::milliseconds timeout) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, int(timeout.count())) <= 0)
        return false;
    char c;
    return ::recv(fd, &c, 1, 0) <= 0;
}

/// Sends a Redis inline command on a raw socket and reads one reply line, "" when none came
/// within timeout.
std::string rawCommand(int fd, const std::string& command, std::chrono::milliseconds timeout) {
    const std::string line = command + "\r\n";
    if (::send(fd, line.data(), line.size(), MSG_NOSIGNAL) != ssize_t(line.size()))
        return {};
    std::string reply;
    QElapsedTimer t;
    t.start();
    while (reply.find("\r\n") == std::string::npos) {
        pollfd p{fd, POLLIN, 0};
        const int left = int(timeout.count() - t.elapsed());
        if (left <= 0 || ::poll(&p, 1, left) <= 0)
            return {};
        char buffer[256];
        const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
        if (n <= 0)
            return {};
        reply.append(buffer, std::size_t(n));
    }
    return reply.substr(0, reply.find("\r\n"));
}

bool redisHasClient(RedisClient& c, const std::string& id) {
    const std::string list = c.command({"CLIENT", "LIST"}).str;
    return list.find("id=" + id + " ") != std::string::npos;
}

} // namespace

class TestFaultProxy : public QObject {
    Q_OBJECT
    std::string m_prefix;

private slots:
    void initTestCase() {
        m_prefix = test::uniqueName(QStringLiteral("tst_faultproxy")).toStdString() + ":";
    }

    void startsOnAFreePortAndRefusesBadInput() {
        FaultProxy a(QStringLiteral("127.0.0.1"), 6379), b(QStringLiteral("127.0.0.1"), 6379);
        QCOMPARE(a.port(), 0);
        a.start();
        b.start();
        QVERIFY(a.port() > 0);
        QVERIFY(b.port() > 0);
        QVERIFY(a.port() != b.port());
        QCOMPARE(a.host(), QStringLiteral("127.0.0.1"));
        QCOMPARE(a.mode(), Mode::Pass);
        FaultProxy taken(QStringLiteral("127.0.0.1"), 6379, a.port());
        QVERIFY_THROWS_EXCEPTION(FaultProxyError, taken.start());
        FaultProxy unresolvable(QStringLiteral("no-such-host.invalid"), 6379);
        QVERIFY_THROWS_EXCEPTION(FaultProxyError, unresolvable.start());
    }

    void upstreamRefusingResetsTheClient() {
        FaultProxy proxy(QStringLiteral("127.0.0.1"), test::closedPort());
        proxy.start();
        const int fd = connectRaw(proxy.port());
        QVERIFY(fd >= 0);                  // the proxy accepts...
        QVERIFY(closedByPeer(fd, 2000ms)); // ...and closes once the server refuses
        ::close(fd);
        QTRY_COMPARE_WITH_TIMEOUT(proxy.stats().upstreamFailures, std::uint64_t(1), 2000);
        QTRY_COMPARE_WITH_TIMEOUT(proxy.stats().open, std::uint64_t(0), 2000);
    }

    void redisPassBlackholePassDrop() {
        const RedisUri direct = test::redisUri();
        FaultProxy proxy = proxyFor(direct);
        proxy.start();
        const std::string key = m_prefix + "k";

        // Pass: commands work, and the bytes are counted both ways.
        RedisClient c(redisVia(proxy), redisOptions(1000ms));
        QVERIFY(c.command({"SET", key, "v1"}).isOk());
        QCOMPARE(c.command({"GET", key}).str, std::string("v1"));
        FaultProxy::Stats s = proxy.stats();
        QCOMPARE(s.accepted, std::uint64_t(1));
        QCOMPARE(s.open, std::uint64_t(1));
        QVERIFY(s.bytesToUpstream > 0);
        QVERIFY(s.bytesToClient > 0);

        // Blackhole: the next command fails with the client's own timeout, nothing forwarded.
        proxy.setMode(Mode::Blackhole);
        QCOMPARE(proxy.mode(), Mode::Blackhole);
        const FaultProxy::Stats before = proxy.stats();
        auto f = failure([&] { c.command({"SET", key, "lost"}); });
        QVERIFY(f);
        QCOMPARE(f->first, Kind::Timeout);
        QVERIFY2(f->second >= 1000 && f->second < 1000 + 2000,
                 qPrintable(QString::number(f->second)));
        s = proxy.stats();
        QCOMPARE(s.bytesToUpstream, before.bytesToUpstream);
        QCOMPARE(s.bytesToClient, before.bytesToClient);
        QVERIFY(s.droppedToUpstream > before.droppedToUpstream); // the SET was read and dropped

        // Back to Pass: a new connection works, and the dropped SET never reached the server.
        proxy.setMode(Mode::Pass);
        RedisClient fresh(redisVia(proxy), redisOptions(1000ms));
        QCOMPARE(fresh.command({"GET", key}).str, std::string("v1"));
        QCOMPARE(c.command({"PING"}).str, std::string("PONG")); // c reconnects on its own
        QVERIFY(proxy.stats().bytesToUpstream > before.bytesToUpstream);

        // Drop: an open connection is reset at once, a new one is refused at once.
        proxy.setMode(Mode::Drop);
        QCOMPARE(proxy.stats().open, std::uint64_t(0));
        f = failure([&] { fresh.command({"PING"}); });
        QVERIFY(f);
        QCOMPARE(f->first, Kind::ConnectionLost);
        QVERIFY2(f->second < 500, qPrintable(QString::number(f->second)));
        f = failure([&] { RedisClient refused(redisVia(proxy), redisOptions(1000ms)); });
        QVERIFY(f);
        QCOMPARE(f->first, Kind::Unreachable);
        QVERIFY2(f->second < 500, qPrintable(QString::number(f->second)));

        // And Pass again on the same port.
        proxy.setMode(Mode::Pass);
        QCOMPARE(fresh.command({"GET", key}).str, std::string("v1"));
        RedisClient(direct).command({"DEL", key});
    }

    void blackholeIsAPartitionForNewAndClosingConnections() {
        RedisClient direct(test::redisUri());
        FaultProxy proxy = proxyFor(test::redisUri());
        proxy.start();
        // A connection made before the blackhole, whose client then goes away.
        const int leaving = connectRaw(proxy.port());
        QVERIFY(leaving >= 0);
        const std::string reply = rawCommand(leaving, "CLIENT ID", 2000ms);
        QVERIFY(reply.starts_with(":"));
        const std::string id = reply.substr(1);
        QVERIFY(redisHasClient(direct, id));

        proxy.setMode(Mode::Blackhole);
        // A new connection is accepted (the kernel's handshake with the proxy) but gets no
        // answer.
        const int joining = connectRaw(proxy.port());
        QVERIFY(joining >= 0);
        QCOMPARE(rawCommand(joining, "PING", 500ms), std::string());
        QTRY_COMPARE_WITH_TIMEOUT(proxy.stats().accepted, std::uint64_t(2), 2000);
        // The leaving client's close is not passed on: the server still holds its connection
        // (as a PostgreSQL server would still hold its locks).
        ::close(leaving);
        QTRY_COMPARE_WITH_TIMEOUT(proxy.stats().open, std::uint64_t(2), 2000);
        QVERIFY(redisHasClient(direct, id));

        proxy.setMode(Mode::Pass);
        // Healed: the server's side of the closed client is reset, and the connection accepted
        // during the blackhole is connected (its PING was lost, the next one is answered).
        QTRY_VERIFY_WITH_TIMEOUT(!redisHasClient(direct, id), 2000);
        QCOMPARE(rawCommand(joining, "PING", 2000ms), std::string("+PONG"));
        ::close(joining);
    }

    void redisDelayKeepsOrder() {
        FaultProxy proxy = proxyFor(test::redisUri());
        proxy.start();
        RedisClient c(redisVia(proxy), redisOptions(3000ms));
        QVERIFY(pingMicros(c) < 200'000);

        proxy.setMode(Mode::Delay, 200ms);
        QCOMPARE(proxy.delay(), 200ms);
        // Each direction is delayed: a round trip takes 2 x 200 ms.
        const qint64 rtt = pingMicros(c);
        qInfo("PING round trip with Delay(200ms): %lld us", rtt);
        QVERIFY2(rtt >= 400'000 && rtt < 400'000 + 1'000'000, qPrintable(QString::number(rtt)));

        // Order kept: 200 pipelined commands (several chunks) answer in order.
        std::vector<RedisClient::Args> cmds;
        for (int i = 0; i < 200; ++i)
            cmds.push_back({"SET", m_prefix + "d" + std::to_string(i), std::to_string(i)});
        for (int i = 0; i < 200; ++i)
            cmds.push_back({"GET", m_prefix + "d" + std::to_string(i)});
        const auto replies = c.pipeline(cmds);
        QCOMPARE(replies.size(), size_t(400));
        for (int i = 0; i < 200; ++i)
            QCOMPARE(replies[200 + i].str, std::to_string(i));

        // A 4 MB value through the delay, both ways (flow limits, partial writes).
        const std::string big(4 << 20, 'x');
        QVERIFY(c.command({"SET", m_prefix + "big", big}).isOk());
        QCOMPARE(c.command({"GET", m_prefix + "big"}).str.size(), big.size());

        proxy.setMode(Mode::Pass);
        QVERIFY(pingMicros(c) < 200'000);
        std::vector<RedisClient::Args> del{{"DEL", m_prefix + "big"}};
        for (int i = 0; i < 200; ++i)
            del.push_back({"DEL", m_prefix + "d" + std::to_string(i)});
        c.pipeline(del);
    }

    void postgresPassBlackholePassDrop() {
        const PostgresUri direct = test::postgresUri();
        FaultProxy proxy(direct.value(QStringLiteral("host")),
                         direct.value(QStringLiteral("port")).toInt());
        proxy.start();
        PgConnection::Options options;
        options.statementTimeout = 1000ms;
        PgConnection c(postgresVia(proxy), options);
        QCOMPARE(selectOne(c), 1);
        const std::chrono::milliseconds deadline = c.callDeadline(); // statement timeout + 2 s
        QCOMPARE(deadline, 3000ms);

        proxy.setMode(Mode::Blackhole);
        const FaultProxy::Stats before = proxy.stats();
        auto f = failure([&] { selectOne(c); });
        QVERIFY(f);
        QCOMPARE(f->first, Kind::Timeout);
        QVERIFY2(f->second >= deadline.count() && f->second < deadline.count() + 2000,
                 qPrintable(QString::number(f->second)));
        const FaultProxy::Stats after = proxy.stats();
        QCOMPARE(after.bytesToUpstream, before.bytesToUpstream);
        QCOMPARE(after.bytesToClient, before.bytesToClient);
        QVERIFY(after.droppedToUpstream > before.droppedToUpstream);

        proxy.setMode(Mode::Pass);
        PgConnection fresh(postgresVia(proxy), options);
        QCOMPARE(selectOne(fresh), 1);

        proxy.setMode(Mode::Drop);
        f = failure([&] { selectOne(fresh); });
        QVERIFY(f);
        QCOMPARE(f->first, Kind::ConnectionLost);
        QVERIFY2(f->second < 500, qPrintable(QString::number(f->second)));
        f = failure([&] { PgConnection refused(postgresVia(proxy), options); });
        QVERIFY(f);
        QCOMPARE(f->first, Kind::Unreachable);
        QVERIFY2(f->second < 1000, qPrintable(QString::number(f->second)));
    }

    void zookeeperPassBlackholePassDrop() {
        FaultProxy proxy(test::zookeeperUri().hosts.first().host,
                         test::zookeeperUri().hosts.first().port);
        proxy.start();
        ZkSession::Options options;
        options.sessionTimeout = 10000ms; // the client gives up on a silent server after 2/3 of it
        options.operationTimeout = 1500ms;
        ZkSession z(zookeeperVia(proxy), options);
        const std::string root =
            "/" + test::uniqueName(QStringLiteral("tst_faultproxy")).toStdString();
        z.create(root, "x", ZkSession::CreateMode::Persistent);
        QVERIFY(z.exists(root));

        proxy.setMode(Mode::Blackhole);
        const FaultProxy::Stats before = proxy.stats();
        auto f = failure([&] { z.exists(root); });
        QVERIFY(f);
        QCOMPARE(f->first, Kind::Timeout);
        QVERIFY2(f->second >= 1500 && f->second < 1500 + 2000,
                 qPrintable(QString::number(f->second)));
        const FaultProxy::Stats after = proxy.stats();
        QCOMPARE(after.bytesToUpstream, before.bytesToUpstream);
        QCOMPARE(after.bytesToClient, before.bytesToClient);
        QVERIFY(after.droppedToUpstream > before.droppedToUpstream);

        proxy.setMode(Mode::Pass);
        ZkSession fresh(zookeeperVia(proxy), options);
        QVERIFY(fresh.exists(root));

        proxy.setMode(Mode::Drop);
        f = failure([&] { fresh.exists(root); });
        QVERIFY(f);
        QCOMPARE(f->first, Kind::ConnectionLost);
        QVERIFY2(f->second < 1000, qPrintable(QString::number(f->second)));
        proxy.setMode(Mode::Pass);
        ZkSession(test::zookeeperUri()).removeRecursive(root);
    }

    void zookeeperSessionExpiresBehindBlackhole() {
        FaultProxy proxy(test::zookeeperUri().hosts.first().host,
                         test::zookeeperUri().hosts.first().port);
        proxy.start();
        ZkSession::Options options;
        options.sessionTimeout = 4000ms;
        ZkSession holder(zookeeperVia(proxy), options);
        const auto timeout = holder.negotiatedTimeout();
        QCOMPARE(timeout, 4000ms);
        ZkSession observer(test::zookeeperUri());
        const std::string root =
            "/" + test::uniqueName(QStringLiteral("tst_faultproxy")).toStdString();
        observer.create(root, "", ZkSession::CreateMode::Persistent);
        const std::string node = root + "/held";
        holder.create(node, "holder", ZkSession::CreateMode::Ephemeral);

        std::atomic<bool> deleted{false};
        QVERIFY(observer.exists(node, [&](const ZkEvent&) { deleted = true; }));
        QElapsedTimer cut;
        cut.start();
        proxy.setMode(Mode::Blackhole);
        const FaultProxy::Stats before = proxy.stats();
        QTRY_VERIFY_WITH_TIMEOUT(deleted.load(), int(timeout.count()) + 5000);
        const qint64 goneAfter = cut.elapsed();
        qInfo("ephemeral node deleted %lld ms into the blackhole (session timeout %lld ms)",
              goneAfter, qint64(timeout.count()));
        QVERIFY(!observer.exists(node));
        // Not before the server could have missed the session's pings (sent every third of
        // its timeout), nor long after the timeout.
        QVERIFY2(goneAfter >= timeout.count() / 2 && goneAfter < timeout.count() + 5000,
                 qPrintable(QString::number(goneAfter)));
        const FaultProxy::Stats after = proxy.stats();
        QCOMPARE(after.bytesToUpstream, before.bytesToUpstream);
        QCOMPARE(after.bytesToClient, before.bytesToClient);
        QVERIFY(after.droppedToUpstream > before.droppedToUpstream); // the holder's pings

        // The partition heals: the holder reconnects and learns its session expired.
        proxy.setMode(Mode::Pass);
        QTRY_COMPARE_WITH_TIMEOUT(holder.state(), ZkSession::State::Expired, 15000);
        observer.removeRecursive(root);
    }

    void destructorResetsConnectionsPromptly() {
        std::optional<FaultProxy> proxy;
        proxy.emplace(test::redisUri().host, test::redisUri().port);
        proxy->start();
        RedisClient c(redisVia(*proxy), redisOptions(3000ms));
        QCOMPARE(c.command({"PING"}).str, std::string("PONG"));
        proxy->setMode(Mode::Blackhole);
        QElapsedTimer t;
        t.start();
        proxy.reset();
        QVERIFY2(t.elapsed() < 500, qPrintable(QString::number(t.elapsed())));
        auto f = failure([&] { c.command({"PING"}); });
        QVERIFY(f);
        QCOMPARE(f->first, Kind::ConnectionLost); // reset, not a silent timeout
        QVERIFY(f->second < 500);
    }

    void setModeFromAnotherThread() {
        FaultProxy proxy = proxyFor(test::redisUri());
        proxy.start();
        RedisClient c(redisVia(proxy), redisOptions(1000ms));
        QCOMPARE(c.command({"PING"}).str, std::string("PONG"));
        std::jthread([&] { proxy.setMode(Mode::Drop); }).join();
        QCOMPARE(proxy.mode(), Mode::Drop);
        QVERIFY(connectRaw(proxy.port()) < 0); // refused as soon as setMode() returned
        std::jthread([&] { proxy.setMode(Mode::Pass); }).join();
        const int fd = connectRaw(proxy.port());
        QVERIFY(fd >= 0);
        ::close(fd);
    }

    void measureOverhead() {
        const RedisUri direct = test::redisUri();
        FaultProxy proxy = proxyFor(direct);
        proxy.start();
        RedisClient d(direct), p(redisVia(proxy));
        constexpr int kRounds = 2000;
        std::vector<qint64> directUs, proxiedUs;
        for (int i = 0; i < 100; ++i) { // warm-up
            pingMicros(d);
            pingMicros(p);
        }
        for (int i = 0; i < kRounds; ++i) { // interleaved, so both see the same machine load
            directUs.push_back(pingMicros(d));
            proxiedUs.push_back(pingMicros(p));
        }
        const qint64 md = median(directUs), mp = median(proxiedUs);
        qInfo("PING round trip, median of %d: direct %lld us, through the proxy (Pass) %lld us "
              "(+%lld us)",
              kRounds, md, mp, mp - md);
        // No Nagle/delayed-ACK stall (40 ms) and no polling: the proxy costs well under 1 ms.
        QVERIFY2(mp - md < 1000, qPrintable(QString::number(mp - md)));
    }
};

QTEST_GUILESS_MAIN(TestFaultProxy)
#include "tst_faultproxy.moc"
