// LockMetrics (the exporter's text) from constructed snapshots: no I/O, no servers.
#include "core/backends/backendregistry.h"
#include "core/backends/lockbackend.h"
#include "core/metrics/lockmetrics.h"

#include <QRegularExpression>
#include <QSet>
#include <QtTest>

using namespace lockscope;

namespace {

LockEntry redisLock(const QString& resource, int64_t acquiredAtMs,
                    const QString& logical = QString()) {
    LockEntry e;
    e.backend = Backend::Redis;
    e.kind = BackendRegistry::of(Backend::Redis).kinds().front();
    e.resource = resource;
    e.logicalResource = logical;
    e.acquiredAtMs = acquiredAtMs;
    return e;
}

/// The lines of text whose sample is name (with or without labels).
QStringList samples(const QByteArray& text, const QString& name) {
    QStringList out;
    for (const QByteArray& raw : text.split('\n')) {
        const QString line = QString::fromUtf8(raw);
        if (line.startsWith(name + u'{') || line.startsWith(name + u' '))
            out << line;
    }
    return out;
}

/// The resource label of a lockscope_hold_age_seconds line, still escaped. (No raw string
/// literal here: moc does not parse this file's class after one with quotes inside.)
QString resourceOf(const QString& line) {
    static const QRegularExpression re(QStringLiteral("resource=\"((?:[^\"\\\\]|\\\\.)*)\"\\}"));
    return re.match(line).captured(1);
}

} // namespace

class TestLockMetrics : public QObject {
    Q_OBJECT

private slots:
    /// A backend that is down has no scan duration (its failed attempt took microseconds and
    /// would read as a fast scan); one that answered keeps its sample.
    void scanDurationAbsentWhileDown() {
        LockMetrics metrics({{Backend::Redis, Backend::Postgres}, 10});
        Snapshot snap;
        snap.takenAtMs = 1'000'000;
        snap.backendMs.insert(Backend::Redis, 0.0015);
        snap.backendMs.insert(Backend::Postgres, 12.5);
        snap.backendErrors.insert(Backend::Redis, QStringLiteral("connection refused"));
        snap.unknownSinceMs.insert(Backend::Redis, 990'000);
        metrics.observe(snap);
        const QByteArray text = metrics.render(snap.takenAtMs);
        QVERIFY(text.contains("lockscope_up{backend=\"redis\"} 0\n"));
        QVERIFY(text.contains("lockscope_up{backend=\"postgres\"} 1\n"));
        QCOMPARE(samples(text, QStringLiteral("lockscope_scan_duration_seconds")),
                 QStringList{QStringLiteral(
                     "lockscope_scan_duration_seconds{backend=\"postgres\"} 0.0125")});
        QVERIFY(text.contains("# TYPE lockscope_scan_duration_seconds gauge\n"));

        // Back up: the sample is back.
        snap.backendErrors.clear();
        snap.unknownSinceMs.clear();
        snap.backendMs.insert(Backend::Redis, 3.0);
        metrics.observe(snap);
        QCOMPARE(samples(metrics.render(snap.takenAtMs),
                         QStringLiteral("lockscope_scan_duration_seconds{backend=\"redis\"}")),
                 QStringList{
                     QStringLiteral("lockscope_scan_duration_seconds{backend=\"redis\"} 0.003")});
    }

    /// Resource labels are unique per hold: names cut at 200 characters, escaped names, names
    /// that end like a fingerprint and two holds of one logical name are all told apart.
    void resourceLabelsUnique() {
        const QString base(300, u'k');
        const QString a = base + u'A';
        const QString b = base + u'B';
        LockMetrics metrics({{Backend::Redis}, 10});
        Snapshot snap;
        snap.takenAtMs = 1'000'000;
        snap.locks = {redisLock(a, 1000),
                      redisLock(b, 2000),
                      redisLock(QStringLiteral("cart:1"), 3000),
                      redisLock(QStringLiteral("evil\nline"), 4000),
                      redisLock(QStringLiteral("x #0123abcd"), 5000),
                      redisLock(QStringLiteral("p1"), 6000, QStringLiteral("same")),
                      redisLock(QStringLiteral("p2"), 7000, QStringLiteral("same"))};
        snap.sort();
        metrics.observe(snap);
        const QByteArray text = metrics.render(snap.takenAtMs);
        const QStringList lines = samples(text, QStringLiteral("lockscope_hold_age_seconds"));
        QCOMPARE(lines.size(), 7);
        QSet<QString> labelSets;
        QStringList resources;
        for (const QString& line : lines) {
            labelSets.insert(line.left(line.lastIndexOf(u' ')));
            resources << resourceOf(line);
        }
        QCOMPARE(labelSets.size(), 7); // no duplicate series
        // Every hold has its own resource label, none of them empty.
        QCOMPARE(QSet<QString>(resources.begin(), resources.end()).size(), 7);
        const QRegularExpression fp(QStringLiteral(" #[0-9a-f]{8}$"));
        // The long ones: cut, then a fingerprint of the exact name; the same shown prefix.
        for (const QString& r : {resources.at(0), resources.at(1)}) {
            QVERIFY2(fp.match(r).hasMatch(), qPrintable(r));
            QVERIFY2(r.size() <= 240, qPrintable(r.right(60))); // 200, "…[+N chars]", " #..."
            QVERIFY(r.startsWith(QString(150, u'k')));
        }
        const QString expectA =
            QStringLiteral(" #") +
            QString::fromLatin1(
                QCryptographicHash::hash(a.toUtf8(), QCryptographicHash::Sha256).toHex().left(8));
        QVERIFY(resources.at(0).endsWith(expectA));
        // An exact, short name stays as it is.
        QCOMPARE(resources.at(2), QStringLiteral("cart:1"));
        // Escaped: no raw line feed in the text, and fingerprinted.
        QVERIFY(!resources.at(3).contains(u'\n'));
        QVERIFY(fp.match(resources.at(3)).hasMatch());
        for (const QByteArray& raw : text.split('\n'))
            QVERIFY2(raw.isEmpty() || raw.startsWith('#') || raw.startsWith("lockscope_"),
                     raw.constData());
        // A name that already ends like a fingerprint gets one of its own.
        QVERIFY(resources.at(4).startsWith(QStringLiteral("x #0123abcd #")));
        // Two physical locks of one logical name: the second is told apart.
        QCOMPARE(resources.at(5), QStringLiteral("same"));
        QVERIFY(resources.at(6).startsWith(QStringLiteral("same #")));
    }
};

QTEST_GUILESS_MAIN(TestLockMetrics)
#include "tst_lockmetrics.moc"
