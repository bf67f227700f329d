#include "core/diagram/sequencediagrambuilder.h"

#include "core/backends/backendregistry.h"
#include "core/backends/lockbackend.h"
#include "core/diagram/diagramverdicts.h"

#include <QCoreApplication>
#include <QHash>
#include <algorithm>
#include <map>

namespace lockscope {

namespace {

using Kind = DiagramEvent::Kind;
using Reason = DiagramEvent::Reason;
using O = PurchaseRecord::Outcome;
using W = PurchaseRecord::StockWrite;
using Race = DemoScenario::Race;

/// When a record's write happened: sent, else answered (-1: none or not known).
qint64 writeTime(const PurchaseRecord& r) {
    return r.writeUs >= 0 ? r.writeUs : r.writeDoneUs;
}

/// When the write was answered (the store had taken it by then).
qint64 writeDone(const PurchaseRecord& r) {
    return r.writeDoneUs >= 0 ? r.writeDoneUs : writeTime(r);
}

Reason rejectReason(O outcome) {
    switch (outcome) {
    case O::SoldOut:
        return Reason::SoldOut;
    case O::LockTimeout:
        return Reason::Timeout;
    case O::Fenced:
        return Reason::Fenced;
    case O::Crashed:
        return Reason::Crashed;
    case O::Error:
    case O::Confirmed:
        break;
    }
    return Reason::Failed;
}

/// Per record of the item (index into h.records): the anomaly its write caused, if any.
struct AnomalyMark {
    Reason reason = Reason::None;
    int value = 0;
};

/// The anomalies of an item's records, whoever's lanes are shown: counted over every record of
/// the item in the order the store answered the writes.
std::map<int, AnomalyMark> anomaliesOf(const DemoHistory::Loaded& h, int item, Race race) {
    std::vector<int> writes;
    for (size_t i = 0; i < h.records.size(); ++i) {
        const PurchaseRecord& r = h.records[i];
        if (r.item == item && r.write == W::Accepted && writeTime(r) >= 0)
            writes.push_back(int(i));
    }
    std::stable_sort(writes.begin(), writes.end(), [&](int a, int b) {
        return writeDone(h.records[size_t(a)]) < writeDone(h.records[size_t(b)]);
    });
    std::map<int, AnomalyMark> out;
    const auto initial = h.initial.find(item);
    int sold = 0;
    int charges = 0;
    int discounts = 0;
    for (const int i : writes) {
        const PurchaseRecord& r = h.records[size_t(i)];
        // A lost update: another actor's write was answered after this one's read and before
        // this one was sent; this write overwrote it.
        bool lost = false;
        if (r.readUs >= 0)
            for (const int j : writes) {
                const PurchaseRecord& o = h.records[size_t(j)];
                if (j != i && o.buyer != r.buyer && writeDone(o) > r.readUs &&
                    writeDone(o) <= writeTime(r)) {
                    lost = true;
                    break;
                }
            }
        switch (race) {
        case Race::Stock:
            if (r.outcome == O::Confirmed)
                sold += r.qty;
            if (initial != h.initial.end() && r.outcome == O::Confirmed && sold > initial->second)
                out[i] = {Reason::Oversold, sold - initial->second};
            else if (lost)
                out[i] = {Reason::LostUpdate, 1};
            break;
        case Race::DoubleCharge:
            if (++charges > 1)
                out[i] = {Reason::ChargedTwice, charges - 1};
            break;
        case Race::Cart:
            if (r.discountApplied && ++discounts > 1)
                out[i] = {Reason::DiscountTwice, discounts - 1};
            else if (lost)
                out[i] = {Reason::CartUpdateLost, 1};
            break;
        }
    }
    return out;
}

/// The token the store had seen when a write of the item was refused: the highest token of an
/// accepted write answered before this one (any buyer), else the lowest higher token granted
/// before it.
int64_t seenTokenFor(const DemoHistory::Loaded& h, const PurchaseRecord& fenced) {
    int64_t seen = 0;
    const qint64 at = writeDone(fenced);
    for (const PurchaseRecord& r : h.records)
        if (r.item == fenced.item && r.write == W::Accepted && r.token > seen &&
            writeDone(r) >= 0 && writeDone(r) <= at)
            seen = r.token;
    if (seen > fenced.token)
        return seen;
    for (const PurchaseRecord& r : h.records)
        if (r.item == fenced.item && r.token > fenced.token && r.lockedUs >= 0 &&
            r.lockedUs <= at && (seen <= fenced.token || r.token < seen))
            seen = r.token;
    return seen > fenced.token ? seen : 0;
}

/// Lane names, in the context lupdate gives tr() in SequenceDiagramBuilder.
QString tr(const char* s) {
    return QCoreApplication::translate("lockscope::SequenceDiagramBuilder", s);
}

} // namespace

SequenceDiagram SequenceDiagramBuilder::fromHistory(const DemoHistory::Loaded& h, int item,
                                                    const QList<int>& buyers) {
    SequenceDiagram d;
    DemoScenario::parseRace(h.scenario.value(QStringLiteral("scenario")).toString(), &d.race);
    d.strategy = h.strategy();
    d.fencing = h.fencing();
    d.item = item;
    const QList<int> shown = buyers.isEmpty() ? defaultBuyers(h, item) : buyers;
    for (const int b : shown)
        d.lanes.push_back({DiagramLane::Role::Actor, b, actorName(b, d.race)});
    const QString lockName = lockServerName(d.strategy);
    const int lockLane = lockName.isEmpty() ? -1 : int(d.lanes.size());
    if (!lockName.isEmpty())
        d.lanes.push_back({DiagramLane::Role::LockServer, -1, lockName});
    const int storeLane = int(d.lanes.size());
    d.lanes.push_back(
        {DiagramLane::Role::Store, -1,
         storeName(h.scenario.value(QStringLiteral("store")).toString(QStringLiteral("postgres")),
                   d.race)});

    const bool lease = strategyHasLease(d.strategy);
    const qint64 leaseUs = h.scenario.value(QStringLiteral("lease_ms")).toInteger(2000) * 1000;
    const std::map<int, AnomalyMark> anomalies = anomaliesOf(h, item, d.race);

    for (size_t i = 0; i < h.records.size(); ++i) {
        const PurchaseRecord& r = h.records[i];
        if (r.item != item)
            continue;
        const int lane = d.actorLane(r.buyer);
        if (lane < 0)
            continue;
        auto ev = [&](Kind kind, qint64 at, int peer = -1) {
            DiagramEvent e;
            e.kind = kind;
            e.lane = lane;
            e.peerLane = peer;
            e.startUs = at;
            e.attempt = int(i);
            e.token = r.token;
            return e;
        };
        const bool locked = r.lockedUs >= 0 && lockLane >= 0;
        if (lockLane >= 0) {
            DiagramEvent wait = ev(Kind::LockWait, r.startUs);
            wait.endUs = locked ? r.lockedUs : r.endUs;
            if (wait.endUs > wait.startUs)
                d.events.push_back(wait);
        }
        if (locked) {
            d.events.push_back(ev(Kind::LockAcquired, r.lockedUs, lockLane));
            if (lease) {
                DiagramEvent span = ev(Kind::Lease, r.lockedUs);
                span.valueUs = r.lockedUs + leaseUs;
                const qint64 released = r.releasedUs >= 0 ? r.releasedUs : r.endUs;
                span.endUs = std::min(span.valueUs, released);
                d.events.push_back(span);
                if (r.releasedUs < 0 || r.releasedUs > span.valueUs) {
                    DiagramEvent expired = ev(Kind::LeaseExpired, span.valueUs, lockLane);
                    expired.valueUs = span.valueUs;
                    d.events.push_back(expired);
                }
            }
        }
        // A history written before the read's time was recorded: the read follows the lock (or
        // the start, without one) closely.
        const qint64 readAt = r.readUs >= 0     ? r.readUs
                              : r.lockedUs >= 0 ? r.lockedUs + 1
                                                : r.startUs;
        if (r.stockRead >= 0) {
            DiagramEvent read = ev(Kind::Read, readAt, storeLane);
            read.value = r.stockRead;
            d.events.push_back(read);
        }
        // The pause faults that struck this attempt (the holder's window of them).
        qint64 pausedFrom = -1, pausedTo = -1;
        for (const FaultEvent& f : h.faults)
            if (f.fault == DemoScenario::Fault::Pause && f.buyer == r.buyer && f.item == item &&
                f.startUs >= r.startUs && f.startUs <= r.endUs && f.endUs >= f.startUs) {
                DiagramEvent p = ev(Kind::Paused, f.startUs);
                p.endUs = f.endUs;
                d.events.push_back(p);
                pausedFrom = f.startUs;
                pausedTo = f.endUs;
            }
        const qint64 wrote = writeTime(r);
        const qint64 payFrom = r.stockRead >= 0 ? readAt : r.lockedUs;
        const qint64 payTo = pausedFrom >= 0 ? pausedFrom : wrote;
        if (payFrom >= 0 && payTo > payFrom) {
            DiagramEvent pay = ev(Kind::Paying, payFrom);
            pay.endUs = payTo;
            d.events.push_back(pay);
        }
        (void)pausedTo;
        if (wrote >= 0) {
            switch (r.write) {
            case W::Accepted: {
                DiagramEvent w = ev(Kind::WriteAccepted, wrote, storeLane);
                w.value = r.stockWritten;
                w.discount = r.discountApplied;
                if (d.race == Race::Cart && r.stockRead >= 0 && w.value < 0)
                    w.value = r.stockRead + r.qty;
                d.events.push_back(w);
                if (const auto a = anomalies.find(int(i)); a != anomalies.end()) {
                    DiagramEvent an = ev(Kind::Anomaly, wrote, storeLane);
                    an.reason = a->second.reason;
                    an.value = a->second.value;
                    d.events.push_back(an);
                }
                break;
            }
            case W::Fenced: {
                DiagramEvent w = ev(Kind::WriteFenced, wrote, storeLane);
                w.value = r.stockWritten;
                w.seenToken = seenTokenFor(h, r);
                d.events.push_back(w);
                break;
            }
            case W::Duplicate:
                d.events.push_back(ev(Kind::WriteDuplicate, wrote, storeLane));
                break;
            case W::Unknown: {
                DiagramEvent e = ev(Kind::Error, wrote, storeLane);
                e.detail = r.error;
                d.events.push_back(e);
                break;
            }
            case W::None:
                break;
            }
        }
        if (r.outcome == O::Crashed) {
            d.events.push_back(ev(Kind::Crashed, r.releasedUs >= 0 ? r.releasedUs : r.endUs));
        } else if (locked && r.releasedUs >= 0) {
            const bool passedOn = lease && r.releasedUs > r.lockedUs + leaseUs;
            d.events.push_back(
                ev(passedOn ? Kind::ReleaseNotOwner : Kind::Released, r.releasedUs, lockLane));
        }
        if (r.outcome == O::LockTimeout)
            d.events.push_back(ev(Kind::LockTimeout, r.endUs, lockLane));
        if (r.outcome == O::Error && r.write != W::Unknown) {
            DiagramEvent e = ev(Kind::Error, r.endUs);
            e.detail = r.error;
            d.events.push_back(e);
        }
        if (r.outcome == O::Confirmed) {
            DiagramEvent c = ev(Kind::Confirmed, r.endUs);
            c.value = r.qty;
            d.events.push_back(c);
        } else if (r.outcome != O::Crashed) {
            DiagramEvent c = ev(Kind::Rejected, r.endUs);
            c.reason = rejectReason(r.outcome);
            c.detail = r.error;
            d.events.push_back(c);
        }
    }
    std::stable_sort(
        d.events.begin(), d.events.end(),
        [](const DiagramEvent& a, const DiagramEvent& b) { return a.startUs < b.startUs; });
    if (!d.events.empty()) {
        d.beginUs = d.events.front().startUs;
        d.endUs = d.beginUs;
        for (const DiagramEvent& e : d.events)
            d.endUs = std::max({d.endUs, e.startUs, e.endUs});
    }
    d.allActors = shown.size() >= buyersOf(h, item).size();
    d.verdicts = DiagramVerdicts::compute(d);
    return d;
}

QList<int> SequenceDiagramBuilder::buyersOf(const DemoHistory::Loaded& h, int item) {
    QList<int> out;
    for (const PurchaseRecord& r : h.records)
        if (r.item == item && !out.contains(r.buyer))
            out << r.buyer;
    return out;
}

QList<int> SequenceDiagramBuilder::itemsOf(const DemoHistory::Loaded& h) {
    QList<int> out;
    for (const PurchaseRecord& r : h.records)
        if (!out.contains(r.item))
            out << r.item;
    return out;
}

QList<int> SequenceDiagramBuilder::defaultBuyers(const DemoHistory::Loaded& h, int item) {
    // The first two buyers whose attempts on the item overlap in time (they contended), with
    // the buyers of any fault on the item; else everyone, capped.
    std::vector<const PurchaseRecord*> recs;
    for (const PurchaseRecord& r : h.records)
        if (r.item == item)
            recs.push_back(&r);
    std::stable_sort(
        recs.begin(), recs.end(),
        [](const PurchaseRecord* a, const PurchaseRecord* b) { return a->startUs < b->startUs; });
    QList<int> out;
    for (const FaultEvent& f : h.faults)
        if (f.item == item && !out.contains(f.buyer)) {
            out << f.buyer;
            if (f.takenOver() && !out.contains(f.takenOverBy))
                out << f.takenOverBy;
        }
    if (out.size() >= 2)
        return out.mid(0, kMaxActors);
    if (out.isEmpty()) {
        // The first race the diagram is about: a buyer that read while another one had read
        // and not yet written (read-before-write). Attempts that merely overlap can be far
        // apart (a slow first connection).
        for (size_t i = 0; i < recs.size(); ++i) {
            const PurchaseRecord& a = *recs[i];
            if (a.readUs < 0 || a.writeUs < 0)
                continue;
            for (size_t j = 0; j < recs.size(); ++j) {
                const PurchaseRecord& b = *recs[j];
                if (b.startUs > a.writeUs) // sorted by start, and a read follows its start
                    break;
                // The same value read: both decided on the same state (two reads of "unpaid").
                if (b.buyer == a.buyer || b.readUs < a.readUs || b.readUs > a.writeUs ||
                    b.stockRead != a.stockRead)
                    continue;
                // And whoever wrote in between: the writes a's write then overwrote (up to
                // four actors, so each mark near the race has its cause on the diagram).
                QList<int> race{a.buyer, b.buyer};
                for (const PurchaseRecord* w : recs)
                    if (race.size() < 4 && w->write == PurchaseRecord::StockWrite::Accepted &&
                        w->writeUs > a.readUs && w->writeUs < a.writeUs && !race.contains(w->buyer))
                        race << w->buyer;
                return race;
            }
        }
    }
    for (size_t i = 0; i < recs.size() && out.size() < 2; ++i)
        for (size_t j = i + 1; j < recs.size(); ++j) {
            if (recs[j]->startUs > recs[i]->endUs)
                break;
            if (recs[j]->buyer == recs[i]->buyer)
                continue;
            if (out.isEmpty() || out.contains(recs[i]->buyer) || out.contains(recs[j]->buyer)) {
                for (const int b : {recs[i]->buyer, recs[j]->buyer})
                    if (!out.contains(b) && out.size() < 2)
                        out << b;
            }
            break;
        }
    if (out.size() >= 2)
        return out;
    return buyersOf(h, item).mid(0, kMaxActors);
}

QString SequenceDiagramBuilder::lockServerName(const QString& strategy) {
    const LockBackend* b = BackendRegistry::forStrategy(strategy);
    if (!b)
        return {};
    return tr("%1 lock").arg(b->displayName());
}

QString SequenceDiagramBuilder::storeName(const QString& store, DemoScenario::Race race) {
    const LockBackend* b = BackendRegistry::byName(store);
    const QString server = b ? b->displayName() : store;
    switch (race) {
    case Race::Stock:
        return tr("%1 stock").arg(server);
    case Race::DoubleCharge:
        return tr("%1 payments").arg(server);
    case Race::Cart:
        return tr("%1 cart").arg(server);
    }
    return server;
}

QString SequenceDiagramBuilder::actorName(int buyer, DemoScenario::Race race) {
    switch (race) {
    case Race::Stock:
        return tr("Buyer %1").arg(buyer);
    case Race::DoubleCharge:
        return tr("Worker %1").arg(buyer);
    case Race::Cart:
        return tr("Tab %1").arg(buyer);
    }
    return QString::number(buyer);
}

bool SequenceDiagramBuilder::strategyHasLease(const QString& strategy) {
    const LockBackend* b = BackendRegistry::forStrategy(strategy);
    return b && b->strategyHasLease(strategy);
}

SequenceDiagramBuilder::SequenceDiagramBuilder(DemoScenario::Race race, const QString& strategy,
                                               const QStringList& actorNames,
                                               const QString& lockServerName,
                                               const QString& storeName) {
    m_diagram.race = race;
    m_diagram.strategy = strategy;
    for (int i = 0; i < actorNames.size(); ++i)
        m_diagram.lanes.push_back({DiagramLane::Role::Actor, i, actorNames[i]});
    if (!lockServerName.isEmpty())
        m_diagram.lanes.push_back({DiagramLane::Role::LockServer, -1, lockServerName});
    m_diagram.lanes.push_back({DiagramLane::Role::Store, -1, storeName});
    m_open.resize(size_t(actorNames.size()));
}

void SequenceDiagramBuilder::add(int actor, const PurchaseEvent& e, qint64 atUs) {
    if (actor < 0 || size_t(actor) >= m_open.size())
        return;
    using Step = PurchaseEvent::Step;
    using Note = PurchaseEvent::Note;
    Open& o = m_open[size_t(actor)];
    const int lockLane = m_diagram.laneOf(DiagramLane::Role::LockServer);
    const int storeLane = m_diagram.laneOf(DiagramLane::Role::Store);
    if (o.attempt < 0 || e.step == Step::WaitingForLock) {
        if (o.attempt >= 0 && e.step == Step::WaitingForLock)
            o = Open{};
        o.attempt = m_attempts++;
    }
    auto ev = [&](Kind kind, int peer = -1) {
        DiagramEvent d;
        d.kind = kind;
        d.lane = actor;
        d.peerLane = peer;
        d.startUs = atUs;
        d.attempt = o.attempt;
        d.token = e.token ? e.token : o.token;
        return d;
    };
    // Ends the attempt's span of that kind now; a lease only if now is before its deadline.
    auto closeSpan = [&](Kind kind) {
        for (auto it = m_diagram.events.rbegin(); it != m_diagram.events.rend(); ++it)
            if (it->lane == actor && it->attempt == o.attempt && it->kind == kind) {
                if (kind != Kind::Lease || it->endUs < 0 || it->endUs > atUs)
                    it->endUs = std::max(it->startUs, atUs);
                return;
            }
    };
    switch (e.step) {
    case Step::WaitingForLock: {
        o.waitFromUs = atUs;
        o.waiting = lockLane >= 0;
        if (lockLane >= 0) {
            DiagramEvent w = ev(Kind::LockWait);
            w.endUs = atUs; // grows until acquired or timed out
            append(w);
        }
        break;
    }
    case Step::Acquired: {
        closeSpan(Kind::LockWait);
        o.waiting = false;
        o.acquiredUs = atUs;
        o.token = e.token;
        append(ev(Kind::LockAcquired, lockLane));
        if (m_lease.count() > 0 && strategyHasLease(m_diagram.strategy)) {
            DiagramEvent l = ev(Kind::Lease);
            l.valueUs = atUs + qint64(m_lease.count()) * 1000;
            l.endUs = l.valueUs;
            append(l);
        }
        break;
    }
    case Step::ReadStock: {
        DiagramEvent r = ev(Kind::Read, storeLane);
        r.value = e.stock;
        o.read = e.stock;
        o.readUs = atUs;
        append(r);
        break;
    }
    case Step::Paying: {
        DiagramEvent p = ev(Kind::Paying);
        p.endUs = atUs;
        o.payFromUs = atUs;
        o.paying = true;
        append(p);
        break;
    }
    case Step::WroteStock: {
        closeSpan(Kind::Paying);
        o.paying = false;
        DiagramEvent w = ev(Kind::WriteAccepted, storeLane);
        w.value = e.stock;
        append(w);
        // Another actor's accepted write since this one's read: this write overwrote it.
        bool lost = false;
        for (const DiagramEvent& x : m_diagram.events)
            if (x.kind == Kind::WriteAccepted && x.lane != actor && o.readUs >= 0 &&
                x.startUs > o.readUs && x.startUs <= atUs)
                lost = true;
        bool twice = false;
        if (m_diagram.race == Race::DoubleCharge)
            for (const DiagramEvent& x : m_diagram.events)
                if (x.kind == Kind::WriteAccepted && x.attempt != o.attempt)
                    twice = true;
        if (lost || twice) {
            DiagramEvent a = ev(Kind::Anomaly, storeLane);
            a.value = 1;
            a.reason = m_diagram.race == Race::Stock  ? Reason::Oversold
                       : m_diagram.race == Race::Cart ? Reason::CartUpdateLost
                                                      : Reason::ChargedTwice;
            append(a);
        }
        m_highestToken = std::max(m_highestToken, e.token);
        break;
    }
    case Step::Fenced: {
        closeSpan(Kind::Paying);
        o.paying = false;
        if (e.note == Note::ReadRefused)
            break; // finish() rejects it
        DiagramEvent w = ev(Kind::WriteFenced, storeLane);
        w.value = e.stock;
        w.seenToken = m_highestToken > w.token ? m_highestToken : 0;
        append(w);
        break;
    }
    case Step::SoldOut:
        closeSpan(Kind::Paying);
        o.paying = false;
        break;
    case Step::LockTimeout:
        closeSpan(Kind::LockWait);
        o.waiting = false;
        append(ev(Kind::LockTimeout, lockLane));
        break;
    case Step::Released: {
        o.released = true;
        bool expired = false;
        for (const DiagramEvent& x : m_diagram.events)
            if (x.kind == Kind::Lease && x.lane == actor && x.attempt == o.attempt)
                expired = x.valueUs < atUs;
        if (e.note == Note::NotOwnerAnyMore && expired) {
            for (const DiagramEvent& x : m_diagram.events)
                if (x.kind == Kind::Lease && x.lane == actor && x.attempt == o.attempt) {
                    DiagramEvent ex = ev(Kind::LeaseExpired, lockLane);
                    ex.startUs = x.valueUs;
                    ex.valueUs = x.valueUs;
                    append(ex);
                    break;
                }
        } else
            closeSpan(Kind::Lease);
        append(
            ev(e.note == Note::NotOwnerAnyMore ? Kind::ReleaseNotOwner : Kind::Released, lockLane));
        break;
    }
    case Step::Failed: {
        if (e.note == Note::Crashed) {
            append(ev(Kind::Crashed));
            break;
        }
        DiagramEvent x = ev(Kind::Error);
        x.detail = QString::fromStdString(e.detail);
        append(x);
        break;
    }
    case Step::Done:
        break;
    }
    recompute();
}

void SequenceDiagramBuilder::finish(int actor, const PurchaseResult& r, qint64 atUs) {
    if (actor < 0 || size_t(actor) >= m_open.size())
        return;
    Open& o = m_open[size_t(actor)];
    if (o.attempt < 0)
        o.attempt = m_attempts++;
    DiagramEvent e;
    e.lane = actor;
    e.startUs = atUs;
    e.attempt = o.attempt;
    e.token = r.token;
    using RO = PurchaseResult::Outcome;
    if (r.crashed) {
        e.kind = Kind::Crashed;
        bool seen = false;
        for (const DiagramEvent& x : m_diagram.events)
            seen = seen || (x.kind == Kind::Crashed && x.attempt == o.attempt);
        if (!seen)
            append(e);
    } else if (r.outcome == RO::Confirmed) {
        e.kind = Kind::Confirmed;
        append(e);
    } else {
        e.kind = Kind::Rejected;
        e.reason = r.outcome == RO::SoldOut       ? Reason::SoldOut
                   : r.outcome == RO::LockTimeout ? Reason::Timeout
                   : r.outcome == RO::Fenced      ? Reason::Fenced
                                                  : Reason::Failed;
        e.detail = QString::fromStdString(r.error);
        append(e);
    }
    // A lease still running at the end of an attempt that never released (a crash): it runs out.
    if (!o.released)
        for (const DiagramEvent& x : m_diagram.events)
            if (x.kind == Kind::Lease && x.lane == actor && x.attempt == o.attempt &&
                x.valueUs >= 0) {
                DiagramEvent ex = x;
                ex.kind = Kind::LeaseExpired;
                ex.peerLane = m_diagram.laneOf(DiagramLane::Role::LockServer);
                ex.startUs = x.valueUs;
                ex.endUs = -1;
                append(ex);
                break;
            }
    o = Open{};
    recompute();
}

void SequenceDiagramBuilder::markPaused(int actor, qint64 fromUs, qint64 toUs) {
    if (actor < 0 || size_t(actor) >= m_open.size())
        return;
    DiagramEvent p;
    p.kind = Kind::Paused;
    p.lane = actor;
    p.startUs = fromUs;
    p.endUs = std::max(fromUs, toUs);
    p.attempt = m_open[size_t(actor)].attempt;
    append(p);
    recompute();
}

void SequenceDiagramBuilder::setLease(std::chrono::milliseconds lease) {
    m_lease = lease;
}

bool SequenceDiagramBuilder::advance(qint64 nowUs) {
    bool any = false;
    for (size_t actor = 0; actor < m_open.size(); ++actor) {
        const Open& o = m_open[actor];
        if (!o.waiting && !o.paying)
            continue;
        for (auto it = m_diagram.events.rbegin(); it != m_diagram.events.rend(); ++it)
            if (it->lane == int(actor) && it->attempt == o.attempt &&
                ((o.waiting && it->kind == Kind::LockWait) ||
                 (o.paying && it->kind == Kind::Paying))) {
                it->endUs = std::max(it->startUs, nowUs);
                any = true;
            }
    }
    if (any)
        m_diagram.endUs = std::max(m_diagram.endUs, nowUs);
    return any;
}

const SequenceDiagram& SequenceDiagramBuilder::diagram() const {
    return m_diagram;
}

void SequenceDiagramBuilder::clear() {
    m_diagram.events.clear();
    m_diagram.verdicts.clear();
    m_diagram.beginUs = m_diagram.endUs = 0;
    m_open.assign(m_open.size(), Open{});
    m_attempts = 0;
    m_highestToken = 0;
}

void SequenceDiagramBuilder::recompute() {
    m_diagram.inFlight =
        std::any_of(m_open.begin(), m_open.end(), [](const Open& o) { return o.attempt >= 0; });
    m_diagram.verdicts = DiagramVerdicts::compute(m_diagram);
}

void SequenceDiagramBuilder::append(DiagramEvent e) {
    // Events come in time order; one that does not (a pause reported after its end) is put in
    // its place, so the events stay sorted by startUs.
    auto& events = m_diagram.events;
    const auto at = std::upper_bound(events.begin(), events.end(), e.startUs,
                                     [](qint64 t, const DiagramEvent& x) { return t < x.startUs; });
    if (events.empty())
        m_diagram.beginUs = e.startUs;
    m_diagram.beginUs = std::min(m_diagram.beginUs, e.startUs);
    m_diagram.endUs = std::max({m_diagram.endUs, e.startUs, e.endUs});
    events.insert(at, std::move(e));
}

} // namespace lockscope
