#include "core/demo/demohistory.h"
#include "core/demo/historychecker.h"
#include "tests/support/testenv.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace lockscope;
using Check = HistoryChecker::Check;
using Status = HistoryChecker::Status;
using Kind = HistoryChecker::Kind;
using Outcome = PurchaseRecord::Outcome;
using W = PurchaseRecord::StockWrite;

namespace {

constexpr int kItem = 1001;

DemoHistory::Loaded history(const QString& strategy, bool fencing, int initial, int final) {
    DemoHistory::Loaded h;
    h.scenario =
        QJsonObject{{QStringLiteral("strategy"), strategy}, {QStringLiteral("fencing"), fencing}};
    h.initial[kItem] = initial;
    h.final[kItem] = final;
    return h;
}

/// A purchase under a lock held [locked, released] (us): read, write sent 20 us before the
/// release, answered 10 us before it, confirmed.
PurchaseRecord sale(int buyer, int64_t token, qint64 locked, qint64 released, int read,
                    int64_t order) {
    PurchaseRecord r;
    r.detailed = true;
    r.buyer = buyer;
    r.item = kItem;
    r.token = token;
    r.startUs = locked - 10;
    r.endUs = released + 10;
    r.lockedUs = locked;
    r.releasedUs = released;
    r.stockRead = read;
    r.stockWritten = read - 1;
    r.write = W::Accepted;
    r.writeUs = released - 20;
    r.writeDoneUs = released - 10;
    r.orderId = order;
    r.outcome = Outcome::Confirmed;
    return r;
}

/// The same without a lock (`none`): the read-check-write over [start, end].
PurchaseRecord unlockedSale(int buyer, qint64 start, qint64 end, int read, int64_t order) {
    PurchaseRecord r = sale(buyer, 0, start, end, read, order);
    r.lockedUs = r.releasedUs = -1;
    return r;
}

const HistoryChecker::Result& result(const HistoryChecker::Report& r, Check c) {
    return r.results.at(size_t(c));
}

QString describe(const HistoryChecker::Report& r, const DemoHistory::Loaded& h) {
    return r.toText(h.records).join(u'\n');
}

} // namespace

/// The history checker on crafted histories (one per violation kind, each found exactly and
/// first), an old-format history, and real runs against the sandbox.
class TestHistoryChecker : public QObject {
    Q_OBJECT

private slots:
    void cleanHistoryPassesEveryCheck() {
        DemoHistory::Loaded h = history(QStringLiteral("redis"), true, 10, 7);
        h.records = {sale(1, 1, 100, 200, 10, 11), sale(2, 2, 250, 350, 9, 12),
                     sale(3, 3, 400, 500, 8, 13)};
        // A fenced latecomer that never wrote and a sold-out one: nothing wrong either.
        PurchaseRecord late = sale(4, 4, 600, 700, 7, 14);
        late.outcome = Outcome::Fenced;
        late.write = W::Fenced; // would have written 6: no read nor the final stock shows it
        h.records.push_back(late);
        const auto report = HistoryChecker::check(h);
        QVERIFY2(!report.violated(), qPrintable(describe(report, h)));
        for (const auto& r : report.results)
            QCOMPARE(r.status, Status::Passed);
        QCOMPARE(result(report, Check::MutualExclusion).counts.at(QStringLiteral("sections")), 4);
        QCOMPARE(result(report, Check::MutualExclusion).counts.at(QStringLiteral("overlaps")), 0);
        QCOMPARE(result(report, Check::Fencing).counts.at(QStringLiteral("fenced_writes")), 1);
        QCOMPARE(result(report, Check::Orders).counts.at(QStringLiteral("confirmed")), 3);
        QVERIFY(report.context.empty());
        QVERIFY(report.toText(h.records).last().contains(QStringLiteral("no violation")));
    }

