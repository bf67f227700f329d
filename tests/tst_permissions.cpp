// Least privilege (issue 13): a sandbox of its own started with --users; the console's core
// (scan, force release, demo) as each role, against the real servers. Where a role may not do
// something, the refusal must say which grant is missing, not the server's bare word. And no
// password of the sandbox may reach a command line, a log line or a settings file: every child
// process's argv is sampled while the test runs, all logging is on.

#include "connectors/connectorerror.h"
#include "connectors/pgconnection.h"
#include "connectors/postgresuri.h"
#include "connectors/redisuri.h"
#include "connectors/zookeeperuri.h"
#include "core/backends/backendregistry.h"
#include "core/backends/lockbackend.h"
#include "core/locks/lockstrategy.h"
#include "core/monitor/forcereleaser.h"
#include "core/monitor/lockentry.h"
#include "core/monitor/lockmonitor.h"
#include "core/monitor/monitorconfig.h"
#include "core/namespaceconfig.h"
#include "core/profilestore.h"
#include "core/sandbox/sandbox.h"
#include "core/sandbox/sandboxinfo.h"
#include "tests/support/testenv.h"

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QProcess>
#include <QSet>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>
#include <atomic>
#include <mutex>
#include <pqxx/pqxx>
#include <stdexcept>
#include <sys/stat.h>
#include <thread>

using namespace lockscope;

namespace {

std::mutex g_logMutex;
QByteArray g_ownLog; // every message of this process, debug included

void captureMessage(QtMsgType, const QMessageLogContext& ctx, const QString& msg) {
    const QByteArray line = QByteArray(ctx.category ? ctx.category : "") + ": " + msg.toUtf8();
    std::lock_guard lock(g_logMutex);
    g_ownLog += line + '\n';
    fprintf(stderr, "%s\n", line.constData());
}

/// Every process's command line, sampled every 10 ms until stopped.
class ArgvSampler {
public:
    ArgvSampler()
        : m_thread([this](std::stop_token stop) {
            while (!stop.stop_requested()) {
                sample();
                std::this_thread::sleep_for(std::chrono::milliseconds(10));
            }
        }) {}
    void stop() {
        m_thread.request_stop();
        if (m_thread.joinable())
            m_thread.join();
    }
    QSet<QByteArray> lines() {
        std::lock_guard lock(m_mutex);
        return m_lines;
    }
    int samples() const { return m_samples.load(); }

private:
    void sample() {
        const QStringList pids = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs);
        QSet<QByteArray> found;
        for (const QString& pid : pids) {
            bool number = false;
            pid.toLongLong(&number);
            if (!number)
                continue;
            QFile f(QStringLiteral("/proc/%1/cmdline").arg(pid));
            if (f.open(QIODevice::ReadOnly))
                found.insert(f.readAll().replace('\0', ' '));
        }
        ++m_samples;
        std::lock_guard lock(m_mutex);
        m_lines.unite(found);
    }
    std::mutex m_mutex;
    QSet<QByteArray> m_lines;
    std::atomic<int> m_samples{0};
    std::jthread m_thread; ///< last: starts once the rest exists
};

} // namespace

