#pragma once

#include "core/shop/paymentledger.h"

namespace lockscope {

class PgConnection;

/// Orders waiting for payment in <schema>.payment_orders, charges in <schema>.charges (the
/// idempotency key UNIQUE). See docs/LOCKS.md, "The double charge".
class PgPaymentLedger : public PaymentLedger {
public:
    explicit PgPaymentLedger(const NamespaceConfig& config);
    ~PgPaymentLedger() override;
    void reset(int order, const std::string& runId) override;
    int charges(int order) override;
    std::optional<int> chargesFenced(int order, int64_t token) override;
    ChargeResult charge(int order, const std::string& runId, const std::string& buyer,
                        int64_t token, bool fencing, bool idempotent) override;
    int64_t fence(int order) override;

private:
    std::string m_schema;
    std::unique_ptr<PgConnection> m_conn;
};

} // namespace lockscope
