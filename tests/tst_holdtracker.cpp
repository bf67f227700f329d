#include "core/backends/redis/rediskinds.h"
#include "core/history/holdtracker.h"

#include <QTest>

using namespace lockscope;

namespace {

constexpr int64_t kT0 = 1'700'000'000'000;

LockEntry lock(const QString& resource, const QString& holder, int64_t seenAt,
               std::optional<int64_t> leaseMs = std::nullopt, QStringList waiters = {}) {
    LockEntry e;
    e.backend = Backend::Redis;
    e.kind = rediskinds::kKey;
    e.resource = resource;
    e.holder = holder;
    e.observedAtMs = seenAt;
    e.leaseMs = leaseMs;
    e.waiters = std::move(waiters);
    return e;
}

Snapshot snapshot(int64_t at, std::vector<LockEntry> locks) {
    Snapshot s;
    s.takenAtMs = at;
    s.answeredAtMs[Backend::Redis] = at;
    s.locks = std::move(locks);
    s.sort();
    return s;
}

} // namespace

/// HoldTracker: the monitor's snapshots as holds, waits and outages (core/history).
class TestHoldTracker : public QObject {
    Q_OBJECT
private slots:
    void holdStartsAndIsReleased() {
        HoldTracker t;
        auto c = t.observe(snapshot(kT0, {lock(QStringLiteral("a"), QStringLiteral("h1"), kT0)}));
        QCOMPARE(c.holdsStarted.size(), size_t(1));
        QCOMPARE(c.holdsStarted[0].startMs, kT0);
        QVERIFY(c.holdsStarted[0].isOpen());
        // Seen again: nothing new.
        c = t.observe(
            snapshot(kT0 + 500, {lock(QStringLiteral("a"), QStringLiteral("h1"), kT0 + 500)}));
        QVERIFY(c.empty());
        c = t.observe(snapshot(kT0 + 1000, {}));
        QCOMPARE(c.holdsEnded.size(), size_t(1));
        QCOMPARE(c.holdsEnded[0].end, HoldEnd::Released);
        QCOMPARE(c.holdsEnded[0].endMs, kT0 + 1000);
        QCOMPARE(c.holdsEnded[0].durationMs(0), int64_t(1000));
        QVERIFY(t.openHolds().isEmpty());
    }