    void overlappingSectionsThatBothWrote() {
        DemoHistory::Loaded h = history(QStringLiteral("redis"), true, 10, 7);
        // b2's section begins at 250, inside b1's [100, 300]; both wrote. The stock still adds
        // up (b2 read b1's write), so only mutual exclusion is broken.
        h.records = {sale(0, 1, 10, 50, 10, 10), sale(1, 2, 100, 300, 9, 11),
                     sale(2, 3, 250, 400, 8, 12), sale(3, 4, 500, 600, 7, 13)};
        h.final[kItem] = 6;
        const auto report = HistoryChecker::check(h);
        QVERIFY(report.violated());
        QCOMPARE(result(report, Check::MutualExclusion).status, Status::Violated);
        QCOMPARE(result(report, Check::MutualExclusion).violations, 1);
        QCOMPARE(result(report, Check::StockInvariant).status, Status::Passed);
        QCOMPARE(result(report, Check::Orders).status, Status::Passed);
        QCOMPARE(result(report, Check::Fencing).status, Status::Passed);
        QCOMPARE(report.first->kind, Kind::OverlappingSections);
        QCOMPARE(report.first->records, (std::vector<int>{1, 2}));
        QCOMPARE(report.first->atUs, qint64(250));
        // The context: both culprits, the records before and after them.
        QCOMPARE(report.context, (std::vector<int>{0, 1, 2, 3}));
        const QJsonObject j = report.toJson(h.records);
        QCOMPARE(j.value(QStringLiteral("violation_found")).toBool(), true);
        const QJsonObject first = j.value(QStringLiteral("first_violation")).toObject();
        QCOMPARE(first.value(QStringLiteral("kind")).toString(),
                 QStringLiteral("overlapping-sections"));
        QCOMPARE(first.value(QStringLiteral("context")).toArray().size(), 4);
        QVERIFY(first.value(QStringLiteral("context"))
                    .toArray()
                    .at(1)
                    .toObject()
                    .value(QStringLiteral("at_fault"))
                    .toBool());
        const QString text = describe(report, h);
        QVERIFY2(text.contains(QStringLiteral("FIRST VIOLATION: overlapping-sections, item 1001 "
                                              "at 0.250 ms")),
                 qPrintable(text));
    }

    /// A paused holder whose lease ran out overlaps its successor, but the fence refused its
    /// write: counted, not a violation.
    void overlapWithAFencedWriteIsHarmless() {
        DemoHistory::Loaded h = history(QStringLiteral("redis"), true, 10, 9);
        PurchaseRecord paused = sale(1, 1, 100, 5000, 10, 11);
        paused.write = W::Fenced;
        paused.outcome = Outcome::Fenced;
        h.records = {paused, sale(2, 2, 2200, 2300, 10, 12)};
        const auto report = HistoryChecker::check(h);
        QVERIFY2(!report.violated(), qPrintable(describe(report, h)));
        const auto& me = result(report, Check::MutualExclusion);
        QCOMPARE(me.counts.at(QStringLiteral("overlaps")), 1);
        QCOMPARE(me.counts.at(QStringLiteral("harmless_overlaps")), 1);
    }

    void tokenOrder() {
        // Fencing off: b1 (token 6) held and wrote before b2 (token 5) was granted the lock.
        DemoHistory::Loaded h = history(QStringLiteral("zookeeper"), false, 10, 8);
        h.records = {sale(1, 6, 100, 200, 10, 11), sale(2, 5, 300, 400, 9, 12)};
        const auto report = HistoryChecker::check(h);
        QCOMPARE(result(report, Check::MutualExclusion).status, Status::Violated);
        QCOMPARE(result(report, Check::StockInvariant).status, Status::Passed);
        QCOMPARE(result(report, Check::Fencing).status, Status::Passed); // off: not ordered
        QCOMPARE(report.first->kind, Kind::TokenOrder);
        QCOMPARE(report.first->records, (std::vector<int>{0, 1}));
        QCOMPARE(report.first->atUs, qint64(300));

        // Found also when the highest token so far overlaps the lower one (reported as an
        // overlap) and an earlier, ended section had a higher token than the lower one.
        h.records = {sale(1, 9, 100, 200, 10, 11), sale(2, 12, 450, 700, 9, 12),
                     sale(3, 8, 500, 600, 8, 13)};
        h.final[kItem] = 7;
        const auto again = HistoryChecker::check(h);
        const auto& me = result(again, Check::MutualExclusion);
        QCOMPARE(me.violations, 2);
        QCOMPARE(result(again, Check::StockInvariant).status, Status::Passed);
        QCOMPARE(again.first->atUs, qint64(500));
        QCOMPARE(again.first->kind, Kind::OverlappingSections); // checked first, same moment
        QCOMPARE(again.first->records, (std::vector<int>{1, 2}));
    }

