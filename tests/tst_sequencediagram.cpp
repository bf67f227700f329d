#include "core/demo/demohistory.h"
#include "core/diagram/diagramexplainer.h"
#include "core/diagram/diagramfile.h"
#include "core/diagram/sequencediagrambuilder.h"
#include "core/diagram/sequencediagrampainter.h"

#include <QFile>
#include <QImage>
#include <QJsonObject>
#include <QPainter>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

using namespace lockscope;
using namespace std::chrono_literals;
using Kind = DiagramEvent::Kind;
using V = DiagramVerdict::Kind;
using O = PurchaseRecord::Outcome;
using W = PurchaseRecord::StockWrite;

namespace {

constexpr int kItem = 1001;

DemoHistory::Loaded history(const QString& race, const QString& strategy, int initial) {
    DemoHistory::Loaded h;
    h.scenario = QJsonObject{{QStringLiteral("scenario"), race},
                             {QStringLiteral("strategy"), strategy},
                             {QStringLiteral("store"), QStringLiteral("postgres")},
                             {QStringLiteral("lease_ms"), 2000},
                             {QStringLiteral("fencing"), true}};
    h.initial[kItem] = initial;
    return h;
}

PurchaseRecord record(int buyer, qint64 start, qint64 read, int stockRead, qint64 write, W how,
                      int written, O outcome, qint64 end) {
    PurchaseRecord r;
    r.detailed = true;
    r.buyer = buyer;
    r.item = kItem;
    r.startUs = start;
    r.readUs = read;
    r.stockRead = stockRead;
    r.writeUs = write;
    r.writeDoneUs = write + 50;
    r.write = how;
    r.stockWritten = written;
    r.outcome = outcome;
    r.endUs = end;
    return r;
}

/// Kleppmann's paused client: buyer 0 holds token 33 with a 2 s lease, pauses 4 s; buyer 1
/// takes the lock with token 34 at the expiry and writes; buyer 0's late write is fenced off.
DemoHistory::Loaded pausedRedisHolder() {
    DemoHistory::Loaded h = history(QStringLiteral("stock"), QStringLiteral("redis"), 10);
    PurchaseRecord a = record(0, 0, 1500, 5, 4002500, W::Fenced, 4, O::Fenced, 4003500);
    a.lockedUs = 1000;
    a.token = 33;
    a.releasedUs = 4003000;
    PurchaseRecord b = record(1, 10000, 2002000, 5, 2010000, W::Accepted, 4, O::Confirmed, 2012000);
    b.lockedUs = 2001500;
    b.lockWaitUs = 1991500;
    b.token = 34;
    b.releasedUs = 2011500;
    h.records = {a, b};
    FaultEvent f;
    f.fault = DemoScenario::Fault::Pause;
    f.buyer = 0;
    f.item = kItem;
    f.token = 33;
    f.startUs = 2000;
    f.endUs = 4002000;
    f.heldUntilUs = 4003000;
    f.outcome = O::Fenced;
    h.faults = {f};
    return h;
}

const DiagramEvent* find(const SequenceDiagram& d, Kind kind, int lane = -1) {
    for (const DiagramEvent& e : d.events)
        if (e.kind == kind && (lane < 0 || e.lane == lane))
            return &e;
    return nullptr;
}

int indexOf(const SequenceDiagram& d, Kind kind) {
    for (size_t i = 0; i < d.events.size(); ++i)
        if (d.events[i].kind == kind)
            return int(i);
    return -1;
}

const DiagramVerdict* verdict(const SequenceDiagram& d, V kind) {
    for (const DiagramVerdict& v : d.verdicts)
        if (v.kind == kind)
            return &v;
    return nullptr;
}

QStringList svgTexts(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QXmlStreamReader xml(&f);
    QStringList out;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement() && xml.name() == u"text")
            out << xml.readElementText(QXmlStreamReader::IncludeChildElements).trimmed();
    }
    if (xml.hasError())
        return {QStringLiteral("XML ERROR: ") + xml.errorString()};
    return out;
}

} // namespace

