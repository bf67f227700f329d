#pragma once

#include "core/demo/demoresult.h"

#include <QString>
#include <map>

namespace lockscope {

/// A run's history as JSON lines: a "run" header (scenario, initial stock per item), one
/// "purchase" line per attempt, and a "final" line (final stock per item, the servers' verdict).
class DemoHistory {
public:
    struct Loaded {
        std::map<int, int> initial;
        std::map<int, int> final;
        std::vector<PurchaseRecord> records;
        QJsonObject serverVerdict;
    };
    /// Throws std::runtime_error when the file cannot be written.
    static void save(const QString& path, const DemoResult& result);
    /// Throws std::runtime_error naming the line that is not valid.
    static Loaded load(const QString& path);
};

} // namespace lockscope