    /// `none`: two buyers read 10 and both wrote 9: a lost update, located at the second write.
    void lostUpdateBreaksTheStockInvariant() {
        DemoHistory::Loaded h = history(QStringLiteral("none"), true, 10, 8);
        h.records = {unlockedSale(1, 100, 300, 10, 11), unlockedSale(2, 150, 350, 10, 12),
                     unlockedSale(3, 400, 500, 9, 13)};
        const auto report = HistoryChecker::check(h);
        QCOMPARE(result(report, Check::MutualExclusion).status, Status::NotApplicable);
        QCOMPARE(result(report, Check::StockInvariant).status, Status::Violated);
        QCOMPARE(result(report, Check::Orders).status, Status::Passed);
        QCOMPARE(result(report, Check::Fencing).status, Status::Passed);
        QCOMPARE(report.first->kind, Kind::StockInvariant);
        QCOMPARE(report.first->records, (std::vector<int>{0, 1}));
        QCOMPARE(report.first->atUs, qint64(340)); // b2's write answered
        QVERIFY2(report.first->detail.contains(QStringLiteral("initial 10 != final 8 + "
                                                              "confirmed 3")) &&
                     report.first->detail.contains(QStringLiteral("lost update")),
                 qPrintable(report.first->detail));
    }

    void lostOrder() {
        DemoHistory::Loaded h = history(QStringLiteral("pg-row"), true, 10, 8);
        h.records = {sale(1, 1, 100, 200, 10, 11), sale(2, 2, 300, 400, 9, 0)};
        const auto report = HistoryChecker::check(h);
        QCOMPARE(result(report, Check::Orders).status, Status::Violated);
        QCOMPARE(result(report, Check::MutualExclusion).status, Status::Passed);
        QCOMPARE(result(report, Check::StockInvariant).status, Status::Passed);
        QCOMPARE(report.first->kind, Kind::LostOrder);
        QCOMPARE(report.first->records, (std::vector<int>{1}));
    }

    void duplicateOrder() {
        DemoHistory::Loaded h = history(QStringLiteral("pg-row"), true, 10, 7);
        h.records = {sale(1, 1, 100, 200, 10, 11), sale(2, 2, 300, 400, 9, 12),
                     sale(3, 3, 500, 600, 8, 11)};
        const auto report = HistoryChecker::check(h);
        QCOMPARE(result(report, Check::Orders).status, Status::Violated);
        QCOMPARE(result(report, Check::Orders).violations, 1);
        QCOMPARE(report.first->kind, Kind::DuplicateOrder);
        QCOMPARE(report.first->records, (std::vector<int>{0, 2}));
        QCOMPARE(report.first->atUs, qint64(610));
    }

    /// b1 (token 5, qty 2) read 10 and was fenced: it would have written 8. b3 later reads 8,
    /// which no accepted write produced: the refused write changed the stock.
    void fencedWriteChangedStock() {
        DemoHistory::Loaded h = history(QStringLiteral("redis"), true, 10, 7);
        PurchaseRecord stale = sale(1, 5, 100, 3000, 10, 11);
        stale.qty = 2;
        stale.stockWritten = 8;
        stale.write = W::Fenced;
        stale.outcome = Outcome::Fenced;
        h.records = {stale, sale(2, 6, 2200, 2300, 10, 12), sale(3, 7, 3100, 3200, 8, 13)};
        const auto report = HistoryChecker::check(h);
        QCOMPARE(result(report, Check::Fencing).status, Status::Violated);
        QCOMPARE(result(report, Check::MutualExclusion).status, Status::Passed);
        QCOMPARE(report.first->kind, Kind::FencedWriteChangedStock);
        QCOMPARE(report.first->records, (std::vector<int>{0, 2}));
        QCOMPARE(report.first->atUs, qint64(3100));
        // The stock no longer adds up either (10 != 7 + 2): a consequence, found later.
        QCOMPARE(result(report, Check::StockInvariant).status, Status::Violated);
        QVERIFY(result(report, Check::StockInvariant).first->atUs > report.first->atUs);
    }