class TestSequenceDiagram : public QObject {
    Q_OBJECT

private slots:
    void pausedHolderIsFencedOff() {
        const SequenceDiagram d = SequenceDiagramBuilder::fromHistory(pausedRedisHolder(), kItem);
        QCOMPARE(d.lanes.size(), size_t(4));
        QCOMPARE(d.lanes[0].role, DiagramLane::Role::Actor);
        QCOMPARE(d.lanes[0].name, QStringLiteral("Buyer 0"));
        QCOMPARE(d.lanes[1].name, QStringLiteral("Buyer 1"));
        QCOMPARE(d.lanes[2].role, DiagramLane::Role::LockServer);
        QCOMPARE(d.lanes[2].name, QStringLiteral("Redis lock"));
        QCOMPARE(d.lanes[3].role, DiagramLane::Role::Store);
        QCOMPARE(d.lanes[3].name, QStringLiteral("PostgreSQL stock"));
        QVERIFY(std::is_sorted(
            d.events.begin(), d.events.end(),
            [](const DiagramEvent& a, const DiagramEvent& b) { return a.startUs < b.startUs; }));

        const DiagramEvent* expired = find(d, Kind::LeaseExpired, 0);
        QVERIFY(expired);
        QCOMPARE(expired->startUs, qint64(1000 + 2000000));
        QCOMPARE(expired->peerLane, 2);
        QVERIFY2(!find(d, Kind::LeaseExpired, 1), "buyer 1 released in time");
        const DiagramEvent* lease = find(d, Kind::Lease, 0);
        QVERIFY(lease);
        QCOMPARE(lease->valueUs, qint64(2001000));
        QCOMPARE(lease->endUs, qint64(2001000));
        const DiagramEvent* second = find(d, Kind::LockAcquired, 1);
        QVERIFY(second);
        QCOMPARE(second->token, int64_t(34));
        QCOMPARE(second->peerLane, 2);
        const DiagramEvent* fenced = find(d, Kind::WriteFenced);
        QVERIFY(fenced);
        QCOMPARE(fenced->lane, 0);
        QCOMPARE(fenced->token, int64_t(33));
        QCOMPARE(fenced->seenToken, int64_t(34));
        QCOMPARE(fenced->peerLane, 3);
        const DiagramEvent* paused = find(d, Kind::Paused, 0);
        QVERIFY(paused);
        QCOMPARE(paused->endUs - paused->startUs, qint64(4000000));
        QVERIFY(find(d, Kind::ReleaseNotOwner, 0));
        QVERIFY(find(d, Kind::Released, 1));
        QVERIFY(find(d, Kind::Confirmed, 1));
        QVERIFY(!find(d, Kind::Anomaly));
        QCOMPARE(DiagramExplainer::label(d, *fenced), QStringLiteral("token 33 < 34 seen"));

        const DiagramVerdict* v = verdict(d, V::FencedLateWrite);
        QVERIFY(v);
        QCOMPARE(v->actorA, QStringLiteral("Buyer 0"));
        QCOMPARE(v->actorB, QStringLiteral("Buyer 1"));
        QCOMPARE(v->tokenA, int64_t(33));
        QCOMPARE(v->tokenB, int64_t(34));
        QVERIFY(v->paused && v->leaseExpired);
        QVERIFY(!verdict(d, V::Oversold));
        const QString why = DiagramExplainer::why(*v, d.race);
        QVERIFY2(
            why.contains(QStringLiteral("token 34")) && why.contains(QStringLiteral("token 33")) &&
                why.contains(QStringLiteral("paused")) && why.contains(QStringLiteral("Buyer 1")),
            qPrintable(why));
        QCOMPARE(DiagramExplainer::headline(*v), QStringLiteral("FENCED OFF"));
        // Leases as the backends say: Redis's locks and PostgreSQL's lease lock.
        for (const char* s : {"redis", "redlock", "lease"})
            QVERIFY2(SequenceDiagramBuilder::strategyHasLease(QString::fromLatin1(s)), s);
        for (const char* s : {"none", "atomic", "pg-row", "pg-advisory", "zookeeper"})
            QVERIFY2(!SequenceDiagramBuilder::strategyHasLease(QString::fromLatin1(s)), s);
    }

