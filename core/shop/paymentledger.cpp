#include "core/shop/paymentledger.h"

#include "core/backends/postgres/pgpaymentledger.h"

namespace lockscope {

std::unique_ptr<PaymentLedger> PaymentLedger::create(const NamespaceConfig& config) {
    return std::make_unique<PgPaymentLedger>(config);
}

} // namespace lockscope
