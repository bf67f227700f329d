#include "tests/support/testenv.h"

#include "connectors/connectorerror.h"
#include "connectors/zksession.h"

#include <QAtomicInt>
#include <QCoreApplication>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTest>
#include <cerrno>
#include <clocale>
#include <cstring>
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

PostgresUri postgresAdminUri() {
    return PostgresUri::parse(sandbox().postgresAdminUri);
}

NamespaceConfig isolatedNamespace(const QString& prefix) {
    NamespaceConfig c;
    c.redis = redisUri();
    c.zookeeper = zookeeperUri();
    c.postgres = postgresUri();
    for (const QString& u : sandbox().redlockUris)
        c.redlock.append(RedisUri::parse(u));
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

int runCli(const QStringList& args, QByteArray* out, QByteArray* err) {
    QProcess p;
    p.start(qEnvironmentVariable("LOCKSCOPE_CLI"), args);
    if (!p.waitForFinished(300000))
        return -1;
    if (out)
        *out = p.readAllStandardOutput();
    if (err)
        *err = p.readAllStandardError();
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

GermanMessages::GermanMessages() {
    m_savedMessages = std::setlocale(LC_MESSAGES, nullptr);
    m_savedCtype = std::setlocale(LC_CTYPE, nullptr);
    const QByteArray german = "de_DE.UTF-8";
    for (const char* name : {"LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE", "LOCPATH"}) {
        m_savedEnv.append({name, qEnvironmentVariableIsSet(name)
                                     ? std::optional<QByteArray>(qgetenv(name))
                                     : std::nullopt});
        if (std::strcmp(name, "LANGUAGE") == 0)
            qputenv(name, "de");
        else if (std::strcmp(name, "LOCPATH") != 0)
            qputenv(name, german);
    }
    bool ok = std::setlocale(LC_MESSAGES, "") != nullptr;
    if (!ok) {
        // Not generated on this system: compile it for this process only.
        const QString localedef = QStandardPaths::findExecutable(QStringLiteral("localedef"));
        if (!localedef.isEmpty() && m_locales.isValid() &&
            QProcess::execute(localedef, {QStringLiteral("-i"), QStringLiteral("de_DE"),
                                          QStringLiteral("-f"), QStringLiteral("UTF-8"),
                                          m_locales.filePath(QString::fromLatin1(german))}) == 0) {
            qputenv("LOCPATH", QFile::encodeName(m_locales.path()));
            ok = std::setlocale(LC_MESSAGES, "") != nullptr;
        }
    }
    if (ok)
        std::setlocale(LC_CTYPE, "");
    m_active = ok && std::strcmp(std::strerror(ECONNREFUSED), "Connection refused") != 0;
}

GermanMessages::~GermanMessages() {
    for (const auto& [name, value] : std::as_const(m_savedEnv)) {
        if (value)
            qputenv(name.constData(), *value);
        else
            qunsetenv(name.constData());
    }
    std::setlocale(LC_MESSAGES, m_savedMessages.constData());
    std::setlocale(LC_CTYPE, m_savedCtype.constData());
}

} // namespace lockscope::test