    void noLockReadsBeforeWriteOversell() {
        DemoHistory::Loaded h = history(QStringLiteral("stock"), QStringLiteral("none"), 1);
        h.records = {record(0, 0, 100, 1, 300, W::Accepted, 0, O::Confirmed, 400),
                     record(1, 50, 150, 1, 500, W::Accepted, 0, O::Confirmed, 600)};
        const SequenceDiagram d = SequenceDiagramBuilder::fromHistory(h, kItem);
        QCOMPARE(d.lanes.size(), size_t(3)); // no lock server without a lock
        QCOMPARE(d.laneOf(DiagramLane::Role::LockServer), -1);
        QVERIFY(!find(d, Kind::LockAcquired));
        const DiagramEvent* anomaly = find(d, Kind::Anomaly);
        QVERIFY(anomaly);
        QCOMPARE(anomaly->lane, 1);
        QCOMPARE(anomaly->startUs, qint64(500));
        QCOMPARE(anomaly->reason, DiagramEvent::Reason::Oversold);
        QCOMPARE(anomaly->value, 1);
        QCOMPARE(DiagramExplainer::label(d, *anomaly), QStringLiteral("OVERSOLD"));
        int anomalies = 0;
        for (const DiagramEvent& e : d.events)
            anomalies += e.kind == Kind::Anomaly;
        QCOMPARE(anomalies, 1); // the first write was fine
        const DiagramVerdict* over = verdict(d, V::Oversold);
        QVERIFY(over);
        QCOMPARE(over->actorB, QStringLiteral("Buyer 1"));
        const DiagramVerdict* rbw = verdict(d, V::ReadBeforeWrite);
        QVERIFY(rbw);
        QCOMPARE(rbw->value, 1);
        QCOMPARE(rbw->actorA, QStringLiteral("Buyer 0"));
        QCOMPARE(rbw->actorB, QStringLiteral("Buyer 1"));
        const QString why = DiagramExplainer::why(*rbw, d.race);
        QVERIFY2(why.contains(QStringLiteral("read stock 1 before either wrote")), qPrintable(why));

        // The same reads, one after the other's write: no anomaly, sold out.
        h.initial[kItem] = 1;
        h.records = {record(0, 0, 100, 1, 300, W::Accepted, 0, O::Confirmed, 400),
                     record(1, 50, 420, 0, -1, W::None, -1, O::SoldOut, 450)};
        h.records[1].writeDoneUs = -1;
        const SequenceDiagram ok = SequenceDiagramBuilder::fromHistory(h, kItem);
        QVERIFY(!find(ok, Kind::Anomaly));
        QVERIFY(!verdict(ok, V::Oversold));
        QVERIFY(verdict(ok, V::SoldOut));
    }

    /// Buyers 0 and 1 read 4; buyer 2, not drawn, writes 3 in between; buyer 0 then writes 3
    /// (a lost update against buyer 2). The verdict names the two actors on the diagram that
    /// both read 4, never an "another actor" that seems to have read.
    void lostUpdateAgainstAHiddenActorNamesTheDrawnPair() {
        DemoHistory::Loaded h = history(QStringLiteral("stock"), QStringLiteral("none"), 10);
        h.records = {record(0, 0, 100, 4, 400, W::Accepted, 3, O::Confirmed, 450),
                     record(1, 10, 120, 4, 600, W::Accepted, 3, O::Confirmed, 650),
                     record(2, 20, 30, 4, 200, W::Accepted, 3, O::Confirmed, 250)};
        const SequenceDiagram d = SequenceDiagramBuilder::fromHistory(h, kItem, {0, 1});
        QCOMPARE(d.actorLane(2), -1);
        QVERIFY(find(d, Kind::Anomaly));
        const DiagramVerdict* rbw = verdict(d, V::ReadBeforeWrite);
        QVERIFY(rbw);
        QCOMPARE(rbw->actorA, QStringLiteral("Buyer 0"));
        QCOMPARE(rbw->actorB, QStringLiteral("Buyer 1"));
        QCOMPARE(rbw->value, 4);
        for (const DiagramVerdict& v : d.verdicts)
            if (v.kind == V::ReadBeforeWrite)
                QVERIFY(!v.actorA.isEmpty() && !v.actorB.isEmpty());
    }

