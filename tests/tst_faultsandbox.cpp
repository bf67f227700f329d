#include "connectors/redisclient.h"
#include "tests/support/faultsandbox.h"

#include <QTest>

using namespace lockscope;
using lockscope::test::FaultSandbox;

/// The fault tests' own tool: a private sandbox whose servers can be frozen, killed and
/// restarted by pid. If this does not work, the fault tests would prove nothing.
class TestFaultSandbox : public QObject {
    Q_OBJECT

private slots:
    void freezeKillRestartEachServer() {
        FaultSandbox box;
        QVERIFY2(box.ok(), qPrintable(box.error()));
        for (FaultSandbox::Server s : {FaultSandbox::Server::Redis, FaultSandbox::Server::ZooKeeper,
                                       FaultSandbox::Server::Postgres}) {
            const char* name = FaultSandbox::name(s);
            QVERIFY2(box.answering(s), name);
            box.freeze(s);
            QVERIFY2(!box.answering(s), name); // alive, accepting, silent
            box.thaw(s);
            QTRY_VERIFY2_WITH_TIMEOUT(box.answering(s), name, 10000);
            box.kill(s);
            QVERIFY2(!box.answering(s), name);
            QVERIFY2(box.restart(s), qPrintable(box.error()));
            QVERIFY2(box.answering(s), name);
        }
        // The restarted Redis is the one the URIs name and the pid in stack.json.
        RedisClient c(RedisUri::parse(box.info().redisUri));
        QCOMPARE(c.command({"PING"}).str, std::string("PONG"));
    }
};

QTEST_GUILESS_MAIN(TestFaultSandbox)
#include "tst_faultsandbox.moc"
