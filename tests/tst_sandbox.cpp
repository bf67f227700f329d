#include "connectors/pgconnection.h"
#include "core/backends/postgres/pgtransactionlock.h"
#include "core/locks/lockstrategy.h"
#include "core/sandbox/sandbox.h"
#include "core/sandbox/sandboxerror.h"
#include "core/sandbox/secretfile.h"
#include "core/sandbox/serverprocess.h"
#include "core/sandbox/uplock.h"
#include "tests/support/testenv.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>
#include <csignal>
#include <pqxx/pqxx>
#include <sys/stat.h>
#include <unistd.h>

using namespace lockscope;
using namespace std::chrono_literals;

/// Runs a sandbox of its own (not the fixture's) through the CLI, as a user would.
class TestSandbox : public QObject {
    Q_OBJECT

    static int cli(const QStringList& args, QByteArray* out = nullptr) {
        return test::runCli(args, out);
    }

    /// A directory for a sandbox of its own, under a temporary one the `postgres` user can
    /// traverse (mktemp-style dirs are 0700).
    static QString sandboxDirIn(const QTemporaryDir& tmp) {
        QFile::setPermissions(tmp.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                              QFileDevice::ExeOwner | QFileDevice::ExeGroup |
                                              QFileDevice::ExeOther);
        return tmp.filePath(QStringLiteral("sb"));
    }

    /// Pids of live processes whose command line mentions dir.
    static QList<qint64> processesMentioning(const QString& dir) {
        QList<qint64> out;
        const QByteArray needle = QFile::encodeName(dir);
        for (const QString& entry : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs)) {
            bool isPid = false;
            const qint64 pid = entry.toLongLong(&isPid);
            if (!isPid || pid == QCoreApplication::applicationPid())
                continue;
            QFile f(QStringLiteral("/proc/%1/cmdline").arg(pid));
            if (f.open(QIODevice::ReadOnly) && f.readAll().contains(needle) &&
                ServerProcess::isAlive(pid))
                out << pid;
        }
        return out;
    }

    static QStringList sandboxArgs(const QString& action, const QString& dir) {
        return {QStringLiteral("sandbox"), action, QStringLiteral("--dir"), dir};
    }