    void fencedWriteThatSold() {
        DemoHistory::Loaded h = history(QStringLiteral("redis"), true, 10, 8);
        PurchaseRecord bad = sale(1, 5, 100, 200, 10, 11);
        bad.write = W::Fenced; // refused, yet confirmed
        h.records = {sale(0, 4, 10, 50, 10, 10), bad};
        const auto report = HistoryChecker::check(h);
        QCOMPARE(result(report, Check::Fencing).status, Status::Violated);
        QCOMPARE(report.first->kind, Kind::FencedWriteSold);
        QCOMPARE(report.first->records, (std::vector<int>{1}));
    }

    /// b1's write with token 6 was answered (at 190) before b2's with token 5 was sent (380), and
    /// the store accepted both: the fence failed. The tokens are also out of grant order, which
    /// mutual exclusion finds first (at b2's grant, 300).
    void staleTokenAccepted() {
        DemoHistory::Loaded h = history(QStringLiteral("redis"), true, 10, 8);
        h.records = {sale(1, 6, 100, 200, 10, 11), sale(2, 5, 300, 400, 9, 12)};
        const auto report = HistoryChecker::check(h);
        const auto& fencing = result(report, Check::Fencing);
        QCOMPARE(fencing.status, Status::Violated);
        QCOMPARE(fencing.violations, 1);
        QCOMPARE(fencing.first->kind, Kind::StaleTokenAccepted);
        QCOMPARE(fencing.first->records, (std::vector<int>{0, 1}));
        QCOMPARE(fencing.first->atUs, qint64(390));
        QCOMPARE(report.first->kind, Kind::TokenOrder);
        // Written in the other order (b2's write sent before b1's was answered): no violation.
        h.records[1].writeUs = 150;
        h.records[1].lockedUs = 120;
        QCOMPARE(result(HistoryChecker::check(h), Check::Fencing).status, Status::Passed);
    }

    void detailedRecordRoundTrips() {
        PurchaseRecord r = sale(7, 42, 100, 200, 10, 99);
        r.write = W::Unknown;
        r.error = QStringLiteral("Redis: timeout");
        const PurchaseRecord back = PurchaseRecord::fromJson(r.toJson());
        QVERIFY(back.detailed);
        QCOMPARE(back.lockedUs, r.lockedUs);
        QCOMPARE(back.releasedUs, r.releasedUs);
        QCOMPARE(back.orderId, r.orderId);
        QCOMPARE(back.stockRead, r.stockRead);
        QCOMPARE(back.stockWritten, r.stockWritten);
        QCOMPARE(back.write, W::Unknown);
        QCOMPARE(back.writeUs, r.writeUs);
        QCOMPARE(back.writeDoneUs, r.writeDoneUs);
        QCOMPARE(back.token, r.token);
    }

