#pragma once

#include <chrono>

namespace lockscope {

struct LockOptions {
    /// How long the lock lives without renewal (redis, lease). pg-row, pg-advisory and
    /// zookeeper locks have no lease: they live as long as the transaction or session.
    std::chrono::milliseconds lease{10000};
    /// How long acquire() may wait; 0 = try once.
    std::chrono::milliseconds wait{5000};
};

} // namespace lockscope
