#include "core/history/holdtracker.h"

#include <QSet>

namespace lockscope {

namespace {

bool sameHold(const HoldRecord& h, const LockEntry& e) {
    return h.holder == e.holder && h.token == e.token;
}

/// notBeforeMs: its server's previous answer (0: the first snapshot of it).
HoldRecord startHold(const LockEntry& e, int64_t seenAtMs, int64_t notBeforeMs) {
    HoldRecord h;
    h.lockId = e.id();
    h.backend = e.backend;
    h.kind = e.kind;
    h.resource = e.logical();
    h.physical = e.resource;
    h.holder = e.holder;
    h.token = e.token;
    // The server's acquisition time when it reports one (and it is not in the future of what
    // was seen: clocks differ), else the first refresh that saw it.
    h.startMs = e.acquiredAtMs && *e.acquiredAtMs > 0 && *e.acquiredAtMs <= seenAtMs
                    ? *e.acquiredAtMs
                    : seenAtMs;
    // Not held at the previous answer: taken since (a waiter's ctime or transaction start is
    // when it began to wait).
    if (notBeforeMs > 0 && notBeforeMs < seenAtMs)
        h.startMs = std::max(h.startMs, notBeforeMs);
    h.leaseMs = e.leaseMs;
    h.maxWaiters = int(e.waiters.size());
    h.foreign = e.hasFlag(LockFlag::Foreign);
    return h;
}

QString waitKey(const QString& lockId, const QString& waiter) {
    return lockId + u'\n' + waiter;
}

} // namespace

void HoldTracker::noteForceRelease(const QString& lockId, const QString& holder) {
    m_forceReleased.insert(lockId, holder);
}

HistoryChanges HoldTracker::observe(const Snapshot& s) {
    HistoryChanges out;
    auto answeredAt = [&](Backend b) {
        const int64_t at = s.answeredAtMs.value(b, 0);
        return at > 0 ? at : s.takenAtMs;
    };

    // Outages that ended with this snapshot: their servers' vanished holds end Unobserved.
    QHash<Backend, OutageRecord> returned;
    for (auto it = m_outages.begin(); it != m_outages.end();) {
        if (s.unknownSinceMs.contains(it.key())) {
            ++it;
            continue;
        }
        OutageRecord o = it.value();
        o.endMs = answeredAt(o.backend);
        returned.insert(o.backend, o);
        out.outagesEnded.push_back(o);
        it = m_outages.erase(it);
    }
    for (auto it = s.unknownSinceMs.cbegin(); it != s.unknownSinceMs.cend(); ++it) {
        if (m_outages.contains(it.key()))
            continue;
        OutageRecord o;
        o.backend = it.key();
        o.startMs = it.value() > 0 ? it.value() : s.takenAtMs;
        o.error = s.backendErrors.value(it.key());
        m_outages.insert(o.backend, o);
        out.outagesStarted.push_back(o);
    }

    auto endHold = [&](const QString& id, int64_t atMs, bool replaced) {
        HoldRecord h = m_holds.take(id);
        const int64_t deadline = m_deadlines.take(id);
        const bool orphaned = m_orphaned.take(id);
        const auto forced = m_forceReleased.constFind(id);
        const bool forceReleased = forced != m_forceReleased.cend() && forced.value() == h.holder;
        if (forced != m_forceReleased.cend())
            m_forceReleased.erase(forced);
        const auto outage = returned.constFind(h.backend);
        if (forceReleased) {
            h.end = HoldEnd::ForceReleased;
            h.endMs = atMs;
        } else if (deadline > 0 && deadline <= atMs) {
            // Gone (or taken over) after its deadline: it ran out, at the deadline.
            h.end = HoldEnd::Expired;
            h.endMs = std::max(deadline, h.startMs);
        } else if (outage != returned.cend() && !replaced) {
            // Gone while its server could not be read: neither when nor how is known.
            h.end = HoldEnd::Unobserved;
            h.endMs = std::max(outage->startMs, h.startMs);
        } else if (orphaned) {
            h.end = HoldEnd::HolderDied;
            h.endMs = atMs;
        } else {
            h.end = HoldEnd::Released;
            h.endMs = atMs;
        }
        out.holdsEnded.push_back(h);
    };
    auto endWait = [&](const QString& key, int64_t atMs, bool acquired) {
        WaitRecord w = m_waits.take(key);
        w.endMs = std::max(atMs, w.startMs);
        w.acquired = acquired;
        out.waitsEnded.push_back(w);
    };

    QSet<QString> seen;
    QSet<QString> seenWaits;
    for (const LockEntry& e : s.locks) {
        const QString id = e.id();
        seen.insert(id);
        if (s.isLastKnown(e)) {
            // Last known, not current: nothing of it is news. Its waits stay as they were.
            for (auto it = m_waits.cbegin(); it != m_waits.cend(); ++it)
                if (it->lockId == id)
                    seenWaits.insert(it.key());
            continue;
        }
        const int64_t seenAt = e.observedAtMs > 0 ? e.observedAtMs : answeredAt(e.backend);
        const auto held = m_holds.constFind(id);
        if (held != m_holds.cend() && !sameHold(*held, e))
            endHold(id, seenAt, true);
        if (!m_holds.contains(id)) {
            HoldRecord h = startHold(e, seenAt, m_answered.value(e.backend, 0));
            m_holds.insert(id, h);
            out.holdsStarted.push_back(h);
        }
        HoldRecord& h = m_holds[id];
        h.maxWaiters = std::max(h.maxWaiters, int(e.waiters.size()));
        m_deadlines.insert(id, e.expiresAtMs().value_or(0));
        m_orphaned.insert(id, e.hasFlag(LockFlag::Orphaned));
        for (const QString& waiter : e.waiters) {
            const QString key = waitKey(id, waiter);
            seenWaits.insert(key);
            if (m_waits.contains(key))
                continue;
            WaitRecord w;
            w.lockId = id;
            w.backend = e.backend;
            w.resource = e.logical();
            w.waiter = waiter;
            w.startMs = seenAt;
            m_waits.insert(key, w);
            out.waitsStarted.push_back(w);
        }
    }

    // Waits no longer listed: the waiter got the lock (it is the holder now), or gave up.
    const QStringList waitKeys = m_waits.keys();
    for (const QString& key : waitKeys) {
        if (seenWaits.contains(key))
            continue;
        const WaitRecord& w = m_waits[key];
        const auto holder = m_holds.constFind(w.lockId);
        const bool acquired = holder != m_holds.cend() && holder->holder == w.waiter;
        endWait(key, answeredAt(w.backend), acquired);
    }
    // Holds whose lock is gone.
    const QStringList ids = m_holds.keys();
    for (const QString& id : ids) {
        if (seen.contains(id))
            continue;
        const Backend b = m_holds[id].backend;
        if (s.unknownSinceMs.contains(b))
            continue; // its server is down: unknown, not gone
        endHold(id, answeredAt(b), false);
    }
    for (const Backend b : {Backend::Redis, Backend::ZooKeeper, Backend::Postgres})
        if (!s.unknownSinceMs.contains(b) && s.answeredAtMs.value(b, 0) > 0)
            m_answered.insert(b, s.answeredAtMs.value(b));
    return out;
}

} // namespace lockscope