    /// A history written before the records carried lock and write times loads; the checker
    /// runs the stock invariant and says which checks it could not run; `demo verify` too.
    void oldFormatHistoryLoads() {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("old.jsonl"));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(
            R"({"type":"run","run_id":"r1","scenario":{"strategy":"redis","fencing":true},"initial":{"1001":2}}
{"type":"purchase","buyer":0,"item":1001,"qty":1,"start_us":10,"end_us":90,"lock_wait_us":5,"token":1,"outcome":"confirmed"}
{"type":"purchase","buyer":1,"item":1001,"qty":1,"start_us":20,"end_us":190,"lock_wait_us":80,"token":2,"outcome":"confirmed"}
{"type":"purchase","buyer":2,"item":1001,"qty":1,"start_us":30,"end_us":290,"lock_wait_us":180,"token":3,"outcome":"sold-out"}
{"type":"final","final":{"1001":0},"verdict":{"invariants_ok":true,"sold":2,"oversold":0},"cancelled":false,"crashed_workers":0,"buyers_gave_up":0,"verdict_error":"","infra_errors":0,"infra_failure":false}
)");
        f.close();
        const DemoHistory::Loaded h = DemoHistory::load(file);
        QCOMPARE(int(h.records.size()), 3);
        QVERIFY(!h.records[0].detailed);
        QCOMPARE(h.records[0].lockedUs, qint64(-1));
        const auto report = HistoryChecker::check(h);
        QVERIFY2(!report.violated(), qPrintable(describe(report, h)));
        QCOMPARE(result(report, Check::MutualExclusion).status, Status::NotRun);
        QCOMPARE(result(report, Check::StockInvariant).status, Status::Passed);
        QCOMPARE(result(report, Check::Orders).status, Status::NotRun);
        QCOMPARE(result(report, Check::Fencing).status, Status::NotRun);
        QVERIFY(result(report, Check::Orders).summary.contains(QStringLiteral("older")));