    void doubleChargeAndCart() {
        DemoHistory::Loaded h = history(QStringLiteral("double-charge"), QStringLiteral("none"), 1);
        h.records = {record(0, 0, 100, 0, 300, W::Accepted, 1, O::Confirmed, 400),
                     record(1, 50, 150, 0, 500, W::Accepted, 1, O::Confirmed, 600)};
        SequenceDiagram d = SequenceDiagramBuilder::fromHistory(h, kItem);
        QCOMPARE(d.lanes[0].name, QStringLiteral("Worker 0")); // the history's number
        QCOMPARE(d.lanes[2].name, QStringLiteral("PostgreSQL payments"));
        const DiagramEvent* a = find(d, Kind::Anomaly);
        QVERIFY(a);
        QCOMPARE(a->reason, DiagramEvent::Reason::ChargedTwice);
        QCOMPARE(a->lane, 1);
        QCOMPARE(DiagramExplainer::label(d, *a), QStringLiteral("charged twice"));
        QCOMPARE(DiagramExplainer::label(d, *find(d, Kind::Read)), QStringLiteral("order unpaid"));
        QCOMPARE(DiagramExplainer::label(d, *find(d, Kind::WriteAccepted)),
                 QStringLiteral("charge card"));
        QVERIFY(verdict(d, V::DoubleCharge));
        QVERIFY(!verdict(d, V::ChargedOnce));

        // With the idempotency key: the second charge is refused.
        h.records[1].write = W::Duplicate;
        h.records[1].outcome = O::SoldOut;
        d = SequenceDiagramBuilder::fromHistory(h, kItem);
        QVERIFY(!find(d, Kind::Anomaly));
        const DiagramEvent* dup = find(d, Kind::WriteDuplicate);
        QVERIFY(dup);
        QCOMPARE(DiagramExplainer::label(d, *dup),
                 QStringLiteral("charge refused: idempotency key taken"));
        QCOMPARE(DiagramExplainer::label(d, *find(d, Kind::Rejected)),
                 QStringLiteral("already paid, nothing to do"));
        QVERIFY(verdict(d, V::DuplicateRefused));
        QVERIFY(verdict(d, V::ChargedOnce));
        QVERIFY(!verdict(d, V::DoubleCharge));
        // A third worker charged too but is not drawn: "charged once" would be a claim about
        // workers the diagram does not show.
        h.records.push_back(record(2, 700, 750, 0, 800, W::Accepted, 1, O::Confirmed, 900));
        d = SequenceDiagramBuilder::fromHistory(h, kItem, {0, 1});
        QVERIFY(!d.allActors);
        QVERIFY(!verdict(d, V::ChargedOnce));
        h.records.pop_back();

        // Cart: both tabs apply the one-time discount.
        h = history(QStringLiteral("cart"), QStringLiteral("none"), 2);
        h.records = {record(0, 0, 100, 2, 300, W::Accepted, 3, O::Confirmed, 400),
                     record(1, 50, 150, 2, 500, W::Accepted, 3, O::Confirmed, 600)};
        h.records[0].discountApplied = h.records[1].discountApplied = true;
        d = SequenceDiagramBuilder::fromHistory(h, kItem);
        QCOMPARE(d.lanes[1].name, QStringLiteral("Tab 1"));
        a = find(d, Kind::Anomaly);
        QVERIFY(a);
        QCOMPARE(a->reason, DiagramEvent::Reason::DiscountTwice);
        QCOMPARE(DiagramExplainer::label(d, *a), QStringLiteral("discount used twice"));
        QCOMPARE(DiagramExplainer::label(d, *find(d, Kind::Read)),
                 QStringLiteral("cart has 2 items"));
        QCOMPARE(DiagramExplainer::label(d, *find(d, Kind::WriteAccepted)),
                 QStringLiteral("write cart = 3, discount applied"));
        QVERIFY(verdict(d, V::DiscountTwice));
        // No discount: the second write lost the first one's item update.
        h.records[0].discountApplied = h.records[1].discountApplied = false;
        d = SequenceDiagramBuilder::fromHistory(h, kItem);
        a = find(d, Kind::Anomaly);
        QVERIFY(a);
        QCOMPARE(a->reason, DiagramEvent::Reason::CartUpdateLost);
        QCOMPARE(DiagramExplainer::label(d, *a), QStringLiteral("cart update lost"));
        QVERIFY(verdict(d, V::LostCartUpdate));
        QVERIFY(!verdict(d, V::CartConsistent));
    }

