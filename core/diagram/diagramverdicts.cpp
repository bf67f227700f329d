#include "core/diagram/diagramverdicts.h"

#include <algorithm>

namespace lockscope {

namespace {

using Kind = DiagramEvent::Kind;
using Reason = DiagramEvent::Reason;
using V = DiagramVerdict::Kind;
using Race = DemoScenario::Race;

class Reader {
public:
    explicit Reader(const SequenceDiagram& d)
        : m_d(d) {}

    QString name(int lane) const {
        return lane >= 0 && size_t(lane) < m_d.lanes.size() ? m_d.lanes[size_t(lane)].name
                                                            : QString();
    }
    bool has(int attempt, Kind kind) const {
        for (const DiagramEvent& e : m_d.events)
            if (e.attempt == attempt && e.kind == kind)
                return true;
        return false;
    }
    const DiagramEvent* first(int attempt, Kind kind) const {
        for (const DiagramEvent& e : m_d.events)
            if (e.attempt == attempt && e.kind == kind)
                return &e;
        return nullptr;
    }
    /// The last accepted write by another lane at or before `at`.
    const DiagramEvent* writeBefore(const DiagramEvent& w) const {
        const DiagramEvent* out = nullptr;
        for (const DiagramEvent& e : m_d.events)
            if (e.kind == Kind::WriteAccepted && e.lane != w.lane && e.startUs <= w.startUs)
                out = &e;
        return out;
    }
    /// The first lock acquisition by another lane after `at`.
    const DiagramEvent* acquiredAfter(int lane, qint64 at) const {
        for (const DiagramEvent& e : m_d.events)
            if (e.kind == Kind::LockAcquired && e.lane != lane && e.startUs >= at)
                return &e;
        return nullptr;
    }
    const DiagramEvent* acquiredWithToken(int64_t token) const {
        for (const DiagramEvent& e : m_d.events)
            if (e.kind == Kind::LockAcquired && token != 0 && e.token == token)
                return &e;
        return nullptr;
    }

private:
    const SequenceDiagram& m_d;
};

/// Two actors read the same value before either of them wrote: the race of read-check-write.
bool readBeforeWrite(const SequenceDiagram& d, const Reader& in, DiagramVerdict* v) {
    for (size_t i = 0; i < d.events.size(); ++i) {
        const DiagramEvent& a = d.events[i];
        if (a.kind != Kind::Read)
            continue;
        const DiagramEvent* aWrite = in.first(a.attempt, Kind::WriteAccepted);
        for (size_t j = i + 1; j < d.events.size(); ++j) {
            const DiagramEvent& b = d.events[j];
            if (aWrite && b.startUs >= aWrite->startUs)
                break;
            if (b.kind != Kind::Read || b.lane == a.lane || b.value != a.value)
                continue;
            const DiagramEvent* bWrite = in.first(b.attempt, Kind::WriteAccepted);
            if (!aWrite || !bWrite)
                continue;
            v->kind = V::ReadBeforeWrite;
            v->actorA = in.name(a.lane);
            v->actorB = in.name(b.lane);
            v->tokenA = a.token;
            v->tokenB = b.token;
            v->value = a.value;
            v->atUs = b.startUs;
            return true;
        }
    }
    return false;
}

} // namespace

std::vector<DiagramVerdict> DiagramVerdicts::compute(const SequenceDiagram& d) {
    std::vector<DiagramVerdict> out;
    const Reader in(d);
    auto seen = [&](V kind) {
        return std::any_of(out.begin(), out.end(),
                           [kind](const DiagramVerdict& v) { return v.kind == kind; });
    };
    bool anomaly = false;
    for (const DiagramEvent& e : d.events) {
        DiagramVerdict v;
        v.atUs = e.startUs;
        switch (e.kind) {
        case Kind::Anomaly: {
            anomaly = true;
            const DiagramEvent* other = in.writeBefore(e);
            v.actorA = other ? in.name(other->lane) : QString();
            v.tokenA = other ? other->token : 0;
            v.actorB = in.name(e.lane);
            v.tokenB = e.token;
            const DiagramEvent* read = in.first(e.attempt, Kind::Read);
            v.value = read ? read->value : e.value;
            switch (e.reason) {
            case Reason::Oversold:
                v.kind = V::Oversold;
                break;
            case Reason::LostUpdate:
                // Overwrote a write of an actor not on the diagram: the read-before-write pass
                // below names two actors that are (saying "another actor and B both read" would
                // claim a read nobody sees).
                if (v.actorA.isEmpty())
                    continue;
                v.kind = V::ReadBeforeWrite;
                break;
            case Reason::ChargedTwice:
                v.kind = V::DoubleCharge;
                break;
            case Reason::DiscountTwice:
                v.kind = V::DiscountTwice;
                break;
            case Reason::CartUpdateLost:
                v.kind = V::LostCartUpdate;
                break;
            default:
                continue;
            }
            if (!seen(v.kind))
                out.push_back(v);
            break;
        }
        case Kind::WriteFenced: {
            if (seen(V::FencedLateWrite))
                break;
            v.kind = V::FencedLateWrite;
            v.actorA = in.name(e.lane);
            v.tokenA = e.token;
            v.tokenB = e.seenToken;
            const DiagramEvent* b = in.acquiredWithToken(e.seenToken);
            v.actorB = b ? in.name(b->lane) : QString();
            v.paused = in.has(e.attempt, Kind::Paused);
            v.leaseExpired = in.has(e.attempt, Kind::LeaseExpired);
            out.push_back(v);
            break;
        }
        case Kind::WriteAccepted: {
            // A write after its own lease ran out while another actor had taken the lock.
            const DiagramEvent* expired = in.first(e.attempt, Kind::LeaseExpired);
            if (!expired || expired->startUs > e.startUs || seen(V::LeaseExpiredUnfenced))
                break;
            const DiagramEvent* b = in.acquiredAfter(e.lane, expired->startUs);
            if (!b || b->startUs > e.startUs)
                break;
            v.kind = V::LeaseExpiredUnfenced;
            v.actorA = in.name(e.lane);
            v.tokenA = e.token;
            v.actorB = in.name(b->lane);
            v.tokenB = b->token;
            v.paused = in.has(e.attempt, Kind::Paused);
            v.leaseExpired = true;
            out.push_back(v);
            break;
        }
        case Kind::Crashed: {
            if (seen(V::HolderCrashed))
                break;
            v.kind = V::HolderCrashed;
            v.actorA = in.name(e.lane);
            v.tokenA = e.token;
            if (const DiagramEvent* b = in.acquiredAfter(e.lane, e.startUs)) {
                v.actorB = in.name(b->lane);
                v.tokenB = b->token;
            }
            out.push_back(v);
            break;
        }
        case Kind::LockTimeout: {
            if (seen(V::LockTimeout))
                break;
            v.kind = V::LockTimeout;
            v.actorA = in.name(e.lane);
            if (const DiagramEvent* w = in.first(e.attempt, Kind::LockWait))
                v.value = int((std::max(w->endUs, w->startUs) - w->startUs) / 1000);
            out.push_back(v);
            break;
        }
        case Kind::WriteDuplicate: {
            if (seen(V::DuplicateRefused))
                break;
            v.kind = V::DuplicateRefused;
            v.actorB = in.name(e.lane);
            if (const DiagramEvent* a = in.writeBefore(e))
                v.actorA = in.name(a->lane);
            out.push_back(v);
            break;
        }
        default:
            break;
        }
    }
    DiagramVerdict rbw;
    if ((d.race == Race::Stock || d.race == Race::Cart) && !seen(V::ReadBeforeWrite) &&
        readBeforeWrite(d, in, &rbw) && (anomaly || d.laneOf(DiagramLane::Role::LockServer) < 0))
        out.push_back(rbw);
    if (!anomaly) {
        const bool locking = d.laneOf(DiagramLane::Role::LockServer) >= 0;
        const DiagramEvent* firstLock = nullptr;
        const DiagramEvent* secondLock = nullptr;
        int writes = 0;
        const DiagramEvent* firstWrite = nullptr;
        for (const DiagramEvent& e : d.events) {
            if (e.kind == Kind::LockAcquired && !firstLock)
                firstLock = &e;
            else if (e.kind == Kind::LockAcquired && !secondLock && e.lane != firstLock->lane)
                secondLock = &e;
            if (e.kind == Kind::WriteAccepted && ++writes == 1)
                firstWrite = &e;
        }
        DiagramVerdict v;
        // Whole-item verdicts need every actor drawn and every attempt ended.
        const bool whole = d.allActors && !d.inFlight;
        if (d.race == Race::DoubleCharge && writes == 1 && whole) {
            v.kind = V::ChargedOnce;
            v.actorA = in.name(firstWrite->lane);
            v.atUs = firstWrite->startUs;
            out.push_back(v);
        } else if (d.race == Race::Cart && writes >= 1 && whole) {
            v.kind = V::CartConsistent;
            v.actorA = in.name(firstWrite->lane);
            v.atUs = firstWrite->startUs;
            out.push_back(v);
        }
        if (locking && secondLock && !d.inFlight && d.race == Race::Stock &&
            !seen(V::FencedLateWrite) && !seen(V::LeaseExpiredUnfenced)) {
            v = {};
            v.kind = V::Serialized;
            v.actorA = in.name(firstLock->lane);
            v.tokenA = firstLock->token;
            v.actorB = in.name(secondLock->lane);
            v.tokenB = secondLock->token;
            v.atUs = secondLock->startUs;
            out.push_back(v);
        }
        if (d.race == Race::Stock)
            for (const DiagramEvent& e : d.events)
                if (e.kind == Kind::Rejected && e.reason == Reason::SoldOut) {
                    v = {};
                    v.kind = V::SoldOut;
                    v.actorB = in.name(e.lane);
                    const DiagramEvent* read = in.first(e.attempt, Kind::Read);
                    v.value = read ? read->value : 0;
                    for (const DiagramEvent& w : d.events)
                        if (w.kind == Kind::WriteAccepted && w.startUs <= e.startUs)
                            v.actorA = in.name(w.lane);
                    v.atUs = e.startUs;
                    out.push_back(v);
                    break;
                }
    }
    if (out.empty() && !d.inFlight) // while something happens, no verdict at all
        out.push_back(DiagramVerdict{});
    return out;
}

} // namespace lockscope