        QByteArray out;
        QCOMPARE(test::runCli({QStringLiteral("demo"), QStringLiteral("verify"),
                               QStringLiteral("--history"), file, QStringLiteral("--json")},
                              &out),
                 0);
        const QJsonObject v = QJsonDocument::fromJson(out).object();
        QCOMPARE(v.value(QStringLiteral("violation_found")).toBool(true), false);
        QVERIFY2(v.value(QStringLiteral("agrees_with_servers")).toBool(), out.constData());
        const QJsonArray checks = v.value(QStringLiteral("checks")).toArray();
        QCOMPARE(checks.size(), 4);
        QCOMPARE(checks.at(0).toObject().value(QStringLiteral("status")).toString(),
                 QStringLiteral("not-run"));
        QCOMPARE(checks.at(1).toObject().value(QStringLiteral("status")).toString(),
                 QStringLiteral("passed"));
    }

    /// An old history that oversold: located at the confirmed purchase that sold one too many.
    void oldFormatOversellIsLocated() {
        DemoHistory::Loaded h = history(QStringLiteral("none"), true, 1, 0);
        PurchaseRecord a;
        a.item = kItem;
        a.startUs = 10;
        a.endUs = 100;
        a.outcome = Outcome::Confirmed;
        PurchaseRecord b = a;
        b.buyer = 1;
        b.endUs = 120;
        h.records = {a, b};
        const auto report = HistoryChecker::check(h);
        QCOMPARE(report.first->kind, Kind::StockInvariant);
        QCOMPARE(report.first->records, (std::vector<int>{1}));
        QVERIFY(report.first->detail.contains(QStringLiteral("oversold")));
    }

    /// Real runs against the sandbox: `redis` passes every check; `none` with many buyers and
    /// little stock oversells, and the checker says where (exit 1).
    void realRuns() {
        const NamespaceConfig ns = test::isolatedNamespace(QStringLiteral("tst_hist"));
        QTemporaryDir dir;
        const QString redisFile = dir.filePath(QStringLiteral("redis.jsonl"));
        QByteArray out;
        QCOMPARE(
            test::runCliIn(ns,
                           {QStringLiteral("demo"), QStringLiteral("--strategy"),
                            QStringLiteral("redis"), QStringLiteral("--buyers"),
                            QStringLiteral("16"), QStringLiteral("--stock"), QStringLiteral("20"),
                            QStringLiteral("--history"), redisFile, QStringLiteral("--json")},
                           &out),
            0);
        QByteArray verified;
        QCOMPARE(test::runCli({QStringLiteral("demo"), QStringLiteral("verify"),
                               QStringLiteral("--history"), redisFile, QStringLiteral("--json")},
                              &verified),
                 0);
        QJsonObject v = QJsonDocument::fromJson(verified).object();
        QVERIFY2(!v.value(QStringLiteral("violation_found")).toBool(true), verified.constData());
        for (const QJsonValue c : v.value(QStringLiteral("checks")).toArray())
            QVERIFY2(c.toObject().value(QStringLiteral("status")).toString() == u"passed",
                     verified.constData());
        const QJsonObject me = v.value(QStringLiteral("checks")).toArray().at(0).toObject();
        QVERIFY(me.value(QStringLiteral("counts"))
                    .toObject()
                    .value(QStringLiteral("sections"))
                    .toInt() >= 20);
        // The records carry what the checker needs.
        const DemoHistory::Loaded h = DemoHistory::load(redisFile);
        int sold = 0;
        for (const PurchaseRecord& r : h.records) {
            QVERIFY(r.detailed);
            if (r.outcome != Outcome::Confirmed)
                continue;
            ++sold;
            QVERIFY(r.lockedUs >= r.startUs && r.releasedUs >= r.lockedUs &&
                    r.endUs >= r.releasedUs);
            QVERIFY(r.writeUs >= r.lockedUs && r.writeDoneUs >= r.writeUs &&
                    r.writeDoneUs <= r.releasedUs);
            QCOMPARE(r.write, W::Accepted);
            QCOMPARE(r.stockWritten, r.stockRead - 1);
            QVERIFY(r.orderId > 0 && r.token > 0);
        }
        QCOMPARE(sold, 20);

        // `none`: many buyers, little stock, a long read-check-write; the oversell is a race, so
        // up to three seeds (as tst_demo).
        const QString noneFile = dir.filePath(QStringLiteral("none.jsonl"));
        int rc = 0;
        for (const char* seed : {"1", "2", "3"}) {
            QCOMPARE(
                test::runCliIn(ns,
                               {QStringLiteral("demo"), QStringLiteral("--strategy"),
                                QStringLiteral("none"), QStringLiteral("--buyers"),
                                QStringLiteral("32"), QStringLiteral("--stock"),
                                QStringLiteral("5"), QStringLiteral("--pay-ms"),
                                QStringLiteral("50"), QStringLiteral("--seed"), QLatin1String(seed),
                                QStringLiteral("--history"), noneFile, QStringLiteral("--json")},
                               &out),
                0);
            verified.clear();
            rc = test::runCli({QStringLiteral("demo"), QStringLiteral("verify"),
                               QStringLiteral("--history"), noneFile, QStringLiteral("--json")},
                              &verified);
            if (rc != 0)
                break;
        }
        QCOMPARE(rc, 1);
        v = QJsonDocument::fromJson(verified).object();
        QVERIFY2(v.value(QStringLiteral("agrees_with_servers")).toBool(), verified.constData());
        QVERIFY2(v.value(QStringLiteral("oversold")).toInt() > 0, verified.constData());
        const QJsonObject first = v.value(QStringLiteral("first_violation")).toObject();
        QCOMPARE(first.value(QStringLiteral("kind")).toString(), QStringLiteral("stock-invariant"));
        QVERIFY2(first.value(QStringLiteral("detail"))
                     .toString()
                     .contains(QStringLiteral("lost update")),
                 verified.constData());
        QCOMPARE(first.value(QStringLiteral("records")).toArray().size(), 2);
        QVERIFY(first.value(QStringLiteral("context")).toArray().size() >= 2);
        QCOMPARE(v.value(QStringLiteral("checks"))
                     .toArray()
                     .at(0)
                     .toObject()
                     .value(QStringLiteral("status"))
                     .toString(),
                 QStringLiteral("not-applicable"));
        // The text says the same.
        QByteArray text;
        QCOMPARE(test::runCli({QStringLiteral("demo"), QStringLiteral("verify"),
                               QStringLiteral("--history"), noneFile},
                              &text),
                 1);
        QVERIFY2(text.contains("FIRST VIOLATION: stock-invariant"), text.constData());
        QVERIFY2(text.contains("  > #"), text.constData());
    }
};

QTEST_GUILESS_MAIN(TestHistoryChecker)
#include "tst_historychecker.moc"