    void liveBuilderGivesTheSameEvents() {
        SequenceDiagramBuilder b(DemoScenario::Race::Stock, QStringLiteral("redis"),
                                 {QStringLiteral("Customer A"), QStringLiteral("Customer B")},
                                 QStringLiteral("Redis lock"), QStringLiteral("PostgreSQL stock"));
        b.setLease(2000ms);
        using Step = PurchaseEvent::Step;
        using Note = PurchaseEvent::Note;
        auto ev = [](Step s, int64_t token = 0, int stock = -1, Note note = Note::None) {
            PurchaseEvent e;
            e.step = s;
            e.token = token;
            e.stock = stock;
            e.note = note;
            return e;
        };
        b.add(0, ev(Step::WaitingForLock), 0);
        b.add(0, ev(Step::Acquired, 33), 100);
        b.add(0, ev(Step::ReadStock, 33, 1), 200);
        b.add(0, ev(Step::Paying, 33), 250);
        b.add(1, ev(Step::WaitingForLock), 400);
        // A wait in progress grows with the clock.
        QVERIFY(b.advance(900000));
        QCOMPARE(find(b.diagram(), Kind::LockWait, 1)->endUs, qint64(900000));
        b.markPaused(0, 300, 5000000);
        b.add(1, ev(Step::Acquired, 34), 2000200);
        b.add(1, ev(Step::ReadStock, 34, 1), 2000300);
        b.add(1, ev(Step::WroteStock, 34, 0), 2000400);
        b.add(1, ev(Step::Released, 34, -1, Note::ReleasedOwn), 2000500);
        PurchaseResult ok;
        ok.outcome = PurchaseResult::Outcome::Confirmed;
        ok.token = 34;
        b.finish(1, ok, 2000600);
        // A is still paused, its write not done: nothing may call the round serialized yet.
        QVERIFY(b.diagram().inFlight);
        QVERIFY(!verdict(b.diagram(), V::Serialized));
        b.add(0, ev(Step::Fenced, 33, 0, Note::WriteRefused), 5000100);
        b.add(0, ev(Step::Released, 33, -1, Note::NotOwnerAnyMore), 5000200);
        PurchaseResult fencedOff;
        fencedOff.outcome = PurchaseResult::Outcome::Fenced;
        fencedOff.token = 33;
        b.finish(0, fencedOff, 5000300);

        const SequenceDiagram& d = b.diagram();
        QCOMPARE(d.lanes.size(), size_t(4));
        QVERIFY(std::is_sorted(
            d.events.begin(), d.events.end(),
            [](const DiagramEvent& x, const DiagramEvent& y) { return x.startUs < y.startUs; }));
        QVERIFY(find(d, Kind::LockWait, 0));
        QCOMPARE(find(d, Kind::LockWait, 1)->endUs, qint64(2000200));
        QCOMPARE(find(d, Kind::LockAcquired, 0)->token, int64_t(33));
        QCOMPARE(find(d, Kind::LockAcquired, 1)->token, int64_t(34));
        QCOMPARE(find(d, Kind::Paused, 0)->endUs, qint64(5000000));
        QCOMPARE(find(d, Kind::Read, 1)->value, 1);
        QCOMPARE(find(d, Kind::LeaseExpired, 0)->startUs, qint64(2000100));
        QVERIFY(!find(d, Kind::LeaseExpired, 1));
        QCOMPARE(find(d, Kind::Lease, 1)->endUs, qint64(2000500)); // released before the deadline
        const DiagramEvent* fenced = find(d, Kind::WriteFenced, 0);
        QVERIFY(fenced);
        QCOMPARE(fenced->token, int64_t(33));
        QCOMPARE(fenced->seenToken, int64_t(34));
        QVERIFY(find(d, Kind::ReleaseNotOwner, 0));
        QVERIFY(find(d, Kind::Confirmed, 1));
        QCOMPARE(find(d, Kind::Rejected, 0)->reason, DiagramEvent::Reason::Fenced);
        const DiagramVerdict* v = verdict(d, V::FencedLateWrite);
        QVERIFY(v);
        QCOMPARE(v->actorA, QStringLiteral("Customer A"));
        QCOMPARE(v->actorB, QStringLiteral("Customer B"));
        QVERIFY(v->paused);

        b.clear();
        QVERIFY(b.diagram().events.empty());
        QCOMPARE(b.diagram().lanes.size(), size_t(4));
        // Without a lock, two reads of 1 before either write: the second write oversells.
        SequenceDiagramBuilder none(DemoScenario::Race::Stock, QStringLiteral("none"),
                                    {QStringLiteral("Customer A"), QStringLiteral("Customer B")},
                                    {}, QStringLiteral("PostgreSQL stock"));
        none.add(0, ev(Step::ReadStock, 0, 1), 100);
        none.add(1, ev(Step::ReadStock, 0, 1), 150);
        none.add(0, ev(Step::WroteStock, 0, 0), 300);
        none.add(1, ev(Step::WroteStock, 0, 0), 500);
        QCOMPARE(none.diagram().lanes.size(), size_t(3));
        const DiagramEvent* a = find(none.diagram(), Kind::Anomaly);
        QVERIFY(a);
        QCOMPARE(a->lane, 1);
        QVERIFY(verdict(none.diagram(), V::Oversold));
        QVERIFY(verdict(none.diagram(), V::ReadBeforeWrite));
    }

