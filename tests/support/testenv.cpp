#include "tests/support/testenv.h"

#include "connectors/connectorerror.h"
#include "connectors/zksession.h"

#include <QAtomicInt>
#include <QCoreApplication>
#include <QProcess>
#include <QRandomGenerator>
#include <QTest>
#include <stdexcept>

namespace lockscope::test {

SandboxInfo sandbox() {
    const QString dir = qEnvironmentVariable("LOCKSCOPE_SANDBOX_DIR");
    if (dir.isEmpty())
        throw std::runtime_error(
            "LOCKSCOPE_SANDBOX_DIR is not set: run integration tests through ctest "
            "(the sandbox fixture starts the servers)");
    return SandboxInfo::load(dir);
}

RedisUri redisUri() {
    return RedisUri::parse(sandbox().redisUri);
}

ZooKeeperUri zookeeperUri() {
    return ZooKeeperUri::parse(sandbox().zookeeperUri);
}

PostgresUri postgresUri() {
    return PostgresUri::parse(sandbox().postgresUri);
}

NamespaceConfig isolatedNamespace(const QString& prefix) {
    NamespaceConfig c;
    c.redis = redisUri();
    c.zookeeper = zookeeperUri();
    c.postgres = postgresUri();
    c.ns = uniqueName(prefix).toLower().toStdString();
    return c;
}

bool expireZkSession(const ZooKeeperUri& uri, int64_t id, const std::string& password,
                     const std::function<bool()>& expired) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < deadline) {
        try {
            ZkSession::Options o;
            o.resume = ZkSession::Credentials{id, password};
            o.connectTimeout = std::chrono::milliseconds(2000);
            ZkSession thief(uri, o);
            thief.close();
        } catch (const ConnectorError&) {
            // already expired: the server refused to resume it
        }
        const auto settle = std::chrono::steady_clock::now() + std::chrono::seconds(2);
        while (std::chrono::steady_clock::now() < settle) {
            if (expired())
                return true;
            QTest::qWait(20);
        }
    }
    return expired();
}

int runCli(const QStringList& args, QByteArray* out) {
    QProcess p;
    p.start(qEnvironmentVariable("LOCKSCOPE_CLI"), args);
    if (!p.waitForFinished(300000))
        return -1;
    if (out)
        *out = p.readAllStandardOutput();
    return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
}

int runCliIn(const NamespaceConfig& ns, const QStringList& args, QByteArray* out) {
    return runCli(args + QStringList{QStringLiteral("--sandbox"),
                                     qEnvironmentVariable("LOCKSCOPE_SANDBOX_DIR"),
                                     QStringLiteral("--ns"), QString::fromStdString(ns.ns)},
                  out);
}

QString uniqueName(const QString& prefix) {
    static QAtomicInt counter;
    return QStringLiteral("%1_%2_%3_%4")
        .arg(prefix)
        .arg(QCoreApplication::applicationPid())
        .arg(counter.fetchAndAddRelaxed(1))
        .arg(QRandomGenerator::global()->bounded(1 << 30), 0, 36);
}

} // namespace lockscope::test
