#include "connectors/redisclient.h"
#include "tests/support/faultsandbox.h"
#include "tests/support/testenv.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>
#include <csignal>
#include <functional>

using namespace lockscope;
using Server = test::FaultSandbox::Server;

namespace {

/// An --exec command that appends its stdin (one JSON line per event) to a file.
QString appendScript(const QTemporaryDir& dir, const QString& out) {
    const QString path = dir.filePath(QStringLiteral("append.sh"));
    QFile f(path);
    f.open(QIODevice::WriteOnly);
    f.write(QStringLiteral("#!/bin/sh\ncat >> '%1'\n").arg(out).toUtf8());
    f.close();
    f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    return path;
}

/// The JSON lines the command received so far.
QList<QJsonObject> received(const QString& file) {
    QList<QJsonObject> out;
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly))
        return out;
    for (const QByteArray& line : f.readAll().split('\n'))
        if (!line.trimmed().isEmpty())
            out << QJsonDocument::fromJson(line).object();
    return out;
}

/// An event in lines: event ("fired"/"resolved"), rule, and the subject (resource or backend).
bool has(const QList<QJsonObject>& lines, const char* event, const char* rule,
         const QString& subject) {
    for (const QJsonObject& o : lines)
        if (o.value(QStringLiteral("event")).toString() == QLatin1String(event) &&
            o.value(QStringLiteral("rule")).toString() == QLatin1String(rule) &&
            (o.value(QStringLiteral("subject")).toString() == subject ||
             o.value(QStringLiteral("lock"))
                 .toObject()
                 .value(QStringLiteral("resource"))
                 .toString()
                 .contains(subject)))
            return true;
    return false;
}

/// A `locks watch` child: its stdout read line by line as JSON; stopped by SIGINT at the end.
struct Watch {
    std::unique_ptr<QProcess> proc;
    QByteArray pending;
    QList<QJsonObject> lines;

    void read() {
        pending += proc->readAllStandardOutput();
        qsizetype nl;
        while ((nl = pending.indexOf('\n')) >= 0) {
            lines << QJsonDocument::fromJson(pending.left(nl)).object();
            pending.remove(0, nl + 1);
        }
    }
    int stop() {
        ::kill(pid_t(proc->processId()), SIGINT);
        if (!proc->waitForFinished(15000))
            return -1;
        read();
        return proc->exitCode();
    }
};

} // namespace

/// `locks watch --alert ... --exec ... --json` against real servers: the alerts fire and resolve,
/// and the command receives each event as JSON on its stdin.
class TestAlertWatch : public QObject {
    Q_OBJECT
private slots:
    void badRuleIsRefused() {
        QByteArray err;
        QCOMPARE(test::runCli({QStringLiteral("locks"), QStringLiteral("watch"),
                               QStringLiteral("--alert"), QStringLiteral("held>5")},
                              nullptr, &err),
                 2);
        QVERIFY2(err.contains("bad duration '5'"), err.constData());
        QCOMPARE(test::runCli({QStringLiteral("locks"), QStringLiteral("watch"),
                               QStringLiteral("--exec"), QStringLiteral("true")},
                              nullptr, &err),
                 2);
        QVERIFY2(err.contains("--exec needs at least one --alert"), err.constData());
    }