    void svgAndPngFiles() {
        const SequenceDiagram d = SequenceDiagramBuilder::fromHistory(pausedRedisHolder(), kItem);
        QTemporaryDir dir;
        const QString svg = dir.filePath(QStringLiteral("d.svg"));
        QString error;
        QVERIFY2(renderSvg(d, svg, &error), qPrintable(error));
        const QStringList texts = svgTexts(svg);
        for (const QString& lane :
             {QStringLiteral("Buyer 0"), QStringLiteral("Buyer 1"), QStringLiteral("Redis lock"),
              QStringLiteral("PostgreSQL stock"), QStringLiteral("token 33 < 34 seen"),
              QStringLiteral("FENCED OFF")})
            QVERIFY2(texts.contains(lane),
                     qPrintable(lane + QStringLiteral(" not in ") + texts.join(u'|')));
        QFile f(svg);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray raw = f.readAll();
        QVERIFY(raw.contains("<title>"));
        QVERIFY(raw.contains("<desc>"));

        const QString png = dir.filePath(QStringLiteral("d.png"));
        QVERIFY2(renderPng(d, png, &error, 900), qPrintable(error));
        QImage image;
        QVERIFY(image.load(png));
        QCOMPARE(image.width(), 900);
        QCOMPARE(image.height(), SequenceDiagramPainter::heightForWidth(d, 900));
        const QRgb red = SequenceDiagramPainter::fencedColor().rgb();
        int redPixels = 0;
        for (int y = 0; y < image.height(); ++y)
            for (int x = 0; x < image.width(); ++x)
                redPixels += (image.pixel(x, y) & 0xffffff) == (red & 0xffffff);
        QVERIFY2(redPixels > 20, qPrintable(QString::number(redPixels)));

        // A file that cannot be written: an error, nothing left behind.
        QVERIFY(!renderSvg(d, dir.filePath(QStringLiteral("no/such/dir/d.svg")), &error));
        QVERIFY(!error.isEmpty());
    }