    void serverAcquisitionTimeIsTheStart() {
        HoldTracker t;
        LockEntry e = lock(QStringLiteral("a"), QStringLiteral("h1"), kT0);
        e.acquiredAtMs = kT0 - 60'000;
        auto c = t.observe(snapshot(kT0, {e}));
        QCOMPARE(c.holdsStarted[0].startMs, kT0 - 60'000);
        // An acquisition time in the future of the observation (another clock) is not trusted.
        HoldTracker t2;
        e.acquiredAtMs = kT0 + 5000;
        c = t2.observe(snapshot(kT0, {e}));
        QCOMPARE(c.holdsStarted[0].startMs, kT0);
    }

    void aWaiterHoldsFromWhenItTookTheLock() {
        // ZooKeeper: the server's time for the new holder is its node's ctime, when it began
        // to wait; it cannot have held the lock while the previous answer showed another holder.
        HoldTracker t;
        LockEntry first =
            lock(QStringLiteral("a"), QStringLiteral("h1"), kT0, {}, {QStringLiteral("w1")});
        first.acquiredAtMs = kT0 - 100;
        t.observe(snapshot(kT0, {first}));
        LockEntry next = lock(QStringLiteral("a"), QStringLiteral("w1"), kT0 + 1000);
        next.acquiredAtMs = kT0 - 50;
        auto c = t.observe(snapshot(kT0 + 1000, {next}));
        QCOMPARE(c.holdsStarted.size(), size_t(1));
        QCOMPARE(c.holdsStarted[0].startMs, kT0);
        QCOMPARE(c.holdsEnded[0].startMs, kT0 - 100); // the first one: held when tracking began
        // A lock taken after the previous answer, with a trustworthy time, keeps it.
        LockEntry other = lock(QStringLiteral("b"), QStringLiteral("h2"), kT0 + 2000);
        other.acquiredAtMs = kT0 + 1500;
        c = t.observe(snapshot(kT0 + 2000, {next, other}));
        QCOMPARE(c.holdsStarted.size(), size_t(1));
        QCOMPARE(c.holdsStarted[0].startMs, kT0 + 1500);
    }

    void newHolderEndsThePreviousHold() {
        HoldTracker t;
        t.observe(snapshot(kT0, {lock(QStringLiteral("a"), QStringLiteral("h1"), kT0)}));
        auto c = t.observe(
            snapshot(kT0 + 300, {lock(QStringLiteral("a"), QStringLiteral("h2"), kT0 + 300)}));
        QCOMPARE(c.holdsEnded.size(), size_t(1));
        QCOMPARE(c.holdsEnded[0].holder, QStringLiteral("h1"));
        QCOMPARE(c.holdsEnded[0].end, HoldEnd::Released);
        QCOMPARE(c.holdsStarted.size(), size_t(1));
        QCOMPARE(c.holdsStarted[0].holder, QStringLiteral("h2"));
        QCOMPARE(t.openHolds().size(), 1);
    }

    void goneAfterItsDeadlineExpired() {
        HoldTracker t;
        t.observe(snapshot(kT0, {lock(QStringLiteral("a"), QStringLiteral("h1"), kT0, 1000)}));
        auto c = t.observe(snapshot(kT0 + 1400, {}));
        QCOMPARE(c.holdsEnded.size(), size_t(1));
        QCOMPARE(c.holdsEnded[0].end, HoldEnd::Expired);
        QCOMPARE(c.holdsEnded[0].endMs, kT0 + 1000); // at the deadline, not when seen gone
        // Renewed: the later deadline counts, so going before it is a release.
        HoldTracker r;
        r.observe(snapshot(kT0, {lock(QStringLiteral("a"), QStringLiteral("h1"), kT0, 1000)}));
        r.observe(snapshot(kT0 + 800,
                           {lock(QStringLiteral("a"), QStringLiteral("h1"), kT0 + 800, 1000)}));
        c = r.observe(snapshot(kT0 + 1400, {}));
        QCOMPARE(c.holdsEnded[0].end, HoldEnd::Released);
    }

    void orphanedAndForceReleased() {
        HoldTracker t;
        LockEntry dead = lock(QStringLiteral("a"), QStringLiteral("h1"), kT0);
        dead.flags |= LockFlag::Orphaned;
        LockEntry forced = lock(QStringLiteral("b"), QStringLiteral("h2"), kT0);
        t.observe(snapshot(kT0, {dead, forced}));
        t.noteForceRelease(forced.id(), QStringLiteral("h2"));
        auto c = t.observe(snapshot(kT0 + 500, {}));
        QCOMPARE(c.holdsEnded.size(), size_t(2));
        for (const HoldRecord& h : c.holdsEnded)
            QCOMPARE(h.end, h.holder == u"h1" ? HoldEnd::HolderDied : HoldEnd::ForceReleased);
        // A force release noted for another holder does not mark this one.
        HoldTracker u;
        u.observe(snapshot(kT0, {forced}));
        u.noteForceRelease(forced.id(), QStringLiteral("someone else"));
        c = u.observe(snapshot(kT0 + 500, {}));
        QCOMPARE(c.holdsEnded[0].end, HoldEnd::Released);
    }

    void waitsStartAndEnd() {
        HoldTracker t;
        t.observe(snapshot(kT0, {lock(QStringLiteral("a"), QStringLiteral("h1"), kT0, {},
                                      {QStringLiteral("w1"), QStringLiteral("w2")})}));
        QCOMPARE(t.openWaits().size(), 2);
        QCOMPARE(t.openHolds().begin()->maxWaiters, 2);
        // w1 takes over; w2 still waits.
        auto c = t.observe(snapshot(kT0 + 700, {lock(QStringLiteral("a"), QStringLiteral("w1"),
                                                     kT0 + 700, {}, {QStringLiteral("w2")})}));
        QCOMPARE(c.waitsEnded.size(), size_t(1));
        QCOMPARE(c.waitsEnded[0].waiter, QStringLiteral("w1"));
        QVERIFY(c.waitsEnded[0].acquired);
        QCOMPARE(c.waitsEnded[0].endMs - c.waitsEnded[0].startMs, int64_t(700));
        c = t.observe(snapshot(kT0 + 900, {}));
        QCOMPARE(c.waitsEnded.size(), size_t(1));
        QVERIFY(!c.waitsEnded[0].acquired);
        QVERIFY(t.openWaits().isEmpty());
    }

    void outageKeepsHoldsOpenAndEndsThemUnobserved() {
        HoldTracker t;
        t.observe(snapshot(kT0, {lock(QStringLiteral("a"), QStringLiteral("h1"), kT0),
                                 lock(QStringLiteral("b"), QStringLiteral("h2"), kT0, 3000)}));
        // Down: the snapshot carries the last known entries.
        Snapshot down =
            snapshot(kT0 + 1000, {lock(QStringLiteral("a"), QStringLiteral("h1"), kT0),
                                  lock(QStringLiteral("b"), QStringLiteral("h2"), kT0, 3000)});
        down.backendErrors[Backend::Redis] = QStringLiteral("connection refused");
        down.unknownSinceMs[Backend::Redis] = kT0 + 400;
        down.answeredAtMs[Backend::Redis] = kT0;
        auto c = t.observe(down);
        QCOMPARE(c.outagesStarted.size(), size_t(1));
        QCOMPARE(c.outagesStarted[0].startMs, kT0 + 400);
        QCOMPARE(c.outagesStarted[0].error, QStringLiteral("connection refused"));
        QVERIFY(c.holdsEnded.empty());
        // Still down, now with no entries at all: still nothing ends.
        Snapshot still = down;
        still.takenAtMs = kT0 + 2000;
        c = t.observe(still);
        QVERIFY(c.empty());
        // Back, both gone: b's deadline fell in the outage (expired), a's end is unknown.
        c = t.observe(snapshot(kT0 + 5000, {}));
        QCOMPARE(c.outagesEnded.size(), size_t(1));
        QCOMPARE(c.outagesEnded[0].endMs, kT0 + 5000);
        QCOMPARE(c.holdsEnded.size(), size_t(2));
        for (const HoldRecord& h : c.holdsEnded) {
            if (h.holder == u"h1") {
                QCOMPARE(h.end, HoldEnd::Unobserved);
                QCOMPARE(h.endMs, kT0 + 400);
            } else {
                QCOMPARE(h.end, HoldEnd::Expired);
                QCOMPARE(h.endMs, kT0 + 3000);
            }
        }
        QVERIFY(t.openOutages().isEmpty());
    }

    void namesRoundTrip() {
        for (HoldEnd e : {HoldEnd::Open, HoldEnd::Released, HoldEnd::Expired,
                          HoldEnd::ForceReleased, HoldEnd::HolderDied, HoldEnd::Unobserved})
            QCOMPARE(holdEndFromName(holdEndName(e)), std::optional<HoldEnd>(e));
        QVERIFY(!holdEndFromName(QStringLiteral("gone")));
        HoldRecord h;
        h.startMs = 10;
        h.endMs = 25;
        h.end = HoldEnd::Expired;
        QCOMPARE(h.toJson().value(QStringLiteral("duration_ms")).toInteger(), 15);
        QCOMPARE(h.toJson().value(QStringLiteral("ended")).toString(), QStringLiteral("expired"));
    }
};

QTEST_GUILESS_MAIN(TestHoldTracker)
#include "tst_holdtracker.moc"