class TestPermissions : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    QString m_dir;
    SandboxInfo m_info;
    std::unique_ptr<ArgvSampler> m_sampler;
    QByteArray m_childOutput; // stdout and stderr of every CLI run
    QStringList m_secrets;

    /// Runs lockscope-cli with all logging on; output kept for the leak check.
    int cli(const QStringList& args, QByteArray* out = nullptr, QByteArray* err = nullptr,
            int timeoutMs = 120000) {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("*.debug=true"));
        env.remove(QStringLiteral("LOCKSCOPE_SANDBOX_DIR")); // only the sandbox named here
        p.setProcessEnvironment(env);
        p.start(qEnvironmentVariable("LOCKSCOPE_CLI"), args);
        if (!p.waitForFinished(timeoutMs)) {
            p.kill();
            p.waitForFinished();
            return -1;
        }
        const QByteArray o = p.readAllStandardOutput(), e = p.readAllStandardError();
        m_childOutput += o + e;
        if (out)
            *out = o;
        if (err)
            *err = e;
        return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    }

    const SandboxUser& user(AccessRole role) const {
        for (const SandboxUser& u : m_info.users)
            if (u.role == role)
                return u;
        throw std::runtime_error("no user " + accessRoleName(role).toStdString());
    }

    NamespaceConfig as(AccessRole role) const {
        const SandboxUser& u = user(role);
        NamespaceConfig c;
        c.redis = RedisUri::parse(u.redisUri);
        c.zookeeper = ZooKeeperUri::parse(u.zookeeperUri);
        c.postgres = PostgresUri::parse(u.postgresUri);
        return c;
    }

    static std::vector<LockEntry> scan(const NamespaceConfig& c, Backend b) {
        MonitorConfig mc;
        mc.config = c;
        return BackendRegistry::of(b).createScanner(mc, {})->scan().locks;
    }

    static std::optional<LockEntry> find(const std::vector<LockEntry>& locks,
                                         const QString& needle) {
        for (const LockEntry& e : locks)
            if (e.resource.contains(needle) || e.logicalResource.contains(needle))
                return e;
        return std::nullopt;
    }

    static ForceReleaser::Request request(const LockEntry& e, const QString& reason) {
        ForceReleaser::Request r;
        r.observed = e;
        r.reason = reason;
        return r;
    }

    template <class F> static void guarded(F&& body) {
        try {
            body();
        } catch (const std::exception& e) {
            QFAIL(e.what());
        }
    }

    /// A lock of each backend held as the demo user; the strategies stay alive with them.
    struct Held {
        std::unique_ptr<LockStrategy> redis, zookeeper, postgres;
        std::optional<LockHandle> r, z, p;
    };
    Held hold(const QString& resource) {
        Held h;
        const NamespaceConfig demo = as(AccessRole::Demo);
        h.redis = LockStrategy::create(QStringLiteral("redis"), demo);
        h.zookeeper = LockStrategy::create(QStringLiteral("zookeeper"), demo);
        h.postgres = LockStrategy::create(QStringLiteral("pg-advisory"), demo);
        const LockOptions o{std::chrono::seconds(60), std::chrono::seconds(5)};
        h.r = h.redis->acquire(resource.toStdString(), o);
        h.z = h.zookeeper->acquire(resource.toStdString(), o);
        h.p = h.postgres->acquire(resource.toStdString(), o);
        return h;
    }

