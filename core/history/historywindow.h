#pragma once

#include "core/history/holdrecord.h"

#include <QMetaType>
#include <vector>

namespace lockscope {

/// What the store holds for one span of time: the Timeline page's data.
struct HistoryWindow {
    int64_t fromMs = 0;
    int64_t toMs = 0;
    std::vector<HoldRecord> holds; ///< oldest first
    std::vector<WaitRecord> waits;
    std::vector<OutageRecord> outages;
    bool truncated = false; ///< more holds than the read's limit: the newest were kept
};

} // namespace lockscope

Q_DECLARE_METATYPE(lockscope::HistoryWindow)