private slots:
    void upStatusDownLeavesNothing() {
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        // mktemp-style dirs are 0700; the sandbox must still work as root (PostgreSQL runs as
        // `postgres` and needs to traverse the parent).
        QFile::setPermissions(tmp.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                              QFileDevice::ExeOwner | QFileDevice::ExeGroup |
                                              QFileDevice::ExeOther);
        const QString dir = tmp.filePath(QStringLiteral("sb"));
        QElapsedTimer t;
        t.start();
        QByteArray out;
        QCOMPARE(cli({QStringLiteral("sandbox"), QStringLiteral("up"), QStringLiteral("--dir"), dir,
                      QStringLiteral("--detach")},
                     &out),
                 0);
        const qint64 startMs = t.elapsed();
        qInfo("sandbox up took %lld ms", startMs);
        const SandboxInfo info = SandboxInfo::load(dir);
        QVERIFY(info.redisPid > 0 && info.zookeeperPid > 0 && info.postgresPid > 0);
        QVERIFY(out.contains("redis://127.0.0.1:"));
        const int redisPort = QUrl(info.redisUri).port();
        const int zkPort = QUrl(info.zookeeperUri).port();
        const int pgPort = QUrl(info.postgresUri).port();
        QVERIFY(ServerProcess::isListening(redisPort));
        QVERIFY(ServerProcess::isListening(zkPort));
        QVERIFY(ServerProcess::isListening(pgPort));
        // initdb's password file is gone once initdb is done.
        QCOMPARE(modeOf(dir + QStringLiteral("/postgres/pwfile")), -1);

        QByteArray status;
        QCOMPARE(cli({QStringLiteral("sandbox"), QStringLiteral("status"), QStringLiteral("--dir"),
                      dir, QStringLiteral("--json")},
                     &status),
                 0);
        QVERIFY(status.contains("\"answering\": true"));
        QVERIFY(!status.contains("\"answering\": false"));

        // A second `up` on the same directory refuses instead of starting duplicates.
        QCOMPARE(cli({QStringLiteral("sandbox"), QStringLiteral("up"), QStringLiteral("--dir"), dir,
                      QStringLiteral("--detach")}),
                 1);

        QCOMPARE(
            cli({QStringLiteral("sandbox"), QStringLiteral("down"), QStringLiteral("--dir"), dir}),
            0);
        QVERIFY(!ServerProcess::isAlive(info.redisPid));
        QVERIFY(!ServerProcess::isAlive(info.zookeeperPid));
        QVERIFY(!ServerProcess::isAlive(info.postgresPid));
        QVERIFY(!ServerProcess::isListening(redisPort));
        QVERIFY(!ServerProcess::isListening(zkPort));
        QVERIFY(!ServerProcess::isListening(pgPort));
        QCOMPARE(cli({QStringLiteral("sandbox"), QStringLiteral("status"), QStringLiteral("--dir"),
                      dir}),
                 1);
    }

    /// Item 11: the PostgreSQL password is in the 0600 stack.json only, never on a terminal:
    /// not in `sandbox up` (with and without --json), nor in `sandbox status`.
    void noPasswordOnTheTerminal() {
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        QFile::setPermissions(tmp.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                              QFileDevice::ExeOwner | QFileDevice::ExeGroup |
                                              QFileDevice::ExeOther);
        const QString dir = tmp.filePath(QStringLiteral("sb"));
        QByteArray out, err;
        QCOMPARE(test::runCli({QStringLiteral("sandbox"), QStringLiteral("up"),
                               QStringLiteral("--dir"), dir, QStringLiteral("--detach")},
                              &out, &err),
                 0);
        const auto down = qScopeGuard([&] {
            test::runCli(
                {QStringLiteral("sandbox"), QStringLiteral("down"), QStringLiteral("--dir"), dir});
        });
        const SandboxInfo info = SandboxInfo::load(dir);
        const QString password = QUrl(info.postgresUri).password();
        QVERIFY(password.size() >= 8);
        QVERIFY(!(QFile::permissions(SandboxInfo::stackFile(dir)) &
                  (QFileDevice::ReadGroup | QFileDevice::ReadOther)));
        QVERIFY(out.contains("postgresql://lockscope:***@127.0.0.1:"));
        QVERIFY(out.contains("postgresql://lockscope_admin:***@127.0.0.1:"));
        const QString adminPassword = QUrl(info.postgresAdminUri).password();
        QVERIFY(adminPassword.size() >= 8);
        QByteArray everything = out + err;
        for (const QStringList& args :
             {QStringList{QStringLiteral("sandbox"), QStringLiteral("status"),
                          QStringLiteral("--dir"), dir},
              QStringList{QStringLiteral("sandbox"), QStringLiteral("status"),
                          QStringLiteral("--dir"), dir, QStringLiteral("--json")},
              QStringList{QStringLiteral("sandbox"), QStringLiteral("up"), QStringLiteral("--dir"),
                          dir, QStringLiteral("--detach"), QStringLiteral("--json")}}) {
            QByteArray o, e;
            test::runCli(args, &o, &e);
            everything += o + e;
        }
        QVERIFY2(!everything.contains(password.toUtf8()), everything.constData());
        QVERIFY2(!everything.contains(adminPassword.toUtf8()), everything.constData());
    }

    /// Permission bits of path itself (not what a link points to); -1 when it does not exist.
    static int modeOf(const QString& path) {
        struct stat st {};
        if (::lstat(QFile::encodeName(path).constData(), &st) != 0)
            return -1;
        return int(st.st_mode & 07777);
    }

    /// The admin password handed to initdb (--pwfile) is in a file that only its owner can read
    /// from the moment it exists: 0600 even under umask 0, before a byte of the secret is in it
    /// (a file created world-readable and chmod-ed after the write can be opened, and read for
    /// ever, in between). A file or link someone put at the path first is never used, and the
    /// file is gone afterwards.
    void passwordFileIsOwnerOnlyFromTheStart() {
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const QString path = tmp.filePath(QStringLiteral("pwfile"));
        const mode_t oldMask = ::umask(0);
        const auto restoreMask = qScopeGuard([&] { ::umask(oldMask); });
        {
            SecretFile secret(path, QStringLiteral("postgres"));
            QCOMPARE(modeOf(path), 0600); // created so, still empty
            QCOMPARE(QFileInfo(path).size(), 0);
            secret.write("s3cret\n");
            QCOMPARE(modeOf(path), 0600);
            QFile written(path);
            QVERIFY(written.open(QIODevice::ReadOnly));
            QCOMPARE(written.readAll(), QByteArray("s3cret\n"));
        }
        QCOMPARE(modeOf(path), -1);

        // Planted first, world-readable and held open by whoever planted it: refused, untouched.
        {
            QFile planted(path);
            QVERIFY(planted.open(QIODevice::WriteOnly));
            planted.write("planted");
        }
        QFile plantersView(path);
        QVERIFY(plantersView.open(QIODevice::ReadOnly));
        QVERIFY_THROWS_EXCEPTION(SandboxError, SecretFile(path, QStringLiteral("postgres")));
        QCOMPARE(plantersView.readAll(), QByteArray("planted"));
        QVERIFY(QFile::exists(path)); // not ours to remove
        QVERIFY(QFile::remove(path));

        // A link to somewhere else: not followed.
        const QString target = tmp.filePath(QStringLiteral("elsewhere"));
        QVERIFY(QFile::link(target, path));
        QVERIFY_THROWS_EXCEPTION(SandboxError, SecretFile(path, QStringLiteral("postgres")));
        QVERIFY(!QFile::exists(target));
    }

    /// The password file as `sandbox up` uses it, through a stand-in initdb (LOCKSCOPE_PG_BINDIR)
    /// that notes the file's mode and size and fails: initdb was given a 0600 file holding the
    /// password, the failed start removes it, says why with initdb's output (its lines quoted
    /// below LockScope's message, each escaped: an ESC in a log line never reaches the
    /// terminal), and leaves no server running.
    void failedInitdbLeavesNoPasswordFile() {
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const QString dir = sandboxDirIn(tmp);
        const auto cleanup = qScopeGuard([&] { cli(sandboxArgs(QStringLiteral("down"), dir)); });
        const QString bin = tmp.filePath(QStringLiteral("pgbin"));
        QVERIFY(QDir().mkpath(bin));
        QFile::setPermissions(bin, QFile::permissions(bin) | QFileDevice::ReadOther |
                                       QFileDevice::ExeOther);
        QFile initdb(bin + QStringLiteral("/initdb"));
        QVERIFY(initdb.open(QIODevice::WriteOnly));
        initdb.write(
            "#!/bin/sh\n"
            "for a in \"$@\"; do case \"$a\" in --pwfile=*) f=\"${a#--pwfile=}\";; esac; done\n"
            "stat -c '%a %s' \"$f\" > \"$(dirname \"$f\")/pwfile-seen\"\n"
            "echo 'initdb: stand-in failure'\n"
            "printf 'initdb: \\033]0;retitled\\007 and a line\\nlockscope-cli: forged\\n'\n"
            "exit 3\n");
        initdb.close();
        QFile::setPermissions(initdb.fileName(), QFileDevice::ReadOwner | QFileDevice::ExeOwner |
                                                     QFileDevice::ReadOther |
                                                     QFileDevice::ExeOther);
        QProcess up;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("LOCKSCOPE_PG_BINDIR"), bin);
        up.setProcessEnvironment(env);
        up.start(qEnvironmentVariable("LOCKSCOPE_CLI"), sandboxArgs(QStringLiteral("up"), dir)
                                                            << QStringLiteral("--detach"));
        QVERIFY(up.waitForFinished(60000));
        const QByteArray err = up.readAllStandardError();
        QCOMPARE(up.exitCode(), 1);
        // LockScope's message and the heading on lines of their own; the log's lines below,
        // each on its own line, indented (none passes for LockScope's), escaped.
        const QByteArray log = QFile::encodeName(dir + QStringLiteral("/postgres/postgres.log"));
        QVERIFY2(err.contains("lockscope-cli: postgres did not come up: initdb failed (exit 3)\n"
                              "--- last lines of " +
                              log + " ---\n"),
                 err.constData());
        QVERIFY2(err.contains("\n    initdb: stand-in failure\n"), err.constData());
        QVERIFY2(err.contains("\n    initdb: \\x1b]0;retitled\\x07 and a line\n"
                              "    lockscope-cli: forged\n"),
                 err.constData());
        QVERIFY2(!err.contains("\nlockscope-cli: forged"), err.constData());
        QVERIFY2(!err.contains('\x1b') && !err.contains('\x07'), err.constData());
        QVERIFY2(!err.contains("\\x0a"), err.constData());
        QFile seen(dir + QStringLiteral("/postgres/pwfile-seen"));
        QVERIFY2(seen.open(QIODevice::ReadOnly), "the stand-in initdb did not run");
        QCOMPARE(seen.readAll().trimmed(), QByteArray("600 25")); // 24 characters and a newline
        QCOMPARE(modeOf(dir + QStringLiteral("/postgres/pwfile")), -1);
        QTRY_VERIFY_WITH_TIMEOUT(processesMentioning(dir).isEmpty(), 15000);
    }

    /// Live redis-servers working in dir/redis (once running, a redis-server's command line
    /// names only its address; its working directory names the sandbox).
    static QList<qint64> redisServersIn(const QString& dir) {
        QList<qint64> out;
        for (const QString& entry : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs)) {
            bool isPid = false;
            const qint64 pid = entry.toLongLong(&isPid);
            if (isPid && ServerProcess::isAlive(pid, QStringLiteral("redis-server")) &&
                QFileInfo(QStringLiteral("/proc/%1/cwd").arg(pid)).symLinkTarget() ==
                    dir + QStringLiteral("/redis"))
                out << pid;
        }
        return out;
    }

    /// While an `up` runs in a directory (its lock held: here by the test itself), another
    /// `up` there says so and changes nothing: no record, no server, even with --replace.
    void upRefusedWhileAnotherUpRuns() {
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const QString dir = sandboxDirIn(tmp);
        const auto cleanup = qScopeGuard([&] { cli(sandboxArgs(QStringLiteral("down"), dir)); });
        {
            const UpLock held(dir);
            for (const QStringList& extra :
                 {QStringList{QStringLiteral("--detach")},
                  QStringList{QStringLiteral("--detach"), QStringLiteral("--replace")}}) {
                QByteArray out, err;
                QCOMPARE(test::runCli(sandboxArgs(QStringLiteral("up"), dir) + extra, &out, &err),
                         1);
                QVERIFY2(
                    err.contains("another `sandbox up` is running in " + QFile::encodeName(dir)),
                    err.constData());
                QVERIFY2(err.contains(QByteArray::number(QCoreApplication::applicationPid())),
                         err.constData()); // the holder, by its pid
                QVERIFY(!QFile::exists(SandboxInfo::stackFile(dir)));
                QVERIFY(processesMentioning(dir).isEmpty());
                QVERIFY(redisServersIn(dir).isEmpty());
            }
        }
        // Released with its holder: the directory takes a sandbox.
        QCOMPARE(cli(sandboxArgs(QStringLiteral("up"), dir) << QStringLiteral("--detach")), 0);
        QVERIFY(Sandbox::isRunning(SandboxInfo::load(dir)));
    }

    /// Two `sandbox up` started together in one directory: one sandbox (one record, one set of
    /// servers), the other says another `up` runs; `down` then leaves nothing.
    void concurrentUpsStartOneSandbox() {
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const QString dir = sandboxDirIn(tmp);
        const auto cleanup = qScopeGuard([&] { cli(sandboxArgs(QStringLiteral("down"), dir)); });
        QProcess a, b;
        for (QProcess* p : {&a, &b})
            p->start(qEnvironmentVariable("LOCKSCOPE_CLI"), sandboxArgs(QStringLiteral("up"), dir)
                                                                << QStringLiteral("--detach"));
        for (QProcess* p : {&a, &b})
            QVERIFY(p->waitForFinished(90000));
        const QByteArray errA = a.readAllStandardError(), errB = b.readAllStandardError();
        const QByteArray both = errA + "\n----\n" + errB;
        QVERIFY2(QList<int>({a.exitCode(), b.exitCode()}) == QList<int>({0, 1}) ||
                     QList<int>({a.exitCode(), b.exitCode()}) == QList<int>({1, 0}),
                 both.constData());
        const QByteArray refused = a.exitCode() == 1 ? errA : errB;
        QVERIFY2(refused.contains("another `sandbox up` is running in"), both.constData());

        const SandboxInfo info = SandboxInfo::load(dir);
        QVERIFY(Sandbox::isRunning(info));
        QCOMPARE(redisServersIn(dir), QList<qint64>{info.redisPid});
        // Every other server process is this sandbox's: its ZooKeeper, its postmaster and the
        // launcher (runuser, as root) that started it.
        QFile stat(QStringLiteral("/proc/%1/stat").arg(info.postgresPid));
        QVERIFY(stat.open(QIODevice::ReadOnly));
        const QByteArray s = stat.readAll();
        const qint64 launcher = s.mid(s.lastIndexOf(')') + 2).split(' ').value(1).toLongLong();
        for (const qint64 pid : processesMentioning(dir))
            QVERIFY2(pid == info.zookeeperPid || pid == info.postgresPid || pid == launcher,
                     qPrintable(QStringLiteral("a server not in stack.json: pid %1").arg(pid)));

        QCOMPARE(cli(sandboxArgs(QStringLiteral("down"), dir)), 0);
        QTRY_VERIFY_WITH_TIMEOUT(processesMentioning(dir).isEmpty(), 15000);
        QVERIFY(redisServersIn(dir).isEmpty());
    }

    /// The start guard of a running `lockscope-cli sandbox up`: its child running the same
    /// executable (forked, not exec'd); initdb and runuser are other programs.
    static qint64 guardOf(qint64 cliPid) {
        const QString exe = QFileInfo(QStringLiteral("/proc/%1/exe").arg(cliPid)).symLinkTarget();
        for (const QString& entry : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs)) {
            bool isPid = false;
            const qint64 pid = entry.toLongLong(&isPid);
            if (!isPid || pid == cliPid)
                continue;
            QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
            if (!stat.open(QIODevice::ReadOnly))
                continue;
            const QByteArray s = stat.readAll();
            const QList<QByteArray> fields = s.mid(s.lastIndexOf(')') + 2).split(' ');
            if (fields.size() > 1 && fields[1].toLongLong() == cliPid &&
                QFileInfo(QStringLiteral("/proc/%1/exe").arg(pid)).symLinkTarget() == exe)
                return pid;
        }
        return 0;
    }

    /// Item 11: `sandbox up` killed (SIGKILL) while it starts the servers. Its guard stops the
    /// servers started so far; and should the guard be killed too, the record (state starting,
    /// the pids so far) lets `down` stop them, and a new `up` in that directory stops the orphans
    /// first instead of starting servers beside them.
    void killedUpLeavesNothingRunning_data() {
        QTest::addColumn<QString>("killWhen");  // the server whose pid is recorded at the kill
        QTest::addColumn<bool>("killGuardToo"); // the guard killed as well: orphans are left
        QTest::addColumn<QString>("then");      // "down", or "up" straight away
        QTest::newRow("redis recorded, down")
            << QStringLiteral("redis") << false << QStringLiteral("down");
        QTest::newRow("postgres recorded, up")
            << QStringLiteral("postgres") << false << QStringLiteral("up");
        QTest::newRow("zookeeper recorded, guard killed, up")
            << QStringLiteral("zookeeper") << true << QStringLiteral("up");
        QTest::newRow("postgres recorded, guard killed, down")
            << QStringLiteral("postgres") << true << QStringLiteral("down");
    }
    void killedUpLeavesNothingRunning() {
        QFETCH(QString, killWhen);
        QFETCH(bool, killGuardToo);
        QFETCH(QString, then);
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const QString dir = sandboxDirIn(tmp);
        const auto cleanup = qScopeGuard([&] { cli(sandboxArgs(QStringLiteral("down"), dir)); });
        QProcess up;
        up.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        up.start(qEnvironmentVariable("LOCKSCOPE_CLI"), sandboxArgs(QStringLiteral("up"), dir));
        QVERIFY(up.waitForStarted());
        auto recorded = [&] {
            try {
                const SandboxInfo r = SandboxInfo::loadRecord(dir);
                return killWhen == u"redis"       ? r.redisPid
                       : killWhen == u"zookeeper" ? r.zookeeperPid
                                                  : r.postgresPid;
            } catch (const SandboxError&) {
                return qint64(0); // not written yet
            }
        };
        QTRY_VERIFY_WITH_TIMEOUT(recorded() > 0, 30000);
        if (killGuardToo) {
            const qint64 guard = guardOf(up.processId());
            QVERIFY(guard > 0);
            ::kill(static_cast<pid_t>(guard), SIGKILL);
        }
        ::kill(static_cast<pid_t>(up.processId()), SIGKILL);
        QVERIFY(up.waitForFinished(10000));
        const SandboxInfo rec = SandboxInfo::loadRecord(dir);
        QVERIFY(rec.redisPid > 0);
        QVERIFY(rec.state == SandboxInfo::State::Starting);
        const int redisPort = QUrl(rec.redisUri).port();
        // A half-started sandbox is not handed out as a running one.
        QVERIFY_THROWS_EXCEPTION(SandboxError, SandboxInfo::load(dir));
        if (killGuardToo) {
            // Orphans: the servers started so far outlived the killed `up` and its guard.
            QVERIFY(ServerProcess::isAlive(rec.redisPid));
        } else {
            // The guard stopped them with the `up` that started them.
            QTRY_VERIFY_WITH_TIMEOUT(!ServerProcess::isAlive(rec.redisPid) &&
                                         !ServerProcess::isAlive(rec.zookeeperPid) &&
                                         !ServerProcess::isAlive(rec.postgresPid),
                                     15000);
        }

        if (then == u"down") {
            QCOMPARE(cli(sandboxArgs(QStringLiteral("down"), dir)), 0);
        } else {
            QCOMPARE(cli(sandboxArgs(QStringLiteral("up"), dir) << QStringLiteral("--detach")), 0);
            const SandboxInfo fresh = SandboxInfo::load(dir);
            QVERIFY(fresh.redisPid != rec.redisPid);
            QCOMPARE(cli(sandboxArgs(QStringLiteral("down"), dir)), 0);
        }
        // Nothing of either start is left: no process, no listener.
        for (qint64 pid : {rec.redisPid, rec.zookeeperPid, rec.postgresPid})
            QVERIFY2(!ServerProcess::isAlive(pid), qPrintable(QString::number(pid)));
        QVERIFY(!ServerProcess::isListening(redisPort));
        // (The guard, a fork of the killed `up` that names dir too, ends once its servers have.)
        QTRY_VERIFY2_WITH_TIMEOUT(
            processesMentioning(dir).isEmpty(),
            qPrintable(QStringLiteral("left running: %1")
                           .arg(QString::number(processesMentioning(dir).value(0)))),
            10000);
        QVERIFY(!QFile::exists(SandboxInfo::stackFile(dir)));

        // And the directory takes a new sandbox.
        QCOMPARE(cli(sandboxArgs(QStringLiteral("up"), dir) << QStringLiteral("--detach")), 0);
        QVERIFY(Sandbox::isRunning(SandboxInfo::load(dir)));
    }

    /// Item 12: LockScope's PostgreSQL role is not a superuser; the admin role is kept apart (in
    /// stack.json only). As that role the console still sees every session's locks, decodes
    /// pg-row rows (pgrowlocks) in the default namespace, and may signal other sessions.
    void postgresRoleIsNotASuperuser() {
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const QString dir = sandboxDirIn(tmp);
        QCOMPARE(cli(sandboxArgs(QStringLiteral("up"), dir) << QStringLiteral("--detach")), 0);
        const auto down = qScopeGuard([&] { cli(sandboxArgs(QStringLiteral("down"), dir)); });
        const SandboxInfo info = SandboxInfo::load(dir);
        QCOMPARE(QUrl(info.postgresUri).userName(), QStringLiteral("lockscope"));
        QCOMPARE(QUrl(info.postgresAdminUri).userName(), QStringLiteral("lockscope_admin"));
        QVERIFY(QUrl(info.postgresAdminUri).password() != QUrl(info.postgresUri).password());

        PgConnection pg(PostgresUri::parse(info.postgresUri));
        auto one = [&](const std::string& sql) {
            pqxx::nontransaction tx(pg.raw());
            return tx.exec1(sql)[0].as<bool>();
        };
        QVERIFY(!one("SELECT rolsuper OR rolcreaterole OR rolcreatedb FROM pg_roles "
                     "WHERE rolname = current_user"));
        QVERIFY(one("SELECT pg_has_role('pg_monitor', 'MEMBER') AND "
                    "pg_has_role('pg_signal_backend', 'MEMBER')"));
        QVERIFY(one("SELECT has_database_privilege(current_database(), 'CREATE')"));
        PgConnection admin(PostgresUri::parse(info.postgresAdminUri));
        {
            pqxx::nontransaction tx(admin.raw());
            QVERIFY(tx.exec1("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")[0]
                        .as<bool>());
        }

        // A pg-row lock in the default namespace, listed with its row decoded (item 8).
        NamespaceConfig def;
        def.redis = RedisUri::parse(info.redisUri);
        def.zookeeper = ZooKeeperUri::parse(info.zookeeperUri);
        def.postgres = PostgresUri::parse(info.postgresUri);
        auto lock = LockStrategy::create(QStringLiteral("pg-row"), def);
        auto held = lock->acquire("item:1", LockOptions{30s, 2s});
        QVERIFY(held);
        QByteArray out;
        QCOMPARE(cli({QStringLiteral("locks"), QStringLiteral("list"), QStringLiteral("--json"),
                      QStringLiteral("--sandbox"), dir},
                     &out),
                 0);
        bool found = false;
        const QJsonDocument doc = QJsonDocument::fromJson(out);
        const QJsonArray locks =
            doc.isArray() ? doc.array() : doc.object().value(QStringLiteral("locks")).toArray();
        for (const QJsonValue& v : locks) {
            const QJsonObject o = v.toObject();
            if (o.value(QStringLiteral("kind")).toString() == u"pg-row")
                found = o.value(QStringLiteral("resource")).toString() == u"lockscope.row_locks" &&
                        o.value(QStringLiteral("logical_resource")).toString() == u"item:1";
        }
        QVERIFY2(found, out.constData());
        // Force-release's terminate, as the lockscope role, of another session.
        {
            pqxx::nontransaction tx(pg.raw());
            QVERIFY(tx.exec_params1("SELECT pg_terminate_backend($1)",
                                    dynamic_cast<PgTransactionLock&>(*lock).backendPid())[0]
                        .as<bool>());
        }
        QTRY_VERIFY_WITH_TIMEOUT(!one("SELECT count(*) > 0 FROM pg_locks l JOIN pg_class c ON "
                                      "c.oid = l.relation WHERE c.relname = 'row_locks'"),
                                 10000);
    }

    void everyCommandHasHelp_data() {
        QTest::addColumn<QStringList>("command");
        for (const char* c :
             {"sandbox", "demo", "demo compare", "demo verify", "bench lock", "bench monitor",
              "locks list", "locks watch", "locks release", "locks hold", "audit list",
              "stock list", "shop load-demo", "shop set-stock"})
            QTest::newRow(c) << QString::fromLatin1(c).split(u' ');
    }
    void everyCommandHasHelp() {
        QFETCH(QStringList, command);
        QByteArray out;
        QCOMPARE(cli(command + QStringList{QStringLiteral("--help")}, &out), 0);
        QVERIFY(out.contains("--help"));
        // The usage line names the command as typed, not the executable's full path.
        const QByteArray usage = out.left(out.indexOf('\n'));
        const QByteArray expected = "Usage: lockscope-cli " + command.join(u' ').toUtf8() + " [";
        QVERIFY2(usage.startsWith(expected), usage.constData());
        QCOMPARE(cli(command + QStringList{QStringLiteral("--no-such-option")}), 2);
    }

    /// A command that is only a group (locks, bench, shop) lists its subcommands on --help and
    /// names them when one is missing or unknown.
    void commandGroupsListTheirSubcommands_data() {
        QTest::addColumn<QString>("group");
        QTest::addColumn<QString>("first");
        QTest::newRow("locks") << QStringLiteral("locks") << QStringLiteral("list");
        QTest::newRow("bench") << QStringLiteral("bench") << QStringLiteral("lock");
        QTest::newRow("shop") << QStringLiteral("shop") << QStringLiteral("load-demo");
    }
    void commandGroupsListTheirSubcommands() {
        QFETCH(QString, group);
        QFETCH(QString, first);
        QByteArray out;
        QCOMPARE(cli({group, QStringLiteral("--help")}, &out), 0);
        QVERIFY2(out.startsWith("usage: lockscope-cli " + group.toUtf8() + " <" + first.toUtf8()),
                 out.constData());
        QCOMPARE(cli({group}), 2);
        QCOMPARE(cli({group, QStringLiteral("sideways")}), 2);
    }

    void badArgumentsExitTwo() {
        QCOMPARE(cli({QStringLiteral("sandbox"), QStringLiteral("sideways"),
                      QStringLiteral("--dir"), QStringLiteral("/tmp/x")}),
                 2);
        QCOMPARE(cli({QStringLiteral("sandbox"), QStringLiteral("up")}), 2);
        QCOMPARE(cli({QStringLiteral("sandbox"), QStringLiteral("up"), QStringLiteral("--bogus")}),
                 2);
    }
};

QTEST_GUILESS_MAIN(TestSandbox)
#include "tst_sandbox.moc"
