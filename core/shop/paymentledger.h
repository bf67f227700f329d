#pragma once

#include "core/namespaceconfig.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace lockscope {

/// The double-charge race's store: orders placed and waiting for their payment, and the charges
/// made against them (one row per charge of the customer's card). Every instance owns its own
/// connection (one per payment worker). A fenced call carries the lock's token and is refused
/// when a higher token was seen for the order, as StockStore's are.
class PaymentLedger {
public:
    enum class ChargeResult {
        Charged,   ///< a charge row was written and the order marked paid
        Duplicate, ///< refused by the UNIQUE idempotency key: the order had been charged
        Fenced     ///< refused: a higher token had been seen for the order (nothing written)
    };

    virtual ~PaymentLedger() = default;
    /// A fresh, unpaid order for a run: its payment key (the idempotency key) derived from the
    /// order and the run, no charges, fence 0.
    virtual void reset(int order, const std::string& runId) = 0;
    /// Charges recorded for the order: 0 = unpaid. Throws ConnectorError (NotFound: no such
    /// order).
    virtual int charges(int order) = 0;
    /// The read of a read-check-charge made under a lock: registers token as the highest seen
    /// for the order and returns its charges; nullopt (nothing changed) when a higher token
    /// was seen already.
    virtual std::optional<int> chargesFenced(int order, int64_t token) = 0;
    /// Charges the card once: a row in the charges table and the order marked paid, in one
    /// transaction. idempotent: the row carries the order's payment key, which a UNIQUE
    /// constraint lets in once (Duplicate after). fencing: refused (Fenced) when token is below
    /// the highest seen for the order.
    virtual ChargeResult charge(int order, const std::string& runId, const std::string& buyer,
                                int64_t token, bool fencing, bool idempotent) = 0;
    /// The highest fencing token seen for the order (0 if none).
    virtual int64_t fence(int order) = 0;

    /// The PostgreSQL ledger (the only one: the race needs a UNIQUE constraint).
    static std::unique_ptr<PaymentLedger> create(const NamespaceConfig& config);
};

} // namespace lockscope
