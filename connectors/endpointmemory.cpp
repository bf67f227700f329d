#include "connectors/endpointmemory.h"

#include <QStringList>
#include <algorithm>
#include <map>
#include <mutex>
#include <optional>
#include <vector>

namespace lockscope {

namespace {

using Clock = std::chrono::steady_clock;

struct Failures {
    std::mutex mutex;
    std::map<QString, Clock::time_point> at; ///< "host:port" -> when it last failed
};

Failures& failures() {
    static Failures f;
    return f;
}

/// When key failed within kRemember; nullopt otherwise. Caller holds the mutex.
std::optional<Clock::time_point> failedAt(Failures& f, const QString& key, Clock::time_point now) {
    const auto it = f.at.find(key);
    if (it == f.at.end())
        return std::nullopt;
    if (now - it->second >= EndpointMemory::kRemember) {
        f.at.erase(it);
        return std::nullopt;
    }
    return it->second;
}

} // namespace

void EndpointMemory::failed(const HostPort& endpoint) {
    Failures& f = failures();
    std::lock_guard lock(f.mutex);
    f.at[endpoint.toString()] = Clock::now();
}

void EndpointMemory::answered(const HostPort& endpoint) {
    Failures& f = failures();
    std::lock_guard lock(f.mutex);
    f.at.erase(endpoint.toString());
}

bool EndpointMemory::recentlyFailed(const HostPort& endpoint) {
    Failures& f = failures();
    std::lock_guard lock(f.mutex);
    return failedAt(f, endpoint.toString(), Clock::now()).has_value();
}

QList<HostPort> EndpointMemory::ordered(const QList<HostPort>& candidates) {
    QList<HostPort> good;
    std::vector<std::pair<Clock::time_point, HostPort>> bad;
    QStringList seen;
    Failures& f = failures();
    std::lock_guard lock(f.mutex);
    const auto now = Clock::now();
    for (const HostPort& c : candidates) {
        const QString key = c.toString();
        if (seen.contains(key))
            continue;
        seen.append(key);
        if (const auto when = failedAt(f, key, now))
            bad.emplace_back(*when, c);
        else
            good.append(c);
    }
    std::stable_sort(bad.begin(), bad.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& [when, c] : bad)
        good.append(c);
    return good;
}

void EndpointMemory::forgetAll() {
    Failures& f = failures();
    std::lock_guard lock(f.mutex);
    f.at.clear();
}

} // namespace lockscope
