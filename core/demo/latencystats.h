#pragma once

#include <QJsonObject>
#include <vector>

namespace lockscope {

/// Percentiles of a set of durations (nearest-rank).
class LatencyStats {
public:
    void add(double value) { m_values.push_back(value); }
    void addAll(const std::vector<double>& values) {
        m_values.insert(m_values.end(), values.begin(), values.end());
    }
    size_t count() const { return m_values.size(); }
    /// p in [0, 100]; 0 when empty.
    double percentile(double p) const;
    /// {"p50": .., "p95": .., "p99": ..} scaled by factor (e.g. 1e-3 for us -> ms).
    QJsonObject toJson(double factor = 1.0) const;
    /// Counts per bucket upper bound (ms), the last bucket open-ended.
    static QJsonObject histogram(const std::vector<double>& ms);

private:
    mutable std::vector<double> m_values;
};

} // namespace lockscope
