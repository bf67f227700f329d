#pragma once

#include "core/demo/demoscenario.h"
#include "core/demo/demoverdict.h"
#include "core/demo/purchaserecord.h"

#include <QJsonObject>
#include <QMetaType>
#include <vector>

namespace lockscope {

struct DemoResult {
    DemoScenario scenario;
    std::string runId;
    int attempted = 0;
    int succeeded = 0;
    int rejected = 0; ///< sold out
    int lockTimeouts = 0;
    int fenced = 0;
    int errors = 0;
    int crashed = 0;
    int crashedWorkers = 0; ///< worker processes killed by a crash fault
    double wallS = 0;
    bool cancelled = false;
    DemoVerdict verdict;
    std::vector<PurchaseRecord> history;

    int failed() const { return lockTimeouts + fenced + errors + crashed; }
    /// The CLI's JSON contract (see README): strategy, store, buyers, items, initial_stock, sold,
    /// oversold, final_stock, failed, wall_s, purchases_per_s, latency_ms, invariants_ok, cancelled
    /// ...
    QJsonObject toJson() const;
};

} // namespace lockscope

/// Crosses from the demo worker thread to the GUI by a queued signal.
Q_DECLARE_METATYPE(lockscope::DemoResult)
