#include "core/sandbox/sandbox.h"

#include "connectors/connectorerror.h"
#include "connectors/postgresuri.h"
#include "connectors/redisclient.h"
#include "connectors/urierror.h"
#include "connectors/zkfourletter.h"
#include "connectors/zookeeperuri.h"
#include "core/fault/proxycontrolerror.h"
#include "core/logging.h"
#include "core/sandbox/hasandbox.h"
#include "core/sandbox/readywait.h"
#include "core/sandbox/sandboxcertificates.h"
#include "core/sandbox/sandboxerror.h"
#include "core/sandbox/sandboxproxies.h"
#include "core/sandbox/sandboxsshd.h"
#include "core/sandbox/sandboxusers.h"
#include "core/sandbox/secretfile.h"
#include "core/sandbox/serverlaunch.h"
#include "core/sandbox/serverprocess.h"
#include "core/sandbox/startguard.h"
#include "core/sandbox/uplock.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QRandomGenerator>
#include <QSet>
#include <QUrl>
#include <csignal>
#include <exception>
#include <functional>
#include <libpq-fe.h>
#include <map>
#include <optional>
#include <pwd.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

namespace lockscope {

namespace {

const QString kRedisMarker = QStringLiteral("redis-server");
const QString kZkMarker = QStringLiteral("ZooKeeperServerMain");
const QString kPgMarker = QStringLiteral("postgres");
/// The cluster's superuser, for setup only; LockScope itself connects as kRole.
const QString kAdminRole = QStringLiteral("lockscope_admin");
const QString kRole = QStringLiteral("lockscope");

struct PgUser {
    bool dropPrivileges = false; ///< running as root: PostgreSQL must run as `postgres`
    uid_t uid = 0;
    gid_t gid = 0;
};

PgUser pgUser() {
    PgUser u;
    if (::geteuid() != 0)
        return u;
    const passwd* pw = ::getpwnam("postgres");
    if (!pw)
        throw SandboxError(
            QStringLiteral("postgres"),
            QStringLiteral(
                "postgres: running as root, but there is no 'postgres' system user to run "
                "PostgreSQL as (install postgresql-15)"));
    u.dropPrivileges = true;
    u.uid = pw->pw_uid;
    u.gid = pw->pw_gid;
    return u;
}

QString pgBinDir() {
    const QString env = qEnvironmentVariable("LOCKSCOPE_PG_BINDIR");
    if (!env.isEmpty())
        return env;
    for (const char* v : {"15", "16", "17", "14", "13"}) {
        const QString dir = QStringLiteral("/usr/lib/postgresql/%1/bin").arg(QLatin1String(v));
        if (QFileInfo::exists(dir + QStringLiteral("/initdb")))
            return dir;
    }
    throw SandboxError(QStringLiteral("postgres"),
                       QStringLiteral("postgres: initdb not found under /usr/lib/postgresql/*/bin "
                                      "(install postgresql-15 or set LOCKSCOPE_PG_BINDIR)"));
}

/// Every ancestor of path must be searchable by the user PostgreSQL runs as.
void checkTraversable(const QString& path, const PgUser& user) {
    if (!user.dropPrivileges)
        return;
    QDir d(path);
    while (true) {
        struct stat st {};
        const QByteArray p = QFile::encodeName(d.absolutePath());
        if (::stat(p.constData(), &st) == 0) {
            const bool ok = (st.st_uid == user.uid && (st.st_mode & S_IXUSR)) ||
                            (st.st_gid == user.gid && (st.st_mode & S_IXGRP)) ||
                            (st.st_mode & S_IXOTH);
            if (!ok)
                throw SandboxError(
                    QStringLiteral("postgres"),
                    QStringLiteral(
                        "postgres: directory %1 is not searchable by the 'postgres' user "
                        "(mode %2); choose a sandbox directory outside it")
                        .arg(d.absolutePath())
                        .arg(st.st_mode & 07777, 4, 8, QLatin1Char('0')));
        }
        if (d.isRoot())
            break;
        d.cdUp();
    }
}

QStringList asPgUser(const PgUser& user, const QString& program, const QStringList& args,
                     QString* realProgram) {
    if (!user.dropPrivileges) {
        *realProgram = program;
        return args;
    }
    *realProgram = QStringLiteral("runuser");
    return QStringList{QStringLiteral("-u"), QStringLiteral("postgres"), QStringLiteral("--"),
                       program} +
           args;
}

void chownTree(const QString& path, const PgUser& user) {
    if (!user.dropPrivileges)
        return;
    const QByteArray p = QFile::encodeName(path);
    if (::chown(p.constData(), user.uid, user.gid) != 0)
        throw SandboxError(QStringLiteral("postgres"),
                           QStringLiteral("postgres: chown %1: %2")
                               .arg(path, QString::fromLocal8Bit(strerror(errno))));
}

void makeFreshDir(const QString& path) {
    QDir d(path);
    if (d.exists() && !d.removeRecursively())
        throw SandboxError({}, QStringLiteral("cannot clear %1").arg(path));
    if (!QDir().mkpath(path))
        throw SandboxError({}, QStringLiteral("cannot create %1").arg(path));
    QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                    QFileDevice::ExeOwner | QFileDevice::ReadGroup |
                                    QFileDevice::ExeGroup | QFileDevice::ReadOther |
                                    QFileDevice::ExeOther);
}

qint64 readPostmasterPid(const QString& dataDir) {
    QFile f(dataDir + QStringLiteral("/postmaster.pid"));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    return QString::fromLatin1(f.readLine()).trimmed().toLongLong();
}

[[noreturn]] void failServer(const QString& server, const QString& what, const QString& log) {
    ReadyWait::fail(server, what, log);
}

/// Polls probe() until it returns true, the process dies, or the deadline passes.
template <class Probe>
void waitReady(const QString& server, qint64 pid, const QString& marker, const QString& log,
               std::chrono::steady_clock::time_point deadline, Probe probe) {
    ReadyWait::until(server, pid, marker, log, deadline, [&](QString*) { return probe(); });
}

/// True while any process recorded in info runs.
bool anyRecordedAlive(const SandboxInfo& info) {
    for (const SandboxProcess& p : info.processes)
        if (ServerProcess::isAlive(p.pid, ServerLaunch::marker(info.topology, p.role)))
            return true;
    return ServerProcess::isAlive(info.redisPid, kRedisMarker) ||
           ServerProcess::isAlive(info.zookeeperPid, kZkMarker) ||
           ServerProcess::isAlive(info.postgresPid, kPgMarker);
}

/// A sandbox recorded in dir is stopped before a new one starts there, but one whose servers
/// still run only when the caller asked to replace it: someone may be using them. What a start
/// that was killed left running (state Starting, its process gone) is nobody's: it is stopped.
void stopPreviousSandbox(const QString& dir, bool replace) {
    if (!QFileInfo::exists(SandboxInfo::stackFile(dir)))
        return;
    SandboxInfo old;
    try {
        old = SandboxInfo::loadRecord(dir);
    } catch (const SandboxError&) {
    }
    if (old.state == SandboxInfo::State::Starting) {
        if (old.upPid != ::getpid() &&
            ServerProcess::isAlive(old.upPid, QStringLiteral("lockscope")) && !replace)
            throw SandboxError({}, QStringLiteral("a sandbox is being started in %1 by pid %2 "
                                                  "(use 'sandbox down' or --replace)")
                                       .arg(dir)
                                       .arg(old.upPid));
        qCInfo(lcSandbox) << "stopping what an interrupted start left in" << dir;
        Sandbox::down(dir);
        return;
    }
    const bool anyAlive = anyRecordedAlive(old);
    if (anyAlive && !replace)
        throw SandboxError(
            {}, QStringLiteral("a sandbox is already running in %1 (use 'sandbox down' first)")
                    .arg(dir));
    Sandbox::down(dir);
}

/// Creates the sandbox directory, mode 0711: the `postgres` user (when we run as root) must
/// reach its own subdirectory through it, and the path above it must let it too.
PgUser prepareSandboxDir(const QString& dir) {
    if (!QDir().mkpath(dir))
        throw SandboxError({}, QStringLiteral("cannot create %1").arg(dir));
    const PgUser user = pgUser();
    QFile::setPermissions(dir, QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                   QFileDevice::ExeOwner | QFileDevice::ExeGroup |
                                   QFileDevice::ExeOther);
    checkTraversable(dir, user);
    return user;
}

/// The single topology's Redlock servers (ha has its own three).
constexpr int kRedlockServers = 3;

/// A server just started, before it is known to answer.
struct Started {
    qint64 pid = 0;
    int port = 0;
    QString dir; ///< the server's own directory inside the sandbox
    QString log;
};

/// Redis: options on the command line only (ServerLaunch); no persistence.
Started startRedis(const SandboxInfo& info, const QString& sandboxDir, int port) {
    SandboxProcess p{SandboxProcess::Role::Redis, 0, port, 0,
                     sandboxDir + QStringLiteral("/redis")};
    if (info.secure)
        p.tlsDir = info.tlsDir();
    makeFreshDir(p.dir);
    return Started{ServerLaunch::start(info, p), port, p.dir, ServerLaunch::logFile(p)};
}

/// ZooKeeper: the server class directly, loopback only, no admin web server.
Started startZooKeeper(const SandboxInfo& info, const QString& sandboxDir) {
    Started s;
    s.dir = sandboxDir + QStringLiteral("/zookeeper");
    makeFreshDir(s.dir);
    s.port = ServerProcess::freeLoopbackPort();
    const QString tlsDir = info.secure ? info.tlsDir() : QString();
    ServerLaunch::writeZooKeeperConfig(s.dir, s.port, {}, 0, tlsDir);
    SandboxProcess p{SandboxProcess::Role::ZooKeeper, 0, s.port, 0, s.dir};
    p.tlsDir = tlsDir;
    s.log = ServerLaunch::logFile(p);
    s.pid = ServerLaunch::start(info, p);
    return s;
}

QString postgresDataDir(const QString& pgDir) {
    return pgDir + QStringLiteral("/data");
}

/// initdb creates the cluster's superuser, kAdminRole; it takes its password from a file that
/// only its owner can read from the moment it exists, removed once initdb is done (SecretFile).
void initPostgresCluster(const PgUser& user, const QString& pgBin, const QString& pgDir,
                         const QString& password, const QString& pgLog,
                         const std::function<void(qint64)>& started) {
    SecretFile pwFile(pgDir + QStringLiteral("/pwfile"), QStringLiteral("postgres"),
                      SecretFile::Owner{user.dropPrivileges, user.uid, user.gid});
    pwFile.write(password.toUtf8() + '\n');
    QString program;
    const QStringList args =
        asPgUser(user, pgBin + QStringLiteral("/initdb"),
                 {QStringLiteral("-D"), postgresDataDir(pgDir), QStringLiteral("-U"), kAdminRole,
                  QStringLiteral("--pwfile=") + pwFile.path(), QStringLiteral("-A"),
                  QStringLiteral("scram-sha-256"), QStringLiteral("-E"), QStringLiteral("UTF8"),
                  QStringLiteral("--locale=C"), QStringLiteral("--no-sync")},
                 &program);
    QString initdbOut;
    const int initRc =
        ServerProcess::runBlocking(program, args, std::chrono::seconds(60), &initdbOut, started);
    if (initRc != 0) {
        // Into the log, whose tail the error message shows.
        QFile log(pgLog);
        if (log.open(QIODevice::Append))
            log.write(initdbOut.toUtf8());
        log.close(); // written out before its tail is read
        failServer(QStringLiteral("postgres"),
                   QStringLiteral("initdb failed (exit %1)").arg(initRc), pgLog);
    }
}

/// The postmaster of the cluster in pgDir on port (as root: through runuser, as `postgres`);
/// its launcher's pid.
qint64 launchPostgres(const PgUser& user, const QString& pgBin, const QString& pgDir, int port,
                      bool ssl) {
    QString program;
    QStringList serverArgs{QStringLiteral("-D"), postgresDataDir(pgDir)};
    if (ssl) // the certificate and key copied into pgDir, owned by the server's user
        serverArgs << QStringLiteral("-c") << QStringLiteral("ssl=on") << QStringLiteral("-c")
                   << QStringLiteral("ssl_cert_file=") + pgDir + QStringLiteral("/server.pem")
                   << QStringLiteral("-c")
                   << QStringLiteral("ssl_key_file=") + pgDir + QStringLiteral("/server.key");
    const QStringList args = asPgUser(
        user, pgBin + QStringLiteral("/postgres"),
        serverArgs + QStringList{QStringLiteral("-c"), QStringLiteral("listen_addresses=127.0.0.1"),
                                 QStringLiteral("-c"), QStringLiteral("port=%1").arg(port),
                                 QStringLiteral("-c"), QStringLiteral("unix_socket_directories="),
                                 QStringLiteral("-c"), QStringLiteral("fsync=off"),
                                 QStringLiteral("-c"), QStringLiteral("full_page_writes=off"),
                                 QStringLiteral("-c"), QStringLiteral("max_connections=600"),
                                 QStringLiteral("-c"), QStringLiteral("logging_collector=off")},
        &program);
    return ServerProcess::startDetached(QStringLiteral("postgres"), program, args,
                                        pgDir + QStringLiteral("/postgres.log"), pgDir);
}

/// `sandbox up --secure`: the server's certificate and key (0600) copied into pgDir for the
/// server's user, and TCP connections accepted over TLS only (hostssl).
void securePostgres(const PgUser& user, const QString& pgDir, const QString& tlsDir) {
    for (const char* name : {"server.pem", "server.key"}) {
        const QString to = pgDir + u'/' + QLatin1String(name);
        QFile::remove(to);
        if (!QFile::copy(tlsDir + u'/' + QLatin1String(name), to))
            throw SandboxError(
                QStringLiteral("postgres"),
                QStringLiteral("cannot copy %1 to %2").arg(QLatin1String(name), pgDir));
        QFile::setPermissions(to, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        chownTree(to, user);
    }
    const QString hbaPath = postgresDataDir(pgDir) + QStringLiteral("/pg_hba.conf");
    QFile hba(hbaPath);
    if (!hba.open(QIODevice::ReadOnly))
        throw SandboxError(QStringLiteral("postgres"), QStringLiteral("cannot read pg_hba.conf"));
    QByteArrayList lines = hba.readAll().split('\n');
    hba.close();
    for (QByteArray& line : lines)
        if (line.startsWith("host "))
            line = "hostssl" + line.mid(4);
    if (!hba.open(QIODevice::WriteOnly | QIODevice::Truncate))
        throw SandboxError(QStringLiteral("postgres"), QStringLiteral("cannot write pg_hba.conf"));
    hba.write(lines.join('\n'));
}

/// PostgreSQL: a fresh cluster; as root, everything runs as `postgres`. The pid is the
/// launcher's (runuser, as root); postmaster.pid names the server once it is up. port 0: a free
/// one chosen after initdb.
Started startPostgres(const QString& sandboxDir, const PgUser& user, const QString& pgBin,
                      const QString& password, int port, const QString& tlsDir,
                      const std::function<void(qint64)>& started) {
    Started s;
    s.dir = sandboxDir + QStringLiteral("/postgres");
    makeFreshDir(s.dir);
    chownTree(s.dir, user);
    s.log = s.dir + QStringLiteral("/postgres.log");
    initPostgresCluster(user, pgBin, s.dir, password, s.log, started);
    s.port = port > 0 ? port : ServerProcess::freeLoopbackPort();
    if (!tlsDir.isEmpty())
        securePostgres(user, s.dir, tlsDir);
    s.pid = launchPostgres(user, pgBin, s.dir, s.port, !tlsDir.isEmpty());
    return s;
}

/// Runs statements as the admin; fails the start (naming the statement, not its arguments) when
/// one fails. Passwords never appear in a statement: the role's is sent as a SCRAM verifier.
void runAdminSql(PGconn* conn, const QList<QByteArray>& statements, const QString& pgLog) {
    for (const QByteArray& sql : statements) {
        PGresult* res = PQexec(conn, sql.constData());
        const bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
        PQclear(res);
        if (!ok) {
            const QString err = QString::fromUtf8(PQerrorMessage(conn)).trimmed();
            failServer(QStringLiteral("postgres"),
                       QStringLiteral("%1: %2").arg(QString::fromUtf8(sql.left(40)), err), pgLog);
        }
    }
}

QByteArray adminConnInfo(int port, const QString& adminPassword, const char* db) {
    return QStringLiteral("host=127.0.0.1 port=%1 dbname=%2 user=%3 password=%4 connect_timeout=5")
        .arg(port)
        .arg(QLatin1String(db), kAdminRole, adminPassword)
        .toUtf8();
}

/// Least privilege: the role LockScope connects as (kRole) is not a superuser. It logs in,
/// creates its schemas in database lockscope (CREATE on the database) and owns what it creates;
/// pg_monitor lets it read every session in pg_stat_activity / pg_locks, pg_signal_backend lets
/// a force-release cancel or terminate another session (not a superuser's). CREATE on schema
/// public too: the sandbox also plays the application's database, whose tables (the "foreign"
/// ones of tests and demos) live there. The admin creates the database and pgrowlocks (contrib;
/// optional), which reads rows of tables the caller may SELECT.
void createLockscopeDatabase(int port, const QString& adminPassword, const QString& password,
                             const QString& pgLog) {
    const QByteArray info = adminConnInfo(port, adminPassword, "postgres");
    PGconn* conn = PQconnectdb(info.constData());
    if (PQstatus(conn) != CONNECTION_OK) {
        const QString err = QString::fromUtf8(PQerrorMessage(conn)).trimmed();
        PQfinish(conn);
        failServer(QStringLiteral("postgres"),
                   QStringLiteral("connect as %1: %2").arg(kAdminRole, err), pgLog);
    }
    char* verifier = PQencryptPasswordConn(conn, password.toUtf8().constData(),
                                           kRole.toUtf8().constData(), "scram-sha-256");
    if (!verifier) {
        const QString err = QString::fromUtf8(PQerrorMessage(conn)).trimmed();
        PQfinish(conn);
        failServer(QStringLiteral("postgres"), QStringLiteral("password verifier: %1").arg(err),
                   pgLog);
    }
    const QByteArray createRole = "CREATE ROLE " + kRole.toUtf8() +
                                  " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '" +
                                  QByteArray(verifier) + "'";
    PQfreemem(verifier);
    try {
        runAdminSql(conn,
                    {createRole, "GRANT pg_monitor, pg_signal_backend TO " + kRole.toUtf8(),
                     "CREATE DATABASE lockscope",
                     "GRANT CONNECT, CREATE, TEMPORARY ON DATABASE lockscope TO " + kRole.toUtf8()},
                    pgLog);
    } catch (...) {
        PQfinish(conn);
        throw;
    }
    PQfinish(conn);
    const QByteArray db = adminConnInfo(port, adminPassword, "lockscope");
    conn = PQconnectdb(db.constData());
    try {
        runAdminSql(conn, {"GRANT CREATE ON SCHEMA public TO " + kRole.toUtf8()}, pgLog);
    } catch (...) {
        PQfinish(conn);
        throw;
    }
    PGresult* res = PQexec(conn, "CREATE EXTENSION IF NOT EXISTS pgrowlocks");
    if (PQresultStatus(res) != PGRES_COMMAND_OK)
        qCWarning(lcSandbox) << "pgrowlocks not available:" << PQerrorMessage(conn);
    PQclear(res);
    PQfinish(conn);
}

QString postgresUri(const QString& role, const QString& password, int port,
                    const QString& tlsDir = {}) {
    QString uri =
        QStringLiteral("postgresql://%1:%2@127.0.0.1:%3/lockscope").arg(role, password).arg(port);
    if (!tlsDir.isEmpty()) // libpq's own TLS: the certificate must be for 127.0.0.1, by our CA
        uri += QStringLiteral("?sslmode=verify-full&sslrootcert=") +
               QString::fromUtf8(QUrl::toPercentEncoding(tlsDir + QStringLiteral("/ca.pem"), "/"));
    return uri;
}

/// A rediss:// URI with the sandbox's CA and client certificate, or a plain one.
QString redisUriFor(const SandboxInfo& info, int port) {
    if (!info.secure)
        return QStringLiteral("redis://127.0.0.1:%1/0").arg(port);
    return QStringLiteral("rediss://127.0.0.1:%1/0?").arg(port) +
           SandboxCertificates::clientOptions(info.tlsDir()).queryItems().join(u'&');
}

/// `users` of status(): each role's name and URIs, passwords masked.
QJsonObject usersOf(const SandboxInfo& info) {
    QJsonObject out;
    for (const SandboxUser& u : info.users)
        out.insert(accessRoleName(u.role), u.toMaskedJson());
    return out;
}

/// A server this sandbox (dir) starts, by its command line: redis-server (with its directory,
/// or once running its title "redis-server 127.0.0.1:<port>" with one of redisPorts),
/// ZooKeeper's java, initdb or postgres (or runuser launching them) on its data directory.
bool isSandboxServer(const QByteArrayList& argv, const QString& dir, const QSet<int>& redisPorts) {
    if (argv.isEmpty())
        return false;
    const QByteArray all = argv.join(' ');
    const QByteArray d = QFile::encodeName(dir);
    const QByteArray program = argv.first().mid(argv.first().lastIndexOf('/') + 1);
    // Once running, redis-server's command line is its title, "<argv[0]> 127.0.0.1:<port>
    // [cluster]" in one string, argv[0] as exec'd (/usr/bin/redis-server).
    if (program.split(' ').constFirst() == "redis-server") {
        if (all.contains(d + "/redis") || all.contains(d + "/redlock/"))
            return true;
        for (const int port : redisPorts)
            if (all.contains("127.0.0.1:" + QByteArray::number(port) + ' ') ||
                all.endsWith("127.0.0.1:" + QByteArray::number(port)))
                return true;
        return false;
    }
    if (program == "java")
        return (all.contains("ZooKeeperServerMain") || all.contains("QuorumPeerMain")) &&
               all.contains(d + "/zookeeper/");
    if (program == "postgres" || program == "initdb" || program == "runuser")
        return all.contains(d + "/postgres/");
    if (argv.value(1) == "proxy") // lockscope-cli proxy ... --control D/proxy/<server>/...
        return all.contains(d + "/proxy/");
    return false;
}

/// Records p's new pid in info (and in `pids`: postgres in both topologies, redis and
/// zookeeper in the single one).
void setPid(SandboxInfo& info, SandboxProcess::Role role, int index, qint64 pid) {
    if (SandboxProcess* p = info.process(role, index))
        p->pid = pid;
    if (role == SandboxProcess::Role::Postgres)
        info.postgresPid = pid;
    if (info.topology != SandboxInfo::Topology::Single)
        return;
    if (role == SandboxProcess::Role::Redis)
        info.redisPid = pid;
    else if (role == SandboxProcess::Role::ZooKeeper)
        info.zookeeperPid = pid;
    else if (role == SandboxProcess::Role::Postgres)
        info.postgresPid = pid;
}

/// Runs fn on a thread of its own; its exception (if any) is kept for join(). Asked to stop
/// and joined when it goes out of scope.
class BackgroundStep {
public:
    explicit BackgroundStep(std::function<void(std::stop_token)> fn)
        : m_thread([this, fn = std::move(fn)](std::stop_token stop) {
            try {
                fn(stop);
            } catch (...) {
                m_error = std::current_exception();
            }
        }) {}
    /// Waits for it; rethrows its exception.
    void join() {
        if (m_thread.joinable())
            m_thread.join();
        if (m_error)
            std::rethrow_exception(std::exchange(m_error, nullptr));
    }
    /// Asks it to stop and waits (its waits end within ~50 ms; a tool it runs, by its deadline).
    void cancel() {
        m_thread.request_stop();
        if (m_thread.joinable())
            m_thread.join();
        m_error = nullptr;
    }

private:
    std::exception_ptr m_error;
    std::jthread m_thread; ///< last: started once m_error exists
};

} // namespace

bool Sandbox::isRunning(const SandboxInfo& info) {
    if (!info.processes.isEmpty()) {
        for (const SandboxProcess& p : info.processes)
            if (!ServerProcess::isAlive(p.pid, ServerLaunch::marker(info.topology, p.role)))
                return false;
        return true;
    }
    return ServerProcess::isAlive(info.redisPid, kRedisMarker) &&
           ServerProcess::isAlive(info.zookeeperPid, kZkMarker) &&
           ServerProcess::isAlive(info.postgresPid, kPgMarker);
}

SandboxInfo Sandbox::up(const Options& options) {
    QElapsedTimer timer;
    timer.start();
    if (options.dir.isEmpty())
        throw SandboxError({}, QStringLiteral("no sandbox directory given"));
    const QString dir = QDir(options.dir).absolutePath();
    // One `up` at a time in dir: a second one changes nothing (not even with replace), however
    // close together they started.
    const UpLock exclusive(dir);
    stopPreviousSandbox(dir, options.replace);
    const PgUser user = prepareSandboxDir(dir);
    const QString pgBin = pgBinDir();
    const auto deadline = std::chrono::steady_clock::now() + options.readyTimeout;
    const bool ha = options.topology == SandboxInfo::Topology::Ha;
    if (ha && options.secure)
        throw SandboxError({}, QStringLiteral("--secure starts the single topology only"));

    // Recorded before each server starts and again with each pid, so that whatever happens to
    // this process (even SIGKILL), 'down' can stop what it started; and until the start has
    // finished, the guard stops them itself when this process ends.
    StartGuard guard;
    SandboxInfo info;
    info.dir = dir;
    info.state = SandboxInfo::State::Starting;
    info.topology = options.topology;
    info.upPid = ::getpid();
    info.startedAtMs = QDateTime::currentMSecsSinceEpoch();
    info.secure = options.secure;
    info.save();
    // ha: the Redis servers are readied (cluster created, sentinels linked) on a thread of its
    // own while PostgreSQL's initdb runs here.
    std::optional<BackgroundStep> redisReady;
    try {
        int pgPort = 0;
        Started redis, zk;
        if (ha) {
            // Every port and directory first (recorded: down's search for leftovers knows the
            // Redis ports), then each server, its pid recorded as it starts.
            HaSandbox::plan(info);
            pgPort = info.process(SandboxProcess::Role::Postgres, 0)->port;
            info.save();
            for (SandboxProcess& p : info.processes) {
                if (p.role == SandboxProcess::Role::Postgres)
                    continue;
                p.pid = ServerLaunch::start(info, p);
                guard.watch(p.pid, ServerLaunch::stopSignal(p.role));
                info.save();
            }
            redisReady.emplace([info, deadline](std::stop_token stop) {
                HaSandbox::waitRedis(info, deadline, stop);
            });
        } else {
            // Its port before it starts: a redis-server names itself by it once it runs
            // (down's search for leftovers).
            const int redisPort = ServerProcess::freeLoopbackPort();
            if (info.secure) // before any server: they read their certificates at start
                SandboxCertificates::create(info.tlsDir());
            info.redisUri = redisUriFor(info, redisPort);
            info.processes << SandboxProcess{SandboxProcess::Role::Redis, 0, redisPort, 0,
                                             dir + QStringLiteral("/redis")};
            if (info.secure)
                info.processes.last().tlsDir = info.tlsDir();
            info.save();
            redis = startRedis(info, dir, redisPort);
            guard.watch(redis.pid, SIGTERM);
            setPid(info, SandboxProcess::Role::Redis, 0, redis.pid);
            info.save();
            // Three small independent servers for the redlock strategy (a few MB each).
            for (int i = 0; i < kRedlockServers; ++i) {
                SandboxProcess r{SandboxProcess::Role::Redlock, i,
                                 ServerProcess::freeLoopbackPort(), 0,
                                 dir + QStringLiteral("/redlock/%1").arg(i)};
                makeFreshDir(r.dir);
                if (info.secure)
                    r.tlsDir = info.tlsDir();
                info.processes << r;
                info.redlockUris << redisUriFor(info, r.port);
                info.save();
                const qint64 pid = ServerLaunch::start(info, r);
                guard.watch(pid, SIGTERM);
                setPid(info, SandboxProcess::Role::Redlock, i, pid);
                info.save();
            }
            // ZooKeeper before PostgreSQL: initdb runs while the JVM starts.
            zk = startZooKeeper(info, dir);
            guard.watch(zk.pid, SIGTERM);
            info.processes << SandboxProcess{SandboxProcess::Role::ZooKeeper, 0, zk.port, 0,
                                             zk.dir};
            setPid(info, SandboxProcess::Role::ZooKeeper, 0, zk.pid);
            info.zookeeperUri = QStringLiteral("zookeeper://127.0.0.1:%1").arg(zk.port);
            if (info.secure) {
                info.processes.last().tlsDir = info.tlsDir();
                info.zookeeperUri =
                    QStringLiteral("zookeeper+tls://127.0.0.1:%1?").arg(zk.port) +
                    SandboxCertificates::clientOptions(info.tlsDir()).queryItems().join(u'&');
                // The tunnel host, while the JVM starts.
                SandboxProcess sshd{SandboxProcess::Role::Sshd, 0,
                                    ServerProcess::freeLoopbackPort(), 0,
                                    dir + QStringLiteral("/ssh")};
                makeFreshDir(sshd.dir);
                SandboxSshd::prepare(sshd.dir, sshd.port);
                info.processes << sshd;
                info.save();
                const qint64 pid = ServerLaunch::start(info, sshd);
                guard.watch(pid, SIGTERM);
                setPid(info, SandboxProcess::Role::Sshd, 0, pid);
                info.sshUri = SandboxSshd::tunnelUri(sshd.dir, sshd.port);
            }
            info.processes << SandboxProcess{SandboxProcess::Role::Postgres, 0, 0, 0,
                                             dir + QStringLiteral("/postgres")};
            info.save();
        }
        const QString adminPassword = SecretFile::randomPassword();
        const QString password = SecretFile::randomPassword();
        // First initdb's pid (or its launcher's), then the server's launcher.
        qint64 initdbPid = 0;
        const QString pgTls = info.secure ? info.tlsDir() : QString();
        const Started pg =
            startPostgres(dir, user, pgBin, adminPassword, pgPort, pgTls, [&](qint64 pid) {
                guard.watch(pid, SIGTERM);
                initdbPid = pid;
                setPid(info, SandboxProcess::Role::Postgres, 0, pid);
                info.postgresPid = pid;
                info.save();
            });
        guard.unwatch(initdbPid); // it has exited
        // SIGINT: a fast shutdown (as root, runuser passes a SIGTERM on: a smart one).
        guard.watch(pg.pid, SIGINT);
        setPid(info, SandboxProcess::Role::Postgres, 0, pg.pid);
        info.postgresPid = pg.pid;
        info.process(SandboxProcess::Role::Postgres, 0)->port = pg.port;
        info.postgresUri = postgresUri(kRole, password, pg.port, pgTls);
        info.postgresAdminUri = postgresUri(kAdminRole, adminPassword, pg.port, pgTls);
        info.save();
        if (options.proxies) // every target's port is known now; they wait for their servers
            SandboxProxies::startAll(info, options.proxyProgram,
                                     [&](qint64 pid) { guard.watch(pid, SIGTERM); });

        if (!ha) {
            waitReady(QStringLiteral("redis"), redis.pid, kRedisMarker, redis.log, deadline, [&] {
                RedisClient probe(RedisUri::parse(info.redisUri),
                                  RedisClient::Options{std::chrono::milliseconds(500),
                                                       std::chrono::milliseconds(500)});
                return true;
            });
            for (const SandboxProcess& r : info.processesOf(SandboxProcess::Role::Redlock))
                waitReady(ServerLaunch::label(info.topology, r), r.pid, kRedisMarker,
                          ServerLaunch::logFile(r), deadline, [&] {
                              RedisClient probe(
                                  RedisUri::parse(redisUriFor(info, r.port)),
                                  RedisClient::Options{std::chrono::milliseconds(500),
                                                       std::chrono::milliseconds(500)});
                              return true;
                          });
        }
        // pg.pid is the launcher's; the server's own pid is read from postmaster.pid once it
        // answers.
        waitReady(QStringLiteral("postgres"), pg.pid, QString(), pg.log, deadline, [&] {
            const QByteArray ping =
                QStringLiteral("host=127.0.0.1 port=%1 dbname=postgres connect_timeout=2")
                    .arg(pg.port)
                    .toUtf8();
            return PQping(ping.constData()) == PQPING_OK;
        });
        info.postgresPid = readPostmasterPid(postgresDataDir(pg.dir));
        setPid(info, SandboxProcess::Role::Postgres, 0, info.postgresPid);
        guard.watch(info.postgresPid, SIGINT);
        info.save();
        createLockscopeDatabase(pg.port, adminPassword, password, pg.log);
        if (ha) {
            HaSandbox::waitZooKeeper(info, deadline);
            redisReady->join();
        } else {
            waitReady(QStringLiteral("zookeeper"), zk.pid, kZkMarker, zk.log, deadline, [&] {
                return ServerLaunch::answers(*info.process(SandboxProcess::Role::ZooKeeper, 0),
                                             std::chrono::milliseconds(500));
            });
            if (const SandboxProcess* sshd = info.process(SandboxProcess::Role::Sshd, 0))
                waitReady(QStringLiteral("sshd"), sshd->pid, QStringLiteral("sshd"),
                          ServerLaunch::logFile(*sshd), deadline, [&] {
                              return ServerLaunch::answers(*sshd, std::chrono::milliseconds(500));
                          });
        }
        SandboxProxies::waitReady(info, deadline);
        if (options.users)
            SandboxUsers::create(info);
    } catch (...) {
        if (redisReady)
            redisReady->cancel();
        // Nothing half-started stays behind a failed start.
        try {
            down(dir);
        } catch (const SandboxError&) {
        }
        guard.dismiss(); // what it watched is stopped; their pids may be reused now
        throw;
    }
    info.state = SandboxInfo::State::Running;
    info.upPid = 0;
    info.startupMs = timer.elapsed();
    info.save();
    guard.dismiss(); // the servers are the sandbox's now: they outlive this process
    qCInfo(lcSandbox).noquote() << QStringLiteral("sandbox up in %1 (topology %2) after %3 ms")
                                       .arg(dir, SandboxInfo::topologyName(info.topology))
                                       .arg(info.startupMs);
    return info;
}

bool Sandbox::down(const QString& dirArg) {
    const QString dir = QDir(dirArg).absolutePath();
    const SandboxInfo info = SandboxInfo::loadRecord(dir);
    const auto grace = std::chrono::seconds(10);
    // PostgreSQL: SIGINT is a fast shutdown (disconnect clients, no checkpoint wait). The server
    // named by its data directory's postmaster.pid even when the record has only its launcher's
    // (or initdb's) pid: a start killed before it read the file.
    const QString dataDir = postgresDataDir(dir + QStringLiteral("/postgres"));
    const qint64 postmaster = readPostmasterPid(dataDir);
    // Every other server is told first and waited for after: a dozen stop in parallel.
    QList<QPair<qint64, QString>> others;
    for (const SandboxProcess& p : info.processes)
        if (p.role != SandboxProcess::Role::Postgres)
            others << qMakePair(p.pid, ServerLaunch::marker(info.topology, p.role));
    others << qMakePair(info.redisPid, kRedisMarker) << qMakePair(info.zookeeperPid, kZkMarker);
    QList<QPair<qint64, QString>> signalled;
    for (const auto& [pid, marker] : others)
        if (ServerProcess::isAlive(pid, marker)) {
            ::kill(static_cast<pid_t>(pid), SIGTERM);
            signalled << qMakePair(pid, marker);
        }
    bool ok = ServerProcess::stop(postmaster, SIGINT, dataDir, grace);
    ok = ServerProcess::stop(info.postgresPid, info.postgresPid == postmaster ? SIGINT : SIGTERM,
                             kPgMarker, grace) &&
         ok;
    for (const auto& [pid, marker] : signalled)
        ok = ServerProcess::waitGone(pid, marker, grace) && ok;
    // A start killed between starting a server and recording its pid: the sandbox's servers
    // name their own directory in it (or, redis once running, its recorded port).
    QSet<int> redisPorts;
    if (!info.redisUri.isEmpty() && info.topology == SandboxInfo::Topology::Single)
        redisPorts.insert(QUrl(info.redisUri).port());
    for (const SandboxProcess& p : info.processes)
        if (p.isRedis() && p.port > 0)
            redisPorts.insert(p.port);
    // A start killed while it launched a server may leave that process a moment before its
    // exec (still a copy of the killed `up`, its command line not yet the server's): after an
    // interrupted start, the search is repeated until a pass 250 ms later finds nothing.
    const int passes = info.state == SandboxInfo::State::Starting ? 8 : 1;
    for (int pass = 0; pass < passes; ++pass) {
        const QList<qint64> leftovers = ServerProcess::findByCommandLine(
            [&](const QByteArrayList& argv) { return isSandboxServer(argv, dir, redisPorts); });
        if (leftovers.isEmpty() && pass > 0)
            break;
        for (const qint64 pid : leftovers) {
            // The launcher of a server just stopped (runuser) leaves with it: not a leftover.
            const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
            while (ServerProcess::isAlive(pid) && std::chrono::steady_clock::now() < deadline)
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
            if (!ServerProcess::isAlive(pid))
                continue;
            qCInfo(lcSandbox) << "stopping" << pid << "of the sandbox in" << dir
                              << "not in its record (left by an interrupted start, or a launcher "
                                 "left stopped)";
            ok = ServerProcess::stop(pid, SIGTERM, QString(), grace) && ok;
        }
        if (pass + 1 < passes)
            std::this_thread::sleep_for(std::chrono::milliseconds(250));
    }
    if (ok)
        QFile::remove(SandboxInfo::stackFile(dir));
    qCInfo(lcSandbox) << "sandbox down in" << dir << (ok ? "" : "(some process would not stop)");
    return ok;
}

qint64 Sandbox::restartProcess(SandboxInfo& info, SandboxProcess::Role role, int index,
                               std::chrono::milliseconds timeout) {
    const QString dir = QDir(info.dir).absolutePath();
    // Not while an `up` runs in dir; and two restarts do not write stack.json over each other.
    const UpLock exclusive(dir);
    SandboxInfo record = SandboxInfo::load(dir);
    const SandboxProcess* found = record.process(role, index);
    if (!found)
        throw SandboxError({}, QStringLiteral("the sandbox in %1 has no %2 %3")
                                   .arg(dir, SandboxProcess::roleName(role))
                                   .arg(index));
    const SandboxProcess p = *found;
    const QString name = ServerLaunch::label(record.topology, p);
    const QString marker = ServerLaunch::marker(record.topology, role);
    // Still running (or stopped by SIGSTOP): stopped first, SIGKILL after a grace.
    if (ServerProcess::isAlive(p.pid, marker)) {
        ::kill(static_cast<pid_t>(p.pid), SIGCONT);
        if (!ServerProcess::stop(p.pid, ServerLaunch::stopSignal(role), marker,
                                 std::chrono::seconds(10)))
            throw SandboxError(name,
                               QStringLiteral("%1: pid %2 would not stop").arg(name).arg(p.pid));
    }
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    // A multi-threaded server's main thread can be gone while its other threads still hold
    // the listening socket for a moment: the port is waited for, not fought over.
    while (ServerProcess::isListening(p.port) && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    qint64 pid = 0;
    if (role == SandboxProcess::Role::Postgres) {
        const PgUser user = pgUser();
        const qint64 launcher = launchPostgres(user, pgBinDir(), p.dir, p.port, info.secure);
        ReadyWait::until(name, launcher, QString(), ServerLaunch::logFile(p), deadline,
                         [&](QString* why) {
                             return ServerLaunch::answers(p, std::chrono::milliseconds(1000), why);
                         });
        pid = readPostmasterPid(postgresDataDir(p.dir));
    } else {
        pid = ServerLaunch::start(record, p);
        ReadyWait::until(name, pid, marker, ServerLaunch::logFile(p), deadline, [&](QString* why) {
            return ServerLaunch::answers(p, std::chrono::milliseconds(500), why);
        });
    }
    setPid(record, role, index, pid);
    record.save();
    info = record;
    qCInfo(lcSandbox) << "restarted" << name << "in" << dir << "as pid" << pid;
    return pid;
}

QJsonObject Sandbox::status(const QString& dirArg) {
    const QString dir = QDir(dirArg).absolutePath();
    const SandboxInfo info = SandboxInfo::loadRecord(dir);
    auto entry = [](const QString& uri, qint64 pid, bool alive, bool answering) {
        return QJsonObject{{QStringLiteral("uri"), uri},
                           {QStringLiteral("pid"), pid},
                           {QStringLiteral("alive"), alive},
                           {QStringLiteral("answering"), answering}};
    };
    if (info.state == SandboxInfo::State::Starting) {
        // Not asked: a start in progress (or killed) has not recorded every URI yet.
        QJsonArray procs;
        for (const SandboxProcess& p : info.processes) {
            QJsonObject o = p.toJson();
            o.insert(QStringLiteral("alive"), ServerProcess::isAlive(p.pid));
            o.insert(QStringLiteral("answering"), false);
            procs.append(o);
        }
        return QJsonObject{
            {QStringLiteral("dir"), dir},
            {QStringLiteral("state"), QStringLiteral("starting")},
            {QStringLiteral("topology"), SandboxInfo::topologyName(info.topology)},
            {QStringLiteral("up_pid"), info.upPid},
            {QStringLiteral("running"), false},
            {QStringLiteral("redis"),
             entry(info.redisUri, info.redisPid, ServerProcess::isAlive(info.redisPid), false)},
            {QStringLiteral("zookeeper"), entry(info.zookeeperUri, info.zookeeperPid,
                                                ServerProcess::isAlive(info.zookeeperPid), false)},
            {QStringLiteral("postgres"),
             entry(QString(), info.postgresPid, ServerProcess::isAlive(info.postgresPid), false)},
            {QStringLiteral("processes"), procs},
        };
    }
    // Every process: alive, answering, and what it is now (ZooKeeper: leader/follower;
    // a Sentinel set's data node: master/slave).
    QJsonArray procs;
    bool allAlive = true;
    std::map<SandboxProcess::Role, std::pair<bool, bool>> byRole; // all alive, all answering
    // The ensemble serves while a majority of its members does: its entry says so.
    int ensembleMembers = 0, ensembleAlive = 0, ensembleAnswering = 0;
    for (const SandboxProcess& p : info.processes) {
        const bool alive =
            ServerProcess::isAlive(p.pid, ServerLaunch::marker(info.topology, p.role));
        const bool answering = alive && ServerLaunch::answers(p, std::chrono::milliseconds(1000));
        allAlive = allAlive && alive;
        auto [it, first] = byRole.try_emplace(p.role, true, true);
        it->second = {it->second.first && alive, it->second.second && answering};
        if (p.role == SandboxProcess::Role::ZooKeeper) {
            ++ensembleMembers;
            ensembleAlive += alive;
            ensembleAnswering += answering;
        }
        QJsonObject o = p.toJson();
        o.insert(QStringLiteral("alive"), alive);
        o.insert(QStringLiteral("answering"), answering);
        if (answering && p.role == SandboxProcess::Role::Proxy) {
            try {
                const ProxyControl::State now =
                    SandboxProxies::ask(p, ProxyControl::Request{}).after;
                o.insert(QStringLiteral("fault_mode"), FaultProxy::modeName(now.mode));
                o.insert(QStringLiteral("delay_ms"), qint64(now.delay.count()));
                o.insert(QStringLiteral("restore_in_ms"),
                         now.restoreIn ? QJsonValue(qint64(now.restoreIn->count())) : QJsonValue());
            } catch (const ProxyControlError&) {
            }
        }
        if (answering && p.role == SandboxProcess::Role::ZooKeeper)
            o.insert(QStringLiteral("mode"),
                     HaSandbox::zooKeeperMode(p.port, std::chrono::milliseconds(1000)));
        if (answering && p.role == SandboxProcess::Role::RedisSentinelData) {
            try {
                RedisUri uri;
                uri.port = p.port;
                RedisClient c(uri, RedisClient::Options{std::chrono::milliseconds(1000),
                                                        std::chrono::milliseconds(1000)});
                const RedisReply r = c.command({"ROLE"});
                if (!r.elements.empty())
                    o.insert(QStringLiteral("replication_role"),
                             QString::fromStdString(r.elements.front().str));
            } catch (const ConnectorError&) {
            }
        }
        procs.append(o);
    }
    // The proxies (sandbox up --proxies): alive with the servers, and their URIs.
    const bool proxiesAlive =
        !byRole.contains(SandboxProcess::Role::Proxy) || byRole[SandboxProcess::Role::Proxy].first;
    const QJsonObject proxied = info.toJson().value(QStringLiteral("proxied")).toObject();
    if (info.topology == SandboxInfo::Topology::Ha) {
        const auto cluster = byRole[SandboxProcess::Role::RedisCluster];
        const std::pair<bool, bool> zks{ensembleAlive * 2 > ensembleMembers,
                                        ensembleAnswering * 2 > ensembleMembers};
        const auto pgs = byRole[SandboxProcess::Role::Postgres];
        const PostgresUri pg = PostgresUri::parse(info.postgresUri);
        return QJsonObject{
            {QStringLiteral("dir"), dir},
            {QStringLiteral("state"), QStringLiteral("running")},
            {QStringLiteral("topology"), SandboxInfo::topologyName(info.topology)},
            {QStringLiteral("running"), allAlive},
            {QStringLiteral("redis"), entry(info.redisUri, 0, cluster.first, cluster.second)},
            {QStringLiteral("zookeeper"), entry(info.zookeeperUri, 0, zks.first, zks.second)},
            {QStringLiteral("postgres"),
             entry(pg.toString(), info.postgresPid, pgs.first, pgs.second)},
            {QStringLiteral("redis_cluster"), info.redisClusterUri},
            {QStringLiteral("redis_sentinel"), info.redisSentinelUri},
            {QStringLiteral("redlock"), QJsonArray::fromStringList(info.redlockUris)},
            {QStringLiteral("processes"), procs},
            {QStringLiteral("proxied"), proxied},
            {QStringLiteral("users"), usersOf(info)},
        };
    }
    const bool redisAlive = ServerProcess::isAlive(info.redisPid, kRedisMarker);
    bool redisOk = false;
    try {
        RedisClient c(
            RedisUri::parse(info.redisUri),
            RedisClient::Options{std::chrono::milliseconds(1000), std::chrono::milliseconds(1000)});
        redisOk = true;
    } catch (const ConnectorError&) {
    }
    const bool zkAlive = ServerProcess::isAlive(info.zookeeperPid, kZkMarker);
    bool zkOk = false;
    try {
        const ZooKeeperUri uri = ZooKeeperUri::parse(info.zookeeperUri);
        const HostPort zk = uri.hosts.value(0);
        zkOk = ZkFourLetter::ask(zk.host.toStdString(), zk.port, "ruok",
                                 std::chrono::milliseconds(1000), uri.tls) == "imok";
    } catch (const ConnectorError&) {
    } catch (const UriError&) {
    }
    const bool pgAlive = ServerProcess::isAlive(info.postgresPid, kPgMarker);
    const PostgresUri pg = PostgresUri::parse(info.postgresUri);
    const QByteArray ping =
        QStringLiteral("host=%1 port=%2 dbname=postgres connect_timeout=2")
            .arg(pg.value(QStringLiteral("host")), pg.value(QStringLiteral("port")))
            .toUtf8();
    const bool pgOk = PQping(ping.constData()) == PQPING_OK;
    return QJsonObject{
        {QStringLiteral("dir"), dir},
        {QStringLiteral("state"), QStringLiteral("running")},
        {QStringLiteral("topology"), SandboxInfo::topologyName(info.topology)},
        {QStringLiteral("running"), redisAlive && zkAlive && pgAlive && proxiesAlive},
        {QStringLiteral("redis"),
         entry(RedisUri::parse(info.redisUri).toString(), info.redisPid, redisAlive, redisOk)},
        {QStringLiteral("zookeeper"), entry(info.zookeeperUri, info.zookeeperPid, zkAlive, zkOk)},
        // Masked, its TLS parameters kept (sslmode=verify-full): what to copy must verify.
        {QStringLiteral("postgres"),
         entry(PostgresUri::maskPasswords(info.postgresUri, info.postgresUri), info.postgresPid,
               pgAlive, pgOk)},
        {QStringLiteral("processes"), procs},
        {QStringLiteral("proxied"), proxied},
        {QStringLiteral("users"), usersOf(info)},
    };
}

} // namespace lockscope
