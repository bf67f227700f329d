#include "tests/support/testenv.h"

#include <QAtomicInt>
#include <QCoreApplication>
#include <QRandomGenerator>
#include <stdexcept>

namespace lockscope::test {

SandboxInfo sandbox()
{
    const QString dir = qEnvironmentVariable("LOCKSCOPE_SANDBOX_DIR");
    if (dir.isEmpty())
        throw std::runtime_error("LOCKSCOPE_SANDBOX_DIR is not set: run integration tests through ctest "
                                 "(the sandbox fixture starts the servers)");
    return SandboxInfo::load(dir);
}

RedisUri redisUri()
{
    return RedisUri::parse(sandbox().redisUri);
}

ZooKeeperUri zookeeperUri()
{
    return ZooKeeperUri::parse(sandbox().zookeeperUri);
}

PostgresUri postgresUri()
{
    return PostgresUri::parse(sandbox().postgresUri);
}

QString uniqueName(const QString& prefix)
{
    static QAtomicInt counter;
    return QStringLiteral("%1_%2_%3_%4")
        .arg(prefix)
        .arg(QCoreApplication::applicationPid())
        .arg(counter.fetchAndAddRelaxed(1))
        .arg(QRandomGenerator::global()->bounded(1 << 30), 0, 36);
}

} // namespace lockscope::test
