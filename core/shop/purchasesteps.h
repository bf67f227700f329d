#pragma once

#include "core/shop/purchase.h"

#include <chrono>
#include <string>

namespace lockscope {

/// Delivers one purchase attempt's steps to its observer as PurchaseEvents, timed since the
/// attempt started (Purchaser and RacePurchaser alike). Nothing happens without an observer.
class PurchaseSteps {
public:
    PurchaseSteps(const PurchaseObserver& observer, const PurchaseRequest& r);
    void operator()(PurchaseEvent::Step step, int64_t token = 0, int stock = -1,
                    PurchaseEvent::Note note = PurchaseEvent::Note::None, std::string detail = {},
                    int discountUses = -1) const;
    std::chrono::microseconds elapsed() const;

private:
    const PurchaseObserver& m_observer;
    const PurchaseRequest& m_request;
    std::chrono::steady_clock::time_point m_start;
};

} // namespace lockscope
