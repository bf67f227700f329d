#include "core/alerts/alertactionrunner.h"
#include "core/alerts/alertengine.h"
#include "core/alerts/alertrule.h"
#include "core/alerts/alertsettings.h"
#include "core/backends/postgres/postgreskinds.h"
#include "core/backends/redis/rediskinds.h"
#include "core/backends/zookeeper/zookeeperkinds.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <csignal>
#include <pthread.h>

using namespace lockscope;

namespace {

constexpr int64_t kT0 = 1'700'000'000'000; // a wall clock, ms

/// A lock as a scanner reports it at nowMs; leaseMs = what is left then.
LockEntry lock(const QString& resource, int64_t nowMs, std::optional<int64_t> leaseMs = {},
               LockKind kind = rediskinds::kKey) {
    LockEntry e;
    e.backend = kind.backend();
    e.kind = kind;
    e.resource = resource;
    e.holder = QStringLiteral("w1");
    e.leaseMs = leaseMs;
    e.observedAtMs = nowMs;
    return e;
}

Snapshot snap(std::vector<LockEntry> locks, int64_t nowMs) {
    Snapshot s;
    s.locks = std::move(locks);
    s.takenAtMs = nowMs;
    s.sort();
    return s;
}

AlertRule rule(const char* text) {
    QString error;
    const auto r = AlertRule::parse(QLatin1String(text), &error);
    if (!r)
        qFatal("rule %s: %s", text, qPrintable(error));
    return *r;
}

int count(const std::vector<AlertEvent>& events, AlertEvent::Type t) {
    return int(std::count_if(events.begin(), events.end(),
                             [t](const AlertEvent& e) { return e.type == t; }));
}

} // namespace

