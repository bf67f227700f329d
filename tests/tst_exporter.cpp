// `lockscope-cli exporter` against the sandbox: a real HTTP client scrapes /metrics while this
// test takes and releases locks with LockScope's own clients; the numbers match
// `locks list --json` (counts by backend and kind) and follow the locks as they come and go.
#include "connectors/redisclient.h"
#include "core/backends/backendregistry.h"
#include "core/backends/lockbackend.h"
#include "core/locks/lockstrategy.h"
#include "core/metrics/promtext.h"
#include "tests/support/testenv.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QTcpSocket>
#include <QtTest>

using namespace lockscope;

namespace {

/// One scrape: "name{labels}" -> value, and the families' TYPE lines.
struct Scrape {
    int status = 0;
    QByteArray body;
    QMap<QString, double> samples;
    QMap<QString, QString> types;

    double sum(const QString& name, const QString& labelPart = {}) const {
        double total = 0;
        for (auto it = samples.cbegin(); it != samples.cend(); ++it)
            if ((it.key() == name || it.key().startsWith(name + u'{')) &&
                it.key().contains(labelPart))
                total += it.value();
        return total;
    }
    int count(const QString& name) const {
        int n = 0;
        for (auto it = samples.cbegin(); it != samples.cend(); ++it)
            n += it.key() == name || it.key().startsWith(name + u'{') ? 1 : 0;
        return n;
    }
};

Scrape parse(int status, const QByteArray& body) {
    Scrape s;
    s.status = status;
    s.body = body;
    for (const QByteArray& raw : body.split('\n')) {
        const QString line = QString::fromUtf8(raw);
        if (line.startsWith(u"# TYPE ")) {
            const QStringList parts = line.split(u' ');
            s.types.insert(parts.value(2), parts.value(3));
            continue;
        }
        if (line.isEmpty() || line.startsWith(u'#'))
            continue;
        const qsizetype space = line.lastIndexOf(u' ');
        s.samples.insert(line.left(space), line.mid(space + 1).toDouble());
    }
    return s;
}

} // namespace

class TestExporter : public QObject {
    Q_OBJECT

    NamespaceConfig m_config;
    QProcess m_exporter;
    quint16 m_port = 0;
    QNetworkAccessManager m_http;

    QStringList monitorArgs() const {
        const QString ns = QString::fromStdString(m_config.ns);
        return {QStringLiteral("--sandbox"),
                test::sandbox().dir,
                QStringLiteral("--ns"),
                ns,
                QStringLiteral("--redis-pattern"),
                ns + QStringLiteral(":lock:*"),
                QStringLiteral("--zk-root"),
                QString::fromStdString(m_config.zkLockRoot())};
    }

    /// Starts `exporter` with args (and this test's monitor options); the port it serves on, 0
    /// when it did not start.
    quint16 startExporter(QProcess* process, const QStringList& args) {
        process->start(qEnvironmentVariable("LOCKSCOPE_CLI"), args + monitorArgs());
        if (!process->waitForStarted(5000))
            return 0;
        QElapsedTimer started;
        started.start();
        while (!process->canReadLine() && started.elapsed() < 15000)
            process->waitForReadyRead(500);
        const QString line = QString::fromUtf8(process->readLine()).trimmed();
        const auto m = QRegularExpression(QStringLiteral(R"(:(\d+)/metrics$)")).match(line);
        return m.hasMatch() ? quint16(m.captured(1).toUInt()) : 0;
    }

