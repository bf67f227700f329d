#include "core/shop/stockstore.h"

#include "core/shop/pgstockstore.h"
#include "core/shop/redisstockstore.h"
#include "core/shop/zkstockstore.h"

#include <stdexcept>

namespace lockscope {

QStringList StockStore::names() {
    return {QStringLiteral("postgres"), QStringLiteral("redis"), QStringLiteral("zookeeper")};
}

std::unique_ptr<StockStore> StockStore::create(const QString& name, const NamespaceConfig& config) {
    if (name == u"postgres")
        return std::make_unique<PgStockStore>(config);
    if (name == u"redis")
        return std::make_unique<RedisStockStore>(config);
    if (name == u"zookeeper")
        return std::make_unique<ZkStockStore>(config);
    throw std::invalid_argument("unknown stock store '" + name.toStdString() +
                                "' (expected postgres, redis or zookeeper)");
}

} // namespace lockscope
