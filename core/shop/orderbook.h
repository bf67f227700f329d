#pragma once

#include "core/namespaceconfig.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace lockscope {

class PgConnection;

/// Orders in <schema>.orders: reserved -> paid -> confirmed, or rejected with a reason.
/// The orders table is the record the demos' verdicts are computed from.
class OrderBook {
public:
    struct Order {
        int64_t id = 0;
        std::string runId;
        int item = 0;
        std::string buyer;
        int qty = 0;
        std::string status;
        std::string reason;
        int64_t token = 0;
    };

    explicit OrderBook(const NamespaceConfig& config);
    ~OrderBook();

    int64_t reserve(const std::string& runId, int item, const std::string& buyer, int qty,
                    const std::string& strategy, const std::string& store, int64_t token);
    void markPaid(int64_t order);
    void confirm(int64_t order);
    void reject(int64_t order, const std::string& reason);
    /// A rejected order that never got as far as a reservation (sold out, lock timeout).
    int64_t recordRejected(const std::string& runId, int item, const std::string& buyer, int qty,
                           const std::string& strategy, const std::string& store,
                           const std::string& reason);
    std::vector<Order> orders(const std::string& runId);
    /// Sum of qty over confirmed orders of a run for an item.
    int confirmedQuantity(const std::string& runId, int item);

private:
    void setStatus(int64_t order, const std::string& status, const std::string& reason);

    std::string m_schema;
    std::unique_ptr<PgConnection> m_conn;
};

} // namespace lockscope