/// Alert rules (text and JSON), the engine over constructed snapshots (time passed in), the
/// settings and the command runner.
class TestAlerts : public QObject {
    Q_OBJECT
private slots:
    void parsesGoodRules_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("canonical");
        QTest::addColumn<qint64>("thresholdMs");
        QTest::newRow("held") << "held>5m"
                              << "held>5m" << qint64(300000);
        QTest::newRow("held seconds as minutes") << "held>120s"
                                                 << "held>2m" << qint64(120000);
        QTest::newRow("held ms") << "held>1500ms"
                                 << "held>1500ms" << qint64(1500);
        QTest::newRow("kind") << "held>30s:kind=redis-key"
                              << "held>30s:kind=redis-key" << qint64(30000);
        QTest::newRow("glob with colon") << "held>1m:resource=cart:*"
                                         << "held>1m:resource=cart:*" << qint64(60000);
        QTest::newRow("options, spaces") << " held>1m:backend= redis :resource=a:* "
                                         << "held>1m:backend=redis:resource=a:*" << qint64(60000);
        QTest::newRow("glob takes the rest") << "held>1m:resource=a:b=c:kind=x"
                                             << "held>1m:resource=a:b=c:kind=x" << qint64(60000);
        QTest::newRow("30 days") << "held>720h"
                                 << "held>720h" << qint64(2592000000);
        QTest::newRow("not-renewed") << "not-renewed"
                                     << "not-renewed" << qint64(0);
        QTest::newRow("not-renewed below") << "not-renewed:below=25%"
                                           << "not-renewed:below=25%" << qint64(0);
        QTest::newRow("not-renewed grace") << "not-renewed>2s"
                                           << "not-renewed>2s" << qint64(2000);
        QTest::newRow("no-expiry") << "no-expiry>1m"
                                   << "no-expiry>1m" << qint64(60000);
        QTest::newRow("blocking") << "blocking>10s"
                                  << "blocking>10s" << qint64(10000);
        QTest::newRow("orphaned") << "orphaned"
                                  << "orphaned" << qint64(0);
        QTest::newRow("down") << "down>30s"
                              << "down>30s" << qint64(30000);
        QTest::newRow("down backend") << "down>30s:backend=postgres"
                                      << "down>30s:backend=postgres" << qint64(30000);
    }
    void parsesGoodRules() {
        QFETCH(QString, text);
        QFETCH(QString, canonical);
        QFETCH(qint64, thresholdMs);
        QString error;
        const auto r = AlertRule::parse(text, &error);
        QVERIFY2(r, qPrintable(error));
        QCOMPARE(r->toText(), canonical);
        QCOMPARE(qint64(r->threshold.count()), thresholdMs);
        // The text and the JSON forms give the same rule back.
        QCOMPARE(AlertRule::parse(r->toText()), r);
        QCOMPARE(AlertRule::fromJson(r->toJson()), r);
    }

    void refusesBadRules_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("errorPart");
        QTest::newRow("empty") << ""
                               << "empty rule";
        QTest::newRow("unknown type") << "helt>5m"
                                      << "unknown rule 'helt'";
        QTest::newRow("held without duration") << "held"
                                               << "needs a duration";
        QTest::newRow("bad unit") << "held>5x"
                                  << "bad duration '5x'";
        QTest::newRow("bare number") << "held>5"
                                     << "bad duration '5'";
        QTest::newRow("negative") << "held>-5s"
                                  << "bad duration";
        QTest::newRow("unknown kind") << "held>5s:kind=redis-hash"
                                      << "unknown lock kind";
        QTest::newRow("unknown backend") << "down>5s:backend=mysql"
                                         << "unknown backend 'mysql'";
        QTest::newRow("unknown option") << "held>5s:color=red"
                                        << "unknown option 'color'";
        QTest::newRow("empty value") << "held>5s:kind="
                                     << "needs a value";
        QTest::newRow("down with resource") << "down>5s:resource=x"
                                            << "takes backend=";
        QTest::newRow("below elsewhere") << "held>5s:below=20%"
                                         << "not-renewed only";
        QTest::newRow("below range") << "not-renewed:below=150%"
                                     << "1% to 99%";
        QTest::newRow("kind of another backend") << "held>5s:backend=postgres:kind=redis-key"
                                                 << "is a redis kind";
        QTest::newRow("too long") << "held>721h"
                                  << "bad duration";
        QTest::newRow("option without =") << "held>5s:kind"
                                          << "bad option";
    }
    void refusesBadRules() {
        QFETCH(QString, text);
        QFETCH(QString, errorPart);
        QString error;
        QVERIFY(!AlertRule::parse(text, &error));
        QVERIFY2(error.contains(errorPart), qPrintable(error));
    }

    void refusesBadJson() {
        QString error;
        QVERIFY(!AlertRule::fromJson(QJsonObject{{"type", "held"}}, &error));
        QVERIFY2(error.contains("needs a duration"), qPrintable(error));
        QVERIFY(!AlertRule::fromJson(QJsonObject{{"type", "nope"}}, &error));
        QVERIFY(!AlertRule::fromJson(QJsonObject{{"type", "held"}, {"threshold_ms", "x"}}, &error));
        QVERIFY(!AlertRule::fromJson(
            QJsonObject{{"type", "held"}, {"threshold_ms", 5}, {"kind", 3}}, &error));
        QVERIFY2(error.contains("kind: not a string"), qPrintable(error));
        const auto off =
            AlertRule::fromJson(QJsonObject{{"type", "orphaned"}, {"enabled", false}}, &error);
        QVERIFY(off && !off->enabled);
    }

    void filters() {
        const AlertRule byKind = rule("held>1s:kind=redis-key");
        const AlertRule byGlob = rule("held>1s:resource=cart:*");
        const AlertRule byBackend = rule("held>1s:backend=zookeeper");
        LockEntry cart = lock(QStringLiteral("lockscope:lock:{cart:42}"), kT0);
        cart.logicalResource = QStringLiteral("cart:42");
        const LockEntry pay = lock(QStringLiteral("pay:1"), kT0, {}, postgreskinds::kAdvisory);
        QVERIFY(byKind.matches(cart));
        QVERIFY(!byKind.matches(pay));
        QVERIFY(byGlob.matches(cart)); // logical
        QVERIFY(!byGlob.matches(pay));
        QVERIFY(!byBackend.matches(cart));
        QVERIFY(byBackend.matches(lock(QStringLiteral("/l/x"), kT0, {}, zookeeperkinds::kRecipe)));
    }

    void heldFiresOnceAndResolves() {
        AlertEngine engine({rule("held>5s")});
        const LockEntry a = lock(QStringLiteral("a"), kT0);
        QVERIFY(engine.feed(snap({a}, kT0), kT0).empty());
        QVERIFY(engine.feed(snap({a}, kT0 + 5000), kT0 + 5000).empty()); // not longer than 5 s
        auto ev = engine.feed(snap({a}, kT0 + 5001), kT0 + 5001);
        QCOMPARE(ev.size(), size_t(1));
        QCOMPARE(ev[0].type, AlertEvent::Type::Fired);
        QCOMPARE(ev[0].alert.sinceMs, kT0); // first seen: no acquiredAtMs
        QCOMPARE(ev[0].alert.firedAtMs, kT0 + 5001);
        QCOMPARE(ev[0].alert.lock->id(), a.id());
        QCOMPARE(ev[0].toJson().value("event").toString(), QStringLiteral("fired"));
        QCOMPARE(ev[0].toJson().value("rule").toString(), QStringLiteral("held>5s"));
        // Deduplicated: later snapshots keep it firing, without a new event.
        for (int i = 1; i <= 3; ++i)
            QVERIFY(engine.feed(snap({a}, kT0 + 5001 + i * 1000), kT0 + 5001 + i * 1000).empty());
        QCOMPARE(engine.firing().size(), 1);
        // Released: resolves by itself.
        ev = engine.feed(snap({}, kT0 + 10000), kT0 + 10000);
        QCOMPARE(ev.size(), size_t(1));
        QCOMPARE(ev[0].type, AlertEvent::Type::Resolved);
        QCOMPARE(ev[0].alert.resolvedAtMs, kT0 + 10000);
        QVERIFY(engine.firing().isEmpty());
        QCOMPARE(engine.recentlyResolved().size(), size_t(1));
    }

    void heldUsesAcquiredAt() {
        AlertEngine engine({rule("held>1m")});
        LockEntry a = lock(QStringLiteral("a"), kT0);
        a.acquiredAtMs = kT0 - 120000; // the server says: taken two minutes ago
        const auto ev = engine.feed(snap({a}, kT0), kT0);
        QCOMPARE(ev.size(), size_t(1));
        QCOMPARE(ev[0].alert.sinceMs, kT0 - 120000);
    }

    void heldPerKindAndPattern() {
        AlertEngine engine({rule("held>1s:kind=redis-key"), rule("held>1s:resource=cart:*")});
        LockEntry cart = lock(QStringLiteral("cart:1"), kT0, {}, postgreskinds::kAdvisory);
        LockEntry key = lock(QStringLiteral("other"), kT0);
        engine.feed(snap({cart, key}, kT0), kT0);
        const auto ev = engine.feed(snap({cart, key}, kT0 + 2000), kT0 + 2000);
        QCOMPARE(ev.size(), size_t(2));
        QSet<QString> ids;
        for (const auto& e : ev)
            ids.insert(e.alert.id);
        QVERIFY(ids.contains(QStringLiteral("held>1s:kind=redis-key|") + key.id()));
        QVERIFY(ids.contains(QStringLiteral("held>1s:resource=cart:*|") + cart.id()));
    }

    void noExpiry() {
        AlertEngine engine({rule("no-expiry>1s")});
        const LockEntry eternal = lock(QStringLiteral("eternal"), kT0);
        engine.feed(snap({eternal, lock(QStringLiteral("leased"), kT0, 30000)}, kT0), kT0);
        auto ev = engine.feed(
            snap({eternal, lock(QStringLiteral("leased"), kT0 + 1500, 28500)}, kT0 + 1500),
            kT0 + 1500);
        QCOMPARE(ev.size(), size_t(1)); // not the leased one
        QCOMPARE(ev[0].alert.lock->resource, QStringLiteral("eternal"));
        QVERIFY(engine.feed(snap({eternal}, kT0 + 2500), kT0 + 2500).empty());
        // Someone set a TTL on it: the condition clears.
        ev = engine.feed(snap({lock(QStringLiteral("eternal"), kT0 + 3000, 60000)}, kT0 + 3000),
                         kT0 + 3000);
        QCOMPARE(count(ev, AlertEvent::Type::Resolved), 1);
    }

    void blocking() {
        AlertEngine engine({rule("blocking>2s")});
        LockEntry a = lock(QStringLiteral("a"), kT0, {}, postgreskinds::kRow);
        QVERIFY(engine.feed(snap({a}, kT0), kT0).empty());
        a.waiters = QStringList{QStringLiteral("pid 2")};
        QVERIFY(engine.feed(snap({a}, kT0 + 1000), kT0 + 1000).empty()); // blocking since +1 s
        QVERIFY(engine.feed(snap({a}, kT0 + 3000), kT0 + 3000).empty()); // only 2 s
        auto ev = engine.feed(snap({a}, kT0 + 3001), kT0 + 3001);
        QCOMPARE(count(ev, AlertEvent::Type::Fired), 1);
        QCOMPARE(ev[0].alert.sinceMs, kT0 + 1000);
        QVERIFY(engine.feed(snap({a}, kT0 + 4000), kT0 + 4000).empty());
        a.waiters.clear(); // the waiter gave up: still held, no longer blocking
        ev = engine.feed(snap({a}, kT0 + 5000), kT0 + 5000);
        QCOMPARE(count(ev, AlertEvent::Type::Resolved), 1);
        QCOMPARE(engine.firing().size(), 0);
    }

    void orphaned() {
        AlertEngine engine({rule("orphaned")});
        LockEntry a = lock(QStringLiteral("a"), kT0);
        QVERIFY(engine.feed(snap({a}, kT0), kT0).empty());
        a.flags |= LockFlag::Orphaned;
        auto ev = engine.feed(snap({a}, kT0 + 1000), kT0 + 1000);
        QCOMPARE(count(ev, AlertEvent::Type::Fired), 1);
        QVERIFY(ev[0].alert.detail.contains("w1"));
        QVERIFY(engine.feed(snap({a}, kT0 + 2000), kT0 + 2000).empty());
        ev = engine.feed(snap({}, kT0 + 3000), kT0 + 3000); // someone released it
        QCOMPARE(count(ev, AlertEvent::Type::Resolved), 1);
    }

    void notRenewedPastDeadline() {
        AlertEngine engine({rule("not-renewed")});
        // A lease lock (PostgreSQL lease table): 3 s left, the holder stops renewing.
        const auto lease = [](int64_t now, int64_t left) {
            return lock(QStringLiteral("l"), now, left, postgreskinds::kLease);
        };
        QVERIFY(engine.feed(snap({lease(kT0, 3000)}, kT0), kT0).empty());
        QVERIFY(engine.feed(snap({lease(kT0 + 2000, 1000)}, kT0 + 2000), kT0 + 2000).empty());
        QVERIFY(engine.feed(snap({lease(kT0 + 3000, 0)}, kT0 + 3000), kT0 + 3000).empty());
        // Past the deadline and still there.
        auto ev = engine.feed(snap({lease(kT0 + 3500, 0)}, kT0 + 3500), kT0 + 3500);
        QCOMPARE(count(ev, AlertEvent::Type::Fired), 1);
        QCOMPARE(ev[0].alert.sinceMs, kT0 + 3000);
        QVERIFY(ev[0].alert.detail.contains("expired"));
        QVERIFY(engine.feed(snap({lease(kT0 + 4500, 0)}, kT0 + 4500), kT0 + 4500).empty());
        // Renewed (the deadline moved later): resolves.
        ev = engine.feed(snap({lease(kT0 + 5000, 10000)}, kT0 + 5000), kT0 + 5000);
        QCOMPARE(count(ev, AlertEvent::Type::Resolved), 1);
    }

    void notRenewedBelowThreshold() {
        AlertEngine engine({rule("not-renewed:below=25%")});
        const auto key = [](int64_t now, int64_t left) {
            return lock(QStringLiteral("k"), now, left);
        };
        // 10 s lease renewed at a third: 10 -> 7 -> renewed to 10 -> never below 2.5 s.
        QVERIFY(engine.feed(snap({key(kT0, 10000)}, kT0), kT0).empty());
        QVERIFY(engine.feed(snap({key(kT0 + 3000, 7000)}, kT0 + 3000), kT0 + 3000).empty());
        QVERIFY(engine.feed(snap({key(kT0 + 3500, 10000)}, kT0 + 3500), kT0 + 3500).empty());
        QVERIFY(engine.feed(snap({key(kT0 + 10000, 3500)}, kT0 + 10000), kT0 + 10000).empty());
        // No renewal since +3.5 s: at +11.5 s 2 s are left of 10 s (< 25%).
        auto ev = engine.feed(snap({key(kT0 + 11500, 2000)}, kT0 + 11500), kT0 + 11500);
        QCOMPARE(count(ev, AlertEvent::Type::Fired), 1);
        QCOMPARE(ev[0].alert.sinceMs, kT0 + 3500 + 10000 - 2500); // where it crossed 25%
        QVERIFY(ev[0].alert.detail.contains("left"));
        // The key expired on the server: gone, the alert resolves.
        ev = engine.feed(snap({}, kT0 + 14000), kT0 + 14000);
        QCOMPARE(count(ev, AlertEvent::Type::Resolved), 1);
    }

    void notRenewedIgnoresLocksWithoutLease() {
        AlertEngine engine({rule("not-renewed")});
        engine.feed(snap({lock(QStringLiteral("x"), kT0)}, kT0), kT0);
        QVERIFY(engine
                    .feed(snap({lock(QStringLiteral("x"), kT0 + 9000000)}, kT0 + 9000000),
                          kT0 + 9000000)
                    .empty());
    }

    void serverDown() {
        AlertEngine engine({rule("down>5s"), rule("held>1s")});
        const LockEntry a = lock(QStringLiteral("a"), kT0);
        engine.feed(snap({a}, kT0), kT0);
        QCOMPARE(engine.feed(snap({a}, kT0 + 2000), kT0 + 2000).size(), size_t(1)); // held
        // Redis down from +3 s: its lock is last known.
        auto down = [&](int64_t now) {
            Snapshot s = snap({a}, now);
            s.backendErrors.insert(Backend::Redis, QStringLiteral("connection refused"));
            s.unknownSinceMs.insert(Backend::Redis, kT0 + 3000);
            return s;
        };
        QVERIFY(engine.feed(down(kT0 + 4000), kT0 + 4000).empty());
        QVERIFY(engine.feed(down(kT0 + 8000), kT0 + 8000).empty()); // exactly 5 s
        auto ev = engine.feed(down(kT0 + 8001), kT0 + 8001);
        QCOMPARE(ev.size(), size_t(1));
        QCOMPARE(ev[0].alert.id, QStringLiteral("down>5s|redis"));
        QCOMPARE(ev[0].alert.sinceMs, kT0 + 3000);
        QVERIFY(ev[0].alert.detail.contains("connection refused"));
        QVERIFY(!ev[0].alert.lock);
        QCOMPARE(engine.firing().size(), 2); // the held alert of the last-known lock stays
        QVERIFY(engine.feed(down(kT0 + 9000), kT0 + 9000).empty());
        // Back, and the lock was released meanwhile: both resolve.
        ev = engine.feed(snap({}, kT0 + 10000), kT0 + 10000);
        QCOMPARE(count(ev, AlertEvent::Type::Resolved), 2);
        QVERIFY(engine.firing().isEmpty());
    }

    void lastKnownLocksNeitherFireNorResolve() {
        AlertEngine engine({rule("held>1s")});
        const LockEntry a = lock(QStringLiteral("a"), kT0);
        engine.feed(snap({a}, kT0), kT0);
        Snapshot s = snap({a}, kT0 + 5000);
        s.backendErrors.insert(Backend::Redis, QStringLiteral("timeout"));
        s.unknownSinceMs.insert(Backend::Redis, kT0 + 500);
        QVERIFY(engine.feed(s, kT0 + 5000).empty()); // not seen held for > 1 s: no alert
        const auto ev = engine.feed(snap({a}, kT0 + 6000), kT0 + 6000); // back, still there
        QCOMPARE(count(ev, AlertEvent::Type::Fired), 1);
        QCOMPARE(ev[0].alert.sinceMs, kT0); // held since first seen, across the outage
    }

    void disabledAndRemovedRules() {
        AlertRule off = rule("held>1s");
        off.enabled = false;
        AlertEngine engine({off});
        const LockEntry a = lock(QStringLiteral("a"), kT0);
        engine.feed(snap({a}, kT0), kT0);
        QVERIFY(engine.feed(snap({a}, kT0 + 3000), kT0 + 3000).empty());
        engine.setRules({rule("held>1s")});
        QCOMPARE(count(engine.feed(snap({a}, kT0 + 4000), kT0 + 4000), AlertEvent::Type::Fired), 1);
        engine.setRules({});
        QCOMPARE(count(engine.feed(snap({a}, kT0 + 5000), kT0 + 5000), AlertEvent::Type::Resolved),
                 1);
    }

    void settingsRoundTrip() {
        QTemporaryDir dir;
        QSettings settings(dir.filePath("s.ini"), QSettings::IniFormat);
        const AlertSettings fresh = AlertSettings::load(settings);
        QCOMPARE(fresh.rules.size(), AlertSettings::defaultRules().size());
        AlertSettings s;
        s.rules = {rule("held>30s:kind=redis-key"), rule("down>1m")};
        s.rules[1].enabled = false;
        s.command = QStringLiteral("notify-send lockscope");
        s.save(settings);
        const AlertSettings back = AlertSettings::load(settings);
        QCOMPARE(back.rules.size(), size_t(2));
        QCOMPARE(back.rules[0], s.rules[0]);
        QCOMPARE(back.rules[1], s.rules[1]);
        QCOMPARE(back.command, s.command);
        // A hand-edited file with one bad entry: the others load, the bad one is said.
        settings.setValue("alerts/rules",
                          R"([{"type":"held","threshold_ms":1000},{"type":"bogus"}])");
        const AlertSettings edited = AlertSettings::load(settings);
        QCOMPARE(edited.rules.size(), size_t(1));
        QCOMPARE(edited.problems.size(), 1);
        settings.setValue("alerts/rules", "not json");
        QVERIFY(AlertSettings::load(settings).rules.empty());
    }

    void runnerPassesJsonOnStdin() {
        QTemporaryDir dir;
        const QString out = dir.filePath("events.jsonl");
        AlertEngine engine({rule("held>1s")});
        engine.feed(snap({lock(QStringLiteral("a"), kT0)}, kT0), kT0);
        const auto fired =
            engine.feed(snap({lock(QStringLiteral("a"), kT0)}, kT0 + 2000), kT0 + 2000);
        QCOMPARE(fired.size(), size_t(1));
        {
            AlertActionRunner runner(QStringLiteral("cat >> '%1'; echo \"$LOCKSCOPE_ALERT_EVENT\" "
                                                    ">> '%1.env'")
                                         .arg(out));
            runner.post(fired[0]);
            QTRY_COMPARE_WITH_TIMEOUT(runner.completed(), 1, 10000);
        }
        QFile f(out);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonObject o = QJsonDocument::fromJson(f.readLine()).object();
        QCOMPARE(o.value("event").toString(), QStringLiteral("fired"));
        QCOMPARE(o.value("rule").toString(), QStringLiteral("held>1s"));
        QCOMPARE(o.value("lock").toObject().value("resource").toString(), QStringLiteral("a"));
        QFile env(out + ".env");
        QVERIFY(env.open(QIODevice::ReadOnly));
        QCOMPARE(env.readAll().trimmed(), QByteArray("fired"));
    }

    void runnerNeverLeavesAFiredAlertUnresolved() {
        QTemporaryDir dir;
        const QString started = dir.filePath(QStringLiteral("started"));
        const QString go = dir.filePath(QStringLiteral("go"));
        const QString out = dir.filePath(QStringLiteral("out"));
        // Each command waits for "go": the queue fills while the first one runs.
        AlertActionRunner runner(
            QStringLiteral("touch '%1'; while [ ! -f '%2' ]; do sleep 0.02; done; cat >> '%3'")
                .arg(started, go, out),
            std::chrono::seconds(60));
        auto event = [](const QString& id, AlertEvent::Type type) {
            AlertEvent e;
            e.type = type;
            e.alert.id = id;
            e.alert.rule = rule("orphaned");
            return e;
        };
        runner.post(event(QStringLiteral("running"), AlertEvent::Type::Fired));
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(started), 10000); // taken off the queue
        for (size_t i = 0; i < AlertActionRunner::kMaxQueued; ++i)
            runner.post(event(QStringLiteral("q%1").arg(i), AlertEvent::Type::Fired));
        // Full: a new alert is dropped, and so is its resolution (the command never heard of it).
        runner.post(event(QStringLiteral("dropped"), AlertEvent::Type::Fired));
        runner.post(event(QStringLiteral("dropped"), AlertEvent::Type::Resolved));
        // Resolved while its fired event still waits: neither is run.
        runner.post(event(QStringLiteral("q0"), AlertEvent::Type::Resolved));
        // The running one's resolution is queued though the queue is full.
        runner.post(event(QStringLiteral("running"), AlertEvent::Type::Resolved));
        QFile(go).open(QIODevice::WriteOnly);
        const int expected = 1 + int(AlertActionRunner::kMaxQueued) - 1 + 1;
        QTRY_COMPARE_WITH_TIMEOUT(runner.completed(), expected, 120000);
        QFile f(out);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QStringList seen;
        while (!f.atEnd()) {
            const QJsonObject o = QJsonDocument::fromJson(f.readLine()).object();
            seen << o.value("id").toString() + u'/' + o.value("event").toString();
        }
        QCOMPARE(seen.size(), expected);
        QCOMPARE(seen.first(), QStringLiteral("running/fired"));
        QCOMPARE(seen.last(), QStringLiteral("running/resolved"));
        QVERIFY(!seen.contains(QStringLiteral("q0/fired")));
        QVERIFY(seen.contains(QStringLiteral("q1/fired")));
        QVERIFY(!seen.join(u' ').contains(QStringLiteral("dropped")));
    }

    void runnerTimesOutAndFailsQuietly() {
        AlertEvent ev;
        ev.alert.rule = rule("orphaned");
        QElapsedTimer t;
        t.start();
        const auto slow = AlertActionRunner::runOnce(QStringLiteral("sleep 30"), ev,
                                                     std::chrono::milliseconds(300));
        QVERIFY(slow.started);
        QVERIFY(slow.timedOut);
        QVERIFY2(t.elapsed() < 5000, "the timeout killed it");
        const auto failing =
            AlertActionRunner::runOnce(QStringLiteral("exit 3"), ev, std::chrono::seconds(5));
        QCOMPARE(failing.exitCode, 3);
        QVERIFY(!failing.timedOut);
        // The command gets no blocked signals, even from a thread that blocks them (the CLI's
        // SignalWatcher blocks SIGINT and SIGTERM): `kill` and Ctrl+C reach it.
        {
            sigset_t term;
            ::sigemptyset(&term);
            ::sigaddset(&term, SIGTERM);
            sigset_t old;
            ::pthread_sigmask(SIG_BLOCK, &term, &old);
            QTemporaryDir dir;
            const QString mask = dir.filePath(QStringLiteral("mask"));
            const auto r = AlertActionRunner::runOnce(
                QStringLiteral("exec grep SigBlk /proc/self/status > '%1'").arg(mask), ev,
                std::chrono::seconds(5));
            ::pthread_sigmask(SIG_SETMASK, &old, nullptr);
            QCOMPARE(r.exitCode, 0);
            QFile f(mask);
            QVERIFY(f.open(QIODevice::ReadOnly));
            QCOMPARE(f.readAll().simplified(), QByteArray("SigBlk: 0000000000000000"));
        }
        // post() never waits for the command: a slow command does not hold up the caller.
        {
            AlertActionRunner runner(QStringLiteral("sleep 30"), std::chrono::seconds(60));
            t.restart();
            for (int i = 0; i < 5; ++i)
                runner.post(ev);
            QVERIFY(t.elapsed() < 1000);
            t.restart();
        } // ...and destroying it kills the running command and drops the queued ones
        QVERIFY2(t.elapsed() < 5000, "the runner's destructor did not wait for sleep 30");
    }
};

QTEST_GUILESS_MAIN(TestAlerts)
#include "tst_alerts.moc"
