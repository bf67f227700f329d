#include "core/shop/purchasesteps.h"

namespace lockscope {

PurchaseSteps::PurchaseSteps(const PurchaseObserver& observer, const PurchaseRequest& r)
    : m_observer(observer)
    , m_request(r)
    , m_start(std::chrono::steady_clock::now()) {}

void PurchaseSteps::operator()(PurchaseEvent::Step step, int64_t token, int stock,
                               PurchaseEvent::Note note, std::string detail,
                               int discountUses) const {
    if (!m_observer)
        return;
    PurchaseEvent e;
    e.step = step;
    e.note = note;
    e.buyer = m_request.buyer;
    e.item = m_request.item;
    e.token = token;
    e.stock = stock;
    e.discountUses = discountUses;
    e.elapsed = elapsed();
    e.detail = std::move(detail);
    m_observer(e);
}

std::chrono::microseconds PurchaseSteps::elapsed() const {
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() -
                                                                 m_start);
}

} // namespace lockscope
