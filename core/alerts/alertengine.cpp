#include "core/alerts/alertengine.h"

#include <QSet>
#include <algorithm>

namespace lockscope {

namespace {

/// A renewal moves the deadline later by more than the jitter of PTTL and clocks between polls
/// (the same tolerance as LockEntry::sameAs).
constexpr int64_t kRenewalMinMs = 250;

bool isBlocking(const LockEntry& e) {
    return !e.waiters.isEmpty() || e.hasFlag(LockFlag::Blocking);
}

QString seconds(int64_t ms) {
    if (ms < 10000)
        return QStringLiteral("%1s").arg(double(ms) / 1000.0, 0, 'f', 1);
    return AlertRule::formatDuration(std::chrono::milliseconds(ms / 1000 * 1000));
}

} // namespace

AlertEngine::AlertEngine(std::vector<AlertRule> rules)
    : m_rules(std::move(rules)) {}

void AlertEngine::setRules(std::vector<AlertRule> rules) {
    m_rules = std::move(rules);
}

int64_t AlertEngine::heldSinceMs(const LockEntry& e) const {
    if (e.acquiredAtMs)
        return *e.acquiredAtMs;
    return m_tracks.value(e.id()).firstSeenMs;
}

void AlertEngine::track(const Snapshot& s, int64_t nowMs) {
    QSet<QString> present;
    for (const LockEntry& e : s.locks) {
        const QString id = e.id();
        present.insert(id);
        if (s.isLastKnown(e))
            continue; // not seen now: what we know of it stays as it was
        auto it = m_tracks.find(id);
        if (it == m_tracks.end()) {
            it = m_tracks.insert(id, Track{});
            it->firstSeenMs = nowMs;
            it->renewedAtMs = nowMs;
        }
        Track& t = *it;
        t.blockingSinceMs = isBlocking(e) ? (t.blockingSinceMs ? t.blockingSinceMs : nowMs) : 0;
        t.orphanedSinceMs =
            e.hasFlag(LockFlag::Orphaned) ? (t.orphanedSinceMs ? t.orphanedSinceMs : nowMs) : 0;
        if (const auto deadline = e.expiresAtMs()) {
            if (t.deadlineMs != 0 && *e.leaseMs <= 0 && t.deadlineMs <= e.observedAtMs) {
                // Still expired: "0 left" moves with every poll, the deadline does not.
            } else if (t.deadlineMs == 0 || *deadline > t.deadlineMs + kRenewalMinMs) {
                // First sight of its lease, or a renewal: the span starts again.
                if (t.deadlineMs != 0)
                    t.renewedAtMs = nowMs;
                t.leaseSpanMs = std::max<int64_t>(*e.leaseMs, 0);
                t.deadlineMs = *deadline;
            } else {
                t.leaseSpanMs = std::max<int64_t>(t.leaseSpanMs, *e.leaseMs);
                t.deadlineMs = *deadline;
            }
        } else {
            t.deadlineMs = 0;
            t.leaseSpanMs = 0;
        }
    }
    for (auto it = m_tracks.begin(); it != m_tracks.end();) {
        if (present.contains(it.key()))
            ++it;
        else
            it = m_tracks.erase(it);
    }
}

std::optional<AlertEngine::Condition>
AlertEngine::lockCondition(const AlertRule& rule, const LockEntry& e, int64_t nowMs) const {
    const Track t = m_tracks.value(e.id());
    const int64_t held = heldSinceMs(e);
    switch (rule.type) {
    case AlertRule::Type::Held:
        return Condition{held,
                         QStringLiteral("held %1 by %2").arg(seconds(nowMs - held), e.holder)};
    case AlertRule::Type::NoExpiry:
        if (e.leaseMs)
            return std::nullopt;
        return Condition{
            held, QStringLiteral("no expiry, held %1 by %2").arg(seconds(nowMs - held), e.holder)};
    case AlertRule::Type::Blocking:
        if (t.blockingSinceMs == 0)
            return std::nullopt;
        return Condition{t.blockingSinceMs,
                         QStringLiteral("%1 blocking %2 waiter(s) for %3")
                             .arg(e.holder,
                                  QString::number(std::max<qsizetype>(e.waiters.size(), 1)),
                                  seconds(nowMs - t.blockingSinceMs))};
    case AlertRule::Type::Orphaned:
        if (t.orphanedSinceMs == 0)
            return std::nullopt;
        return Condition{t.orphanedSinceMs,
                         QStringLiteral("holder %1 is gone; the lock is still held").arg(e.holder)};
    case AlertRule::Type::NotRenewed: {
        if (t.deadlineMs == 0)
            return std::nullopt;
        // The point the lease crosses: its deadline, or below% of the span seen since the last
        // renewal (never before the engine saw the lock or its last renewal).
        const int64_t margin = t.leaseSpanMs * rule.belowPercent / 100;
        const int64_t crossAt = std::max(t.deadlineMs - margin, t.renewedAtMs);
        if (nowMs <= crossAt || (rule.belowPercent > 0 && t.deadlineMs - nowMs >= margin))
            return std::nullopt;
        const int64_t left = t.deadlineMs - nowMs;
        return Condition{crossAt, left <= 0
                                      ? QStringLiteral("lease of %1 expired %2 ago, not renewed")
                                            .arg(e.holder, seconds(-left))
                                      : QStringLiteral("lease of %1 has %2 left of %3, not renewed")
                                            .arg(e.holder, seconds(left), seconds(t.leaseSpanMs))};
    }
    case AlertRule::Type::Down:
        break;
    }
    return std::nullopt;
}

std::vector<AlertEvent> AlertEngine::feed(const Snapshot& s, int64_t nowMs) {
    track(s, nowMs);
    // What holds now, by alert id; alerts of last-known locks are carried over as they are.
    QMap<QString, Alert> active;
    for (const AlertRule& rule : m_rules) {
        if (!rule.enabled)
            continue;
        const QString ruleText = rule.toText();
        if (!rule.isLockRule()) {
            QMap<Backend, int64_t> down = s.unknownSinceMs;
            for (auto it = s.backendErrors.cbegin(); it != s.backendErrors.cend(); ++it)
                if (!down.contains(it.key()))
                    down.insert(it.key(), s.takenAtMs ? s.takenAtMs : nowMs);
            for (auto it = down.cbegin(); it != down.cend(); ++it) {
                if (rule.backend && *rule.backend != it.key())
                    continue;
                if (rule.threshold.count() > 0 && nowMs - it.value() <= rule.threshold.count())
                    continue;
                Alert a;
                a.id = ruleText + u'|' + backendName(it.key());
                a.rule = rule;
                a.backend = it.key();
                a.sinceMs = it.value();
                a.detail = QStringLiteral("%1 down for %2: %3")
                               .arg(backendDisplayName(it.key()), seconds(nowMs - it.value()),
                                    s.backendErrors.value(it.key()));
                active.insert(a.id, a);
            }
            continue;
        }
        for (const LockEntry& e : s.locks) {
            if (!rule.matches(e))
                continue;
            const QString id = ruleText + u'|' + e.id();
            if (s.isLastKnown(e)) {
                if (const auto it = m_firing.constFind(id); it != m_firing.cend())
                    active.insert(id, *it);
                continue;
            }
            const auto c = lockCondition(rule, e, nowMs);
            // "> D": longer than D; without a duration, as soon as it holds.
            if (!c || (rule.threshold.count() > 0 && nowMs - c->sinceMs <= rule.threshold.count()))
                continue;
            Alert a;
            a.id = id;
            a.rule = rule;
            a.backend = e.backend;
            a.lock = e;
            a.sinceMs = c->sinceMs;
            a.detail = c->detail;
            active.insert(id, a);
        }
    }

    std::vector<AlertEvent> events;
    for (auto it = m_firing.begin(); it != m_firing.end();) {
        if (active.contains(it.key())) {
            ++it;
            continue;
        }
        Alert done = *it;
        done.resolvedAtMs = nowMs;
        m_resolved.push_front(done);
        if (m_resolved.size() > kResolvedKept)
            m_resolved.pop_back();
        events.push_back(AlertEvent{AlertEvent::Type::Resolved, std::move(done)});
        it = m_firing.erase(it);
    }
    for (auto it = active.begin(); it != active.end(); ++it) {
        auto firing = m_firing.find(it.key());
        if (firing != m_firing.end()) {
            // Still firing: the latest sighting, the same since and fired-at; no new event.
            const int64_t firedAt = firing->firedAtMs;
            *firing = *it;
            firing->firedAtMs = firedAt;
            continue;
        }
        Alert a = *it;
        a.firedAtMs = nowMs;
        m_firing.insert(a.id, a);
        events.push_back(AlertEvent{AlertEvent::Type::Fired, std::move(a)});
    }
    return events;
}

} // namespace lockscope
