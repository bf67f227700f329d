#include "core/history/historystats.h"

#include <QHash>
#include <QJsonArray>
#include <algorithm>
#include <cmath>
#include <map>

namespace lockscope {

Percentiles Percentiles::of(std::vector<int64_t> values) {
    Percentiles p;
    p.count = int(values.size());
    if (values.empty())
        return p;
    std::sort(values.begin(), values.end());
    const auto rank = [&](double q) {
        const auto k = size_t(std::ceil(q * double(values.size())));
        return values[std::clamp<size_t>(k, 1, values.size()) - 1];
    };
    p.p50 = rank(0.50);
    p.p95 = rank(0.95);
    p.max = values.back();
    return p;
}

QJsonObject Percentiles::toJson() const {
    auto v = [](const std::optional<int64_t>& x) {
        return x ? QJsonValue(qint64(*x)) : QJsonValue(QJsonValue::Null);
    };
    return QJsonObject{{QStringLiteral("count"), count},
                       {QStringLiteral("p50"), v(p50)},
                       {QStringLiteral("p95"), v(p95)},
                       {QStringLiteral("max"), v(max)}};
}

QString HoldGroupStats::key() const {
    return backendName(backend) + u'\n' + kind + u'\n' + resource;
}

QJsonObject HoldGroupStats::toJson() const {
    QJsonObject o{{QStringLiteral("backend"), backendName(backend)},
                  {QStringLiteral("kind"), kind},
                  {QStringLiteral("acquisitions"), acquisitions},
                  {QStringLiteral("hold_ms"), holdMs.toJson()},
                  {QStringLiteral("wait_ms"), waitMs.toJson()},
                  {QStringLiteral("contended"), contended},
                  {QStringLiteral("expiries"), expiries},
                  {QStringLiteral("force_releases"), forceReleases},
                  {QStringLiteral("holder_deaths"), holderDeaths},
                  {QStringLiteral("open"), open}};
    if (!resource.isEmpty())
        o.insert(QStringLiteral("resource"), resource);
    return o;
}

QJsonObject HistoryStatsReport::toJson() const {
    auto array = [](const std::vector<HoldGroupStats>& rows) {
        QJsonArray a;
        for (const HoldGroupStats& r : rows)
            a.append(r.toJson());
        return a;
    };
    QJsonArray longest;
    for (const HoldRecord& h : longestHeld) {
        QJsonObject o = h.toJson();
        o.insert(QStringLiteral("duration_ms"), qint64(h.durationMs(untilMs)));
        longest.append(o);
    }
    return QJsonObject{{QStringLiteral("since_ms"), qint64(sinceMs)},
                       {QStringLiteral("until_ms"), qint64(untilMs)},
                       {QStringLiteral("resources"), array(resources)},
                       {QStringLiteral("kinds"), array(kinds)},
                       {QStringLiteral("hottest"), array(hottest)},
                       {QStringLiteral("longest_held"), longest}};
}

namespace {

struct Group {
    HoldGroupStats stats;
    std::vector<int64_t> holdMs;
    std::vector<int64_t> waitMs;
};

void count(Group& g, const HoldRecord& h, int64_t sinceMs) {
    if (h.startMs >= sinceMs)
        ++g.stats.acquisitions;
    if (h.isOpen())
        ++g.stats.open;
    else
        g.holdMs.push_back(h.endMs - h.startMs);
    if (h.maxWaiters > 0)
        ++g.stats.contended;
    switch (h.end) {
    case HoldEnd::Expired:
        ++g.stats.expiries;
        break;
    case HoldEnd::ForceReleased:
        ++g.stats.forceReleases;
        break;
    case HoldEnd::HolderDied:
        ++g.stats.holderDeaths;
        break;
    case HoldEnd::Open:
    case HoldEnd::Released:
    case HoldEnd::Unobserved:
        break;
    }
}

std::vector<HoldGroupStats> finished(std::map<QString, Group>& groups) {
    std::vector<HoldGroupStats> out;
    out.reserve(groups.size());
    for (auto& [key, g] : groups) {
        g.stats.holdMs = Percentiles::of(std::move(g.holdMs));
        g.stats.waitMs = Percentiles::of(std::move(g.waitMs));
        out.push_back(std::move(g.stats));
    }
    return out;
}

} // namespace

HistoryStatsReport HistoryStats::compute(const std::vector<HoldRecord>& holds,
                                         const std::vector<WaitRecord>& waits, int64_t sinceMs,
                                         int64_t untilMs, int top) {
    HistoryStatsReport r;
    r.sinceMs = sinceMs;
    r.untilMs = untilMs;
    std::map<QString, Group> byResource; // sorted by key: backend, kind, resource
    std::map<QString, Group> byKind;
    QHash<QString, QString> resourceOfLock; // lock id -> byResource key
    QHash<QString, QString> kindOfLock;
    for (const HoldRecord& h : holds) {
        const QString kind = h.kind.isValid() ? h.kind.name() : QString();
        HoldGroupStats id;
        id.backend = h.backend;
        id.kind = kind;
        id.resource = h.resource;
        const QString rk = id.key();
        Group& g = byResource[rk];
        g.stats.backend = h.backend;
        g.stats.kind = kind;
        g.stats.resource = h.resource;
        count(g, h, sinceMs);
        id.resource.clear();
        const QString kk = id.key();
        Group& k = byKind[kk];
        k.stats.backend = h.backend;
        k.stats.kind = kind;
        count(k, h, sinceMs);
        resourceOfLock.insert(h.lockId, rk);
        kindOfLock.insert(h.lockId, kk);
    }
    for (const WaitRecord& w : waits) {
        if (w.isOpen() || !resourceOfLock.contains(w.lockId))
            continue;
        byResource[resourceOfLock.value(w.lockId)].waitMs.push_back(w.endMs - w.startMs);
        byKind[kindOfLock.value(w.lockId)].waitMs.push_back(w.endMs - w.startMs);
    }
    r.resources = finished(byResource);
    r.kinds = finished(byKind);
    r.hottest = r.resources;
    std::stable_sort(r.hottest.begin(), r.hottest.end(),
                     [](const HoldGroupStats& a, const HoldGroupStats& b) {
                         return a.acquisitions > b.acquisitions;
                     });
    if (int(r.hottest.size()) > top)
        r.hottest.resize(size_t(top));
    r.longestHeld = holds;
    std::stable_sort(r.longestHeld.begin(), r.longestHeld.end(),
                     [untilMs](const HoldRecord& a, const HoldRecord& b) {
                         return a.durationMs(untilMs) > b.durationMs(untilMs);
                     });
    if (int(r.longestHeld.size()) > top)
        r.longestHeld.resize(size_t(top));
    return r;
}

} // namespace lockscope
