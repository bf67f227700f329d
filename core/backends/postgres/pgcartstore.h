#pragma once

#include "core/shop/cartstore.h"

namespace lockscope {

class PgConnection;

/// Carts in <schema>.carts, uses of their one-time codes in <schema>.discount_uses (a partial
/// UNIQUE (cart_id, code) for the enforced ones). See docs/LOCKS.md, "The cart and discount".
class PgCartStore : public CartStore {
public:
    explicit PgCartStore(const NamespaceConfig& config);
    ~PgCartStore() override;
    void reset(int cart, int qty, const std::string& runId) override;
    Cart read(int cart) override;
    std::optional<Cart> readFenced(int cart, int64_t token) override;
    EditResult write(int cart, const Edit& edit, const std::string& runId, const std::string& buyer,
                     int64_t token, bool fencing) override;
    int64_t fence(int cart) override;

private:
    std::string m_schema;
    std::unique_ptr<PgConnection> m_conn;
};

} // namespace lockscope