    /// What the exporter answers to request, sent in one write, on a raw connection.
    QByteArray rawRequest(const QByteArray& request) {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, m_port);
        if (!socket.waitForConnected(5000))
            return "not connected";
        socket.write(request);
        QByteArray response;
        QElapsedTimer waited;
        waited.start();
        while (socket.state() == QAbstractSocket::ConnectedState && waited.elapsed() < 8000) {
            socket.waitForReadyRead(200);
            response += socket.readAll();
        }
        return response + socket.readAll();
    }

    Scrape get(const QString& path, quint16 port = 0) {
        QNetworkRequest req(
            QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(port ? port : m_port).arg(path)));
        req.setTransferTimeout(5000);
        QNetworkReply* reply = m_http.get(req);
        QSignalSpy done(reply, &QNetworkReply::finished);
        if (!reply->isFinished())
            done.wait(6000);
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray body = reply->readAll();
        reply->deleteLater();
        return parse(status, body);
    }

    /// `locks list --json` with the exporter's options: count by "backend/kind".
    QMap<QString, int> listCounts() {
        QByteArray out;
        QStringList args{QStringLiteral("locks"), QStringLiteral("list"), QStringLiteral("--json")};
        args += monitorArgs();
        if (test::runCli(args, &out) != 0)
            return {{QStringLiteral("error"), 1}};
        QMap<QString, int> counts;
        for (const auto& v : QJsonDocument::fromJson(out).array()) {
            const QJsonObject o = v.toObject();
            ++counts[o.value(QStringLiteral("backend")).toString() + u'/' +
                     o.value(QStringLiteral("kind")).toString()];
        }
        return counts;
    }

    /// The exporter's lockscope_locks_held for the backends this test isolates (Redis,
    /// ZooKeeper, PostgreSQL leases), by "backend/kind", zeros left out.
    static QMap<QString, int> heldCounts(const Scrape& s) {
        static const QRegularExpression re(QString::fromLatin1(
            R"re(^lockscope_locks_held\{backend="([^"]+)",kind="([^"]+)"\}$)re"));
        QMap<QString, int> counts;
        for (auto it = s.samples.cbegin(); it != s.samples.cend(); ++it) {
            const auto m = re.match(it.key());
            if (m.hasMatch() && it.value() > 0)
                counts[m.captured(1) + u'/' + m.captured(2)] = int(it.value());
        }
        return counts;
    }
    static QMap<QString, int> isolated(QMap<QString, int> counts) {
        for (auto it = counts.begin(); it != counts.end();)
            it = it.key().startsWith(u"redis/") || it.key().startsWith(u"zookeeper/") ||
                         it.key() == u"postgres/lease"
                     ? std::next(it)
                     : counts.erase(it);
        return counts;
    }