private slots:
    void initTestCase() {
        qInstallMessageHandler(captureMessage);
        QLoggingCategory::setFilterRules(QStringLiteral("*.debug=true"));
        QVERIFY(m_tmp.isValid());
        QFile::setPermissions(m_tmp.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                                QFileDevice::ExeOwner | QFileDevice::ExeGroup |
                                                QFileDevice::ExeOther);
        m_dir = m_tmp.filePath(QStringLiteral("sb"));
        m_sampler = std::make_unique<ArgvSampler>();
        QByteArray out, err;
        QElapsedTimer t;
        t.start();
        const int rc =
            cli({QStringLiteral("sandbox"), QStringLiteral("up"), QStringLiteral("--dir"), m_dir,
                 QStringLiteral("--detach"), QStringLiteral("--users")},
                &out, &err);
        QVERIFY2(rc == 0, err.right(3000).constData());
        qInfo("sandbox up --users: %lld ms", qint64(t.elapsed()));
        guarded([&] { m_info = SandboxInfo::load(m_dir); });
        QCOMPARE(m_info.users.size(), 3);
        // Every secret of the sandbox: the users', the sandbox's own roles and identity.
        auto add = [&](const QString& p) {
            if (!p.isEmpty())
                m_secrets << p;
        };
        for (const SandboxUser& u : m_info.users) {
            add(RedisUri::parse(u.redisUri).password);
            add(ZooKeeperUri::parse(u.zookeeperUri).password);
            add(PostgresUri::parse(u.postgresUri).value(QStringLiteral("password")));
        }
        add(ZooKeeperUri::parse(m_info.zookeeperUri).password);
        add(PostgresUri::parse(m_info.postgresUri).value(QStringLiteral("password")));
        add(PostgresUri::parse(m_info.postgresAdminUri).value(QStringLiteral("password")));
        m_secrets.removeDuplicates();
        QCOMPARE(m_secrets.size(), 3 + 3); // one per user, the ZooKeeper identity, two roles
    }

    void cleanupTestCase() {
        if (m_sampler)
            m_sampler->stop();
        if (QFile::exists(SandboxInfo::stackFile(m_dir)))
            Sandbox::down(m_dir);
    }

    void usersAreRecordedWithoutShowingPasswords() {
        struct stat st {};
        QCOMPARE(::stat(QFile::encodeName(SandboxInfo::stackFile(m_dir)).constData(), &st), 0);
        QCOMPARE(st.st_mode & 0777, 0600u);
        for (const SandboxUser& u : m_info.users) {
            QCOMPARE(u.name, QStringLiteral("lockscope_") + accessRoleName(u.role));
            QCOMPARE(RedisUri::parse(u.redisUri).user, u.name);
            QCOMPARE(ZooKeeperUri::parse(u.zookeeperUri).user, u.name);
            QCOMPARE(PostgresUri::parse(u.postgresUri).value(QStringLiteral("user")), u.name);
        }
        QByteArray out;
        QCOMPARE(cli({QStringLiteral("sandbox"), QStringLiteral("status"), QStringLiteral("--dir"),
                      m_dir},
                     &out),
                 0);
        for (const char* name : {"lockscope_monitor", "lockscope_release", "lockscope_demo"})
            QVERIFY2(out.contains(name), out.constData());
        for (const QString& s : m_secrets)
            QVERIFY(!out.contains(s.toUtf8()));
        // Anonymous ZooKeeper clients keep no access to the lock roots; the sandbox's own
        // identity keeps it all.
        ZooKeeperUri anonymous = ZooKeeperUri::parse(m_info.zookeeperUri);
        anonymous.user.clear();
        anonymous.password.clear();
        NamespaceConfig anon = as(AccessRole::Monitor);
        anon.zookeeper = anonymous;
        try {
            scan(anon, Backend::ZooKeeper);
            QFAIL("an anonymous ZooKeeper client read the lock root");
        } catch (const ConnectorError& e) {
            QCOMPARE(e.kind(), ConnectorError::Kind::NoAuth);
        }
        // The console's monitor: ZooKeeper refused (not down), with the grant; the others read.
        MonitorConfig mc;
        mc.config = anon;
        LockMonitor monitor(mc);
        const Snapshot snap = monitor.refresh();
        QCOMPARE(snap.refusedBackends, QList<Backend>{Backend::ZooKeeper});
        const QString why = snap.backendErrors.value(Backend::ZooKeeper);
        QVERIFY2(why.startsWith(QStringLiteral("ZooKeeper: read-only monitoring: this identity, "
                                               "anonymous")) &&
                     why.contains(QStringLiteral("needs READ")) &&
                     why.contains(QStringLiteral("digest:<user>:<hash>:r ")),
                 qPrintable(why));
        QVERIFY(!snap.backendErrors.contains(Backend::Redis));
        QVERIFY(!snap.backendErrors.contains(Backend::Postgres));
    }

    void monitorSeesLocksButCannotReleaseThem() {
        const QString resource = test::uniqueName(QStringLiteral("perm_mon"));
        Held h;
        guarded([&] { h = hold(resource); });
        QVERIFY(h.r && h.z && h.p);
        const NamespaceConfig monitor = as(AccessRole::Monitor);
        struct Case {
            Backend backend;
            const char* hint; // what the refusal must say
        };
        for (const Case& c : {Case{Backend::Redis, "force release needs EVALSHA and EVAL"},
                              Case{Backend::ZooKeeper, "read-only monitoring: this identity"},
                              Case{Backend::Postgres, "force release needs pg_signal_backend"}}) {
            std::optional<LockEntry> e;
            guarded([&] { e = find(scan(monitor, c.backend), resource); });
            QVERIFY2(e, qPrintable(backendName(c.backend)));
            const ReleaseOutcome out =
                BackendRegistry::of(c.backend).forceRelease(monitor, *e, false);
            QVERIFY2(out.status == ReleaseOutcome::Status::Failed, qPrintable(out.message));
            QVERIFY2(out.message.contains(QLatin1String(c.hint)), qPrintable(out.message));
            QVERIFY2(out.message.contains(QStringLiteral("lockscope_monitor")) ||
                         out.message.contains(QStringLiteral("digest 'lockscope_monitor'")),
                     qPrintable(out.message));
            // Still held: the refusal changed nothing.
            guarded([&] { QVERIFY(find(scan(monitor, c.backend), resource)); });
        }
        // Through the console's ForceReleaser: the audit log is where it stops, and says so.
        std::optional<LockEntry> e;
        guarded([&] { e = find(scan(monitor, Backend::Redis), resource); });
        QVERIFY(e);
        ForceReleaser releaser(monitor);
        const ForceReleaser::Outcome out = releaser.release(request(*e, QStringLiteral("test")));
        QCOMPARE(out.status, ReleaseOutcome::Status::Failed);
        QVERIFY2(out.message.contains(QStringLiteral("audit_log")) &&
                     out.message.contains(QStringLiteral("GRANT")),
                 qPrintable(out.message));
    }

    void releaseRoleReleasesEveryBackend() {
        const QString resource = test::uniqueName(QStringLiteral("perm_rel"));
        Held h;
        guarded([&] { h = hold(resource); });
        QVERIFY(h.r && h.z && h.p);
        const NamespaceConfig release = as(AccessRole::Release);
        ForceReleaser releaser(release);
        for (const Backend b : {Backend::Redis, Backend::ZooKeeper, Backend::Postgres}) {
            std::optional<LockEntry> e;
            guarded([&] { e = find(scan(release, b), resource); });
            QVERIFY2(e, qPrintable(backendName(b)));
            const ForceReleaser::Outcome out =
                releaser.release(request(*e, QStringLiteral("tst_permissions")));
            QVERIFY2(out.status == ReleaseOutcome::Status::Released, qPrintable(out.message));
            QVERIFY(out.auditId > 0);
            guarded([&] { QVERIFY(!find(scan(release, b), resource)); });
        }
    }

    void rowDetailsNeedSelectOnTheTable() {
        // A row locked by a session of the admin in a table the monitor may not read.
        const std::string table =
            "public." + test::uniqueName(QStringLiteral("secret")).toLower().toStdString();
        PgConnection admin(PostgresUri::parse(m_info.postgresAdminUri));
        admin.execute("CREATE TABLE " + table + " (id int PRIMARY KEY)");
        admin.execute("INSERT INTO " + table + " VALUES (1)");
        pqxx::work tx(admin.raw());
        tx.exec("SELECT id FROM " + table + " WHERE id = 1 FOR UPDATE");
        std::optional<LockEntry> e;
        QElapsedTimer t;
        t.start();
        guarded([&] {
            e = find(scan(as(AccessRole::Monitor), Backend::Postgres),
                     QString::fromStdString(table));
        });
        QVERIFY(e);
        QVERIFY2(e->raw.contains(QStringLiteral("row details need pgrowlocks")) &&
                     e->raw.contains(QStringLiteral("GRANT SELECT ON %1 TO lockscope_monitor")
                                         .arg(QString::fromStdString(table))),
                 qPrintable(e->raw));
        tx.abort();
    }

    void demoRunsWithinItsGrant() {
        for (const char* strategy : {"redis", "zookeeper", "pg-row"}) {
            QByteArray out, err;
            const int rc =
                cli({QStringLiteral("demo"), QStringLiteral("--sandbox"), m_dir,
                     QStringLiteral("--as"), QStringLiteral("demo"), QStringLiteral("--strategy"),
                     QLatin1String(strategy), QStringLiteral("--buyers"), QStringLiteral("4"),
                     QStringLiteral("--stock"), QStringLiteral("6"), QStringLiteral("--json")},
                    &out, &err);
            QVERIFY2(rc == 0, (QByteArray(strategy) + ": " + err.right(3000)).constData());
            const QJsonObject r = QJsonDocument::fromJson(out).object();
            QVERIFY2(!out.contains("NOPERM") && !out.contains("permission denied") &&
                         !out.contains("not authenticated"),
                     out.right(2000).constData());
            QVERIFY2(!r.isEmpty(), out.right(2000).constData());
        }
    }

    void monitorCannotRunTheDemoAndIsToldWhy() {
        QByteArray out, err;
        const int rc =
            cli({QStringLiteral("demo"), QStringLiteral("--sandbox"), m_dir, QStringLiteral("--as"),
                 QStringLiteral("monitor"), QStringLiteral("--strategy"), QStringLiteral("redis"),
                 QStringLiteral("--buyers"), QStringLiteral("2"), QStringLiteral("--stock"),
                 QStringLiteral("2")},
                &out, &err);
        QVERIFY(rc != 0);
        const QByteArray all = out + err;
        QVERIFY2(all.contains("the demo needs") && all.contains("lockscope_monitor"),
                 all.right(3000).constData());
    }

    void cliReleasesAsReleaseButNotAsMonitor() {
        const QString resource = test::uniqueName(QStringLiteral("perm_cli"));
        QProcess holder;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("*.debug=true"));
        env.remove(QStringLiteral("LOCKSCOPE_SANDBOX_DIR"));
        holder.setProcessEnvironment(env);
        holder.start(qEnvironmentVariable("LOCKSCOPE_CLI"),
                     {QStringLiteral("locks"), QStringLiteral("hold"), QStringLiteral("--sandbox"),
                      m_dir, QStringLiteral("--as"), QStringLiteral("demo"),
                      QStringLiteral("--strategy"), QStringLiteral("redis"),
                      QStringLiteral("--resource"), resource, QStringLiteral("--seconds"),
                      QStringLiteral("60")});
        QVERIFY(holder.waitForStarted());
        const NamespaceConfig monitor = as(AccessRole::Monitor);
        // Held once the monitor sees it (deadline 15 s).
        QTRY_VERIFY_WITH_TIMEOUT(find(scan(monitor, Backend::Redis), resource).has_value(), 15000);
        const QStringList release{QStringLiteral("locks"),
                                  QStringLiteral("release"),
                                  QStringLiteral("--sandbox"),
                                  m_dir,
                                  QStringLiteral("--backend"),
                                  QStringLiteral("redis"),
                                  QStringLiteral("--resource"),
                                  QStringLiteral("lockscope:lock:{%1}").arg(resource),
                                  QStringLiteral("--reason"),
                                  QStringLiteral("tst_permissions"),
                                  QStringLiteral("--force-without-check"),
                                  QStringLiteral("--yes"),
                                  QStringLiteral("--as")};
        QByteArray out, err;
        const int refused = cli(release + QStringList{QStringLiteral("monitor")}, &out, &err);
        QVERIFY(refused != 0);
        QVERIFY2((out + err).contains("audit_log"), (out + err).right(2000).constData());
        QVERIFY(find(scan(monitor, Backend::Redis), resource).has_value());
        const int rc = cli(release + QStringList{QStringLiteral("release")}, &out, &err);
        QVERIFY2(rc == 0, (out + err).right(3000).constData());
        QVERIFY(!find(scan(monitor, Backend::Redis), resource).has_value());
        holder.kill();
        holder.waitForFinished();
        m_childOutput += holder.readAll();
    }

    /// Last: every argv sampled since `sandbox up`, every log line (this process's and every
    /// CLI run's, debug on), the sandbox's files other than stack.json and the settings
    /// written, grepped for every password of the sandbox.
    void noPasswordOnCommandLinesLogsOrSettings() {
        m_sampler->stop();
        const QSet<QByteArray> argv = m_sampler->lines();
        qInfo("%d argv samples, %lld distinct command lines", m_sampler->samples(),
              qint64(argv.size()));
        QVERIFY(m_sampler->samples() > 10);
        QByteArray logs;
        {
            std::lock_guard lock(g_logMutex);
            logs = g_ownLog;
        }
        logs += m_childOutput;
        QVERIFY(logs.contains("lockscope.")); // debug logging was on and captured
        // The servers' own logs and files (stack.json holds the passwords by design: 0600).
        QByteArray files;
        QDirIterator it(m_dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            if (path == SandboxInfo::stackFile(m_dir) || QFileInfo(path).size() > 50 << 20 ||
                path.contains(QStringLiteral("/data/base/")) ||
                path.contains(QStringLiteral("/data/global/")) ||
                path.contains(QStringLiteral("/version-2/")))
                continue; // data files hold verifiers and hashes, never the password
            QFile f(path);
            if (f.open(QIODevice::ReadOnly))
                files += f.readAll();
        }
        // The console's settings, saved with a profile of each user (passwords included, as
        // the Connections dialog hands them over): ProfileStore keeps them out of the file.
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("lockscope-tst-permissions"));
        QCoreApplication::setApplicationName(QStringLiteral("lockscope"));
        QByteArray settings;
        {
            QSettings s;
            for (const SandboxUser& u : m_info.users)
                ProfileStore::save(u.name, Endpoints{u.redisUri, u.zookeeperUri, u.postgresUri,
                                                     m_info.redlockUris.join(u',')});
            s.sync();
            QVERIFY(s.status() == QSettings::NoError);
            QFile f(s.fileName());
            QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(s.fileName()));
            settings = f.readAll();
            QVERIFY2(settings.contains("lockscope_monitor"), settings.constData());
            QFile::remove(s.fileName());
        }
        // The grep can find what it looks for: every secret is in stack.json (0600, by design).
        QFile stack(SandboxInfo::stackFile(m_dir));
        QVERIFY(stack.open(QIODevice::ReadOnly));
        const QByteArray stackJson = stack.readAll();
        for (const QString& secret : std::as_const(m_secrets))
            QVERIFY(stackJson.contains(secret.toUtf8()));
        for (const QString& secret : std::as_const(m_secrets)) {
            const QByteArray s = secret.toUtf8();
            for (const QByteArray& line : argv)
                QVERIFY2(!line.contains(s), ("password in argv: " + line.left(200)).constData());
            QVERIFY2(!logs.contains(s), "a password reached a log line");
            QVERIFY2(!files.contains(s), "a password reached a file of the sandbox");
            QVERIFY2(!settings.contains(s), "a password reached the console's settings");
        }
    }
};

QTEST_GUILESS_MAIN(TestPermissions)
#include "tst_permissions.moc"
