#pragma once

#include <QMetaType>
#include <map>
#include <string>

namespace lockscope {

/// A snapshot while a run goes on (for a progress bar and live charts).
struct DemoProgress {
    int done = 0;      ///< purchase attempts finished
    int expected = -1; ///< total attempts when known (attempts > 0), else -1
    int confirmed = 0;
    int oversoldSoFar = 0; ///< from confirmed purchases reported so far vs initial stock
    int stockLeft = 0;     ///< sum over items, read from the store (when stockKnown)
    /// Every item's stock was read: false when the store's server did not answer (stockLeft is
    /// then no figure to plot).
    bool stockKnown = false;
    double elapsedS = 0;
    std::map<int, int> stockByItem;
    std::map<int, std::string> holderByItem; ///< current lock holder ("b7"), empty when free
};

} // namespace lockscope

/// Crosses from the demo worker thread to the GUI by a queued signal.
Q_DECLARE_METATYPE(lockscope::DemoProgress)
