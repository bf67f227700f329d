#include "core/sandbox/sandbox.h"
#include "core/sandbox/sandboxerror.h"
#include "core/sandbox/serverprocess.h"
#include "tests/support/testenv.h"

#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

using namespace lockscope;

/// Runs a sandbox of its own (not the fixture's) through the CLI, as a user would.
class TestSandbox : public QObject {
    Q_OBJECT

    static int cli(const QStringList& args, QByteArray* out = nullptr) {
        return test::runCli(args, out);
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
