#include "tests/support/faultsandbox.h"

#include "core/sandbox/sandbox.h"
#include "core/sandbox/sandboxerror.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonObject>
#include <QTest>
#include <QUrl>
#include <csignal>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

namespace lockscope::test {

namespace {

int index(FaultSandbox::Server s) {
    return static_cast<int>(s);
}

QByteArray readProc(qint64 pid, const char* what) {
    QFile f(QStringLiteral("/proc/%1/%2").arg(pid).arg(QLatin1String(what)));
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

qint64 parentOf(qint64 pid) {
    const QByteArray stat = readProc(pid, "stat");
    const auto close = stat.lastIndexOf(')');
    if (close < 0)
        return -1;
    const QList<QByteArray> fields = stat.mid(close + 2).split(' ');
    return fields.size() > 1 ? fields.at(1).toLongLong() : -1;
}

QString ownerOf(qint64 pid) {
    struct stat st {};
    const QByteArray path = QStringLiteral("/proc/%1").arg(pid).toLocal8Bit();
    if (::stat(path.constData(), &st) != 0 || st.st_uid == ::getuid())
        return {};
    const passwd* pw = ::getpwuid(st.st_uid);
    return pw ? QString::fromLocal8Bit(pw->pw_name) : QString();
}

int portOf(const QString& uri) {
    return QUrl(uri).port();
}

} // namespace

FaultSandbox::FaultSandbox() {
    if (!m_dir.isValid()) {
        m_error = QStringLiteral("no temporary directory");
        return;
    }
    // PostgreSQL runs as `postgres` when we are root: it must reach its data directory.
    QFile::setPermissions(m_dir.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                            QFileDevice::ExeOwner | QFileDevice::ExeGroup |
                                            QFileDevice::ExeOther | QFileDevice::ReadGroup |
                                            QFileDevice::ReadOther);
    try {
        Sandbox::Options o;
        o.dir = m_dir.path();
        m_info = Sandbox::up(o);
    } catch (const SandboxError& e) {
        m_error = e.message();
        return;
    }
    // Redis rewrites its process title: its command line is rebuilt from what the sandbox uses.
    const QString redisDir = m_info.dir + QStringLiteral("/redis");
    m_launch[index(Server::Redis)] = Launch{
        {QStringLiteral("redis-server"), QStringLiteral("--bind"), QStringLiteral("127.0.0.1"),
         QStringLiteral("--port"), QString::number(portOf(m_info.redisUri)),
         QStringLiteral("--save"), QString(), QStringLiteral("--appendonly"), QStringLiteral("no"),
         QStringLiteral("--daemonize"), QStringLiteral("no"), QStringLiteral("--dir"), redisDir,
         QStringLiteral("--maxclients"), QStringLiteral("4000")},
        redisDir,
        {},
        redisDir + QStringLiteral("/redis.log")};
    for (Server s : {Server::ZooKeeper, Server::Postgres}) {
        const qint64 p = pid(s);
        Launch& l = m_launch[index(s)];
        for (const QByteArray& arg : readProc(p, "cmdline").split('\0'))
            l.argv << QString::fromLocal8Bit(arg);
        while (!l.argv.isEmpty() && l.argv.constLast().isEmpty())
            l.argv.removeLast(); // the trailing NUL
        l.cwd = QFile::symLinkTarget(QStringLiteral("/proc/%1/cwd").arg(p));
        l.user = ownerOf(p);
        l.log = m_info.dir + (s == Server::ZooKeeper ? QStringLiteral("/zookeeper/zookeeper.log")
                                                     : QStringLiteral("/postgres/postgres.log"));
    }
    m_ok = true;
}

FaultSandbox::~FaultSandbox() {
    for (Server s : {Server::Redis, Server::ZooKeeper, Server::Postgres})
        thaw(s);
    if (m_ok)
        Sandbox::down(m_info.dir);
}

const char* FaultSandbox::name(Server s) {
    switch (s) {
    case Server::Redis:
        return "redis";
    case Server::ZooKeeper:
        return "zookeeper";
    case Server::Postgres:
        return "postgres";
    }
    return "?";
}

NamespaceConfig FaultSandbox::ns(const QString& prefix) const {
    NamespaceConfig c;
    c.redis = RedisUri::parse(m_info.redisUri);
    c.zookeeper = ZooKeeperUri::parse(m_info.zookeeperUri);
    c.postgres = PostgresUri::parse(m_info.postgresUri);
    static int counter = 0;
    c.ns = QStringLiteral("%1_%2_%3")
               .arg(prefix)
               .arg(QCoreApplication::applicationPid())
               .arg(++counter)
               .toLower()
               .toStdString();
    return c;
}

QStringList FaultSandbox::cliArgs(const NamespaceConfig& ns) const {
    return {QStringLiteral("--sandbox"), m_info.dir, QStringLiteral("--ns"),
            QString::fromStdString(ns.ns)};
}

std::unique_ptr<QProcess> FaultSandbox::startCli(const QStringList& args) const {
    auto p = std::make_unique<QProcess>();
    p->start(qEnvironmentVariable("LOCKSCOPE_CLI"), args);
    return p;
}

qint64 FaultSandbox::pid(Server s) const {
    switch (s) {
    case Server::Redis:
        return m_info.redisPid;
    case Server::ZooKeeper:
        return m_info.zookeeperPid;
    case Server::Postgres:
        return m_info.postgresPid;
    }
    return 0;
}

QList<qint64> FaultSandbox::processTree(qint64 root) const {
    QList<qint64> tree{root};
    const QStringList entries = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs);
    bool grew = true;
    while (grew) {
        grew = false;
        for (const QString& e : entries) {
            bool isPid = false;
            const qint64 p = e.toLongLong(&isPid);
            if (isPid && !tree.contains(p) && tree.contains(parentOf(p))) {
                tree << p;
                grew = true;
            }
        }
    }
    return tree;
}

void FaultSandbox::freeze(Server s) {
    QList<qint64>& frozen = m_frozen[index(s)];
    frozen = processTree(pid(s));
    // The parent first: a frozen postmaster forks no new backend meanwhile.
    for (qint64 p : frozen)
        ::kill(pid_t(p), SIGSTOP);
}

void FaultSandbox::thaw(Server s) {
    QList<qint64>& frozen = m_frozen[index(s)];
    for (qint64 p : frozen)
        ::kill(pid_t(p), SIGCONT);
    if (!frozen.isEmpty())
        continueLauncher(frozen.constFirst());
    frozen.clear();
}

void FaultSandbox::continueLauncher(qint64 server) {
    // As root PostgreSQL runs under runuser, which stops itself when its child stops (job control,
    // like su) and must be continued too, or it never reaps the postmaster.
    const qint64 parent = parentOf(server);
    if (parent > 1 && readProc(parent, "cmdline").split('\0').value(0).endsWith("runuser"))
        ::kill(pid_t(parent), SIGCONT);
}

void FaultSandbox::kill(Server s) {
    const QList<qint64> tree = processTree(pid(s));
    for (qint64 p : tree)
        ::kill(pid_t(p), SIGKILL);
    continueLauncher(pid(s));
    m_frozen[index(s)].clear();
    // Gone means reaped, not only dead: PostgreSQL refuses to start while the pid in its
    // postmaster.pid still exists, even as a zombie.
    QTRY_VERIFY_WITH_TIMEOUT(
        std::none_of(tree.begin(), tree.end(),
                     [](qint64 p) { return QFile::exists(QStringLiteral("/proc/%1").arg(p)); }),
        10000);
}

bool FaultSandbox::restart(Server s) {
    const Launch& l = m_launch[index(s)];
    QStringList argv = l.argv;
    if (!l.user.isEmpty())
        argv = QStringList{QStringLiteral("runuser"), QStringLiteral("-u"), l.user,
                           QStringLiteral("--")} +
               argv;
    QProcess p;
    p.setProgram(argv.takeFirst());
    p.setArguments(argv);
    p.setWorkingDirectory(l.cwd);
    p.setStandardInputFile(QProcess::nullDevice());
    p.setStandardOutputFile(l.log, QIODevice::Append);
    p.setStandardErrorFile(l.log, QIODevice::Append);
    qint64 started = 0;
    if (!p.startDetached(&started)) {
        m_error =
            QStringLiteral("cannot restart %1: %2").arg(QLatin1String(name(s)), p.errorString());
        return false;
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (!answering(s)) {
        if (std::chrono::steady_clock::now() > deadline) {
            QFile log(l.log);
            log.open(QIODevice::ReadOnly);
            m_error =
                QStringLiteral("%1 did not answer within 60 s after a restart: %2")
                    .arg(QLatin1String(name(s)), QString::fromLocal8Bit(log.readAll().right(600)));
            return false;
        }
        QTest::qWait(100);
    }
    qint64 serverPid = started;
    if (s == Server::Postgres) {
        // As root the launcher is runuser; the postmaster names itself in postmaster.pid.
        QFile pidFile(m_info.dir + QStringLiteral("/postgres/data/postmaster.pid"));
        if (pidFile.open(QIODevice::ReadOnly))
            serverPid = pidFile.readLine().trimmed().toLongLong();
    }
    switch (s) {
    case Server::Redis:
        m_info.redisPid = serverPid;
        break;
    case Server::ZooKeeper:
        m_info.zookeeperPid = serverPid;
        break;
    case Server::Postgres:
        m_info.postgresPid = serverPid;
        break;
    }
    m_info.save();
    return true;
}

bool FaultSandbox::answering(Server s) const {
    try {
        const QJsonObject st = Sandbox::status(m_info.dir);
        return st.value(QLatin1String(name(s)))
            .toObject()
            .value(QStringLiteral("answering"))
            .toBool();
    } catch (const SandboxError&) {
        return false;
    }
}

} // namespace lockscope::test
