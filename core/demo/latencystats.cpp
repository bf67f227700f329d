#include "core/demo/latencystats.h"

#include <QJsonArray>
#include <algorithm>
#include <cmath>

namespace lockscope {

double LatencyStats::percentile(double p) const {
    if (m_values.empty())
        return 0;
    std::sort(m_values.begin(), m_values.end());
    const double rank = std::ceil(p / 100.0 * double(m_values.size()));
    const size_t idx = static_cast<size_t>(std::clamp(rank, 1.0, double(m_values.size()))) - 1;
    return m_values[idx];
}

QJsonObject LatencyStats::toJson(double factor) const {
    auto round3 = [](double v) { return std::round(v * 1000.0) / 1000.0; };
    return QJsonObject{{QStringLiteral("p50"), round3(percentile(50) * factor)},
                       {QStringLiteral("p95"), round3(percentile(95) * factor)},
                       {QStringLiteral("p99"), round3(percentile(99) * factor)}};
}

QJsonObject LatencyStats::histogram(const std::vector<double>& ms) {
    static const double bounds[] = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000};
    std::vector<int> counts(std::size(bounds) + 1, 0);
    for (double v : ms) {
        size_t i = 0;
        while (i < std::size(bounds) && v > bounds[i])
            ++i;
        ++counts[i];
    }
    QJsonObject out;
    for (size_t i = 0; i < std::size(bounds); ++i)
        out.insert(QStringLiteral("le_%1ms").arg(bounds[i]), counts[i]);
    out.insert(QStringLiteral("gt_1000ms"), counts.back());
    return out;
}

} // namespace lockscope
