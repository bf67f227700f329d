#include "core/metrics/lockmetrics.h"

#include "core/backends/backendregistry.h"
#include "core/backends/lockbackend.h"
#include "core/metrics/promtext.h"
#include "core/monitor/displaytext.h"

#include <QCryptographicHash>
#include <QRegularExpression>
#include <QSet>
#include <algorithm>

namespace lockscope {

namespace {

using Type = PromText::Type;
using Labels = PromText::Labels;

struct KindCounts {
    int held = 0;
    int stale = 0;
    int orphaned = 0;
    int waiters = 0;
    int64_t oldestStartMs = 0; ///< 0: none
};

/// " #" and the first 8 hex digits of the SHA-256 of text's UTF-8 bytes.
QString fingerprint(const QString& text) {
    return QStringLiteral(" #") +
           QString::fromLatin1(
               QCryptographicHash::hash(text.toUtf8(), QCryptographicHash::Sha256).toHex().left(8));
}

/// A resource name as a label value: escaped for people (DisplayText) and bounded, so a hostile
/// or huge key can neither forge lines nor blow up a scrape. When that changed the name (cut at
/// 200 characters, or escaped), or the exact name itself ends like a fingerprint, a fingerprint of
/// the exact name is appended: two resources never share a label because their shown text does.
QString resourceLabel(const QString& r) {
    static const QRegularExpression looksFingerprinted(QStringLiteral(" #[0-9a-f]{8}$"));
    const QString shown = DisplayText::forTerminal(r, 200);
    if (shown == r && !looksFingerprinted.match(r).hasMatch())
        return r;
    return shown + fingerprint(r);
}

} // namespace

LockMetrics::LockMetrics(Options options)
    : m_options(std::move(options)) {}

const QList<double>& LockMetrics::holdDurationBounds() {
    static const QList<double> bounds{0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 900, 3600};
    return bounds;
}

std::vector<Backend> LockMetrics::backends() const {
    if (!m_options.backends.empty())
        return m_options.backends;
    std::vector<Backend> all;
    for (const LockBackend* b : BackendRegistry::all())
        all.push_back(b->id());
    return all;
}

void LockMetrics::observe(const Snapshot& snapshot) {
    m_last = snapshot;
    m_haveSnapshot = true;
    ++m_refreshes;
    QHash<QString, int64_t> seen;
    for (const LockEntry& e : snapshot.locks) {
        const QString id = e.id();
        seen.insert(id, m_firstSeenMs.value(id, snapshot.takenAtMs));
    }
    m_firstSeenMs = std::move(seen);
}

void LockMetrics::observeHolds(const HistoryChanges& changes) {
    const QList<double>& bounds = holdDurationBounds();
    for (const HoldRecord& h : changes.holdsEnded) {
        const double seconds = double(h.durationMs(h.endMs)) / 1000.0;
        Histogram& hist = m_durations[{backendName(h.backend), h.kind.name()}];
        if (hist.buckets.isEmpty())
            hist.buckets.fill(0, bounds.size());
        for (qsizetype i = 0; i < bounds.size(); ++i)
            if (seconds <= bounds[i])
                ++hist.buckets[i];
        ++hist.count;
        hist.sum += seconds;
        ++m_ended[{backendName(h.backend), holdEndName(h.end)}];
    }
}

void LockMetrics::setAlertsFiring(const QMap<QString, int>& firingByRule) {
    m_alerts = firingByRule;
}

QByteArray LockMetrics::render(int64_t nowMs) const {
    PromText out;
    const std::vector<Backend> monitored = backends();

    // Per backend and kind: every kind of every monitored backend, zeros included, so a series
    // does not vanish when its last lock goes.
    QMap<QPair<QString, QString>, KindCounts> counts;
    for (Backend b : monitored)
        for (const LockKind& k : BackendRegistry::of(b).kinds())
            counts[{backendName(b), k.name()}];
    struct Hold {
        const LockEntry* entry;
        int64_t startMs;
    };
    std::vector<Hold> holds;
    for (const LockEntry& e : m_last.locks) {
        if (m_last.isLastKnown(e))
            continue; // a server that cannot be read: counted in lockscope_locks_last_known
        KindCounts& c = counts[{backendName(e.backend), e.kind.name()}];
        ++c.held;
        c.stale += e.hasFlag(LockFlag::Stale) ? 1 : 0;
        c.orphaned += e.hasFlag(LockFlag::Orphaned) ? 1 : 0;
        c.waiters += int(e.waiters.size());
        const int64_t start =
            e.acquiredAtMs ? *e.acquiredAtMs : m_firstSeenMs.value(e.id(), m_last.takenAtMs);
        if (c.oldestStartMs == 0 || start < c.oldestStartMs)
            c.oldestStartMs = start;
        holds.push_back({&e, start});
    }
    auto kindLabels = [](const QPair<QString, QString>& k) {
        return Labels{{QStringLiteral("backend"), k.first}, {QStringLiteral("kind"), k.second}};
    };
    auto perKind = [&](const char* name, const QString& help, auto value) {
        out.family(name, Type::Gauge, help);
        for (auto it = counts.cbegin(); it != counts.cend(); ++it)
            out.sample(name, kindLabels(it.key()), value(it.value()));
    };

    out.family("lockscope_up", Type::Gauge,
               QStringLiteral("Whether the backend's last scan answered (1) or not (0)."));
    for (Backend b : monitored)
        out.sample("lockscope_up", {{QStringLiteral("backend"), backendName(b)}},
                   m_haveSnapshot && !m_last.backendErrors.contains(b) ? 1 : 0);
    out.family("lockscope_scan_duration_seconds", Type::Gauge,
               QStringLiteral("How long the backend's last scan took; absent while it is down."));
    // A backend that could not be read has no scan to time (its failed attempt can take
    // microseconds and would read as a fast scan): no sample while lockscope_up is 0.
    for (Backend b : monitored)
        if (m_last.backendMs.contains(b) && !m_last.backendErrors.contains(b) &&
            !m_last.unknownSinceMs.contains(b))
            out.sample("lockscope_scan_duration_seconds",
                       {{QStringLiteral("backend"), backendName(b)}},
                       m_last.backendMs.value(b) / 1000.0);
    out.family("lockscope_locks_last_known", Type::Gauge,
               QStringLiteral("Locks of a backend that cannot be read now, as last seen."));
    for (Backend b : monitored)
        out.sample(
            "lockscope_locks_last_known", {{QStringLiteral("backend"), backendName(b)}},
            double(std::count_if(m_last.locks.begin(), m_last.locks.end(), [&](const LockEntry& e) {
                return e.backend == b && m_last.isLastKnown(e);
            })));

    perKind("lockscope_locks_held", QStringLiteral("Live locks, by backend and kind."),
            [](const KindCounts& c) { return double(c.held); });
    perKind("lockscope_locks_stale",
            QStringLiteral("Live locks flagged stale (no expiry, expired lease never released, "
                           "holder idle in transaction)."),
            [](const KindCounts& c) { return double(c.stale); });
    perKind("lockscope_locks_orphaned",
            QStringLiteral("Live locks whose holder process on this host is gone."),
            [](const KindCounts& c) { return double(c.orphaned); });
    perKind("lockscope_lock_waiters",
            QStringLiteral("Clients waiting behind the live locks (where the backend shows them)."),
            [](const KindCounts& c) { return double(c.waiters); });
    perKind("lockscope_oldest_hold_age_seconds",
            QStringLiteral("Age of the oldest live lock (since its acquisition when the server "
                           "tells, else since first seen); 0 when there is none."),
            [nowMs](const KindCounts& c) {
                return c.oldestStartMs > 0
                           ? double(std::max<int64_t>(0, nowMs - c.oldestStartMs)) / 1000.0
                           : 0.0;
            });

    // Only the topN oldest holds are named: bounded cardinality whatever the servers hold.
    std::sort(holds.begin(), holds.end(), [](const Hold& a, const Hold& b) {
        return a.startMs != b.startMs ? a.startMs < b.startMs : a.entry->id() < b.entry->id();
    });
    out.family("lockscope_hold_age_seconds", Type::Gauge,
               QStringLiteral("Age of the N oldest live locks, by resource (exporter --top)."));
    QSet<QString> named; // one series per label set, even for two holds of one logical name
    for (size_t i = 0; i < holds.size() && int(i) < m_options.topN; ++i) {
        const LockEntry& e = *holds[i].entry;
        QString resource = resourceLabel(e.logical());
        const QString prefix = backendName(e.backend) + u'|' + e.kind.name() + u'|';
        if (named.contains(prefix + resource))
            resource += fingerprint(e.id());
        named.insert(prefix + resource);
        out.sample("lockscope_hold_age_seconds",
                   {{QStringLiteral("backend"), backendName(e.backend)},
                    {QStringLiteral("kind"), e.kind.name()},
                    {QStringLiteral("resource"), resource}},
                   double(std::max<int64_t>(0, nowMs - holds[i].startMs)) / 1000.0);
    }

    out.family("lockscope_hold_duration_seconds", Type::Histogram,
               QStringLiteral("How long ended holds were held, as the monitor saw them."));
    for (auto it = m_durations.cbegin(); it != m_durations.cend(); ++it)
        out.histogram("lockscope_hold_duration_seconds", kindLabels(it.key()), holdDurationBounds(),
                      it.value().buckets, it.value().count, it.value().sum);
    out.family("lockscope_holds_ended_total", Type::Counter,
               QStringLiteral("Ended holds, by backend and how they ended."));
    for (auto it = m_ended.cbegin(); it != m_ended.cend(); ++it)
        out.sample(
            "lockscope_holds_ended_total",
            {{QStringLiteral("backend"), it.key().first}, {QStringLiteral("end"), it.key().second}},
            double(it.value()));

    out.family("lockscope_alerts_firing", Type::Gauge,
               QStringLiteral("Alerts firing now, by rule."));
    for (auto it = m_alerts.cbegin(); it != m_alerts.cend(); ++it)
        out.sample("lockscope_alerts_firing", {{QStringLiteral("rule"), it.key()}}, it.value());

    out.family("lockscope_refreshes_total", Type::Counter,
               QStringLiteral("Monitor refreshes since the exporter started."));
    out.sample("lockscope_refreshes_total", {}, double(m_refreshes));
    out.family("lockscope_last_refresh_timestamp_seconds", Type::Gauge,
               QStringLiteral("When the last refresh was taken (Unix time)."));
    out.sample("lockscope_last_refresh_timestamp_seconds", {}, double(m_last.takenAtMs) / 1000.0);
    return out.text();
}

} // namespace lockscope
