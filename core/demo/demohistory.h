#pragma once

#include "core/demo/demoresult.h"

#include <QString>
#include <map>

namespace lockscope {

/// A run's history as JSON lines: a "run" header (scenario, initial stock per item), one
/// "purchase" line per attempt, one "fault" line per fault that struck (FaultEvent), and a
/// "final" line (final stock per item, the servers' verdict).
class DemoHistory {
public:
    struct Loaded {
        QJsonObject scenario; ///< DemoScenario::toJson() of the run
        std::map<int, int> initial;
        std::map<int, int> final;
        std::vector<PurchaseRecord> records;
        /// The faults that struck ("fault" lines; a history written before them has none).
        std::vector<FaultEvent> faults;
        QJsonObject serverVerdict;
        int crashedWorkers = 0;          ///< worker processes that crashed (not in the records)
        int buyersGaveUp = 0;            ///< buyers that gave up on the servers
        QString verdictError;            ///< the run could not read its verdict from the servers
        QStringList lockUnobtainable;    ///< DemoResult::lockUnobtainable
        bool statedInfraFailure = false; ///< what the run itself said
        /// The infrastructure rule (DemoResult::infraFailureReason) applied to this history.
        QString infraFailure() const;
        QString strategy() const; ///< the scenario's strategy ("none", "redis", ...)
        bool fencing() const;     ///< the scenario's fencing (on when not said)
        /// The scenario's race (stock when not said: a history written before issue 15).
        DemoScenario::Race race() const;
    };
    /// Throws std::runtime_error when the file cannot be written.
    static void save(const QString& path, const DemoResult& result);
    /// Throws std::runtime_error naming the line that is not valid: not a JSON object, an
    /// unknown type, or numbers no run writes (qty outside 1..1000, a stock beyond 10^8, a time
    /// beyond 2^50 us), which the verdict's and the checker's sums are not made for.
    static Loaded load(const QString& path);
};

} // namespace lockscope
