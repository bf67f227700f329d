#include "core/shop/cartstore.h"

#include "core/backends/postgres/pgcartstore.h"

namespace lockscope {

std::unique_ptr<CartStore> CartStore::create(const NamespaceConfig& config) {
    return std::make_unique<PgCartStore>(config);
}

} // namespace lockscope