private slots:
    void escaping() {
        QCOMPARE(PromText::escapeLabelValue(QStringLiteral("a\"b\\c\nd")),
                 QStringLiteral("a\\\"b\\\\c\\nd"));
        QCOMPARE(PromText::escapeHelp(QStringLiteral("x\\y\nz")), QStringLiteral("x\\\\y\\nz"));
        QCOMPARE(PromText::number(3), QByteArray("3"));
        QCOMPARE(PromText::number(0.25), QByteArray("0.25"));
        QCOMPARE(PromText::number(std::numeric_limits<double>::infinity()), QByteArray("+Inf"));
    }

    void initTestCase() {
        m_config = test::isolatedNamespace(QStringLiteral("exp"));
        QStringList args{QStringLiteral("exporter"),
                         QStringLiteral("--listen"),
                         QStringLiteral("127.0.0.1:0"),
                         QStringLiteral("--interval-ms"),
                         QStringLiteral("200"),
                         QStringLiteral("--top"),
                         QStringLiteral("2"),
                         QStringLiteral("--alert"),
                         QStringLiteral("held>1ms:resource=cart:*")};
        args += monitorArgs();
        m_exporter.start(qEnvironmentVariable("LOCKSCOPE_CLI"), args);
        QVERIFY(m_exporter.waitForStarted(5000));
        QTRY_VERIFY_WITH_TIMEOUT(m_exporter.canReadLine(), 15000);
        const QString line = QString::fromUtf8(m_exporter.readLine()).trimmed();
        const auto m = QRegularExpression(QStringLiteral(R"(:(\d+)/metrics$)")).match(line);
        QVERIFY2(m.hasMatch(), qPrintable(line));
        m_port = quint16(m.captured(1).toUInt());
        QTRY_VERIFY_WITH_TIMEOUT(get(QStringLiteral("/metrics")).status == 200, 15000);
    }

    void cleanupTestCase() {
        m_exporter.terminate(); // SIGTERM: the exporter stops its refresher and exits
        QVERIFY(m_exporter.waitForFinished(15000));
        QCOMPARE(m_exporter.exitCode(), 0);
    }

    void formatAndPaths() {
        const Scrape s = get(QStringLiteral("/metrics"));
        QCOMPARE(s.status, 200);
        for (const char* family :
             {"lockscope_up", "lockscope_scan_duration_seconds", "lockscope_locks_held",
              "lockscope_locks_stale", "lockscope_locks_orphaned", "lockscope_lock_waiters",
              "lockscope_oldest_hold_age_seconds", "lockscope_hold_age_seconds",
              "lockscope_alerts_firing", "lockscope_snapshot_age_seconds"})
            QVERIFY2(s.types.contains(QLatin1String(family)), family);
        QCOMPARE(s.types.value(QStringLiteral("lockscope_hold_duration_seconds")),
                 QStringLiteral("histogram"));
        QVERIFY(s.body.contains("# HELP lockscope_locks_held "));
        for (const char* b : {"redis", "zookeeper", "postgres"})
            QCOMPARE(s.sum(QStringLiteral("lockscope_up"),
                           QStringLiteral("backend=\"%1\"").arg(QLatin1String(b))),
                     1.0);
        QCOMPARE(get(QStringLiteral("/")).status, 404);
        QCOMPARE(get(QStringLiteral("/metricsx")).status, 404);
        QCOMPARE(get(QStringLiteral("/metrics?x=1")).status, 200);
    }

    void numbersFollowLocks() {
        const Scrape before = get(QStringLiteral("/metrics"));
        QVERIFY(isolated(heldCounts(before)).isEmpty());

        auto redis =
            BackendRegistry::of(Backend::Redis).createStrategy(QStringLiteral("redis"), m_config);
        auto zk = BackendRegistry::of(Backend::ZooKeeper)
                      .createStrategy(QStringLiteral("zookeeper"), m_config);
        auto lease = BackendRegistry::of(Backend::Postgres)
                         .createStrategy(QStringLiteral("lease"), m_config);
        const auto lease30s = std::chrono::milliseconds(30000);
        auto r1 = redis->tryAcquire("cart:1", lease30s);
        auto r2 = redis->tryAcquire("cart:2", lease30s);
        auto z1 = zk->tryAcquire("cart:3", lease30s);
        auto l1 = lease->tryAcquire("cart:4", lease30s);
        QVERIFY(r1 && r2 && z1 && l1);

        // The exporter sees what the test did, and agrees with `locks list --json`.
        auto totals = [](const QMap<QString, int>& c, const QString& prefix) {
            int n = 0;
            for (auto it = c.cbegin(); it != c.cend(); ++it)
                n += it.key().startsWith(prefix) ? it.value() : 0;
            return n;
        };
        QMap<QString, int> exported;
        QTRY_VERIFY_WITH_TIMEOUT((exported = isolated(heldCounts(get(QStringLiteral("/metrics")))),
                                  totals(exported, QStringLiteral("redis/")) == 2 &&
                                      totals(exported, QStringLiteral("zookeeper/")) == 1 &&
                                      exported.value(QStringLiteral("postgres/lease")) == 1),
                                 15000);
        QCOMPARE(exported, isolated(listCounts()));
        const Scrape held = get(QStringLiteral("/metrics"));
        QCOMPARE(held.count(QStringLiteral("lockscope_hold_age_seconds")), 2); // --top 2
        // --alert held>1ms:resource=cart:*: one alert per held lock, under the rule's text.
        QTRY_COMPARE_WITH_TIMEOUT(get(QStringLiteral("/metrics"))
                                      .sum(QStringLiteral("lockscope_alerts_firing"),
                                           QStringLiteral("rule=\"held>1ms:resource=cart:*\"")),
                                  4.0, 15000);
        QVERIFY(held.sum(QStringLiteral("lockscope_oldest_hold_age_seconds"),
                         QStringLiteral("backend=\"redis\"")) >= 0);

        // Half of them go: the numbers follow.
        QCOMPARE(redis->release(*r1), LockStrategy::ReleaseResult::Released);
        QCOMPARE(zk->release(*z1), LockStrategy::ReleaseResult::Released);
        QTRY_VERIFY_WITH_TIMEOUT((exported = isolated(heldCounts(get(QStringLiteral("/metrics")))),
                                  totals(exported, QStringLiteral("redis/")) == 1 &&
                                      totals(exported, QStringLiteral("zookeeper/")) == 0),
                                 15000);
        QCOMPARE(exported, isolated(listCounts()));

        redis->release(*r2);
        lease->release(*l1);
        QTRY_VERIFY_WITH_TIMEOUT(isolated(heldCounts(get(QStringLiteral("/metrics")))).isEmpty(),
                                 15000);
        QVERIFY(isolated(listCounts()).isEmpty());
        // The alerts resolved: the rule's series stays, at 0.
        QTRY_COMPARE_WITH_TIMEOUT(
            get(QStringLiteral("/metrics")).count(QStringLiteral("lockscope_alerts_firing")), 1,
            15000);
        QTRY_COMPARE_WITH_TIMEOUT(get(QStringLiteral("/metrics"))
                                      .sum(QStringLiteral("lockscope_alerts_firing"), QString()),
                                  0.0, 15000);
        // The ended holds are in the histogram (HoldTracker): two Redis holds, one ZooKeeper,
        // one lease, each at least as long as the test held it.
        const Scrape after = get(QStringLiteral("/metrics"));
        QCOMPARE(after.sum(QStringLiteral("lockscope_hold_duration_seconds_count"),
                           QStringLiteral("backend=\"redis\"")),
                 2.0);
        QCOMPARE(after.sum(QStringLiteral("lockscope_hold_duration_seconds_count"),
                           QStringLiteral("backend=\"zookeeper\"")),
                 1.0);
        QCOMPARE(after.sum(QStringLiteral("lockscope_hold_duration_seconds_count"),
                           QStringLiteral("kind=\"lease\"")),
                 1.0);
        QVERIFY(after.sum(QStringLiteral("lockscope_hold_duration_seconds_sum"),
                          QStringLiteral("backend=\"redis\"")) > 0);
        QVERIFY(after.sum(QStringLiteral("lockscope_holds_ended_total"),
                          QStringLiteral("backend=\"redis\"")) >= 2);
    }

    /// Headers over 8 KiB are refused however they arrive: in one write, with their end in the
    /// same read (the size was only checked while the end had not arrived).
    void oversizedHeadersRefused() {
        auto request = [](qsizetype headerBytes) {
            return "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " +
                   QByteArray(headerBytes, 'a') + "\r\n\r\n";
        };
        // Within the limit: served.
        QVERIFY(rawRequest(request(6 * 1024)).startsWith("HTTP/1.1 200 "));
        // Just over it, in one write (one read on loopback): 431.
        const QByteArray over = rawRequest(request(9 * 1024));
        QVERIFY2(over.startsWith("HTTP/1.1 431 "), over.left(80).constData());
        // 100 KB in one write: never served (431, or the connection reset after it).
        const QByteArray huge = rawRequest(request(100 * 1024));
        QVERIFY2(!huge.startsWith("HTTP/1.1 200"), huge.left(80).constData());
        QVERIFY2(huge.isEmpty() || huge.startsWith("HTTP/1.1 431 "), huge.left(80).constData());
        // The exporter still serves.
        QCOMPARE(get(QStringLiteral("/metrics")).status, 200);
    }

    /// --listen takes a literal IP address and a port of digits only: anything else is a bad
    /// argument (exit code 2), before anything listens.
    void listenRefusals() {
        for (const char* bad :
             {"2130706433:9464", "127.1:9464",      "0x7f.0.0.1:9464",  "127.0.0.01:9464",
              "localhost:9464",  "127.0.0.1:+9464", "127.0.0.1: 9464",  "127.0.0.1:9464 ",
              " 127.0.0.1:9464", "127.0.0.1:-1",    "127.0.0.1:65536",  "127.0.0.1:",
              "127.0.0.1",       "::1:9464",        "[127.0.0.1]:9464", "[::1]9464",
              "[::1]:0x10",      "256.0.0.1:9464",  "127.0.0.1:9464:1", "127.0.0.1:9464\n"}) {
            // One that is wrongly accepted serves until killed: given 10 s, then a failure.
            QProcess cli;
            cli.start(qEnvironmentVariable("LOCKSCOPE_CLI"),
                      QStringList{QStringLiteral("exporter"), QStringLiteral("--listen"),
                                  QString::fromLatin1(bad)} +
                          monitorArgs());
            QVERIFY(cli.waitForStarted(5000));
            if (!cli.waitForFinished(10000)) {
                cli.kill();
                cli.waitForFinished(5000);
                QFAIL(qPrintable(
                    QStringLiteral("--listen '%1' was accepted").arg(QString::fromLatin1(bad))));
            }
            const QByteArray err = cli.readAllStandardError();
            QCOMPARE_EQ(cli.exitCode(), 2);
            QVERIFY2(err.contains("--listen"), err.constData());
        }
    }

    /// A loopback address is served quietly; another one (here 0.0.0.0) with a warning on stderr,
    /// not an error: it serves.
    void nonLoopbackWarns() {
        QProcess loopback;
        QVERIFY(startExporter(&loopback, {QStringLiteral("exporter"), QStringLiteral("--listen"),
                                          QStringLiteral("127.0.0.1:0")}) != 0);
        loopback.terminate();
        QVERIFY(loopback.waitForFinished(15000));
        QVERIFY(!loopback.readAllStandardError().contains("warning"));

        QProcess any;
        const quint16 port =
            startExporter(&any, {QStringLiteral("exporter"), QStringLiteral("--listen"),
                                 QStringLiteral("0.0.0.0:0"), QStringLiteral("--backend"),
                                 QStringLiteral("redis")});
        QVERIFY(port != 0);
        any.terminate(); // not left open to the network longer than needed
        QVERIFY(any.waitForFinished(15000));
        QCOMPARE(any.exitCode(), 0);
        const QByteArray err = any.readAllStandardError();
        QVERIFY2(err.contains("warning: --listen 0.0.0.0:0 is not a loopback address"),
                 err.constData());
        QVERIFY(err.contains("without authentication"));
    }

    /// Two lock keys whose shown text is the same (cut at 200 characters) are two series of
    /// lockscope_hold_age_seconds: each resource label ends with a fingerprint of its exact name.
    void longResourcesAreDistinctSeries() {
        // An exporter of its own on Redis only, so no other test's PostgreSQL lock takes a place
        // in its --top.
        QProcess exporter;
        const quint16 port = startExporter(
            &exporter,
            {QStringLiteral("exporter"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
             QStringLiteral("--interval-ms"), QStringLiteral("200"), QStringLiteral("--backend"),
             QStringLiteral("redis"), QStringLiteral("--top"), QStringLiteral("10")});
        QVERIFY(port != 0);
        const auto stop = qScopeGuard([&] {
            exporter.terminate();
            exporter.waitForFinished(15000);
        });
        RedisClient redis(m_config.redis);
        const std::string prefix = m_config.ns + ":lock:" + std::string(300, 'k');
        const std::string keyA = prefix + "A";
        const std::string keyB = prefix + "B";
        const auto cleanup = qScopeGuard([&] { redis.command({"DEL", keyA, keyB}); });
        QVERIFY(redis.command({"SET", keyA, "a", "PX", "60000"}).isOk());
        QVERIFY(redis.command({"SET", keyB, "b", "PX", "60000"}).isOk());

        QStringList series;
        auto longSeries = [&] {
            series.clear();
            const Scrape s = get(QStringLiteral("/metrics"), port);
            for (auto it = s.samples.cbegin(); it != s.samples.cend(); ++it)
                if (it.key().startsWith(u"lockscope_hold_age_seconds{") &&
                    it.key().contains(QString(150, u'k')))
                    series << it.key();
            return series.size();
        };
        QTRY_COMPARE_WITH_TIMEOUT(longSeries(), 2, 15000);
        // Distinct label sets (QMap keys are unique: also check the raw text has no duplicate).
        QVERIFY(series.at(0) != series.at(1));
        const QByteArray body = get(QStringLiteral("/metrics"), port).body;
        for (const QString& one : series)
            QCOMPARE(body.count(one.toUtf8() + ' '), 1);
        const QRegularExpression fingerprinted(
            QStringLiteral("resource=\"[^\"]* #[0-9a-f]{8}\"\\}"));
        for (const QString& one : series) {
            QVERIFY2(fingerprinted.match(one).hasMatch(), qPrintable(one));
            QVERIFY(one.size() < 400); // still bounded
        }
    }
};

QTEST_GUILESS_MAIN(TestExporter)
#include "tst_exporter.moc"