    void replayCursorDrawsOnlyThePast() {
        const SequenceDiagram d = SequenceDiagramBuilder::fromHistory(pausedRedisHolder(), kItem);
        const int fenced = indexOf(d, Kind::WriteFenced);
        QVERIFY(fenced >= 0);
        QTemporaryDir dir;
        DiagramView before;
        before.cursorUs = d.events[size_t(fenced)].startUs - 1;
        QString error;
        const QString early = dir.filePath(QStringLiteral("early.svg"));
        QVERIFY2(renderSvg(d, early, &error, 0, before), qPrintable(error));
        QStringList texts = svgTexts(early);
        QVERIFY(texts.contains(QStringLiteral("Buyer 0")));
        QVERIFY(texts.contains(QStringLiteral("lock acquired, token 34")));
        QVERIFY2(!texts.contains(QStringLiteral("token 33 < 34 seen")),
                 qPrintable(texts.join(u'|')));
        QVERIFY(!texts.contains(QStringLiteral("FENCED OFF"))); // its verdict is later too
        DiagramView after;
        after.cursorUs = d.events[size_t(fenced)].startUs;
        const QString late = dir.filePath(QStringLiteral("late.svg"));
        QVERIFY2(renderSvg(d, late, &error, 0, after), qPrintable(error));
        texts = svgTexts(late);
        QVERIFY(texts.contains(QStringLiteral("token 33 < 34 seen")));

        // Hit-testing: the event drawn at a point.
        const QRectF area(0, 0, 900, 900);
        const QPointF at = SequenceDiagramPainter::eventPos(area, d, fenced);
        QVERIFY(!at.isNull());
        const int hit = SequenceDiagramPainter::eventAt(area, d, at + QPointF(30, 0));
        QCOMPARE(hit, fenced);
        QCOMPARE(SequenceDiagramPainter::eventAt(area, d, QPointF(890, 5)), -1);
        // Rows never closer than a line of text: labels do not overlap.
        double last = -1000;
        for (size_t i = 0; i < d.events.size(); ++i)
            if (d.events[i].endUs < 0) {
                const double y = SequenceDiagramPainter::eventPos(area, d, int(i)).y();
                QVERIFY2(y - last >= 18, qPrintable(QString::number(i)));
                last = y;
            }
    }

    void historyKeepsFaults() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("run.jsonl"));
        DemoResult r;
        r.scenario.strategy = QStringLiteral("redis");
        r.scenario.fault = DemoScenario::Fault::Pause;
        const DemoHistory::Loaded h = pausedRedisHolder();
        r.history = h.records;
        r.faults = h.faults;
        r.verdict = DemoVerdict::fromHistory(r.history, h.initial, {{kItem, 9}});
        DemoHistory::save(path, r);
        const DemoHistory::Loaded back = DemoHistory::load(path);
        QCOMPARE(back.records.size(), size_t(2));
        QCOMPARE(back.faults.size(), size_t(1));
        QCOMPARE(back.faults[0].fault, DemoScenario::Fault::Pause);
        QCOMPARE(back.faults[0].startUs, qint64(2000));
        QCOMPARE(back.faults[0].endUs, qint64(4002000));
        QCOMPARE(back.faults[0].token, int64_t(33));
        // An older history without "fault" lines loads, without faults.
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QByteArrayList lines = f.readAll().split('\n');
        f.close();
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        for (const QByteArray& l : lines)
            if (!l.contains("\"type\":\"fault\""))
                f.write(l + '\n');
        f.close();
        const DemoHistory::Loaded old = DemoHistory::load(path);
        QCOMPARE(old.records.size(), size_t(2));
        QVERIFY(old.faults.empty());
    }

    void manyEventsPaintOnlyWhatShows() {
        // 2,000 attempts on one item: laid out and painted into a small frame without trouble.
        DemoHistory::Loaded h = history(QStringLiteral("stock"), QStringLiteral("redis"), 100000);
        for (int i = 0; i < 2000; ++i) {
            PurchaseRecord r = record(i % 2, i * 1000, i * 1000 + 300, 100000 - i, i * 1000 + 600,
                                      W::Accepted, 99999 - i, O::Confirmed, i * 1000 + 900);
            r.lockedUs = i * 1000 + 200;
            r.releasedUs = i * 1000 + 700;
            r.token = i + 1;
            h.records.push_back(r);
        }
        const SequenceDiagram d = SequenceDiagramBuilder::fromHistory(h, kItem);
        QVERIFY(d.events.size() > 10000);
        QVERIFY(verdict(d, V::Serialized));
        QImage image(1024, 640, QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::white);
        QPainter p(&image);
        DiagramView view;
        view.cursorUs = d.beginUs + (d.endUs - d.beginUs) / 2;
        view.followCursor = true;
        SequenceDiagramPainter::paint(p, QRectF(image.rect()), d, view);
        p.end();
        // Lanes' header is drawn even when scrolled to the cursor.
        QVERIFY(image.pixel(512, 2) != image.pixel(512, 15) ||
                image.pixel(200, 15) != qRgb(255, 255, 255));
    }
};

QTEST_MAIN(TestSequenceDiagram)
#include "tst_sequencediagram.moc"