    /// A Redis lock without TTL, taken and released by the test: held>1s and no-expiry>1s fire
    /// once each and resolve, on stdout and on the command's stdin.
    void heldAndNoExpiryFireAndResolve() {
        const NamespaceConfig ns = test::isolatedNamespace(test::uniqueName(QStringLiteral("alw")));
        QTemporaryDir dir;
        const QString out = dir.filePath(QStringLiteral("events.jsonl"));
        Watch w;
        w.proc = std::make_unique<QProcess>();
        w.proc->setProcessChannelMode(QProcess::ForwardedErrorChannel);
        w.proc->start(
            qEnvironmentVariable("LOCKSCOPE_CLI"),
            {QStringLiteral("locks"), QStringLiteral("watch"), QStringLiteral("--json"),
             QStringLiteral("--backend"), QStringLiteral("redis"),
             QStringLiteral("--redis-pattern"), QString::fromStdString(ns.redisPrefix()) + u'*',
             QStringLiteral("--interval-ms"), QStringLiteral("200"), QStringLiteral("--alert"),
             QStringLiteral("held>1s"), QStringLiteral("--alert"), QStringLiteral("no-expiry>1s"),
             QStringLiteral("--exec"), appendScript(dir, out), QStringLiteral("--sandbox"),
             qEnvironmentVariable("LOCKSCOPE_SANDBOX_DIR"), QStringLiteral("--ns"),
             QString::fromStdString(ns.ns)});
        QVERIFY(w.proc->waitForStarted(5000));
        auto stop = qScopeGuard([&] { w.stop(); });

        RedisClient redis(ns.redis);
        const std::string key = ns.redisPrefix() + "lock:{nightly}";
        redis.command({"SET", key, "worker-7", "NX"}); // no TTL: never expires
        const QString resource = QStringLiteral("nightly");
        auto del = qScopeGuard([&] { redis.command({"DEL", key}); });

        QTRY_VERIFY_WITH_TIMEOUT(has(received(out), "fired", "held>1s", resource) &&
                                     has(received(out), "fired", "no-expiry>1s", resource),
                                 15000);
        QList<QJsonObject> events = received(out);
        for (const QJsonObject& o : events) {
            QCOMPARE(o.value(QStringLiteral("backend")).toString(), QStringLiteral("redis"));
            const QJsonObject lock = o.value(QStringLiteral("lock")).toObject();
            QCOMPARE(lock.value(QStringLiteral("resource")).toString(),
                     QString::fromStdString(key));
            QCOMPARE(lock.value(QStringLiteral("holder")).toString(), QStringLiteral("worker-7"));
            QVERIFY(o.value(QStringLiteral("since_ms")).toInteger() > 0);
            QVERIFY(o.value(QStringLiteral("fired_at_ms")).toInteger() -
                        o.value(QStringLiteral("since_ms")).toInteger() >
                    1000);
        }
        const QElapsedTimer sinceFired = [] {
            QElapsedTimer t;
            t.start();
            return t;
        }();
        // Deduplicated: still held a second later, still one event per rule.
        QTRY_VERIFY_WITH_TIMEOUT(sinceFired.elapsed() > 1000, 5000);
        QCOMPARE(received(out).size(), 2);

        del.dismiss();
        QCOMPARE(redis.command({"DEL", key}).integer, 1);
        QTRY_VERIFY_WITH_TIMEOUT(has(received(out), "resolved", "held>1s", resource) &&
                                     has(received(out), "resolved", "no-expiry>1s", resource),
                                 15000);
        QCOMPARE(received(out).size(), 4);

        stop.dismiss();
        QCOMPARE(w.stop(), 0);
        int alertLines = 0;
        for (const QJsonObject& o : w.lines)
            if (o.value(QStringLiteral("change")).toString() == u"alert")
                ++alertLines;
        QCOMPARE(alertLines, 4); // the same four events on stdout
    }

    /// A server of a sandbox of our own killed: down>1s fires, and resolves when it is back.
    void serverDownFiresAndResolves() {
        test::FaultSandbox box;
        QVERIFY2(box.ok(), qPrintable(box.error()));
        const NamespaceConfig ns = box.ns(QStringLiteral("alertdown"));
        QTemporaryDir dir;
        const QString out = dir.filePath(QStringLiteral("events.jsonl"));
        Watch w;
        w.proc = box.startCli(QStringList{QStringLiteral("locks"), QStringLiteral("watch"),
                                          QStringLiteral("--json"), QStringLiteral("--interval-ms"),
                                          QStringLiteral("200"), QStringLiteral("--alert"),
                                          QStringLiteral("down>1s:backend=redis"),
                                          QStringLiteral("--exec"), appendScript(dir, out)} +
                              box.cliArgs(ns));
        QVERIFY(w.proc->waitForStarted(5000));
        auto stop = qScopeGuard([&] { w.stop(); });
        // A lock the watch reports added: it has read Redis up before the fault.
        RedisClient(ns.redis).command({"SET", ns.redisPrefix() + "lock:{up}", "w", "PX", "60000"});
        QTRY_VERIFY_WITH_TIMEOUT(
            (w.read(), std::any_of(w.lines.begin(), w.lines.end(),
                                   [](const QJsonObject& o) {
                                       return o.value(QStringLiteral("change")).toString() ==
                                              u"added";
                                   })),
            15000);
        box.kill(Server::Redis);
        auto restart = qScopeGuard([&] { box.restart(Server::Redis); });
        QTRY_VERIFY_WITH_TIMEOUT(
            has(received(out), "fired", "down>1s:backend=redis", QStringLiteral("redis")), 30000);
        const QList<QJsonObject> fired = received(out);
        QCOMPARE(fired.size(), 1);
        QVERIFY(!fired[0].value(QStringLiteral("detail")).toString().isEmpty());
        QVERIFY(!fired[0].contains(QStringLiteral("lock")));
        restart.dismiss();
        QVERIFY2(box.restart(Server::Redis), qPrintable(box.error()));
        QTRY_VERIFY_WITH_TIMEOUT(
            has(received(out), "resolved", "down>1s:backend=redis", QStringLiteral("redis")),
            30000);
        QCOMPARE(received(out).size(), 2);
        stop.dismiss();
        QCOMPARE(w.stop(), 0);
    }
};

QTEST_GUILESS_MAIN(TestAlertWatch)
#include "tst_alertwatch.moc"
